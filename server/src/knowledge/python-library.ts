/** One view over the Python library knowledge: which names are library modules, callables and classes. */
import { ASYNC_CLASSES, ASYNC_FUNCTIONS, CLASS_ALIASES, type KnownCallable, type KnownClass } from './python-async-apis.ts';
import { SYNC_CLASSES, SYNC_FACTORIES } from './python-blocking-apis.ts';

export type { KnownCallable, KnownClass } from './python-async-apis.ts';

/**
 * Top-level modules that are always the library, never a workspace module: the ones the knowledge
 * is about plus the standard library modules code commonly imports. Other imports are looked up
 * in the workspace first.
 */
const LIBRARY_ROOTS = new Set([
  'asyncio', 'aiohttp', 'httpx', 'httpx2', 'asyncpg', 'aiofiles', 'anyio', 'requests', 'urllib', 'urllib3', 'time', 'subprocess',
  'os', 'io', 'pathlib', 'socket', 'hashlib', 'builtins', 'typing', 'typing_extensions', 'abc', 'functools', 'sys',
  'json', 'logging', 'collections', 'dataclasses', 're', 'math', 'itertools', 'contextlib', 'enum', 'random', 'threading',
  'concurrent', 'signal', 'shutil', 'tempfile', 'datetime', 'uuid', 'traceback', 'weakref', 'inspect', 'http', 'ssl',
]);

export function isLibraryRoot(name: string): boolean {
  return LIBRARY_ROOTS.has(name);
}

export function canonicalClassName(qname: string): string {
  return CLASS_ALIASES[qname] ?? qname;
}

export function knownClass(qname: string): KnownClass | undefined {
  const name = canonicalClassName(qname);
  return ASYNC_CLASSES[name] ?? SYNC_CLASSES[name];
}

export function knownFunction(qname: string): KnownCallable | undefined {
  return ASYNC_FUNCTIONS[qname] ?? SYNC_FACTORIES[qname];
}
