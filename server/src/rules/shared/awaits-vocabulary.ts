/**
 * Words that tell deliberate sequencing from independent work, shared by the TypeScript and Python
 * halves of `sequential-awaits` and `await-in-loop`. The lists are the ones measured in
 * notes/sequential-awaits-in-real-code.md; they match the FIRST word of a callee's name.
 */

/** Verbs whose call ends a group of awaits: what follows may rely on it having completed. */
export const GROUP_ENDING_VERBS: ReadonlySet<string> = new Set([
  // lifecycle and locks
  'acquire', 'lock', 'release', 'begin', 'commit', 'rollback', 'transaction', 'start', 'stop', 'open', 'close',
  'connect', 'init', 'dispose', 'destroy', 'enable', 'attach', 'shutdown', 'prepare',
  // waiting
  'wait', 'sleep', 'delay', 'once', 'poll', 'drain', 'flush', 'join',
  // UI automation and prompts
  'prompt', 'ask', 'confirm', 'password', 'click', 'fill', 'goto', 'press',
  // data writes
  'save', 'insert', 'update', 'delete', 'write', 'send', 'post', 'put', 'append',
  // writes the first lists did not know, measured on application back ends (December)
  'upsert', 'create', 'remove', 'restore', 'revoke', 'grant', 'add', 'set', 'increment', 'decrement', 'publish',
  'enqueue', 'upload', 'sync', 'migrate', 'seed', 'register', 'unregister', 'reset', 'mark', 'soft',
  // guards: the order decides which error the caller sees
  'assert', 'validate', 'verify', 'ensure', 'check', 'authorize', 'authenticate', 'require',
  // rate limits
  'consume', 'throttle',
]);

/**
 * Verbs that end a group only as the awaited call itself: inside a query builder's chain
 * (`.addSelect(...)`, `.setParameter(...)`) they build a read.
 */
export const AWAITED_CALL_ONLY_VERBS: ReadonlySet<string> = new Set(['add', 'set', 'mark', 'check']);

/** Spellings of a listed verb that are not the verb plus `s`/`es`. */
const VERB_ALIASES: ReadonlyMap<string, string> = new Map([
  ['initialize', 'init'],
  ['initialise', 'init'],
]);

/**
 * Python stream I/O (prefixes of the whole name: `sendall`, `send_bytes`, `readexactly`, `recv_into`):
 * protocol steps on one stream. The Python half adds these to the group-ending verbs.
 */
export const STREAM_IO_PREFIXES: readonly string[] = ['send', 'write', 'read', 'recv', 'receive', 'put', 'ping'];

/** Words of a callee or collection name that mean "call these in order" (hooks, handlers, middleware). */
export const ORDERED_DISPATCH_WORDS: ReadonlySet<string> = new Set([
  'hook', 'handler', 'callback', 'listener', 'subscriber', 'signal', 'emit', 'dispatch', 'notify', 'run', 'call',
  'middleware', 'migration', 'plugin', 'step',
  // running commands and actions: each may rely on the effects of the one before (npm's
  // `this.exec(args)` per workspace, UI automation's `perform(action)`)
  'exec', 'execute', 'perform', 'invoke', 'trigger', 'fire',
]);

/**
 * Splits an identifier into lower-case words: camelCase, PascalCase, snake_case, acronyms
 * (`HTTPRequest` → http, request) and leading `_`/`$`/`#` markers.
 */
