/**
 * What the clients people use do when called: which methods read and which write, which start a
 * transaction or hand out one connection, for the effect model (core/effects.ts). A library call is
 * looked up by the package its declaration comes from (TypeScript) or the module its class lives in
 * (Python), then by method name. What each does with a shared connection is in
 * notes/concurrency-rewrites.md: one connection, session or transaction runs one operation at a time.
 */
import { emptyEffects, type CallEffects } from '../core/effects.ts';
import { sqlEffectOf, sqlLabel } from './sql.ts';

export interface ClientTable {
  /** npm packages (TypeScript) or top-level modules (Python) whose declarations these are. */
  packages: readonly string[];
  /** Methods that only read. */
  reads: readonly string[];
  /** Methods that write (to a database, a server, a file, a queue). */
  writes: readonly string[];
  /** Methods that begin a transaction, take a lock or a connection: what follows shares it. */
  ordering?: readonly string[];
  /** Methods whose effect is in their SQL text (`query`, `execute`, `raw`). */
  sql?: readonly string[];
  /** Methods whose effect is in an HTTP method argument (`request`, `fetch`). */
  http?: readonly string[];
}

const HTTP_READS = ['get', 'head', 'options', 'getUri'];
const HTTP_WRITES = ['post', 'put', 'patch', 'delete', 'postForm', 'putForm', 'patchForm'];

