/**
 * Groups adjacent awaited statements into runs that could run together. The evidence comes first
 * (core/effects.ts: what each callee does, from its body or the knowledge tables):
 *  - a call that writes, takes a lock or transaction, or guards ends a group; so does one that does
 *    no I/O (nothing would overlap) and one on a shared transaction, connection or session;
 *  - calls evidenced to only read are candidates whether their results are bound, assigned or
 *    dropped, and even when they repeat the same call; two of them conflict when one writes state
 *    the other touches or one calls the other;
 *  - a call nobody can summarise falls back on the measured name rules of
 *    notes/sequential-awaits-in-real-code.md: only bound results form groups, and a group-ending
 *    verb or a prompt-like string argument ends one;
 *  - a statement that depends on an earlier member starts a new group, so the result is the maximal
 *    runs of independent statements.
 */
import { conflictBetween, verdictOf, type CallEffects } from '../../core/effects.ts';
import { sqlEffectOf } from '../../knowledge/sql.ts';
import { ANY_MEMBER, type AwaitedCall, type AwaitGroup, type AwaitStatement, type ClassModel } from './awaits-model.ts';
import { AWAITED_CALL_ONLY_VERBS, firstWord, isGroupEndingCallee, isPromptLikeString, isWriteMethodString } from './awaits-vocabulary.ts';

export interface GroupingOptions {
  /** Extra group-ending name prefixes (Python's stream I/O). */
  extraEndingPrefixes?: readonly string[];
  /**
   * A call repeated with the same arguments, in any order, depends on the earlier one: reading a
   * stream or queue twice, polling, relaying between two peers one way then back. Measured on
   * Python library code; evidenced reads are exempt.
   */
  repeatedCallsDepend?: boolean;
}

/** `effects[i]` is what statement i's call does, when the language could tell. */
export function findAwaitGroups(
  statements: readonly AwaitStatement[],
  cls?: ClassModel,
  options: GroupingOptions = {},
  effects: readonly (CallEffects | undefined)[] = [],
): AwaitGroup[] {
  const groups: AwaitGroup[] = [];
  let current: { kind: 'bound' | 'bare'; members: number[] } | undefined;
  const evidenced = (i: number) => verdictOf(effects[i]) === 'reads';
  const close = () => {
    if (current && current.members.length >= 2) {
      const { members } = current;
      groups.push({ kind: current.kind, first: members[0]!, last: members[members.length - 1]!, evidenced: members.every(evidenced) });
    }
    current = undefined;
  };
  statements.forEach((statement, index) => {
    const call = statement.call;
    if (statement.kind === 'other' || !call || call.sharedContext !== undefined) {
      close();
      return;
    }
    const verdict = verdictOf(effects[index]);
    if (verdict === 'orders' || verdict === 'no-io' || (verdict === 'unknown' && (statement.kind === 'bare' || endsGroup(call, options)))) {
      close();
      return;
    }
    const members = current?.kind === statement.kind ? current.members : undefined;
    const joins =
      members !== undefined &&
      members.every((earlier) => {
        const both = evidenced(earlier) && evidenced(index);
        // A conflict shown by what is known counts even when the rest of a callee is not known.
        const [a, b] = [effects[earlier], effects[index]];
        if (a && b && a.source !== 'unknown' && b.source !== 'unknown' && conflictBetween(a, b) !== undefined) return false;
        return !dependsOn(statement, statements[earlier]!, cls, both ? { ...options, repeatedCallsDepend: false } : options, both);
      });
    if (joins) {
      current!.members.push(index);
    } else {
      close();
      current = { kind: statement.kind, members: [index] };
    }
  });
  close();
  return groups;
}

/** SQL text that writes or locks (`query('INSERT ...')`, `SELECT ... FOR UPDATE`): the order matters. */
function writesOrLocksAsSql(text: string): boolean {
  const effect = sqlEffectOf(text);
  return effect === 'write' || effect === 'ordering';
}

/** A group-ending verb anywhere along the callee chain, a prompt-like string argument, or an HTTP write. */
export function endsGroup(call: AwaitedCall, options: GroupingOptions = {}): boolean {
  return (
    call.calleeNames.some(
      (name, i) => isGroupEndingCallee(name, options.extraEndingPrefixes) && (i === call.calleeNames.length - 1 || !AWAITED_CALL_ONLY_VERBS.has(firstWord(name))),
    ) ||
    call.stringArguments.some((s) => isPromptLikeString(s) || isWriteMethodString(s) || writesOrLocksAsSql(s))
  );
}

function isSameCallReordered(earlier: AwaitedCall, later: AwaitedCall): boolean {
  const sorted = (c: AwaitedCall) => [...c.argumentKeys].sort().join('\u0000');
  return earlier.calleeKey === later.calleeKey && sorted(earlier) === sorted(later);
}

/**
 * Whether `later` must wait for `earlier`: data, target, mutated-object and instance-field
 * dependencies. With evidence that both calls only read (`evidenced`), assigning another property
 * of an object an earlier statement assigned is not a dependency unless the later call reads it.
 */
export function dependsOn(later: AwaitStatement, earlier: AwaitStatement, cls?: ClassModel, options: GroupingOptions = {}, evidenced = false): boolean {
  const laterCall = later.call!;
  const earlierCall = earlier.call!;
  if (options.repeatedCallsDepend && isSameCallReordered(earlierCall, laterCall)) return true;
  // A method call may change its receiver's state: a later read of one of its attributes sees the change.
  if (earlierCall.receiverKey !== undefined && laterCall.attributeOwners?.includes(earlierCall.receiverKey)) return true;
  const laterReads = new Set([...laterCall.reads, ...later.targetReads]);
  if (earlier.binds.some((name) => laterReads.has(name))) return true;
  // Writing what an earlier statement bound or read keeps their order observable.
  const earlierTouched = new Set([...earlier.binds, ...earlierCall.reads, ...earlier.targetReads]);
  if (later.binds.some((name) => earlierTouched.has(name))) return true;
  if (earlier.mutatedRoots.length > 0) {
    const readByLater = evidenced ? new Set(laterCall.reads) : laterReads;
    if (laterCall.passesInstance || earlier.mutatedRoots.some((root) => readByLater.has(root))) return true;
  }
  if (earlier.instanceWrites.length > 0) {
    const written = new Set(earlier.instanceWrites);
    if (laterCall.passesInstance || later.instanceWrites.some((name) => written.has(name))) return true;
    const touchesWritten = (name: string) => reachableMembers(name, cls).some((m) => m === ANY_MEMBER || written.has(m));
    if (laterCall.instanceReads.some(touchesWritten)) return true;
    // A method the class body does not define (inherited, assigned at run time) could touch anything.
    if (laterCall.instanceCalls.some((name) => !cls?.touches.has(name) || touchesWritten(name))) return true;
  }
  return false;
}

/** `name` and every instance member its body touches, followed transitively through the class. */
export function reachableMembers(name: string, cls: ClassModel | undefined): string[] {
  const seen = new Set([name]);
  const queue = [name];
  while (queue.length > 0) {
    for (const next of cls?.touches.get(queue.pop()!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return [...seen];
}
