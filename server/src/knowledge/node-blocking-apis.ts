/**
 * Synchronous Node.js APIs that block the event loop, and what to call instead in async code.
 * Modules are keyed without the `node:` prefix. Data only: `rules/typescript/blocking-call.ts`
 * reads it; the docs of that rule state the reasons in prose.
 *
 * Deliberately absent (cheap in practice, so a finding would be noise): `crypto.randomFillSync`,
 * `crypto.randomBytes` without a callback, `crypto.generateKeySync` (HMAC/AES keys are random
 * bytes), `crypto.hkdfSync`.
 */
import type { Applicability } from '../core/types.ts';

export interface AsyncReplacement {
  /** Module to import the replacement from, as written in the added import. */
  module: string;
  name: string;
  /**
   * How the replacement is awaited with the blocking call's own arguments, giving the same result:
   * `direct` is `await name(...args)`; `promisify` is `await promisify(name)(...args)` (a callback
   * API whose promisified form resolves to what the sync call returns).
   */
  call: 'direct' | 'promisify';
  /** Every replacement yields to the event loop, so other tasks interleave: never `safe`. */
  applicability: Applicability;
  /** The first argument may be a numeric file descriptor, which the replacement rejects. */
  rejectsFileDescriptor?: boolean;
  /** Options (in the argument at `index`) the replacement does not support, e.g. `throwIfNoEntry`. */
  unsupportedOptions?: { index: number; names: string[] };
}

export interface BlockingApi {
  /** What the thread waits for, as a short clause: "reads the whole file". */
  blocks: string;
  /** Present when awaiting an async form keeps the call's meaning (only timing changes). */
  replacement?: AsyncReplacement;
  /** When there is no such replacement: what to do instead, a clause starting "use ..." for the message. */
  alternative?: string;
}

const FS_PROMISES = 'node:fs/promises';

function fsPromise(name: string, blocks: string, extra: Partial<AsyncReplacement> = {}): BlockingApi {
  return { blocks, replacement: { module: FS_PROMISES, name, call: 'direct', applicability: 'unsafe', ...extra } };
}

function promisified(module: string, name: string, blocks: string): BlockingApi {
  return { blocks, replacement: { module, name, call: 'promisify', applicability: 'unsafe' } };
}

function instead(blocks: string, alternative: string): BlockingApi {
  return { blocks, alternative };
}

const FILE_IO = 'waits for the file system';
const FD_ALTERNATIVE = "use a FileHandle from await open() of node:fs/promises (its read/write/stat/close methods) instead of numeric descriptors";
const NO_ENTRY = { index: 1, names: ['throwIfNoEntry'] };

const fs: Record<string, BlockingApi> = {
  readFileSync: fsPromise('readFile', 'reads the whole file', { rejectsFileDescriptor: true }),
  writeFileSync: fsPromise('writeFile', 'writes the whole file', { rejectsFileDescriptor: true }),
  appendFileSync: fsPromise('appendFile', 'writes to the file', { rejectsFileDescriptor: true }),
  readdirSync: fsPromise('readdir', 'lists the directory'),
  statSync: fsPromise('stat', FILE_IO, { unsupportedOptions: NO_ENTRY }),
  lstatSync: fsPromise('lstat', FILE_IO, { unsupportedOptions: NO_ENTRY }),
  statfsSync: fsPromise('statfs', FILE_IO),
  mkdirSync: fsPromise('mkdir', FILE_IO),
  mkdtempSync: fsPromise('mkdtemp', FILE_IO),
  rmSync: fsPromise('rm', 'deletes, recursively when asked'),
  rmdirSync: fsPromise('rmdir', FILE_IO),
  unlinkSync: fsPromise('unlink', FILE_IO),
  renameSync: fsPromise('rename', FILE_IO),
  copyFileSync: fsPromise('copyFile', 'copies the whole file'),
  cpSync: fsPromise('cp', 'copies, recursively when asked'),
  accessSync: fsPromise('access', FILE_IO),
  chmodSync: fsPromise('chmod', FILE_IO),
  chownSync: fsPromise('chown', FILE_IO),
  lchownSync: fsPromise('lchown', FILE_IO),
  utimesSync: fsPromise('utimes', FILE_IO),
  lutimesSync: fsPromise('lutimes', FILE_IO),
  linkSync: fsPromise('link', FILE_IO),
  symlinkSync: fsPromise('symlink', FILE_IO),
  readlinkSync: fsPromise('readlink', FILE_IO),
  truncateSync: fsPromise('truncate', FILE_IO, { rejectsFileDescriptor: true }),
  opendirSync: fsPromise('opendir', FILE_IO),
  // fs/promises' realpath resolves like realpathSync.native, not like realpathSync: the callback
  // form shares realpathSync's algorithm.
  realpathSync: promisified('node:fs', 'realpath', FILE_IO),
  existsSync: instead(
    FILE_IO,
    'use await access() from node:fs/promises (it rejects where existsSync returns false, so it is no drop-in), or attempt the operation and handle ENOENT',
  ),
  openSync: instead(FILE_IO, 'use await open() from node:fs/promises, which returns a FileHandle instead of a numeric descriptor'),
  globSync: instead('walks the directory tree', 'use glob() from node:fs/promises, which returns an async iterator (for await, or Array.fromAsync)'),
};
for (const name of ['readSync', 'writeSync', 'readvSync', 'writevSync', 'closeSync', 'fsyncSync', 'fdatasyncSync', 'fstatSync', 'ftruncateSync', 'futimesSync', 'fchmodSync', 'fchownSync']) {
  fs[name] = instead(FILE_IO, FD_ALTERNATIVE);
}

