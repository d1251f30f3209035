/**
 * Whether a promise-valued expression statement is handled, following typescript-eslint's
 * `no-floating-promises`: awaited/returned values never reach here; `void`, a rejection handler
 * (`.catch(fn)`, `.then(a, fn)`), an assignment or a known-safe call handle it; `.finally` is
 * looked through; each branch of `?:`, `&&`, `||`, `??` counts.
 *
 * Works in two steps so type queries are batched: `typedNodesOf` lists, syntactically, every node
 * whose type the verdict may need; `verdictOf` then decides with those types.
 */
import { SyntaxKind, ts, type CallExpression, type Expression, type Node } from '../../../languages/typescript/ast.ts';
import type { PromiseQuery, Type, TypeFacts } from '../../../languages/typescript/typeFacts.ts';
import { declaredWhere, parseTypeSpecifiers, type TypeSpecifier } from '../../../languages/typescript/typeSpecifiers.ts';
import { calleeName, memberCall, skipParens } from './promise-syntax.ts';

export type SafeCallSpec = TypeSpecifier;

export interface FloatingOptions extends PromiseQuery {
  ignoreVoid: boolean;
  ignoreIIFE: boolean;
  safeCalls: SafeCallSpec[];
  /** Promise types never reported (`allowForKnownSafePromises`). */
  safePromises: TypeSpecifier[];
}

/** `typeNode`: the outermost expression whose type made it a promise (the operand of a reported `void`). */
export type Floating = { floating: true; reason: 'unhandled' | 'handlerNotFunction' | 'array'; typeNode: Expression };
export type Verdict = { floating: false } | Floating;

const HANDLED: Verdict = { floating: false };
const LOGICAL = new Set([SyntaxKind.AmpersandAmpersandToken, SyntaxKind.BarBarToken, SyntaxKind.QuestionQuestionToken]);

/** Parses `allowForKnownSafeCalls` (and `allowForKnownSafePromises`): typescript-eslint's specifiers. */
export const parseSafeCalls = parseTypeSpecifiers;

/** Splits `a, b, c` into the expressions a statement evaluates one after another; each is checked alone. */
export function commaParts(expression: Expression): Expression[] {
  const node = skipParens(expression);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === SyntaxKind.CommaToken) {
    return [...commaParts(node.left), ...commaParts(node.right)];
  }
  return [node];
}

/** `(async () => { ... })()`: a call of a function expression written in place. */
export function isIife(node: Expression): boolean {
  if (!ts.isCallExpression(node)) return false;
  const callee = skipParens(node.expression);
  return ts.isArrowFunction(callee) || ts.isFunctionExpression(callee);
}

function isAssignment(node: Expression): boolean {
  return ts.isBinaryExpression(node) && node.operatorToken.kind >= SyntaxKind.FirstAssignment && node.operatorToken.kind <= SyntaxKind.LastAssignment;
}

/**
 * The rejection handler of `.catch(fn)` / `.then(a, fn)`. A spread at or before its slot moves
 * the arguments (`then(...[], fn)` passes `fn` as the fulfilment handler): no handler is known.
 */
function rejectionHandler(call: CallExpression): { method: 'catch' | 'then'; handler: Expression | undefined } | undefined {
  const member = memberCall(call);
  const slot = member?.name === 'catch' ? 0 : member?.name === 'then' ? 1 : undefined;
  if (slot === undefined) return undefined;
  const spread = call.arguments.slice(0, slot + 1).some((a) => ts.isSpreadElement(a));
  return { method: member!.name as 'catch' | 'then', handler: spread ? undefined : call.arguments[slot] };
}

function matchesSafeCallName(call: CallExpression, specs: readonly SafeCallSpec[]): boolean {
  const name = calleeName(call);
  return name !== undefined && specs.some((s) => s.name.includes(name));
}

