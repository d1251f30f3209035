/**
 * Library coroutines and the classes whose methods are coroutines, for asyncio and the common
 * async libraries. Data only: languages/python/semantics.ts follows values through these entries
 * (`session = aiohttp.ClientSession()`, `async with pool.acquire() as conn`, `r = await s.get(u)`).
 * Classes and functions are keyed by the name users import them by.
 */

export interface KnownCallable {
  /** Calling it returns a coroutine (or a coroutine-backed awaitable): dropped, its work never happens. */
  coroutine?: boolean;
  /** Starts a task that the event loop only keeps a weak reference to (`dangling-task`). */
  startsTask?: boolean;
  /** Class of what the call itself returns. */
  returns?: string;
  /** Class of what `await call(...)` gives, or the classes of the tuple it gives. */
  awaits?: string | string[];
  /** Class `async with call(...) as x` binds. */
  enters?: string;
}

export interface KnownClass {
  methods: Record<string, KnownCallable>;
  /** Class `async with instance as x` (or `with`) binds. */
  enters?: string;
}

const CO: KnownCallable = { coroutine: true };

function coroutines(...names: string[]): Record<string, KnownCallable> {
  return Object.fromEntries(names.map((n) => [n, CO]));
}

const LOOP = 'asyncio.AbstractEventLoop';
const AIOHTTP_RESPONSE = 'aiohttp.ClientResponse';
const AIOHTTP_WS = 'aiohttp.ClientWebSocketResponse';
const HTTPX_RESPONSE = 'httpx.Response';
const PG_CONNECTION = 'asyncpg.Connection';
const PG_POOL = 'asyncpg.Pool';

const aiohttpRequest: KnownCallable = { coroutine: true, awaits: AIOHTTP_RESPONSE, enters: AIOHTTP_RESPONSE };
const httpxRequest: KnownCallable = { coroutine: true, awaits: HTTPX_RESPONSE };
const pgQueries = coroutines('execute', 'executemany', 'fetch', 'fetchrow', 'fetchval', 'close', 'copy_from_table', 'copy_to_table', 'copy_records_to_table', 'copy_from_query');

export const ASYNC_FUNCTIONS: Record<string, KnownCallable> = {
  ...prefixed('asyncio', {
    ...coroutines('sleep', 'wait_for', 'wait', 'to_thread', 'staggered_race'),
    open_connection: { coroutine: true, awaits: ['asyncio.StreamReader', 'asyncio.StreamWriter'] },
    open_unix_connection: { coroutine: true, awaits: ['asyncio.StreamReader', 'asyncio.StreamWriter'] },
    start_server: { coroutine: true, awaits: 'asyncio.Server' },
    start_unix_server: { coroutine: true, awaits: 'asyncio.Server' },
    create_subprocess_exec: { coroutine: true, awaits: 'asyncio.subprocess.Process' },
    create_subprocess_shell: { coroutine: true, awaits: 'asyncio.subprocess.Process' },
    create_task: { startsTask: true, returns: 'asyncio.Task' },
    ensure_future: { startsTask: true, returns: 'asyncio.Task' },
    get_running_loop: { returns: LOOP },
    get_event_loop: { returns: LOOP },
    new_event_loop: { returns: LOOP },
  }),
  'aiohttp.request': aiohttpRequest,
  'asyncpg.connect': { coroutine: true, awaits: PG_CONNECTION },
  'asyncpg.create_pool': { returns: PG_POOL, awaits: PG_POOL, enters: PG_POOL },
  'aiofiles.open': { coroutine: true, awaits: 'aiofiles.AsyncFile', enters: 'aiofiles.AsyncFile' },
  ...prefixed('aiofiles.os', coroutines('remove', 'unlink', 'rename', 'renames', 'replace', 'stat', 'mkdir', 'makedirs', 'rmdir', 'removedirs', 'listdir', 'scandir', 'link', 'symlink', 'readlink', 'access', 'sendfile')),
  ...prefixed('aiofiles.os.path', coroutines('exists', 'isfile', 'isdir', 'islink', 'getsize', 'getmtime', 'getatime', 'getctime', 'samefile', 'abspath')),
  ...prefixed('anyio', {
    ...coroutines('sleep', 'sleep_forever', 'sleep_until', 'run_process', 'open_process', 'connect_tcp', 'connect_unix', 'wait_all_tasks_blocked', 'getaddrinfo'),
    open_file: { coroutine: true, awaits: 'anyio.AsyncFile' },
  }),
  'anyio.to_thread.run_sync': CO,
  'anyio.to_process.run_sync': CO,
};

