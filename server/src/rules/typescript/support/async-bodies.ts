/**
 * What an async function's own body (not the functions nested in it) does, from its syntax:
 * whether it awaits anything, its expression statements, and whether it can reject at all.
 */
import { NodeFlags, SyntaxKind, ts, type Expression, type Node } from '../../../languages/typescript/ast.ts';
import { forEachDescendant, isFunctionBoundary } from '../../../languages/typescript/walk.ts';

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
 * A body that is one `try { ... } catch { ... }` whose catch (and finally) never throws: the
 * function's promise cannot reject, so dropping it loses no error.
 */
export function cannotReject(body: Node | undefined): boolean {
  if (!body || !ts.isBlock(body) || body.statements.length !== 1) return false;
  const statement = body.statements[0]!;
  if (!ts.isTryStatement(statement) || !statement.catchClause) return false;
  if (containsThrow(statement.catchClause.block)) return false;
  return !statement.finallyBlock || !containsThrow(statement.finallyBlock);
}