const zlib: Record<string, BlockingApi> = {};
for (const name of ['gzip', 'gunzip', 'deflate', 'inflate', 'deflateRaw', 'inflateRaw', 'unzip', 'brotliCompress', 'brotliDecompress', 'zstdCompress', 'zstdDecompress']) {
  zlib[`${name}Sync`] = promisified('node:zlib', name, 'compresses or decompresses on the main thread');
}

const KEY_DERIVATION = 'derives the key on the main thread (deliberately slow)';
const crypto: Record<string, BlockingApi> = {
  pbkdf2Sync: promisified('node:crypto', 'pbkdf2', KEY_DERIVATION),
  scryptSync: promisified('node:crypto', 'scrypt', KEY_DERIVATION),
  generateKeyPairSync: promisified('node:crypto', 'generateKeyPair', 'generates the key pair on the main thread'),
  generatePrimeSync: promisified('node:crypto', 'generatePrime', 'searches for a prime on the main thread'),
  checkPrimeSync: promisified('node:crypto', 'checkPrime', 'tests primality on the main thread'),
};

const CHILD = 'waits for the child process to exit';
const childProcess: Record<string, BlockingApi> = {
  execSync: instead(CHILD, "use await promisify(exec)(command) from node:child_process and node:util, which resolves to { stdout, stderr } instead of stdout"),
  execFileSync: instead(CHILD, "use await promisify(execFile)(file, args) from node:child_process and node:util, which resolves to { stdout, stderr } instead of stdout"),
  spawnSync: instead(CHILD, "use spawn() from node:child_process and wait for its 'close' event (or promisify(execFile)); there is no promise form with spawnSync's result"),
};

/** Module (without `node:`) → sync function → facts. */
export const nodeBlockingApis: Readonly<Record<string, Readonly<Record<string, BlockingApi>>>> = {
  fs,
  zlib,
  crypto,
  child_process: childProcess,
};

/** Global object → method → facts (calls on the global itself, never on a local of that name). */
export const globalBlockingApis: Readonly<Record<string, Readonly<Record<string, BlockingApi>>>> = {
  Atomics: {
    wait: instead('suspends the thread until notified or timed out', 'use await Atomics.waitAsync(...).value, which does not block the thread'),
  },
};

/** Looks a module function up; `module` may carry the `node:` prefix. */
export function blockingApiOf(module: string, name: string): BlockingApi | undefined {
  const table = nodeBlockingApis[module.replace(/^node:/, '')];
  return table && Object.hasOwn(table, name) ? table[name] : undefined;
}

/** Every function name in the data, for a cheap first filter on calls. */
export const blockingApiNames: ReadonlySet<string> = new Set(
  [...Object.values(nodeBlockingApis), ...Object.values(globalBlockingApis)].flatMap((t) => Object.keys(t)),
);
