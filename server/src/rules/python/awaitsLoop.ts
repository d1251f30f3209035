/**
 * `await-in-loop` for Python: recognises `for` loops whose body is one awaited call (bare,
 * `out.append(await f(x))`, or `r = await f(x)` then `out.append(r)`), builds the neutral loop
 * model (rules/shared/awaits-loops.ts) and writes the gather rewrite.
 */
import type { Fix } from '../../core/types.ts';
import { isAsyncWith, isCodeBoundary, stripParens, walk, type Node } from '../../languages/python/syntax.ts';
import type { LoopModel } from '../shared/awaits-loops.ts';
import { awaitedCallOf, commentsWithin, describeCall } from './awaitsSyntax.ts';
import { freeName, indentationAt, lineBreakOf } from '../../core/text.ts';
import { asyncioAt } from './fixSupport.ts';
import type { PyRuleContext } from './types.ts';

export interface LoopCandidate {
  loop: Node;
  call: Node;
  /** The list results are appended to, for the collecting forms. */
  collector?: Node;
  /** The temporary of `r = await f(x)` then `out.append(r)`. */
  temporary?: string;
  /**
   * The tutorials' loop: `data = await f(x)` (this statement) followed by statements that only print
   * or log it. The rewrite gathers first, then loops over `zip(xs, results)`, keeping the output's order.
   */
  result?: Node;
  model: LoopModel;
}

/** The loop's shape and model, or undefined when it is not a one-awaited-call `for` loop. */
export function loopCandidateOf(loop: Node, instance: string | undefined): LoopCandidate | undefined {
  if (loop.firstChild?.type === 'async' || loop.childForFieldName('alternative')) return undefined;
  const target = loop.childForFieldName('left');
  const iterable = loop.childForFieldName('right');
  const body = loop.childForFieldName('body');
  if (!target || !iterable || !body) return undefined;
  const loopVariables = namesBoundBy(target);
  if (!loopVariables || loopVariables.every((v) => v === '_')) return undefined;
  const shape = bodyShape(body.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment'));
  if (!shape) return undefined;
  const collectorRoot = shape.collector && collectorRootOf(shape.collector, instance);
  if (shape.collector && !collectorRoot) return undefined;
  const callModel = describeCall(shape.call, instance);
  // A collector on `self` is read by any method of the instance: treat any instance use as reading it.
  const onInstance = collectorRoot !== undefined && instance !== undefined && collectorRoot.root === instance;
  if (onInstance && (callModel.passesInstance || callModel.instanceCalls.length > 0 || callModel.instanceReads.includes(collectorRoot.field ?? ''))) {
    return undefined;
  }
  const model: LoopModel = {
    loopVariables,
    call: callModel,
    iterableText: iterable.text,
    collectorRoot: onInstance ? undefined : collectorRoot?.root,
    assignedInBody: walrusTargets(body),
    exitsEarly: exitsEarly(body),
    hasSequentialConstruct: hasSequentialConstruct(body),
  };
  return { loop, call: shape.call, collector: shape.collector, temporary: shape.temporary, result: shape.result, model };
}

/** Names a loop target binds (`x`, `k, v`, `(i, (a, b))`); undefined for attribute or subscript targets. */
function namesBoundBy(target: Node): string[] | undefined {
  const t = stripParens(target);
  if (t.type === 'identifier') return [t.text];
  if (t.type === 'pattern_list' || t.type === 'tuple_pattern' || t.type === 'list_pattern') {
    const names: string[] = [];
    for (const c of t.namedChildren) {
      const inner = c && namesBoundBy(c);
      if (!inner) return undefined;
      names.push(...inner);
    }
    return names;
  }
  return undefined;
}

function bodyShape(body: readonly Node[]): { call: Node; collector?: Node; temporary?: string; result?: Node } | undefined {
  const [first, second] = body;
  if (!first || first.type !== 'expression_statement' || first.namedChildCount !== 1) return undefined;
  const expr = first.namedChild(0)!;
  // data = await f(x); print(...data...)
  if (body.length >= 2 && expr.type === 'assignment' && !expr.childForFieldName('type') && body.slice(1).every(isLogStatement)) {
    const left = expr.childForFieldName('left');
    const call = awaitedCallOf(expr.childForFieldName('right'));
    if (left?.type === 'identifier' && call) return { call, temporary: left.text, result: first };
  }
  if (body.length === 1) {
    const bare = awaitedCallOf(expr);
    if (bare) return { call: bare };
    const append = appendOf(expr);
    const appended = append && awaitedCallOf(append.argument);
    return append && appended ? { call: appended, collector: append.collector } : undefined;
  }
  // r = await f(x); out.append(r)
  if (body.length === 2 && second?.type === 'expression_statement' && expr.type === 'assignment' && !expr.childForFieldName('type')) {
    const left = expr.childForFieldName('left');
    const call = awaitedCallOf(expr.childForFieldName('right'));
    const append = second.namedChildCount === 1 ? appendOf(second.namedChild(0)!) : undefined;
    if (left?.type !== 'identifier' || !call || !append || stripParens(append.argument).text !== left.text) return undefined;
    return { call, collector: append.collector, temporary: left.text };
  }
  return undefined;
}

const LOG_ROOTS = new Set(['logging', 'logger', 'log', 'LOGGER', 'LOG', '_logger', '_log']);

/** `print(...)`, `logger.info(...)`: output whose order the rewrite keeps, with no await or assignment inside. */
function isLogStatement(statement: Node): boolean {
  if (statement.type !== 'expression_statement' || statement.namedChildCount !== 1) return false;
  const call = statement.namedChild(0)!;
  if (call.type !== 'call') return false;
  const callee = call.childForFieldName('function')!;
  const logs = callee.text === 'print' || (callee.type === 'attribute' && LOG_ROOTS.has(callee.text.split('.')[0]!.replace(/^self\./, '')));
  return logs && !containsOutsideFunctions(call, (n) => n.type === 'await' || n.type === 'named_expression');
}

/** `collector.append(argument)` */
function appendOf(expr: Node): { collector: Node; argument: Node } | undefined {
  if (expr.type !== 'call') return undefined;
  const callee = expr.childForFieldName('function');
  const args = expr.childForFieldName('arguments')?.namedChildren.filter((a) => a?.type !== 'comment') ?? [];
  if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'append' || args.length !== 1) return undefined;
  if (args[0]!.type === 'keyword_argument' || args[0]!.type === 'list_splat' || args[0]!.type === 'dictionary_splat') return undefined;
  return { collector: callee.childForFieldName('object')!, argument: args[0]! };
}

