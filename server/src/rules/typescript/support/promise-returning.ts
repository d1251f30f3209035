/**
 * Syntax that may hand over a function returning a promise without being `async`:
 * `() => Promise.resolve(x)`, `function () { return load(); }`, a name or member (`foo(bar)`),
 * a spread of functions (`consume(...cbs)`). Whether it does is a type question async-callback
 * asks afterwards, for these candidates only.
 */
import { SyntaxKind, ts, type Expression, type Node } from '../../../languages/typescript/ast.ts';
import { forEachDescendant, isFunctionBoundary } from '../../../languages/typescript/walk.ts';
import { skipParens } from './promise-syntax.ts';

/** Expressions that can evaluate to a promise: calls, names, members, branches. Literals, arithmetic and comparisons cannot. */
const MAY_BE_PROMISE = new Set<SyntaxKind>([
  SyntaxKind.CallExpression,
  SyntaxKind.NewExpression,
  SyntaxKind.Identifier,
  SyntaxKind.PropertyAccessExpression,
  SyntaxKind.ElementAccessExpression,
  SyntaxKind.ConditionalExpression,
  SyntaxKind.NonNullExpression,
  SyntaxKind.AsExpression,
  SyntaxKind.SatisfiesExpression,
  SyntaxKind.TaggedTemplateExpression,
  SyntaxKind.BinaryExpression,
]);

function mayBePromise(expression: Expression): boolean {
  const node = skipParens(expression);
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    return op === SyntaxKind.AmpersandAmpersandToken || op === SyntaxKind.BarBarToken || op === SyntaxKind.QuestionQuestionToken || op === SyntaxKind.CommaToken;
  }
  return MAY_BE_PROMISE.has(node.kind);
}

/** A written return type other than `void` (`f(): Promise<void> { throw ... }` returns a promise without a `return`). */
export function declaresReturnType(fn: Node): boolean {
  const type = (fn as { type?: Node }).type;
  return type !== undefined && type.kind !== SyntaxKind.VoidKeyword;
}

/** A `return <value that may be a promise>` of this body's own function (not of functions nested in it). */
export function hasPromiseLikeReturn(body: Node): boolean {
  let found = false;
  forEachDescendant(body, (node) => {
    if (found || isFunctionBoundary(node) || ts.isClassDeclaration(node) || ts.isClassExpression(node)) return false;
    if (ts.isReturnStatement(node) && node.expression && mayBePromise(node.expression)) found = true;
    return !found;
  });
  return found;
}

/**
 * Whether a non-async value may be a function returning a promise, from its syntax alone. Async
 * functions and names of local async functions are handled apart; anything else (literals,
 * objects, calls that build a function) is not a candidate.
 */
export function mayReturnPromise(value: Expression): boolean {
  if (ts.isArrowFunction(value)) {
    if (declaresReturnType(value)) return true;
    return ts.isBlock(value.body) ? hasPromiseLikeReturn(value.body) : mayBePromise(value.body as Expression);
  }
  if (ts.isFunctionExpression(value)) return !value.asteriskToken && value.body !== undefined && (declaresReturnType(value) || hasPromiseLikeReturn(value.body));
  return ts.isIdentifier(value) || ts.isPropertyAccessExpression(value) || ts.isElementAccessExpression(value) || ts.isSpreadElement(value);
}
