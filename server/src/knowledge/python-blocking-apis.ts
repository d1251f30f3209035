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

export const BLOCKING_APIS: Record<string, PyBlockingApi> = {
  'time.sleep': { blocks: 'sleeps on the event loop thread', fix: 'asyncio-sleep' },
  ...each('requests', HTTP_VERBS, httpCall),
  ...each('requests.Session', [...HTTP_VERBS, 'send'], httpCall),
  ...each('httpx', HTTP_VERBS, httpCall),
  ...each('httpx.Client', [...HTTP_VERBS, 'send'], httpCall),
  'urllib.request.urlopen': httpCall,
  'urllib3.request': httpCall,
  ...each('urllib3.PoolManager', ['request', 'urlopen'], httpCall),
  'builtins.open': FILE_OPEN,
  'io.open': FILE_OPEN,
  'pathlib.Path.open': FILE_OPEN,
  ...each('pathlib.Path', ['read_text', 'write_text', 'read_bytes', 'write_bytes'], { blocks: 'waits for the file system', fix: 'to-thread', instead: 'aiofiles or anyio.Path' }),
  ...each('subprocess', ['run', 'call', 'check_call', 'check_output', 'getoutput', 'getstatusoutput'], { blocks: 'waits for the process to finish', fix: 'to-thread', instead: SUBPROCESS }),
  'os.system': { blocks: 'waits for the shell command to finish', fix: 'to-thread', instead: 'asyncio.create_subprocess_shell(...) and await proc.wait()' },
  'os.popen': { blocks: 'starts a shell command whose output is read synchronously', fix: 'to-thread', instead: SUBPROCESS },
  ...each('os', ['wait', 'waitpid', 'wait3', 'wait4', 'waitid'], { blocks: 'waits for a child process', fix: 'to-thread', instead: 'asyncio.create_subprocess_exec(...) and await proc.wait()' }),
  'builtins.input': { blocks: 'waits for a line on standard input', fix: 'to-thread' },
  ...each('socket.socket', ['recv', 'recv_into', 'recvfrom', 'recvfrom_into', 'send', 'sendall', 'sendto', 'accept', 'connect'], { blocks: SOCKET, fix: 'to-thread', instead: SOCKET_INSTEAD }),
  ...each('socket', ['create_connection', 'getaddrinfo', 'gethostbyname', 'gethostbyname_ex', 'gethostbyaddr'], { blocks: 'waits on the network (and DNS)', fix: 'to-thread', instead: 'asyncio.open_connection or loop.getaddrinfo' }),
  ...each('hashlib', ['pbkdf2_hmac', 'scrypt'], { blocks: 'runs a deliberately slow key derivation on the loop thread', fix: 'to-thread' }),
};

/** Synchronous classes whose instances the blocking methods above are called on. */
export const SYNC_CLASSES: Record<string, KnownClass> = {
  'requests.Session': { methods: {}, enters: 'requests.Session' },
  'httpx.Client': { methods: {}, enters: 'httpx.Client' },
  'urllib3.PoolManager': { methods: {}, enters: 'urllib3.PoolManager' },
  'pathlib.Path': {
    methods: Object.fromEntries(
      ['resolve', 'absolute', 'expanduser', 'joinpath', 'with_name', 'with_stem', 'with_suffix', 'cwd', 'home'].map((m) => [m, { returns: 'pathlib.Path' }]),
    ),
  },
  'socket.socket': { methods: {}, enters: 'socket.socket' },
};

export const SYNC_FACTORIES: Record<string, { returns: string }> = {
  'requests.session': { returns: 'requests.Session' },
  'socket.create_connection': { returns: 'socket.socket' },
  'socket.create_server': { returns: 'socket.socket' },
  'pathlib.PosixPath': { returns: 'pathlib.Path' },
  'pathlib.WindowsPath': { returns: 'pathlib.Path' },
};
