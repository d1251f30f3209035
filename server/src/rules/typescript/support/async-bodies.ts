/**
 * What an async function's own body (not the functions nested in it) does, from its syntax:
 * whether it awaits anything, its expression statements, and whether it can reject at all.
 */
import { ModifierFlags, NodeFlags, SyntaxKind, ts, type CallExpression, type Expression, type Node } from '../../../languages/typescript/ast.ts';
import { forEachDescendant, isFunctionBoundary } from '../../../languages/typescript/walk.ts';
import { skipParens } from './promise-syntax.ts';

/** Visits the nodes of a body that belong to its own function, stopping when `visit` returns true. */
function someOwn(body: Node, visit: (node: Node) => boolean): boolean {
  let found = false;
  forEachDescendant(body, (node) => {
    if (found || isFunctionBoundary(node) || ts.isClassDeclaration(node) || ts.isClassExpression(node)) return false;
    if (visit(node)) found = true;
    return !found;
  });
  return found;
}

/** The body of a function-like node, if it has one. */
export function bodyOf(fn: Node): Node | undefined {
  return (fn as { body?: Node }).body;
}

/** `await`, `for await` or `await using` in the function's own body. */
export function hasOwnAwait(body: Node): boolean {
  return someOwn(body, (node) => {
    if (ts.isAwaitExpression(node)) return true;
    if (ts.isForOfStatement(node) && node.awaitModifier !== undefined) return true;
    return ts.isVariableDeclarationList(node) && (node.flags & NodeFlags.AwaitUsing) === NodeFlags.AwaitUsing;
  });
}

/** The expressions of the expression statements of the function's own body. */
export function ownExpressionStatements(body: Node): Expression[] {
  const out: Expression[] = [];
  someOwn(body, (node) => {
    if (ts.isExpressionStatement(node)) out.push(node.expression);
    return false;
  });
  return out;
}

function containsThrow(block: Node): boolean {
  return someOwn(block, (node) => node.kind === SyntaxKind.ThrowStatement);
}

/**
 * A body whose promise cannot reject: it ends in `try { ... } catch { ... }` whose catch (and
 * finally) never throws, and every statement before that neither awaits nor throws (guards such
 * as `if (busy) return;`). Dropping its promise loses no error.
 */
export function cannotReject(body: Node | undefined): boolean {
  if (!body || !ts.isBlock(body) || body.statements.length === 0) return false;
  const statements = body.statements;
  const last = statements[statements.length - 1]!;
  if (!ts.isTryStatement(last) || !last.catchClause) return false;
  if (containsThrow(last.catchClause.block) || (last.finallyBlock && containsThrow(last.finallyBlock))) return false;
  return statements.slice(0, -1).every((s) => !containsThrowOrAwait(s));
}

function containsThrowOrAwait(statement: Node): boolean {
  if (statement.kind === SyntaxKind.ThrowStatement) return true;
  return someOwn(statement, (node) => node.kind === SyntaxKind.ThrowStatement || ts.isAwaitExpression(node));
}

/**
 * The calls a function hands its outcome to: for a plain function, the one call its body is
 * (`() => this.shutdown()`, `() => { return run(); }`); for an async function, the operands of
 * its awaits when every one is a call. Undefined otherwise. Used to see whether the work done
 * is of functions that cannot reject.
 */
export function delegatedCalls(fn: Node): CallExpression[] | undefined {
  const body = bodyOf(fn);
  if (!body) return undefined;
  const async = ((fn as { modifierFlags?: number }).modifierFlags ?? 0) & ModifierFlags.Async;
  if (!async) {
    let single: Node | undefined = body;
    if (ts.isBlock(body)) {
      const only = body.statements.length === 1 ? body.statements[0]! : undefined;
      single = only && (ts.isReturnStatement(only) || ts.isExpressionStatement(only)) ? (only as { expression?: Node }).expression : undefined;
    }
    const call = single && skipParens(single as Expression);
    return call && ts.isCallExpression(call) ? [call] : undefined;
  }
  const calls: CallExpression[] = [];
  let other = false;
  someOwn(body, (node) => {
    if (!ts.isAwaitExpression(node)) return false;
    const operand = skipParens(node.expression);
    if (ts.isCallExpression(operand)) calls.push(operand);
    else other = true;
    return other;
  });
  return !other && calls.length > 0 ? calls : undefined;
}