/** `out`, `self.results`, `state.items`: a name or an attribute chain on a name. */
function collectorRootOf(collector: Node, instance: string | undefined): { root: string; field?: string } | undefined {
  let e = collector;
  let field: string | undefined;
  while (e.type === 'attribute') {
    field = e.childForFieldName('attribute')!.text;
    e = e.childForFieldName('object')!;
  }
  if (e.type !== 'identifier') return undefined;
  if (e.text === instance && field === undefined) return undefined;
  return { root: e.text, field };
}

/** `n := ...` targets in the body (nested lambdas included: they may run meanwhile). */
function walrusTargets(body: Node): string[] {
  const names: string[] = [];
  walk(body, (n) => {
    if (n.type === 'named_expression') names.push(n.childForFieldName('name')?.text ?? '');
  });
  return names;
}

/** `break`/`continue`/`return`/`raise` in the body outside nested functions. */
function exitsEarly(body: Node): boolean {
  return containsOutsideFunctions(body, (n) => ['break_statement', 'continue_statement', 'return_statement', 'raise_statement'].includes(n.type));
}

function hasSequentialConstruct(body: Node): boolean {
  return containsOutsideFunctions(body, (n) => isAsyncWith(n) || (n.type === 'for_statement' && n.firstChild?.type === 'async'));
}

function containsOutsideFunctions(root: Node, test: (n: Node) => boolean): boolean {
  let found = false;
  walk(root, (n) => {
    if (found || (n !== root && isCodeBoundary(n))) return false;
    if (test(n)) found = true;
    return !found;
  });
  return found;
}

/**
 * Whether the loop variables or the temporary are read where the rewrite would change their value:
 * after the loop (a `for` leaves them bound to the last item), or elsewhere in an enclosing loop.
 */
