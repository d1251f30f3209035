/** Syntax questions the promise rules share: async context, member calls, and where parentheses are needed. */
import {
  ModifierFlags,
  NodeFlags,
  SyntaxKind,
  ts,
  type ArrowFunction,
  type CallExpression,
  type Expression,
  type FunctionExpression,
  type Node,
  type SourceFile,
} from '../../../languages/typescript/ast.ts';
import { isFunctionBoundary } from '../../../languages/typescript/walk.ts';

export function skipParens(node: Expression): Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

function hasAsyncModifier(node: Node): boolean {
  return ((node as { modifierFlags?: ModifierFlags }).modifierFlags ?? 0) & ModifierFlags.Async ? true : false;
}

/**
 * True when `await` may be added at `node`: its nearest enclosing function is async. Top-level
 * await is left alone on purpose: it is only valid in ES modules, and whether a `.js` file is one
 * depends on package.json and the bundler, which a quick fix should not guess.
 */
export function isInAsyncFunction(node: Node): boolean {
  for (let n = node.parent; n && n.kind !== SyntaxKind.SourceFile; n = n.parent) {
    if (isFunctionBoundary(n)) return hasAsyncModifier(n);
  }
  return false;
}

/** An async arrow function or function expression (not an async generator, which returns no promise). */
export function isAsyncFunctionExpression(node: Node): node is ArrowFunction | FunctionExpression {
  if (!ts.isArrowFunction(node) && !ts.isFunctionExpression(node)) return false;
  return hasAsyncModifier(node) && !node.asteriskToken;
}

export function isAsyncFunctionDeclaration(node: Node): boolean {
  return ts.isFunctionDeclaration(node) && hasAsyncModifier(node) && !node.asteriskToken;
}

/** `recv.name(...)` or `recv['name'](...)`: the receiver and the method name. */
export function memberCall(call: CallExpression): { receiver: Expression; name: string; nameNode: Node } | undefined {
  const callee = skipParens(call.expression);
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name)) {
    return { receiver: callee.expression, name: callee.name.text, nameNode: callee.name };
  }
  if (ts.isElementAccessExpression(callee) && ts.isStringLiteral(callee.argumentExpression)) {
    return { receiver: callee.expression, name: callee.argumentExpression.text, nameNode: callee.argumentExpression };
  }
  return undefined;
}

/** The name a call is known by: `f()` → f, `a.b.f()` → f. */
export function calleeName(call: CallExpression): string | undefined {
  const callee = skipParens(call.expression);
  return ts.isIdentifier(callee) ? callee.text : memberCall(call)?.name;
}

export function isOptionalChain(node: Node): boolean {
  return (node.flags & NodeFlags.OptionalChain) !== 0;
}

/** Source text of `node` ready to be the operand of a prefix operator (`await x`, `void x`). */
export function asUnaryOperand(node: Expression, sourceFile: SourceFile): string {
  const text = node.getText(sourceFile);
  return ts.isUnaryExpression(node) ? text : `(${text})`;
}

/** Whether `node` can be followed by `.member` without parentheses. */
export function isMemberTarget(node: Expression): boolean {
  if (ts.isNewExpression(node)) return node.arguments !== undefined;
  if (node.kind === SyntaxKind.NumericLiteral || ts.isFunctionExpression(node) || ts.isClassExpression(node) || ts.isObjectLiteralExpression(node)) {
    return false;
  }
  return ts.isLeftHandSideExpression(node);
}

/**
 * Whether a statement starting at `start` may begin with `(` without joining the previous line:
 * without a semicolon before it, `(` would call the previous expression. Only the clear cases
 * (start of file, after `;`, `{` or `}`) count.
 */
export function canStartWithParen(text: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0 && /\s/.test(text[i]!)) i--;
  return i < 0 || text[i] === ';' || text[i] === '{' || text[i] === '}';
}
