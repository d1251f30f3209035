/**
 * What async-callback collects (an async function, or one whose type returns a promise, in a
 * position that may ignore its result) and how each finding reads.
 */
import { ts, type CallExpression, type Expression, type NewExpression, type Node } from '../../../languages/typescript/ast.ts';
import type { Slot } from './callback-slots.ts';
import { calleeName } from './promise-syntax.ts';

export interface ArgumentCandidate {
  kind: 'argument';
  call: CallExpression | NewExpression;
  /** The argument as written; `value` is the function in it (itself, or a branch of `?:`). */
  argument: Expression;
  value: Expression;
  viaForEach: boolean;
  /** Not async, but its type says it returns a promise (`() => Promise.resolve(x)`, a name, a spread). */
  promiseReturning?: boolean;
}

/** An async function (or a name of one) in a position other than a call argument. */
export interface SlotCandidate {
  kind: 'slot';
  slot: Slot;
  value: Expression;
  promiseReturning?: boolean;
}

/** An async method of an object literal, checked against the literal's contextual type. */
export interface MethodCandidate {
  kind: 'method';
  method: Node;
  literal: Expression;
  name: string;
  promiseReturning?: boolean;
}

/** Where the async function was found, and what the rule must ask about it. */
export type Candidate = ArgumentCandidate | SlotCandidate | MethodCandidate;

export const IGNORED = 'the promise it returns is ignored, so nothing waits for it and a rejection goes unhandled.';
const FOR_EACH =
  'Async callback passed to forEach: forEach ignores the promises it returns, so nothing waits for them and their rejections go unhandled.';

/** "Async function", or for a plain one whose type returns a promise, "Function returning a promise". */
function subject(c: Candidate, what: 'function' | 'method'): string {
  return c.promiseReturning ? `${what === 'method' ? 'Method' : 'Function'} returning a promise` : `Async ${what}`;
}

export function message(c: Candidate): string {
  const fn = subject(c, 'function');
  if (c.kind === 'argument') {
    if (c.viaForEach) return c.promiseReturning ? FOR_EACH.replace('Async callback', 'Callback returning a promise') : FOR_EACH;
    const name = ts.isCallExpression(c.call) ? calleeName(c.call) : undefined;
    return `${fn} passed ${name ? `to ${name} ` : ''}where a function returning void is expected: ${IGNORED}`;
  }
  if (c.kind === 'method') return `${subject(c, 'method')} ${c.name} given where its object's type expects a method returning void: ${IGNORED}`;
  switch (c.slot.kind) {
    case 'attribute':
      return `${fn} passed to the ${c.slot.name} attribute, which expects a function returning void: ${IGNORED}`;
    case 'property':
      return `${fn} given as property ${c.slot.name}, which expects a function returning void: ${IGNORED}`;
    case 'return':
      return `${fn} returned where a function returning void is expected: ${IGNORED}`;
    case 'variable':
      return `${fn} assigned ${c.slot.name ? `to ${c.slot.name} ` : ''}where a function returning void is expected: ${IGNORED}`;
  }
}

export function overrideMessage(name: string, base: string, plain: boolean): string {
  return `${plain ? 'Member' : 'Async method'} ${name}${plain ? ', which returns a promise,' : ''} overrides ${base}'s ${name}, which returns void: callers through ${base} ignore the promise it returns, so nothing waits for it and a rejection goes unhandled.`;
}
