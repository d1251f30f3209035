/**
 * The language-neutral model `sequential-awaits` reasons about. Each language translates its syntax
 * tree into these records; the grouping in awaits-grouping.ts only sees them. `self` in Python and
 * `this` in TypeScript are both "the instance" here.
 */

/** One awaited call: `await recv.callee(args)`. */
export interface AwaitedCall {
  /** Names of every call along the callee chain, the awaited one last: `db.tx().query()` → [tx, query]. */
  calleeNames: string[];
  /** Source text of the callee with its receiver (`api.get`): "the same callee" compares these. */
  calleeKey: string;
  /** Source text of each argument: "different arguments" compares these. */
  argumentKeys: string[];
  /** Values of string literals anywhere in the arguments (nested callbacks too): prompts, HTTP write methods. */
  stringArguments: string[];
  /** Plain names the call reads anywhere: callee, receiver, arguments, nested functions. */
  reads: string[];
  /** The instance itself is used other than as `this.x` (passed along, aliased, spread). */
  passesInstance: boolean;
  /** `this.m(...)` calls anywhere in the call, by member name. */
  instanceCalls: string[];
  /** `this.x` reads that are not calls, by member name. */
  instanceReads: string[];
  /**
   * Optional (Python): the receiver of the awaited method call as written (`conn` of `conn.fetch()`,
   * `self.reader` of `self.reader.read()`), when it is a plain name or dotted path other than the instance.
   */
  receiverKey?: string;
  /** Optional (Python): objects whose attributes the call reads, as written (`conn` of `conn.status`). */
  attributeOwners?: string[];
  /**
   * The call runs on a transaction, connection, session or entity manager it shares with its
   * neighbours (`{ transaction }`, `trx`, a `.transaction(async (t) => ...)` parameter): such calls
   * run one at a time anyway, and some drivers fail when they overlap. What shows it, for messages.
   */
  sharedContext?: string;
}

/** What a call (or any expression) reads, as each language's syntax layer collects it. */
export type CallReferences = Pick<AwaitedCall, 'reads' | 'passesInstance' | 'instanceCalls' | 'instanceReads' | 'attributeOwners'>;

export type { CallEffects } from '../../core/effects.ts';

export type AwaitStatementKind =
  /** `const x = await f()`, `x = await f()`, `obj.p = await f()`: the result is kept. */
  | 'bound'
  /** `await f();`: the result is dropped. */
  | 'bare'
  /** Anything else: it ends any group. */
  | 'other';

export interface AwaitStatement {
  kind: AwaitStatementKind;
  call?: AwaitedCall;
  /** Names declared or assigned by the statement. */
  binds: string[];
  /** Names the assignment target reads: the root of `obj.p`, keys of `m[k]`, defaults of patterns. */
  targetReads: string[];
  /** Roots of member targets other than the instance (`obj` of `obj.p = ...`): mutated objects. */
  mutatedRoots: string[];
  /** Instance members assigned by the target (`p` of `this.p = ...`). */
  instanceWrites: string[];
}

/** In a member's touches: its body passes the instance along or calls the base class, so it may touch anything. */
export const ANY_MEMBER = '*';

/** What the members of the enclosing class touch, so `this.m()` can be followed. */
export interface ClassModel {
  /**
   * Member name (method, accessor, function-valued field) -> the `this.x` names its body mentions:
   * reads, writes and calls, or ANY_MEMBER.
   */
  touches: ReadonlyMap<string, readonly string[]>;
}

/** A run of statements (indices into the list, inclusive) the rule reports as one finding. */
export interface AwaitGroup {
  kind: 'bound' | 'bare';
  first: number;
  last: number;
  /** Every member's call is an evidenced read (effect model), not judged by names alone. */
  evidenced: boolean;
}
