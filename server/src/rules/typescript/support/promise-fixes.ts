/** Edits that handle a promise-valued expression: `await` it, mark it with `void`, or give it a rejection handler. */
import type { Fix, TextEdit } from '../../../core/types.ts';
import { ts, type Expression, type SourceFile } from '../../../languages/typescript/ast.ts';
import { canStartWithParen, isMemberTarget } from './promise-syntax.ts';

/** Logs instead of crashing: what most code wants from a handler added by a tool. */
export const LOGGING_CATCH = '.catch((error) => { console.error(error); })';

/** Insertions around `node` (never a rewrite of its text, so edits inside it stay valid). */
function wrap(node: Expression, sourceFile: SourceFile, before: string, after: string): TextEdit[] {
  const start = node.getStart(sourceFile);
  return [
    { start, end: start, newText: before },
    { start: node.end, end: node.end, newText: after },
  ].filter((e) => e.newText !== '');
}

/** `await x` / `void x`, with parentheses when `x` binds looser than a prefix operator. */
function prefix(node: Expression, sourceFile: SourceFile, operator: string): TextEdit[] {
  return ts.isUnaryExpression(node) ? wrap(node, sourceFile, `${operator} `, '') : wrap(node, sourceFile, `${operator} (`, ')');
}

export function awaitFix(node: Expression, sourceFile: SourceFile): Fix {
  return { title: 'Await the promise', applicability: 'unsafe', edits: prefix(node, sourceFile, 'await') };
}

export function voidFix(node: Expression, sourceFile: SourceFile): Fix {
  return { title: 'Mark the promise as intentionally not awaited with `void`', applicability: 'unsafe', edits: prefix(node, sourceFile, 'void') };
}

/**
 * Appends a logging `.catch`. Undefined when the expression needs parentheses at the start of a
 * statement that could then join the previous line (`f()\n(a ? p : q).catch(...)` calls `f()`'s result).
 */
export function catchFix(node: Expression, sourceFile: SourceFile): Fix | undefined {
  let edits: TextEdit[];
  if (isMemberTarget(node)) {
    edits = wrap(node, sourceFile, '', LOGGING_CATCH);
  } else if (canStartWithParen(sourceFile.text, node.getStart(sourceFile))) {
    edits = wrap(node, sourceFile, '(', `)${LOGGING_CATCH}`);
  } else {
    return undefined;
  }
  return { title: 'Add a rejection handler that logs the error', applicability: 'unsafe', edits };
}

/** For an array of promises: `await Promise.all(xs)`. */
export function awaitAllFix(node: Expression, sourceFile: SourceFile): Fix {
  return { title: 'Await all the promises with Promise.all', applicability: 'unsafe', edits: wrap(node, sourceFile, 'await Promise.all(', ')') };
}

/** For an array of promises: `Promise.all(xs).catch(...)`. */
export function catchAllFix(node: Expression, sourceFile: SourceFile): Fix {
  return {
    title: 'Handle the rejections with Promise.all(...).catch',
    applicability: 'unsafe',
    edits: wrap(node, sourceFile, 'Promise.all(', `)${LOGGING_CATCH}`),
  };
}