/** Every node whose type `verdictOf` may ask for, found without types. */
export function typedNodesOf(node: Expression, options: FloatingOptions, out: Node[]): void {
  node = skipParens(node);
  if (isAssignment(node)) return;
  if (ts.isVoidExpression(node)) {
    if (!options.ignoreVoid) typedNodesOf(node.expression, options, out);
    return;
  }
  out.push(node);
  // Only its type, for an array of promises: an awaited promise is handled.
  if (ts.isAwaitExpression(node)) return;
  if (ts.isCallExpression(node)) {
    if (matchesSafeCallName(node, options.safeCalls)) out.push(node.expression);
    const handling = rejectionHandler(node);
    if (handling?.handler) out.push(handling.handler);
    const member = memberCall(node);
    if (member?.name === 'finally') typedNodesOf(member.receiver, options, out);
  } else if (ts.isConditionalExpression(node)) {
    typedNodesOf(node.whenTrue, options, out);
    typedNodesOf(node.whenFalse, options, out);
  } else if (ts.isBinaryExpression(node) && LOGICAL.has(node.operatorToken.kind)) {
    typedNodesOf(node.left, options, out);
    typedNodesOf(node.right, options, out);
  }
}

export function verdictOf(node: Expression, options: FloatingOptions, typeOf: (node: Node) => Type | undefined, facts: TypeFacts): Verdict {
  node = skipParens(node);
  if (isAssignment(node)) return HANDLED;
  if (ts.isVoidExpression(node)) return options.ignoreVoid ? HANDLED : verdictOf(node.expression, options, typeOf, facts);
  const type = typeOf(node);
  if (!type) return HANDLED;
  const safe = (t: Type) => facts.matchesTypeSpecifiers(t, options.safePromises);
  if (facts.isArrayOfPromises(type, options, options.safePromises.length > 0 ? safe : undefined)) return { floating: true, reason: 'array', typeNode: node };
  // TypeScript types `await (p as Promise<number> & number)` as the intersection: an awaited value is never a promise.
  if (ts.isAwaitExpression(node)) return HANDLED;
  if (safe(type)) return HANDLED;
  const kind = facts.promiseKindOfType(type, options);
  if (kind !== 'promise' && kind !== 'some') return HANDLED;
  const verdict = promiseVerdict(node, options, typeOf, facts);
  return verdict.floating ? { ...verdict, typeNode: node } : verdict;
}

function promiseVerdict(node: Expression, options: FloatingOptions, typeOf: (node: Node) => Type | undefined, facts: TypeFacts): Verdict {
  const unhandled: Verdict = { floating: true, reason: 'unhandled', typeNode: node };
  if (ts.isCallExpression(node)) {
    if (isKnownSafeCall(node, options.safeCalls, typeOf, facts)) return HANDLED;
    const handling = rejectionHandler(node);
    if (handling) {
      if (!handling.handler) return unhandled;
      const handlerType = typeOf(handling.handler);
      // A handler we cannot type (any, unknown) may well be a function: precision first.
      return handlerType && facts.isCallable(handlerType) === 'no' ? { floating: true, reason: 'handlerNotFunction', typeNode: node } : HANDLED;
    }
    const member = memberCall(node);
    if (member?.name === 'finally') return verdictOf(member.receiver, options, typeOf, facts);
    return unhandled;
  }
  if (ts.isConditionalExpression(node)) return firstFloating([node.whenTrue, node.whenFalse], options, typeOf, facts);
  if (ts.isBinaryExpression(node) && LOGICAL.has(node.operatorToken.kind)) return firstFloating([node.left, node.right], options, typeOf, facts);
  return unhandled;
}

function firstFloating(branches: Expression[], options: FloatingOptions, typeOf: (node: Node) => Type | undefined, facts: TypeFacts): Verdict {
  for (const branch of branches) {
    const verdict = verdictOf(branch, options, typeOf, facts);
    if (verdict.floating) return verdict;
  }
  return HANDLED;
}

function isKnownSafeCall(call: CallExpression, specs: readonly SafeCallSpec[], typeOf: (node: Node) => Type | undefined, facts: TypeFacts): boolean {
  const name = calleeName(call);
  if (name === undefined) return false;
  const calleeType = typeOf(call.expression);
  // Without declarations to check the origin against, the name alone decides (fewer findings, never wrong ones).
  const files = calleeType ? facts.declarationFiles(calleeType) : [];
  return specs.some((spec) => spec.name.includes(name) && (files.length === 0 || declaredWhere(spec, files)));
}