export const ASYNC_CLASSES: Record<string, KnownClass> = {
  [LOOP]: {
    methods: {
      create_task: { startsTask: true, returns: 'asyncio.Task' },
      ...coroutines('sock_recv', 'sock_recv_into', 'sock_recvfrom', 'sock_sendall', 'sock_sendto', 'sock_connect', 'sock_accept', 'sock_sendfile',
        'getaddrinfo', 'getnameinfo', 'create_connection', 'create_server', 'create_unix_connection', 'create_unix_server', 'create_datagram_endpoint',
        'connect_read_pipe', 'connect_write_pipe', 'subprocess_exec', 'subprocess_shell', 'shutdown_asyncgens', 'shutdown_default_executor', 'start_tls', 'sendfile'),
    },
  },
  'asyncio.Queue': { methods: coroutines('put', 'get', 'join') },
  'asyncio.PriorityQueue': { methods: coroutines('put', 'get', 'join') },
  'asyncio.LifoQueue': { methods: coroutines('put', 'get', 'join') },
  'asyncio.Lock': { methods: coroutines('acquire') },
  'asyncio.Semaphore': { methods: coroutines('acquire') },
  'asyncio.BoundedSemaphore': { methods: coroutines('acquire') },
  'asyncio.Event': { methods: coroutines('wait') },
  'asyncio.Condition': { methods: coroutines('acquire', 'wait', 'wait_for') },
  'asyncio.Barrier': { methods: coroutines('wait', 'reset', 'abort') },
  'asyncio.StreamReader': { methods: coroutines('read', 'readline', 'readexactly', 'readuntil') },
  'asyncio.StreamWriter': { methods: coroutines('drain', 'wait_closed', 'start_tls') },
  'asyncio.Server': { methods: coroutines('serve_forever', 'wait_closed', 'start_serving'), enters: 'asyncio.Server' },
  'asyncio.subprocess.Process': { methods: coroutines('wait', 'communicate') },
  'asyncio.TaskGroup': { methods: { create_task: { returns: 'asyncio.Task' } }, enters: 'asyncio.TaskGroup' },
  'asyncio.Task': { methods: {} },
  'aiohttp.ClientSession': {
    methods: {
      ...Object.fromEntries(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'].map((m) => [m, aiohttpRequest])),
      ws_connect: { coroutine: true, awaits: AIOHTTP_WS, enters: AIOHTTP_WS },
      close: CO,
    },
    enters: 'aiohttp.ClientSession',
  },
  [AIOHTTP_RESPONSE]: { methods: coroutines('text', 'json', 'read', 'wait_for_close'), enters: AIOHTTP_RESPONSE },
  [AIOHTTP_WS]: { methods: coroutines('send_str', 'send_bytes', 'send_json', 'receive', 'receive_str', 'receive_bytes', 'receive_json', 'close', 'ping', 'pong'), enters: AIOHTTP_WS },
  'httpx.AsyncClient': {
    methods: {
      ...Object.fromEntries(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'send'].map((m) => [m, httpxRequest])),
      aclose: CO,
    },
    enters: 'httpx.AsyncClient',
  },
  [HTTPX_RESPONSE]: { methods: coroutines('aread', 'aclose') },
  [PG_CONNECTION]: { methods: { ...pgQueries, ...coroutines('prepare', 'set_type_codec', 'reset', 'add_listener', 'remove_listener', 'reload_schema_state') } },
  [PG_POOL]: {
    methods: { ...pgQueries, ...coroutines('release', 'expire_connections'), acquire: { awaits: PG_CONNECTION, enters: PG_CONNECTION } },
    enters: PG_POOL,
  },
  'aiofiles.AsyncFile': { methods: coroutines('read', 'read1', 'readall', 'readinto', 'readline', 'readlines', 'write', 'writelines', 'flush', 'close', 'seek', 'tell', 'truncate'), enters: 'aiofiles.AsyncFile' },
  'anyio.AsyncFile': { methods: coroutines('read', 'read1', 'readline', 'readlines', 'readinto', 'write', 'writelines', 'flush', 'seek', 'tell', 'truncate', 'aclose'), enters: 'anyio.AsyncFile' },
  'anyio.Event': { methods: coroutines('wait') },
  'anyio.Lock': { methods: coroutines('acquire') },
  'anyio.Semaphore': { methods: coroutines('acquire') },
  'anyio.Condition': { methods: coroutines('acquire', 'wait') },
};

/** Other names the same classes are imported or annotated by. */
export const CLASS_ALIASES: Record<string, string> = {
  // httpx2 is the maintained continuation of httpx, with the same API.
  'httpx2.Client': 'httpx.Client',
  'httpx2.AsyncClient': 'httpx.AsyncClient',
  'httpx._client.Client': 'httpx.Client',
  'urllib3.poolmanager.PoolManager': 'urllib3.PoolManager',
  'urllib3.poolmanager.ProxyManager': 'urllib3.ProxyManager',
  'urllib3.connectionpool.HTTPConnectionPool': 'urllib3.HTTPConnectionPool',
  'urllib3.connectionpool.HTTPSConnectionPool': 'urllib3.HTTPSConnectionPool',
  'urllib3.connectionpool.ConnectionPool': 'urllib3.HTTPConnectionPool',
  'urllib3.request.RequestMethods': 'urllib3.PoolManager',
  'asyncio.events.AbstractEventLoop': LOOP,
  'asyncio.BaseEventLoop': LOOP,
  'asyncio.base_events.BaseEventLoop': LOOP,
  'asyncio.streams.StreamReader': 'asyncio.StreamReader',
  'asyncio.streams.StreamWriter': 'asyncio.StreamWriter',
  'asyncio.queues.Queue': 'asyncio.Queue',
  'asyncio.locks.Lock': 'asyncio.Lock',
  'asyncio.locks.Event': 'asyncio.Event',
  'asyncio.locks.Semaphore': 'asyncio.Semaphore',
  'aiohttp.client.ClientSession': 'aiohttp.ClientSession',
  'aiohttp.client_reqrep.ClientResponse': AIOHTTP_RESPONSE,
  'aiohttp.client.ClientResponse': AIOHTTP_RESPONSE,
  'httpx._client.AsyncClient': 'httpx.AsyncClient',
  'asyncpg.connection.Connection': PG_CONNECTION,
  'asyncpg.pool.Pool': PG_POOL,
  'aiofiles.threadpool.text.AsyncTextIOWrapper': 'aiofiles.AsyncFile',
};

function prefixed(prefix: string, entries: Record<string, KnownCallable>): Record<string, KnownCallable> {
  return Object.fromEntries(Object.entries(entries).map(([k, v]) => [`${prefix}.${k}`, v]));
}
