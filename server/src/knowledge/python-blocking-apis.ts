/**
 * Synchronous Python APIs that block the event loop's thread, and what to do instead inside a
 * coroutine. Data only: rules/python/blocking-call.ts reads it. Keys are qualified names as
 * semantics.ts produces them: `module.function`, or `module.Class.method` for a method called on
 * an instance it can follow (`requests.Session().get`, `Path(p).read_text`, `socket.socket().recv`).
 */
import type { KnownClass } from './python-async-apis.ts';

export type BlockingFix =
  /** `time.sleep(x)` → `await asyncio.sleep(x)`: the same wait without holding the thread. */
  | 'asyncio-sleep'
  /** `f(args)` → `await asyncio.to_thread(f, args)`: the same call, arguments and result, on a worker thread. */
  | 'to-thread';

export interface PyBlockingApi {
  /** What the thread waits for, as a clause: "waits for the HTTP response". */
  blocks: string;
  /**
   * `os.spawn*`: blocks only in `P_WAIT` mode (the first argument, or `mode=`, also when absent);
   * any other mode starts the process like `startsProcess`.
   */
  spawnMode?: boolean;
  /**
   * Reported only with the rule's option of this name: single metadata calls (`fileMetadata`), and
   * starting a process without waiting for it (`processStart`). On real code both were judged
   * mostly harmless (one fast system call, a fork/exec), though Ruff and flake8-async report them.
   */
  option?: 'fileMetadata' | 'processStart';
  fix?: BlockingFix;
  /** A better long-term replacement, for the message: "an async client such as httpx.AsyncClient". */
  instead?: string;
}

const HTTP = 'waits for the HTTP response';
const ASYNC_HTTP = 'an async client (httpx.AsyncClient or aiohttp.ClientSession)';
const FILE_OPEN: PyBlockingApi = {
  blocks: 'opens the file, and reads and writes on it block too',
  instead: 'aiofiles, or a function doing all the file work run with await asyncio.to_thread(...)',
};
const SUBPROCESS = 'asyncio.create_subprocess_exec(...) and await proc.communicate()';
const SOCKET = 'waits on the network';
const SOCKET_INSTEAD = 'asyncio streams (asyncio.open_connection) or loop.sock_* methods on a non-blocking socket';

function each(prefix: string, names: string[], api: PyBlockingApi): Record<string, PyBlockingApi> {
  return Object.fromEntries(names.map((n) => [`${prefix}.${n}`, api]));
}

const HTTP_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'];
const httpCall: PyBlockingApi = { blocks: HTTP, fix: 'to-thread', instead: ASYNC_HTTP };
/** `client.stream(...)` returns a context manager whose body reads the response: no thread fix fits it. */
const httpStream: PyBlockingApi = { blocks: HTTP, instead: ASYNC_HTTP };
const httpClose: PyBlockingApi = { blocks: 'closes the connection pool synchronously', fix: 'to-thread', instead: ASYNC_HTTP };
const FILE_IO: PyBlockingApi = { blocks: 'waits for the file system', fix: 'to-thread', instead: 'aiofiles, or await asyncio.to_thread(...) for the whole file work' };
const DISK: PyBlockingApi = { blocks: 'waits for the file system', fix: 'to-thread', instead: 'aiofiles.os / anyio.Path, or await asyncio.to_thread(...)', option: 'fileMetadata' };
const TREE: PyBlockingApi = { blocks: 'copies, moves or deletes files, as long as that takes', fix: 'to-thread', instead: 'await asyncio.to_thread(...)' };
/**
 * Starting a process returns at once but forks and execs on the loop thread, and everything done
 * with the process afterwards (wait, communicate, its pipes) blocks: reported, without a thread fix.
 */