export function namesOutliveLoop(candidate: LoopCandidate, fn: Node): boolean {
  const names = new Set([...candidate.model.loopVariables, ...(candidate.temporary ? [candidate.temporary] : [])]);
  const { loop } = candidate;
  let enclosingLoop: Node | undefined;
  for (let n = loop.parent; n && !n.equals(fn); n = n.parent) {
    if (n.type === 'for_statement' || n.type === 'while_statement') enclosingLoop = n;
  }
  const from = enclosingLoop?.startIndex ?? loop.endIndex;
  let found = false;
  walk(fn.childForFieldName('body')!, (n) => {
    if (found || n.endIndex <= from) return false;
    if (n.startIndex >= loop.startIndex && n.endIndex <= loop.endIndex) return false;
    if (n.type === 'identifier' && names.has(n.text)) found = true;
    return !found;
  });
  return found;
}

export const LOOP_FIX_TITLE = 'Run the iterations together with asyncio.gather (unbounded concurrency)';

/**
 * `results = await asyncio.gather(*(f(x) for x in xs))` above the loop, which then runs over
 * `zip(xs, results)`: the calls overlap and the output keeps its order. Only for an iterable that
 * is a name or an attribute, which is read twice (a list, not a one-shot iterator: see the docs).
 */
function resultsLoopFix(ctx: PyRuleContext, candidate: LoopCandidate, result: Node, asyncio: NonNullable<ReturnType<typeof asyncioAt>>): Fix | undefined {
  const { loop, call } = candidate;
  const target = loop.childForFieldName('left')!;
  const iterable = loop.childForFieldName('right')!;
  if (iterable.type !== 'identifier' && iterable.type !== 'attribute') return undefined;
  const temporary = candidate.temporary!;
  const results = freeName(`${temporary}_results`, ctx.identifiers);
  const indent = indentationAt(ctx.text, loop.startIndex);
  const gather = `${results} = await ${asyncio.name}.gather(*(${call.text} for ${target.text} in ${iterable.text}))`;
  const targetText = ['pattern_list', 'tuple_pattern'].includes(target.type) && !target.text.startsWith('(') ? `(${target.text})` : target.text;
  // The result's own line goes, with its line break and the next line's indentation.
  const siblings = loop.childForFieldName('body')!.namedChildren;
  const next = siblings[siblings.findIndex((c) => c?.equals(result)) + 1];
  return {
    title: 'Run the calls together with asyncio.gather, then the same loop over the results (unbounded concurrency)',
    applicability: 'unsafe',
    edits: [
      ...asyncio.edits,
      { start: loop.startIndex, end: loop.startIndex, newText: `${gather}${lineBreakOf(ctx.text)}${indent}` },
      { start: target.startIndex, end: target.endIndex, newText: `${targetText}, ${temporary}` },
      { start: iterable.startIndex, end: iterable.endIndex, newText: `zip(${iterable.text}, ${results})` },
      { start: result.startIndex, end: next ? next.startIndex : result.endIndex, newText: '' },
    ],
  };
}

/** The iterable as it may follow `in` in a generator expression. */
function iterableText(iterable: Node): string {
  const primary = ['identifier', 'attribute', 'call', 'subscript', 'parenthesized_expression', 'list', 'tuple', 'dictionary', 'set', 'string', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression'];
  return primary.includes(iterable.type) ? iterable.text : `(${iterable.text})`;
}

/** `await asyncio.gather(*(f(x) for x in xs))`, or `out.extend(await asyncio.gather(...))` for the collecting forms. */
export function loopFix(ctx: PyRuleContext, candidate: LoopCandidate): Fix | undefined {
  const { loop, call, collector } = candidate;
  const target = loop.childForFieldName('left')!;
  const iterable = loop.childForFieldName('right')!;
  if (containsOutsideFunctions(iterable, (n) => n.type === 'await')) return undefined;
  const asyncio = asyncioAt(ctx, loop);
  if (!asyncio) return undefined;
  if (candidate.result) return resultsLoopFix(ctx, candidate, candidate.result, asyncio);
  const gather = `await ${asyncio.name}.gather(*(${call.text} for ${target.text} in ${iterableText(iterable)}))`;
  const statement = collector ? `${collector.text}.extend(${gather})` : gather;
  const kept = [call, target, iterable, ...(collector ? [collector] : [])];
  const comments = commentsWithin([loop], kept).map((c) => c.text);
  const indent = indentationAt(ctx.text, loop.startIndex);
  return {
    title: LOOP_FIX_TITLE,
    applicability: 'unsafe',
    edits: [...asyncio.edits, { start: loop.startIndex, end: loop.endIndex, newText: [...comments, statement].join(lineBreakOf(ctx.text) + indent) }],
  };
}