export const TYPESCRIPT_CLIENTS: readonly ClientTable[] = [
  // fetch is global (lib.dom.d.ts, undici-types); axios, got, undici, ky
  { packages: ['axios', 'got', 'ky', 'node-fetch', 'undici', 'undici-types', 'superagent'], reads: [...HTTP_READS, 'json', 'text'], writes: HTTP_WRITES, http: ['request', 'fetch', 'axios', 'got', 'ky'] },
  {
    packages: ['@prisma/client', '.prisma', 'prisma'],
    reads: ['findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany', 'count', 'aggregate', 'groupBy', 'findRaw', 'aggregateRaw'],
    writes: ['create', 'createMany', 'createManyAndReturn', 'update', 'updateMany', 'updateManyAndReturn', 'upsert', 'delete', 'deleteMany', '$executeRaw', '$executeRawUnsafe', '$runCommandRaw'],
    ordering: ['$transaction', '$connect', '$disconnect'],
    sql: ['$queryRaw', '$queryRawUnsafe'],
  },
  {
    packages: ['sequelize', 'sequelize-typescript'],
    reads: ['findAll', 'findOne', 'findByPk', 'findAndCountAll', 'findOrBuild', 'count', 'max', 'min', 'sum', 'reload'],
    writes: ['create', 'bulkCreate', 'update', 'destroy', 'upsert', 'increment', 'decrement', 'save', 'restore', 'truncate', 'findOrCreate', 'findCreateFind', 'drop', 'sync', 'set', 'add', 'remove'],
    ordering: ['transaction', 'authenticate', 'close'],
    sql: ['query'],
  },
  {
    packages: ['typeorm'],
    reads: ['find', 'findBy', 'findOne', 'findOneBy', 'findOneOrFail', 'findOneByOrFail', 'findAndCount', 'findAndCountBy', 'findByIds', 'count', 'countBy', 'exist', 'exists', 'existsBy', 'sum', 'average', 'minimum', 'maximum', 'getMany', 'getOne', 'getOneOrFail', 'getRawMany', 'getRawOne', 'getCount', 'getManyAndCount', 'getExists', 'stream'],
    writes: ['save', 'insert', 'update', 'delete', 'remove', 'softDelete', 'softRemove', 'restore', 'recover', 'upsert', 'increment', 'decrement', 'clear', 'execute', 'preload'],
    ordering: ['transaction', 'createQueryRunner', 'startTransaction', 'commitTransaction', 'rollbackTransaction', 'connect', 'release', 'initialize', 'destroy', 'synchronize', 'runMigrations'],
    sql: ['query'],
  },
  {
    packages: ['knex'],
    reads: ['select', 'first', 'pluck', 'count', 'countDistinct', 'min', 'max', 'sum', 'avg', 'then'],
    writes: ['insert', 'update', 'del', 'delete', 'truncate', 'increment', 'decrement', 'upsert', 'merge', 'createTable', 'alterTable', 'dropTable', 'dropTableIfExists', 'renameTable', 'createSchema', 'table'],
    ordering: ['transaction', 'forUpdate', 'forShare', 'forNoKeyUpdate', 'forKeyShare', 'migrate', 'latest', 'rollback', 'destroy'],
    sql: ['raw'],
  },
  {
    packages: ['drizzle-orm'],
    reads: ['findMany', 'findFirst', 'select', 'selectDistinct', 'from', 'where', 'all', 'get', 'values', 'prepare'],
    writes: ['insert', 'update', 'delete', 'returning', 'onConflictDoUpdate', 'onConflictDoNothing', 'set'],
    ordering: ['transaction', 'for'],
    sql: ['execute', 'run', 'sql'],
  },
  {
    packages: ['mongoose'],
    reads: ['find', 'findOne', 'findById', 'countDocuments', 'estimatedDocumentCount', 'distinct', 'exists', 'aggregate', 'lean', 'exec', 'populate', 'where', 'select', 'sort', 'limit', 'skip'],
    writes: ['create', 'insertMany', 'updateOne', 'updateMany', 'findOneAndUpdate', 'findByIdAndUpdate', 'findOneAndDelete', 'findByIdAndDelete', 'findOneAndReplace', 'findOneAndRemove', 'findByIdAndRemove', 'deleteOne', 'deleteMany', 'replaceOne', 'save', 'bulkWrite', 'bulkSave', 'remove', 'createIndexes', 'syncIndexes'],
    ordering: ['startSession', 'withTransaction', 'startTransaction', 'commitTransaction', 'abortTransaction', 'connect', 'disconnect'],
  },
  {
    packages: ['mongodb'],
    reads: ['find', 'findOne', 'countDocuments', 'estimatedDocumentCount', 'distinct', 'aggregate', 'toArray', 'next', 'listCollections', 'listIndexes', 'stats'],
    writes: ['insertOne', 'insertMany', 'updateOne', 'updateMany', 'replaceOne', 'deleteOne', 'deleteMany', 'findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace', 'bulkWrite', 'createIndex', 'createIndexes', 'dropIndex', 'drop', 'createCollection', 'dropCollection', 'rename'],
    ordering: ['startSession', 'withTransaction', 'startTransaction', 'commitTransaction', 'abortTransaction', 'connect', 'close'],
  },
  // pg: Pool.query takes a connection per call; Client.query queues on its one connection.
  { packages: ['pg', 'pg-pool', 'postgres', '@neondatabase/serverless', 'mysql2', 'mysql', 'better-sqlite3', 'sqlite', 'sqlite3'], reads: ['get', 'all'], writes: ['run', 'exec'], ordering: ['connect', 'getConnection', 'beginTransaction', 'commit', 'rollback', 'release', 'end', 'begin'], sql: ['query', 'execute', 'unsafe', 'sql'] },
  {
    packages: ['ioredis', 'redis', '@redis/client'],
    reads: ['get', 'mget', 'getBuffer', 'hget', 'hGet', 'hgetall', 'hGetAll', 'hmget', 'hmGet', 'hkeys', 'hKeys', 'hvals', 'hVals', 'hexists', 'hExists', 'smembers', 'sMembers', 'sismember', 'sIsMember', 'scard', 'sCard', 'exists', 'ttl', 'pttl', 'keys', 'scan', 'lrange', 'lRange', 'llen', 'lLen', 'zrange', 'zRange', 'zscore', 'zScore', 'zcard', 'zCard', 'zrangebyscore', 'zRangeByScore', 'type', 'strlen', 'xrange', 'xRange', 'xlen', 'xLen'],
    writes: ['set', 'setex', 'setEx', 'setnx', 'setNX', 'mset', 'mSet', 'del', 'unlink', 'hset', 'hSet', 'hmset', 'hdel', 'hDel', 'hincrby', 'hIncrBy', 'incr', 'incrby', 'incrBy', 'decr', 'decrby', 'decrBy', 'expire', 'pexpire', 'expireat', 'persist', 'lpush', 'lPush', 'rpush', 'rPush', 'lpop', 'lPop', 'rpop', 'rPop', 'sadd', 'sAdd', 'srem', 'sRem', 'zadd', 'zAdd', 'zrem', 'zRem', 'zincrby', 'zIncrBy', 'publish', 'xadd', 'xAdd', 'rename', 'flushdb', 'flushall', 'getset', 'getdel', 'getDel'],
    ordering: ['multi', 'exec', 'watch', 'unwatch', 'pipeline', 'connect', 'quit', 'disconnect', 'subscribe', 'psubscribe', 'blpop', 'brpop', 'blPop', 'brPop', 'xread', 'xRead', 'xreadgroup', 'xReadGroup'],
  },
];