export const STARTS_PROCESS: PyBlockingApi = { blocks: 'starts the process synchronously on the loop thread, and waiting for it or reading its pipes blocks', instead: SUBPROCESS, option: 'processStart' };
const SPAWN: PyBlockingApi = { blocks: 'waits for the process to finish (P_WAIT)', fix: 'to-thread', instead: SUBPROCESS, spawnMode: true };
/** Sync file objects (`open()`, `os.fdopen()`, `Path.open()`), by the class names annotations use. */
export const FILE_CLASSES = ['io.TextIOWrapper', 'io.BufferedReader', 'io.BufferedWriter', 'io.BufferedRandom', 'io.FileIO'];
const FILE_METHODS = ['read', 'read1', 'readall', 'readinto', 'readinto1', 'readline', 'readlines', 'write', 'writelines', 'flush', 'truncate', 'peek', 'close'];
/** pathlib methods that touch the disk; pure ones (`joinpath`, `relative_to`, `is_absolute`, `as_posix`, ...) are not here. */
const PATH_DISK = ['exists', 'is_file', 'is_dir', 'is_symlink', 'is_mount', 'is_socket', 'is_fifo', 'is_block_device', 'is_char_device', 'resolve', 'stat', 'lstat', 'unlink',
  'rmdir', 'mkdir', 'iterdir', 'glob', 'rglob', 'walk', 'touch', 'rename', 'replace', 'chmod', 'lchmod', 'samefile', 'owner', 'group', 'readlink', 'symlink_to', 'hardlink_to', 'copy', 'move'];
/** os.path functions that touch the disk; the string-only ones (`join`, `normpath`, `relpath`, `abspath`, `dirname`, ...) are not here. */
const OS_PATH_DISK = ['exists', 'lexists', 'isfile', 'isdir', 'islink', 'ismount', 'isjunction', 'getsize', 'getmtime', 'getatime', 'getctime', 'samefile', 'sameopenfile', 'realpath'];
const OS_DISK = ['stat', 'lstat', 'listdir', 'scandir', 'mkdir', 'makedirs', 'remove', 'unlink', 'rmdir', 'removedirs', 'rename', 'renames', 'replace', 'chmod', 'chown', 'link', 'symlink', 'readlink', 'truncate', 'utime', 'access'];
/** shutil's file and tree operations take as long as the data; its metadata helpers are single calls. */
const SHUTIL_TREE = ['copyfile', 'copyfileobj', 'copy', 'copy2', 'copytree', 'rmtree', 'move', 'make_archive', 'unpack_archive'];
const SHUTIL_METADATA = ['copymode', 'copystat', 'disk_usage', 'chown', 'which'];

export const BLOCKING_APIS: Record<string, PyBlockingApi> = {
  'time.sleep': { blocks: 'sleeps on the event loop thread', fix: 'asyncio-sleep' },
  ...each('requests', HTTP_VERBS, httpCall),
  ...each('requests.Session', [...HTTP_VERBS, 'send'], httpCall),
  ...each('httpx', HTTP_VERBS, httpCall),
  ...each('httpx.Client', [...HTTP_VERBS, 'send'], httpCall),
  'httpx.Client.stream': httpStream,
  'httpx.Client.close': httpClose,
  'httpx.stream': httpStream,
  ...each('httpx2', HTTP_VERBS, httpCall),
  'httpx2.stream': httpStream,
  'urllib.request.urlopen': httpCall,
  'urllib3.request': httpCall,
  ...each('urllib3.PoolManager', ['request', 'urlopen'], httpCall),
  'builtins.open': FILE_OPEN,
  'io.open': FILE_OPEN,
  'io.open_code': FILE_OPEN,
  'os.fdopen': FILE_OPEN,
  'pathlib.Path.open': FILE_OPEN,
  ...Object.fromEntries(FILE_CLASSES.flatMap((cls) => FILE_METHODS.map((m) => [`${cls}.${m}`, FILE_IO]))),
  ...each('pathlib.Path', PATH_DISK, DISK),
  ...each('os.path', OS_PATH_DISK, DISK),
  ...each('os', OS_DISK, DISK),
  ...each('shutil', SHUTIL_TREE, TREE),
  ...each('shutil', SHUTIL_METADATA, DISK),
  ...each('pathlib.Path', ['read_text', 'write_text', 'read_bytes', 'write_bytes'], { blocks: 'waits for the file system', fix: 'to-thread', instead: 'aiofiles or anyio.Path' }),
  ...each('subprocess', ['run', 'call', 'check_call', 'check_output', 'getoutput', 'getstatusoutput'], { blocks: 'waits for the process to finish', fix: 'to-thread', instead: SUBPROCESS }),
  'os.system': { blocks: 'waits for the shell command to finish', fix: 'to-thread', instead: 'asyncio.create_subprocess_shell(...) and await proc.wait()' },
  'subprocess.Popen': STARTS_PROCESS,
  ...each('os', ['posix_spawn', 'posix_spawnp'], STARTS_PROCESS),
  ...each('os', ['spawnl', 'spawnle', 'spawnlp', 'spawnlpe', 'spawnv', 'spawnve', 'spawnvp', 'spawnvpe'], SPAWN),
  'os.popen': { blocks: 'starts a shell command whose output is read synchronously', fix: 'to-thread', instead: SUBPROCESS },
  ...each('os', ['wait', 'waitpid', 'wait3', 'wait4', 'waitid'], { blocks: 'waits for a child process', fix: 'to-thread', instead: 'asyncio.create_subprocess_exec(...) and await proc.wait()' }),
  'builtins.input': { blocks: 'waits for a line on standard input', fix: 'to-thread' },
  ...each('socket.socket', ['recv', 'recv_into', 'recvfrom', 'recvfrom_into', 'send', 'sendall', 'sendto', 'accept', 'connect'], { blocks: SOCKET, fix: 'to-thread', instead: SOCKET_INSTEAD }),
  ...each('socket', ['create_connection', 'getaddrinfo', 'gethostbyname', 'gethostbyname_ex', 'gethostbyaddr'], { blocks: 'waits on the network (and DNS)', fix: 'to-thread', instead: 'asyncio.open_connection or loop.getaddrinfo' }),
  ...each('hashlib', ['pbkdf2_hmac', 'scrypt'], { blocks: 'runs a deliberately slow key derivation on the loop thread', fix: 'to-thread' }),
};