export function wordsOf(name: string): string[] {
  const words: string[] = [];
  for (const part of name.split(/[^A-Za-z0-9]+/)) {
    for (const m of part.matchAll(/[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+/g)) words.push(m[0].toLowerCase());
  }
  return words;
}

/** The first word of a callee name: `getUserById` → get, `fetch_all` → fetch, `_async_send_command` → send. */
export function firstWord(name: string): string {
  const words = wordsOf(name);
  return (words[0] === 'async' || words[0] === 'do' ? words[1] : words[0]) ?? '';
}

/** The listed verb a word stands for, if any: `saves` → save, `initialize` → init. */
function verbOf(word: string, verbs: ReadonlySet<string>): string | undefined {
  if (verbs.has(word)) return word;
  const alias = VERB_ALIASES.get(word);
  if (alias && verbs.has(alias)) return alias;
  for (const suffix of ['s', 'es']) {
    if (word.endsWith(suffix) && verbs.has(word.slice(0, -suffix.length))) return word.slice(0, -suffix.length);
  }
  return undefined;
}

/** Whether calling `name` ends a group of awaits (lifecycle, lock, waiting, UI, write). */
export function isGroupEndingCallee(name: string, extraPrefixes: readonly string[] = []): boolean {
  if (verbOf(firstWord(name), GROUP_ENDING_VERBS) !== undefined) return true;
  const lower = name.replace(/^[_$#]+/, '').toLowerCase();
  return extraPrefixes.some((p) => lower.startsWith(p));
}

/** Whether any word of `name` is an ordered-dispatch word (`runHooks`, `emitAsync`, `handlers`). */
export function mentionsOrderedDispatch(name: string): boolean {
  return wordsOf(name).some((w) => verbOf(w, ORDERED_DISPATCH_WORDS) !== undefined);
}

/** A string a person is asked to answer: ends in `:` or `?`, or offers `[y/N]`-style choices. */
export function isPromptLikeString(value: string): boolean {
  const trimmed = value.trimEnd();
  return trimmed.endsWith(':') || trimmed.endsWith('?') || /[[(]\s*y\s*\/\s*n\s*[\])]/i.test(trimmed);
}

/** An HTTP method that writes (`method: 'DELETE'`): the request is a data write, which ends a group. */
export function isWriteMethodString(value: string): boolean {
  return /^(post|put|patch|delete)$/i.test(value.trim());
}

/**
 * A comment that says the order is deliberate, or a suppression of ESLint/oxlint/Biome's
 * `no-await-in-loop`: the author has already decided these awaits stay sequential.
 */
export function commentSaysOrderMatters(comment: string): boolean {
  return /no-?await-?in-?loop|\b(in order|ordered|order matters|sequential(ly)?|serial(ly|ized)?|one at a time|one by one|in turn|in sequence|concurren(t|tly|cy)|parallel)\b/i.test(comment);
}

/**
 * Names of a transaction, connection, session or entity manager that calls share (`trx`, `manager`,
 * `queryRunner`, `conn`, `session`): calls on one run one at a time, and for some drivers overlapping
 * them is an error (notes/concurrency-rewrites.md). Matched on the root of a receiver or an argument.
 */
export const SHARED_CONTEXT_NAMES: ReadonlySet<string> = new Set([
  'trx', 'tx', 'txn', 'transaction', 'transactionManager', 'transactionalEntityManager', 'manager', 'entityManager',
  'queryRunner', 'conn', 'connection', 'session', 'dbSession', 'db_session', 'cursor', 'cur', 'uow', 'unitOfWork',
]);

/** Object-literal options that pass a transaction or session along (`{ transaction }`, `{ session: s }`). */
export const SHARED_CONTEXT_OPTIONS: ReadonlySet<string> = new Set(['transaction', 'transacting', 'trx', 'tx', 'session', 'client', 'queryRunner', 'manager', 'connection']);

/** Callees whose callback runs in a transaction: its parameter is the transaction (`db.transaction(async (t) => ...)`). */
export function isTransactionCallee(name: string): boolean {
  return /^(\$?transaction|withTransaction|runInTransaction|inTransaction|transactional|atomic|begin|serializable)$/i.test(name);
}

/** Decorators that run a method in one transaction (`@Transactional()`, Django's `@transaction.atomic`). */
export function isTransactionalDecorator(name: string): boolean {
  return /^(Transactional|Transaction|UseTransaction|atomic|transactional|with_transaction|in_transaction)$/.test(name);
}