export const PYTHON_CLIENTS: readonly ClientTable[] = [
  { packages: ['httpx', 'aiohttp'], reads: HTTP_READS, writes: HTTP_WRITES, ordering: ['ws_connect', 'close', 'aclose'], http: ['request', 'stream'] },
  // asyncpg: a Connection runs one operation at a time ("another operation is in progress"); a Pool hands out one each.
  { packages: ['asyncpg'], reads: ['fetch', 'fetchrow', 'fetchval', 'fetchmany'], writes: ['executemany', 'copy_from_table', 'copy_from_query', 'copy_to_table', 'copy_records_to_table'], ordering: ['transaction', 'acquire', 'release', 'connect', 'close', 'create_pool'], sql: ['execute', 'fetch', 'fetchrow', 'fetchval'] },
  // SQLAlchemy's AsyncSession is not safe for concurrent use; every method shares its connection.
  { packages: ['sqlalchemy'], reads: ['get', 'scalar', 'scalars', 'stream', 'stream_scalars', 'refresh'], writes: ['add', 'add_all', 'delete', 'merge', 'flush', 'commit', 'run_sync'], ordering: ['begin', 'begin_nested', 'commit', 'rollback', 'connect', 'close', 'dispose'], sql: ['execute'] },
  { packages: ['motor', 'pymongo'], reads: ['find_one', 'to_list', 'count_documents', 'estimated_document_count', 'distinct', 'aggregate', 'list_collection_names', 'find'], writes: ['insert_one', 'insert_many', 'update_one', 'update_many', 'replace_one', 'delete_one', 'delete_many', 'find_one_and_update', 'find_one_and_delete', 'find_one_and_replace', 'bulk_write', 'create_index', 'drop', 'drop_collection'], ordering: ['start_session', 'start_transaction', 'with_transaction', 'commit_transaction', 'abort_transaction'] },
  {
    packages: ['redis', 'aioredis', 'coredis'],
    reads: ['get', 'mget', 'hget', 'hgetall', 'hmget', 'hkeys', 'hvals', 'hexists', 'smembers', 'sismember', 'scard', 'exists', 'ttl', 'pttl', 'keys', 'scan', 'lrange', 'llen', 'zrange', 'zscore', 'zcard', 'zrangebyscore', 'type', 'strlen', 'xrange', 'xlen'],
    writes: ['set', 'setex', 'setnx', 'mset', 'delete', 'unlink', 'hset', 'hdel', 'hincrby', 'incr', 'incrby', 'decr', 'decrby', 'expire', 'pexpire', 'persist', 'lpush', 'rpush', 'lpop', 'rpop', 'sadd', 'srem', 'zadd', 'zrem', 'zincrby', 'publish', 'xadd', 'rename', 'flushdb', 'flushall', 'getset', 'getdel'],
    ordering: ['pipeline', 'multi', 'execute', 'watch', 'lock', 'subscribe', 'blpop', 'brpop', 'xread', 'xreadgroup', 'close', 'aclose'],
  },
  { packages: ['aiofiles'], reads: ['read', 'readline', 'readlines', 'exists', 'stat', 'listdir', 'isfile', 'isdir'], writes: ['write', 'writelines', 'remove', 'unlink', 'rename', 'mkdir', 'makedirs', 'rmdir', 'truncate'], ordering: ['open', 'close', 'flush', 'seek'] },
  // aiobotocore clients: reads by prefix (get_, list_, head_, describe_) and writes by the rest; see AWS_READ_PREFIXES.
  { packages: ['aiobotocore', 'aioboto3', 'botocore'], reads: [], writes: ['put_object', 'delete_object', 'delete_objects', 'copy_object', 'upload_file', 'upload_fileobj', 'send_message', 'send_message_batch', 'publish', 'put_item', 'update_item', 'delete_item', 'batch_write_item', 'invoke'], ordering: ['create_client', 'close'] },
];

