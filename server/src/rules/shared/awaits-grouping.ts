/**
 * Groups adjacent awaited statements into runs that could run together, as measured in
 * notes/sequential-awaits-in-real-code.md:
 *  - only statements that keep the awaited result (`bound`) form groups; a bare `await f();` ends
 *    one, except a run of bare awaits of the same read-like callee with different arguments;
 *  - a call whose name starts with a group-ending verb, or with a prompt-like string argument,
 *    ends the group (and is not part of one);
 *  - a statement that depends on an earlier member starts a new group, so the result is the
 *    maximal runs of independent statements.
 */
import { ANY_MEMBER, type AwaitedCall, type AwaitGroup, type AwaitStatement, type ClassModel } from './awaits-model.ts';
import { isGroupEndingCallee, isPromptLikeString, isReadLikeCallee, isWriteMethodString } from './awaits-vocabulary.ts';

export interface GroupingOptions {
  /** Extra group-ending name prefixes (Python's stream I/O). */
  extraEndingPrefixes?: readonly string[];
  /**
   * A call repeated with the same arguments, in any order, depends on the earlier one: reading a
   * stream or queue twice, polling, relaying between two peers one way then back. Measured on
   * Python library code.
   */
  repeatedCallsDepend?: boolean;
}

export function findAwaitGroups(statements: readonly AwaitStatement[], cls?: ClassModel, options: GroupingOptions = {}): AwaitGroup[] {
  const groups: AwaitGroup[] = [];
  let current: { kind: 'bound' | 'bare'; members: number[] } | undefined;
  const close = () => {
    if (current && current.members.length >= 2) {
      groups.push({ kind: current.kind, first: current.members[0]!, last: current.members[current.members.length - 1]! });
    }
    current = undefined;
  };
  statements.forEach((statement, index) => {
    const call = statement.call;
    if (statement.kind === 'other' || !call || endsGroup(call, options)) {
      close();
      return;
    }
    if (statement.kind === 'bare' && !isReadLikeCallee(call.calleeNames[call.calleeNames.length - 1] ?? '')) {
      close();
      return;
    }
    const members = current?.kind === statement.kind ? current.members.map((i) => statements[i]!) : undefined;
    const joins =
      members !== undefined &&
      members.every((earlier) => !dependsOn(statement, earlier, cls, options)) &&
      (statement.kind === 'bound' || members.every((earlier) => isSameCallWithOtherArguments(earlier.call!, call)));
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

/** A group-ending verb anywhere along the callee chain, a prompt-like string argument, or an HTTP write. */
export function endsGroup(call: AwaitedCall, options: GroupingOptions = {}): boolean {
  return (
    call.calleeNames.some((name) => isGroupEndingCallee(name, options.extraEndingPrefixes)) ||
    call.stringArguments.some((s) => isPromptLikeString(s) || isWriteMethodString(s))
  );
}

function isSameCallWithOtherArguments(earlier: AwaitedCall, later: AwaitedCall): boolean {
  return earlier.calleeKey === later.calleeKey && !isSameCall(earlier, later);
}

function isSameCall(earlier: AwaitedCall, later: AwaitedCall): boolean {
  return earlier.calleeKey === later.calleeKey && earlier.argumentKeys.join('\u0000') === later.argumentKeys.join('\u0000');
}

function isSameCallReordered(earlier: AwaitedCall, later: AwaitedCall): boolean {
  const sorted = (c: AwaitedCall) => [...c.argumentKeys].sort().join('\u0000');
  return earlier.calleeKey === later.calleeKey && sorted(earlier) === sorted(later);
}

/** Whether `later` must wait for `earlier`: data, target, mutated-object and instance-field dependencies. */
export function dependsOn(later: AwaitStatement, earlier: AwaitStatement, cls?: ClassModel, options: GroupingOptions = {}): boolean {
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
    if (laterCall.passesInstance || earlier.mutatedRoots.some((root) => laterReads.has(root))) return true;
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
