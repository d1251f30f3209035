/**
 * The `sequential-awaits` rewrites for Python: one `asyncio.gather(...)` keeping names, result order,
 * annotations and comments, and (Python 3.11+) the `asyncio.TaskGroup` form.
 */
import type { Fix } from '../../core/types.ts';
import { stripParens, type Node } from '../../languages/python/syntax.ts';
import { isAtLeast, parsePythonVersion } from '../../languages/python/version.ts';
import type { ClassifiedStatement } from './awaitsStatements.ts';
import { commentsWithin } from './awaitsSyntax.ts';
import { freeName, indentationAt, lineBreakOf } from '../../core/text.ts';
import { asyncioAt, type ModuleAccess } from './fixSupport.ts';
import type { PyRuleContext } from './types.ts';

/** Longest single line the rewrite writes before it puts one call per line. */
const MAX_LINE = 100;

export const GATHER_FIX_TITLE = 'Run them together with asyncio.gather (all start at once; a failure does not cancel the others)';
export const TASK_GROUP_FIX_TITLE = 'Run them together in an asyncio.TaskGroup (a failure cancels the others)';

/** The gather fix, then the TaskGroup fix when the target Python has it. Empty when `asyncio` cannot be named. */
export function sequentialFixes(ctx: PyRuleContext, group: readonly ClassifiedStatement[]): Fix[] {
  const asyncio = asyncioAt(ctx, group[0]!.node);
  if (!asyncio) return [];
  const fixes = [gatherFix(ctx, group, asyncio)];
  if (hasTaskGroup(ctx)) fixes.push(taskGroupFix(ctx, group, asyncio));
  return fixes;
}

interface Layout {
  indent: string;
  lineBreak: string;
  /** One indentation step of the file. */
  unit: string;
  /** Comments the replaced text holds outside the calls and targets, each to go on its own line above. */
  comments: string[];
  start: number;
  end: number;
}

function layoutOf(ctx: PyRuleContext, group: readonly ClassifiedStatement[]): Layout {
  const first = group[0]!.node;
  const last = group[group.length - 1]!.node;
  const kept = group.flatMap((g) => [g.parts!.call, g.parts!.target, g.parts!.type].filter((n): n is Node => n !== undefined));
  const indent = indentationAt(ctx.text, first.startIndex);
  return {
    indent,
    lineBreak: lineBreakOf(ctx.text),
    unit: indentUnitAt(ctx.text, first, indent),
    comments: commentsWithin(group.map((g) => g.node), kept).map((c) => c.text),
    start: first.startIndex,
    end: last.endIndex,
  };
}

/** The step between the block's indentation and its owner's (`def`, `if`, ...); 4 spaces when unclear. */
function indentUnitAt(text: string, statement: Node, indent: string): string {
  const owner = statement.parent?.parent;
  const outer = owner ? indentationAt(text, owner.startIndex) : '';
  if (owner && indent.startsWith(outer) && indent.length > outer.length) return indent.slice(outer.length);
  return indent.includes('\t') ? '\t' : '    ';
}

function lines(layout: Layout, statements: readonly string[]): string {
  return [...layout.comments, ...statements].join(layout.lineBreak + layout.indent);
}

/** A target as one element of a tuple target: `a, b` becomes `(a, b)`. */
function targetElement(target: Node): string {
  return stripParens(target).type === 'pattern_list' ? `(${target.text})` : target.text;
}

function gatherFix(ctx: PyRuleContext, group: readonly ClassifiedStatement[], asyncio: ModuleAccess): Fix {
  const layout = layoutOf(ctx, group);
  const parts = group.map((g) => g.parts!);
  // Python has no annotated tuple targets: the annotations become declarations above.
  const declarations = parts.filter((p) => p.type).map((p) => `${p.target!.text}: ${p.type!.text}`);
  const head = parts[0]!.target ? `${parts.map((p) => targetElement(p.target!)).join(', ')} = ` : '';
  const calls = parts.map((p) => p.call.text);
  const prefix = `${head}await ${asyncio.name}.gather(`;
  let statement = `${prefix}${calls.join(', ')})`;
  if (layout.indent.length + statement.length > MAX_LINE || calls.some((c) => /[\r\n]/.test(c))) {
    const inner = layout.lineBreak + layout.indent + layout.unit;
    statement = `${prefix}${calls.map((c) => `${inner}${c},`).join('')}${layout.lineBreak}${layout.indent})`;
  }
  return {
    title: GATHER_FIX_TITLE,
    applicability: 'unsafe',
    edits: [...asyncio.edits, { start: layout.start, end: layout.end, newText: lines(layout, [...declarations, statement]) }],
  };
}

function taskGroupFix(ctx: PyRuleContext, group: readonly ClassifiedStatement[], asyncio: ModuleAccess): Fix {
  const layout = layoutOf(ctx, group);
  const names = new NameSource(ctx.identifiers);
  const tg = names.fresh('tg');
  const starts: string[] = [];
  const results: string[] = [];
  for (const { parts } of group) {
    const { target, type, call } = parts!;
    if (!target) {
      starts.push(`${tg}.create_task(${call.text})`);
      continue;
    }
    const task = names.fresh(`task_${taskNameBase(target)}`);
    starts.push(`${task} = ${tg}.create_task(${call.text})`);
    results.push(`${target.text}${type ? `: ${type.text}` : ''} = ${task}.result()`);
  }
  const inner = layout.lineBreak + layout.indent + layout.unit;
  const block = `async with ${asyncio.name}.TaskGroup() as ${tg}:${starts.map((s) => inner + s).join('')}`;
  return {
    title: TASK_GROUP_FIX_TITLE,
    applicability: 'unsafe',
    edits: [...asyncio.edits, { start: layout.start, end: layout.end, newText: lines(layout, [block, ...results]) }],
  };
}

/** `user` for `user`, `status` for `self.status`, `result` for patterns and subscripts. */
function taskNameBase(target: Node): string {
  const t = stripParens(target);
  if (t.type === 'identifier') return t.text.replace(/^_+/, '') || 'result';
  if (t.type === 'attribute') return t.childForFieldName('attribute')!.text.replace(/^_+/, '') || 'result';
  return 'result';
}

/** Fresh names: absent from the file and distinct from each other. */
class NameSource {
  private readonly taken: Set<string>;
  constructor(identifiers: ReadonlySet<string>) {
    this.taken = new Set(identifiers);
  }
  fresh(base: string): string {
    const name = freeName(base, this.taken);
    this.taken.add(name);
    return name;
  }
}

/** Whether the code targets Python 3.11+ (option `targetPython` when set, else the project's declared target). */
function hasTaskGroup(ctx: PyRuleContext): boolean {
  const option = ctx.options.targetPython;
  // An empty option (the default) means: as the project declares.
  const version = typeof option === 'string' && option.trim() !== '' ? parsePythonVersion(option) : ctx.targetPython;
  return version !== undefined && isAtLeast(version, 3, 11);
}
