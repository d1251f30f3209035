/** The two rewrites of a dropped task: keep it in a module-level set, or start it in a TaskGroup. */
import type { Fix, TextEdit } from '../../core/types.ts';
import { isAtLeast } from '../../languages/python/version.ts';
import { topLevelImports, topLevelStatementAt, walk, type Node } from '../../languages/python/syntax.ts';
import { freeName, indentationAt, lineBreakOf, lineEndOf, lineStartOf } from '../../core/text.ts';
import { asyncioAt, standsAlone } from './fixSupport.ts';
import type { PyRuleContext } from './types.ts';

const SET_NAME = '_background_tasks';

/** An existing module-level `name = set()` to reuse. */
function existingTaskSet(ctx: PyRuleContext): string | undefined {
  const bindings = ctx.semantics.scopes.module.bindings.get(SET_NAME);
  const isSet = bindings?.every((b) => b.kind === 'value' && b.element === undefined && b.shape.kind === 'call' && b.shape.callee.kind === 'name' && b.shape.callee.name === 'set');
  return isSet ? SET_NAME : undefined;
}

/** Where a module-level declaration goes: after the imports that precede the statement holding `node`. */
function declarationEdit(ctx: PyRuleContext, node: Node, declaration: string): TextEdit | undefined {
  const holder = topLevelStatementAt(ctx.root, node.startIndex);
  if (!holder) return undefined;
  const lb = lineBreakOf(ctx.text);
  const lastImport = topLevelImports(ctx.root).findLast((i) => i.startIndex < holder.startIndex);
  if (lastImport) {
    const end = lineEndOf(ctx.text, lastImport.endIndex);
    return { start: end, end, newText: `${lb}${lb}${declaration}` };
  }
  const start = lineStartOf(ctx.text, holder.startIndex);
  return { start, end: start, newText: `${declaration}${lb}${lb}` };
}

export function keepInSetFix(ctx: PyRuleContext, statement: Node, call: Node): Fix | undefined {
  if (!standsAlone(ctx.text, statement)) return undefined;
  const existing = existingTaskSet(ctx);
  const setName = existing ?? freeName(SET_NAME, ctx.identifiers);
  const edits: TextEdit[] = [];
  if (!existing) {
    const declaration = declarationEdit(ctx, statement, `${setName} = set()`);
    if (!declaration) return undefined;
    edits.push(declaration);
  }
  const task = freeName('task', ctx.identifiers);
  const indent = indentationAt(ctx.text, statement.startIndex);
  const lb = lineBreakOf(ctx.text);
  // A trailing comment stays on the line of the call it commented.
  const end = lineEndOf(ctx.text, statement.endIndex);
  const comment = ctx.text.slice(statement.endIndex, end).trimEnd();
  edits.push({
    start: statement.startIndex,
    end: statement.endIndex + comment.length,
    newText: [`${task} = ${call.text}${comment}`, `${indent}${setName}.add(${task})`, `${indent}${task}.add_done_callback(${setName}.discard)`].join(lb),
  });
  return { title: `Keep the task in the module-level set \`${setName}\``, applicability: 'safe', edits };
}

/** `name = create_task(...)` whose name is never read: add it to the module-level set after the statement. */
export function keepNamedInSetFix(ctx: PyRuleContext, statement: Node, name: string): Fix | undefined {
  if (!standsAlone(ctx.text, statement)) return undefined;
  const existing = existingTaskSet(ctx);
  const setName = existing ?? freeName(SET_NAME, ctx.identifiers);
  const edits: TextEdit[] = [];
  if (!existing) {
    const declaration = declarationEdit(ctx, statement, `${setName} = set()`);
    if (!declaration) return undefined;
    edits.push(declaration);
  }
  const indent = indentationAt(ctx.text, statement.startIndex);
  const lb = lineBreakOf(ctx.text);
  const end = lineEndOf(ctx.text, statement.endIndex);
  edits.push({ start: end, end, newText: `${lb}${indent}${setName}.add(${name})${lb}${indent}${name}.add_done_callback(${setName}.discard)` });
  return { title: `Keep the task in the module-level set \`${setName}\``, applicability: 'safe', edits };
}

function containsNode(root: Node, test: (n: Node) => boolean): boolean {
  let found = false;
  walk(root, (n) => {
    if (found) return false;
    if (test(n)) found = true;
    return !found;
  });
  return found;
}

/**
 * `async with asyncio.TaskGroup() as tg:` around the statement and the rest of the function body,
 * with the task started by `tg.create_task(...)`. Only where re-indenting is safe (no multi-line
 * strings), the function is not an async generator, and the project does not target a Python
 * older than 3.11.
 */
export function taskGroupFix(ctx: PyRuleContext, statement: Node, call: Node, fn: Node): Fix | undefined {
  // TaskGroup is new in Python 3.11; a project that declares no target gets the fix.
  if (ctx.targetPython && !isAtLeast(ctx.targetPython, 3, 11)) return undefined;
  const block = statement.parent;
  const callee = call.childForFieldName('function');
  if (!block || block.type !== 'block' || !fn.childForFieldName('body')?.equals(block) || !callee) return undefined;
  if (!standsAlone(ctx.text, statement)) return undefined;
  if (containsNode(block, (n) => n.type === 'yield')) return undefined;
  const start = lineStartOf(ctx.text, statement.startIndex);
  const end = block.endIndex;
  if (containsNode(block, (n) => n.type === 'string' && n.startIndex >= start && /[\r\n]/.test(n.text))) return undefined;
  const indent = indentationAt(ctx.text, statement.startIndex);
  const outer = indentationAt(ctx.text, fn.startIndex);
  if (!indent.startsWith(outer) || indent.length === outer.length) return undefined;
  const unit = indent.slice(outer.length);
  const asyncio = asyncioAt(ctx, call);
  if (!asyncio) return undefined;
  const tg = freeName('tg', ctx.identifiers);
  const lb = lineBreakOf(ctx.text);
  const body = ctx.text.slice(start, callee.startIndex) + `${tg}.create_task` + ctx.text.slice(callee.endIndex, end);
  const indented = body
    .split(/\r?\n|\r/)
    .map((line) => (line.trim() === '' ? line : unit + line))
    .join(lb);
  return {
    title: 'Start it in an asyncio.TaskGroup that waits for it',
    applicability: 'unsafe',
    edits: [...asyncio.edits, { start, end, newText: `${indent}async with ${asyncio.name}.TaskGroup() as ${tg}:${lb}${indented}` }],
  };
}
