/**
 * The effect model: what an awaited call does, summarised from its callee's body (a function of the
 * project) or from the knowledge tables (a library client), shared by the TypeScript and Python
 * halves. `sequential-awaits` and `await-in-loop` decide independence from it; names are the
 * fallback for calls nobody can summarise (notes/sequential-awaits-in-real-code.md, December).
 * Plain data: each language's summariser fills it in, nothing here knows a syntax tree.
 */

/** One thing a callee does that bears on running it concurrently, with the code that shows it. */
export interface Evidence {
  /** `db.user.findUnique`, `INSERT (SQL)`, `this.idp`: short, as written in the code where possible. */
  what: string;
}

export interface CallEffects {
  /** Where the answer came from: the callee's body, a library table, or nowhere. */
  source: 'project' | 'library' | 'unknown';
  /** Does the call do I/O at all (awaits something real, calls a promise- or coroutine-returning API)? */
  io: 'yes' | 'no' | 'unknown';
  /** External reads: HTTP GETs, SELECTs, ORM finders. */
  reads: string[];
  /** External writes: HTTP writes, SQL DML/DDL, ORM and driver writes, file writes, queue sends. */
  writes: string[];
  /** Locks, transactions, rate-limit tokens, guards that throw before other work: the order is the point. */
  ordering: string[];
  /** Shared state read and written: `this.x`/`self.x` fields, module state, properties of arguments (`arg0.x`). */
  stateReads: string[];
  stateWrites: string[];
  /** Keys of the project functions the call reaches (its own callee first): "one callee calls the other". */
  reaches: string[];
  /** Printing and logging: benign, but their order may change. */
  logs: boolean;
  /** Some call inside could not be followed or looked up: only names can judge what it does. */
  incomplete: boolean;
}

/** How a call counts in a group of awaits. */
export type EffectVerdict =
  /** Evidenced I/O that only reads: a candidate, bare or bound. */
  | 'reads'
  /** Writes, locks, transactions, guards: ends a group like a group-ending verb does. */
  | 'orders'
  /** No I/O: nothing would overlap. */
  | 'no-io'
  /** Not enough evidence: today's name rules decide. */
  | 'unknown';

export function emptyEffects(source: CallEffects['source']): CallEffects {
  return { source, io: 'unknown', reads: [], writes: [], ordering: [], stateReads: [], stateWrites: [], reaches: [], logs: false, incomplete: source === 'unknown' };
}

export function verdictOf(effects: CallEffects | undefined): EffectVerdict {
  if (!effects || effects.source === 'unknown') return 'unknown';
  if (effects.writes.length > 0 || effects.ordering.length > 0 || transactionPassedIn(effects) !== undefined) return 'orders';
  if (effects.io === 'no' && !effects.incomplete) return 'no-io';
  if (effects.io === 'yes' && !effects.incomplete) return 'reads';
  return 'unknown';
}

/**
 * The caller's transaction handed in through an argument the callee reads it from
 * (`findAll(options)` with `options.transacting` read inside): the calls share one transaction.
 */
export function transactionPassedIn(effects: CallEffects): string | undefined {
  return effects.stateReads.find((k) => !k.startsWith('?') && !k.startsWith('this.') && /^[\w$]+(\.[\w$]+)*\.(transacting|transaction|trx|tx|session|queryRunner)$/.test(k));
}

/**
 * Why two calls with evidence cannot run together, or undefined when they can: one writes state the
 * other reads or writes, or one callee calls the other (a memoising getter would do its work twice).
 */
export function conflictBetween(a: CallEffects, b: CallEffects): string | undefined {
  // `?` keys are state of objects made in the call (`new Service().read()`, `{ limit }`): not shared.
  const shared = (writes: string[], other: CallEffects) => writes.find((w) => !w.startsWith('?') && (other.stateReads.includes(w) || other.stateWrites.includes(w)));
  const written = shared(a.stateWrites, b) ?? shared(b.stateWrites, a);
  if (written !== undefined) return `both touch ${written}`;
  const [aSelf, bSelf] = [a.reaches[0], b.reaches[0]];
  if (aSelf !== undefined && bSelf !== undefined && aSelf !== bSelf && (a.reaches.includes(bSelf) || b.reaches.includes(aSelf))) {
    return 'one calls the other';
  }
  return undefined;
}

/** Merges what a callee's body does through a call it makes into the caller's summary. */
export function absorb(into: CallEffects, from: CallEffects): void {
  if (from.io === 'yes') into.io = 'yes';
  else if (from.io === 'unknown' && into.io === 'no') into.io = 'unknown';
  pushNew(into.reads, from.reads);
  pushNew(into.writes, from.writes);
  pushNew(into.ordering, from.ordering);
  pushNew(into.stateReads, from.stateReads);
  pushNew(into.stateWrites, from.stateWrites);
  pushNew(into.reaches, from.reaches);
  into.logs ||= from.logs;
  into.incomplete ||= from.incomplete;
}

const GUARD = / as a guard$/;
const OWN_TRANSACTION = /(^|\.)(\$?transaction|startTransaction|beginTransaction|withTransaction|begin|atomic)$/;

/**
 * What a callee's effects mean inside a function that gives back a value (or prints): a wait is that
 * function's simulated or real work (`await delay(100); return user`), a guard it runs first and a
 * transaction it opens for itself are its own business. None is an order the caller relies on; a
 * lock, a locking SQL statement or a prompt still is.
 */
export function asWorkOfCaller(effects: CallEffects): CallEffects {
  const waits = effects.ordering.filter((o) => o.startsWith('waits'));
  const dropped = (o: string) => o.startsWith('waits') || GUARD.test(o) || OWN_TRANSACTION.test(o);
  if (!effects.ordering.some(dropped)) return effects;
  return { ...effects, ordering: effects.ordering.filter((o) => !dropped(o)), reads: [...effects.reads, ...waits.map((w) => w.replace(/^waits \((.*)\)$/, '$1'))], io: 'yes' };
}

function pushNew(into: string[], from: readonly string[]): void {
  for (const x of from) if (!into.includes(x)) into.push(x);
}

export function abbreviate(items: readonly string[], max: number): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
