/** Edits Python fixes share: adding `import asyncio`, wrapping a call in `await`, the text of calls. */
import { lineBreakOf, lineEndOf, lineStartOf } from '../../core/text.ts';
import type { TextEdit } from '../../core/types.ts';
import { topLevelStatements, type Node } from '../../languages/python/syntax.ts';
import type { PyRuleContext } from './types.ts';

export interface ModuleAccess {
  /** How to spell the module at the fix's location (`asyncio`, or its alias). */
  name: string;
  /** The `import asyncio` to add when nothing imports it yet. */
  edits: TextEdit[];
}

/** How the fix refers to asyncio at `node`, adding `import asyncio` when needed; undefined when the name is taken. */
export function asyncioAt(ctx: PyRuleContext, node: Node): ModuleAccess | undefined {
  const scope = ctx.semantics.scopeAt(node);
  const isAsyncio = (name: string) => {
    if (!ctx.semantics.isBound(name, scope)) return false; // an unimported `asyncio` still needs its import
    const v = ctx.semantics.lookupName(name, scope);
    return v?.kind === 'library' && v.qname === 'asyncio';
  };
  if (isAsyncio('asyncio')) return { name: 'asyncio', edits: [] };
  for (const [name, bindings] of ctx.semantics.scopes.module.bindings) {
    if (bindings.some((b) => b.kind === 'import-module' && b.dotted === 'asyncio' && !b.bindsRoot) && isAsyncio(name)) return { name, edits: [] };
  }
  if (ctx.semantics.isBound('asyncio', scope)) return undefined;
  return { name: 'asyncio', edits: [importEdit(ctx.text, ctx.root, 'import asyncio')] };
}

/**
 * Where a new top-level import goes: before the first import, after a module docstring and
 * `from __future__` imports; when the module has no import, before its first statement.
 */
export function importEdit(text: string, root: Node, statement: string): TextEdit {
  const lb = lineBreakOf(text);
  const statements = topLevelStatements(root).filter((c) => c.type !== 'comment');
  let i = 0;
  let after: Node | undefined;
  if (statements[0]?.type === 'expression_statement' && statements[0].namedChild(0)?.type === 'string') after = statements[i++];
  while (statements[i]?.type === 'import_from_statement' && statements[i]!.childForFieldName('module_name')?.text === '__future__') after = statements[i++];
  const next = statements[i];
  if (next && (next.type === 'import_statement' || next.type === 'import_from_statement' || !after)) {
    const start = lineStartOf(text, next.startIndex);
    return { start, end: start, newText: statement + lb };
  }
  if (after) {
    const end = lineEndOf(text, after.endIndex);
    return { start: end, end, newText: lb + statement };
  }
  const end = text.length;
  return { start: end, end, newText: (text.length > 0 && !/[\r\n]$/.test(text) ? lb : '') + statement + lb };
}

/** The node is the only thing on its lines: nothing but indentation before, a comment at most after. */
export function standsAlone(text: string, node: Node): boolean {
  const before = text.slice(lineStartOf(text, node.startIndex), node.startIndex);
  const after = text.slice(node.endIndex, lineEndOf(text, node.endIndex));
  return /^[ \t]*$/.test(before) && /^[ \t]*(#.*)?$/.test(after);
}

/** Parent positions where `await x` must be parenthesised: the object of `.attr`, `[i]` or a call. */
export function needsParensForAwait(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  const role =
    (parent.type === 'attribute' && parent.childForFieldName('object')?.equals(node)) ||
    (parent.type === 'subscript' && parent.childForFieldName('value')?.equals(node)) ||
    (parent.type === 'call' && parent.childForFieldName('function')?.equals(node));
  return role === true;
}

/** Replaces `node` with `await <expression>`, parenthesised where the grammar needs it. */
export function awaitReplacement(node: Node, expression: string): TextEdit {
  const text = `await ${expression}`;
  return { start: node.startIndex, end: node.endIndex, newText: needsParensForAwait(node) ? `(${text})` : text };
}

/** Source text of a call's arguments as they can be passed on after another first argument. */
export function argumentsText(call: Node): string | undefined {
  const args = call.childForFieldName('arguments');
  if (!args) return undefined;
  if (args.type === 'generator_expression') return args.text; // already parenthesised
  if (args.namedChildren.some((c) => c?.type === 'comment')) return undefined;
  const inner = args.text.slice(1, -1).trim();
  return inner.replace(/,\s*$/, '');
}

/** How a message names a call: its callee as written, shortened: `session.get(...)`. */
export function callLabel(call: Node): string {
  const callee = (call.childForFieldName('function')?.text ?? '').replace(/\s+/g, '');
  const short = callee.length > 40 ? `…${callee.slice(-39)}` : callee;
  const args = call.childForFieldName('arguments');
  return `${short}(${args && args.namedChildCount > 0 ? '...' : ''})`;
}