const URLLIB3_POOLS = ['urllib3.PoolManager', 'urllib3.ProxyManager', 'urllib3.HTTPConnectionPool', 'urllib3.HTTPSConnectionPool'];

/**
 * Classes all of whose methods do I/O, except the few listed: a method the table above does not
 * name (`f.peek()`, `pool.urlopen()`) is blocking too.
 */
export const BLOCKING_CLASSES: Record<string, { api: PyBlockingApi; except: string[] }> = {
  ...Object.fromEntries(FILE_CLASSES.map((cls) => [cls, { api: FILE_IO, except: ['fileno', 'isatty', 'readable', 'writable', 'seekable', 'detach', 'reconfigure', '__enter__', '__iter__'] }])),
  ...Object.fromEntries(URLLIB3_POOLS.map((cls) => [cls, { api: httpCall, except: ['connection_from_url', 'connection_from_host', 'connection_from_context', 'connection_from_pool_key'] }])),
};

/** Synchronous classes whose instances the blocking methods above are called on. */
export const SYNC_CLASSES: Record<string, KnownClass> = {
  'requests.Session': { methods: {}, enters: 'requests.Session' },
  'httpx.Client': { methods: {}, enters: 'httpx.Client' },
  ...Object.fromEntries(URLLIB3_POOLS.map((cls) => [cls, { methods: {}, enters: cls }])),
  'subprocess.Popen': { methods: {}, enters: 'subprocess.Popen' },
  ...Object.fromEntries(FILE_CLASSES.map((cls) => [cls, { methods: {}, enters: cls }])),
  'pathlib.Path': {
    methods: {
      ...Object.fromEntries(
        ['resolve', 'absolute', 'expanduser', 'joinpath', 'with_name', 'with_stem', 'with_suffix', 'cwd', 'home'].map((m) => [m, { returns: 'pathlib.Path' }]),
      ),
      open: { returns: 'io.TextIOWrapper', enters: 'io.TextIOWrapper' },
    },
  },
  'socket.socket': { methods: {}, enters: 'socket.socket' },
};

const OPENS_FILE = { returns: 'io.TextIOWrapper', enters: 'io.TextIOWrapper' };

export const SYNC_FACTORIES: Record<string, { returns: string; enters?: string }> = {
  'builtins.open': OPENS_FILE,
  'io.open': OPENS_FILE,
  'os.fdopen': OPENS_FILE,
  'io.open_code': { returns: 'io.BufferedReader', enters: 'io.BufferedReader' },
  'requests.session': { returns: 'requests.Session' },
  'socket.create_connection': { returns: 'socket.socket' },
  'socket.create_server': { returns: 'socket.socket' },
  'pathlib.PosixPath': { returns: 'pathlib.Path' },
  'pathlib.WindowsPath': { returns: 'pathlib.Path' },
};