/** AWS client methods that only read, by prefix (`get_object`, `list_objects_v2`, `describe_instances`). */
export const AWS_READ_PREFIXES: readonly string[] = ['get_', 'list_', 'head_', 'describe_', 'query', 'scan', 'batch_get_', 'download_'];

/** The table for a package or module root, if the knowledge has one. */
export function clientTableFor(pkg: string, language: 'typescript' | 'python'): ClientTable | undefined {
  const tables = language === 'typescript' ? TYPESCRIPT_CLIENTS : PYTHON_CLIENTS;
  return tables.find((t) => t.packages.includes(pkg));
}

/** Library clients whose methods run on one connection, session or transaction: never overlapped. */
export const SHARED_CONNECTION_CLASSES: readonly string[] = [
  'asyncpg.Connection', 'asyncpg.connection.Connection', 'asyncpg.pool.PoolConnectionProxy',
  'sqlalchemy.ext.asyncio.AsyncSession', 'sqlalchemy.ext.asyncio.AsyncConnection', 'sqlalchemy.ext.asyncio.session.AsyncSession',
  'aiosqlite.Connection', 'aiosqlite.Cursor', 'aiomysql.Connection', 'aiomysql.Cursor', 'psycopg.AsyncConnection', 'psycopg.AsyncCursor',
];

/**
 * What a call of a client method does, from its table and the call's string arguments (SQL text, an
 * HTTP method): one lookup for both languages. Undefined when the table does not know the method, or
 * the SQL or HTTP method cannot be read from the call. `httpDefaultsToRead`: a call without a method
 * string is a GET (fetch, axios.request) rather than unknown (Python's `request(method, url)`).
 */
export function clientCallEffects(table: ClientTable, name: string, strings: readonly string[], label: string, httpDefaultsToRead: boolean): CallEffects | undefined {
  const effects: CallEffects = { ...emptyEffects('library'), io: 'yes', incomplete: false };
  if (table.sql?.includes(name)) {
    const sql = strings.map((s) => ({ s, effect: sqlEffectOf(s) })).find((x) => x.effect !== undefined);
    if (sql?.effect === 'read') effects.reads.push(`${label} (SELECT)`);
    else if (sql) (sql.effect === 'write' ? effects.writes : effects.ordering).push(`${label} (${sqlLabel(sql.s)})`);
    else if (table.reads.includes(name)) effects.reads.push(label);
    else return undefined;
    return effects;
  }
  if (table.http?.includes(name)) return httpCallEffects(strings, label, httpDefaultsToRead);
  if (table.ordering?.includes(name)) effects.ordering.push(label);
  else if (table.writes.includes(name)) effects.writes.push(label);
  else if (table.reads.includes(name) || (table.packages.includes('aiobotocore') && AWS_READ_PREFIXES.some((p) => name.startsWith(p)))) effects.reads.push(label);
  else return undefined;
  return effects;
}

/** An HTTP request whose method is a string argument (`method: 'POST'`, `request("DELETE", url)`). */
export function httpCallEffects(strings: readonly string[], label: string, defaultsToRead: boolean): CallEffects | undefined {
  const effects: CallEffects = { ...emptyEffects('library'), io: 'yes', incomplete: false };
  const method = strings.map((s) => s.trim()).find((s) => /^(get|head|options|post|put|patch|delete)$/i.test(s));
  if (method && /^(post|put|patch|delete)$/i.test(method)) effects.writes.push(`${method.toUpperCase()} ${label}`);
  else if (method || defaultsToRead) effects.reads.push(label);
  else return undefined;
  return effects;
}
