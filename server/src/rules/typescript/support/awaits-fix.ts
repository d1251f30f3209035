/**
 * The `sequential-awaits` rewrite: adjacent awaited statements → one `await Promise.all([...])`
 * keeping names, result order, `const`/`let`, types (as a tuple type) and comments.
 */
import { indentationAt, lineBreakOf } from '../../../core/text.ts';
import type { Fix } from '../../../core/types.ts';
import type { Node, SourceFile } from '../../../languages/typescript/ast.ts';
import { commentsOutsideKept, indentUnitOf, withCommentsAbove } from './awaits-comments.ts';
import type { ClassifiedStatement, DeclarationKind, StatementParts } from './awaits-statements.ts';

/** Longest single line the rewrite writes before it puts one call per line. */
const MAX_LINE = 100;

export const SEQUENTIAL_FIX_TITLE = 'Run them together with Promise.all: all calls start at once';

/**
 * The text before `= await Promise.all(...)`, or undefined when the statements cannot be combined
 * into one: declarations mixed with assignments, `var` mixed with `let`/`const`, different
 * modifiers, types on some but not all, or a retyped await (`(await f()) as T`).
 */
function combinedHead(parts: readonly StatementParts[], sf: SourceFile): string | undefined {
  if (parts.some((p) => !p.combinable)) return undefined;
  if (parts.every((p) => p.target === undefined)) return '';
  const targets = `[${parts.map((p) => p.target!.getText(sf)).join(', ')}]`;
  const kinds = new Set(parts.map((p) => p.declarationKind));
  if (kinds.has(undefined)) return kinds.size === 1 ? targets : undefined;
  if (kinds.has('var') && kinds.size > 1) return undefined;
  // const mixed with let: `let` keeps every name assignable that was; run-time behaviour is the same.
  const kind: DeclarationKind = kinds.size === 1 ? parts[0]!.declarationKind! : 'let';
  if (new Set(parts.map((p) => p.modifiers)).size > 1) return undefined;
  const typed = parts.filter((p) => p.type !== undefined).length;
  if (typed > 0 && typed < parts.length) return undefined;
  const tuple = typed > 0 ? `: [${parts.map((p) => p.type!.getText(sf)).join(', ')}]` : '';
  return `${parts[0]!.modifiers}${kind} ${targets}${tuple}`;
}

export function promiseAllFix(sf: SourceFile, group: readonly ClassifiedStatement[], previous: Node | undefined): Fix | undefined {
  const parts = group.map((g) => g.parts!);
  const head = combinedHead(parts, sf);
  if (head === undefined) return undefined;
  const text = sf.text;
  const first = group[0]!.node;
  const last = group[group.length - 1]!.node;
  const indent = indentationAt(text, first.getStart(sf));
  const lineBreak = lineBreakOf(text);
  const calls = parts.map((p) => p.call.getText(sf));
  const semicolon = last.getText(sf).endsWith(';') ? ';' : '';
  // Without semicolons, a line starting with `[` would continue the previous statement.
  const guard = head.startsWith('[') && previous && !/[;}]$/.test(previous.getText(sf)) ? ';' : '';
  const prefix = `${guard}${head}${head ? ' = ' : ''}await Promise.all([`;
  let statement = `${prefix}${calls.join(', ')}])${semicolon}`;
  if (indent.length + statement.length > MAX_LINE || calls.some((c) => c.includes('\n'))) {
    const inner = indent + indentUnitOf(text);
    statement = `${prefix}${calls.map((c) => lineBreak + inner + c + ',').join('')}${lineBreak}${indent}])${semicolon}`;
  }
  const kept = new Set<Node>(parts.flatMap((p) => [p.call, p.target, p.type].filter((n): n is Node => n !== undefined)));
  const comments = commentsOutsideKept(sf, group.map((g) => g.node), kept);
  return {
    title: SEQUENTIAL_FIX_TITLE,
    applicability: 'unsafe',
    edits: [{ start: first.getStart(sf), end: last.end, newText: withCommentsAbove(comments, statement, indent, lineBreak) }],
  };
}
