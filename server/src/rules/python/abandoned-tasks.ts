import type { Fix } from '../../core/types.ts';
import { enclosingAsyncDef, isAsyncWith, isCodeBoundary, stripParens, walk, type Node } from '../../languages/python/syntax.ts';
import { freeName, indentationAt, lineBreakOf, lineEndOf } from '../../core/text.ts';
import { standsAlone } from './fixSupport.ts';
import type { PyRule, PyRuleContext } from './types.ts';

const EARLY = new Set(['asyncio.FIRST_COMPLETED', 'asyncio.FIRST_EXCEPTION']);

/** How `asyncio.wait(...)` may return before every task is done: `return_when=FIRST_*` or a `timeout=`. */
function returnsEarly(ctx: PyRuleContext, call: Node): string | undefined {
  const args = call.childForFieldName('arguments');
  for (const arg of args?.namedChildren ?? []) {
    if (arg?.type !== 'keyword_argument') continue;
    const name = arg.childForFieldName('name')?.text;
    const value = arg.childForFieldName('value');
    if (!value) continue;
    if (name === 'timeout' && stripParens(value).type !== 'none') return 'timeout=';
    if (name === 'return_when') {
      const v = ctx.semantics.valueOf(value);
      const literal = /^["'](FIRST_COMPLETED|FIRST_EXCEPTION)["']$/.exec(value.text)?.[1];
      const qname = v?.kind === 'library' ? v.qname : literal && `asyncio.${literal}`;
      if (qname && EARLY.has(qname)) return `return_when=${qname.slice('asyncio.'.length)}`;
    }
  }
  return undefined;
}

/** Code of `fn` (not nested functions) reads `name` outside the targets of `statement`. */
function readsName(fn: Node, name: string, statement: Node, after?: number): boolean {
  const targets = statement.childForFieldName('left');
  let found = false;
  walk(fn, (n) => {
    if (found || (n !== fn && isCodeBoundary(n) && n.type !== 'lambda')) return false;
    if (n.type === 'identifier' && n.text === name && !(targets && n.startIndex >= targets.startIndex && n.endIndex <= targets.endIndex)) {
      if (after === undefined || n.startIndex >= after) found = true;
    }
    return !found;
  });
  return found;
}

function inLoop(node: Node, fn: Node): boolean {
  for (let n = node.parent; n && !n.equals(fn); n = n.parent) if (n.type === 'for_statement' || n.type === 'while_statement') return true;
  return false;
}

/** Inside `async with asyncio.TaskGroup() as tg:`, whose exit waits for every task of the group. */
function inTaskGroup(ctx: PyRuleContext, node: Node, fn: Node): boolean {
  for (let n = node.parent; n && !n.equals(fn); n = n.parent) {
    if (!isAsyncWith(n)) continue;
    let found = false;
    walk(n.namedChild(0) ?? n, (c) => {
      if (found) return false;
      if (c.type === 'call' && ctx.semantics.callInfo(c)?.qname === 'asyncio.TaskGroup') found = true;
      return !found;
    });
    if (found) return true;
  }
  return false;
}

function cancelFix(ctx: PyRuleContext, statement: Node, pending: string): Fix | undefined {
  if (!standsAlone(ctx.text, statement)) return undefined;
  const lb = lineBreakOf(ctx.text);
  const indent = indentationAt(ctx.text, statement.startIndex);
  const unit = indent.includes('\t') ? '\t' : '    ';
  const task = freeName('task', ctx.identifiers);
  const end = lineEndOf(ctx.text, statement.endIndex);
  return {
    title: `Cancel the pending tasks: for ${task} in ${pending}: ${task}.cancel()`,
    applicability: 'unsafe',
    edits: [{ start: end, end, newText: `${lb}${indent}for ${task} in ${pending}:${lb}${indent}${unit}${task}.cancel()` }],
  };
}

export const rule: PyRule = {
  meta: {
    id: 'abandoned-tasks',
    languages: ['python'],
    defaultSeverity: 'warning',
    typeAware: false,
    hasFix: true,
    defaultOptions: {},
    docs: {
      summary: '`asyncio.wait` returns early and the tasks still pending are never cancelled, awaited or handed on.',
      what:
        'Reports `await asyncio.wait(tasks, return_when=FIRST_COMPLETED)` (or `FIRST_EXCEPTION`, or with a `timeout=`) in a coroutine when the pending set it returns is dropped or bound to a name the function never reads again, and none of the tasks passed in (`tasks`, or the names and attributes in `[f, self.deadline]`) is read after the wait either (nor re-waited in a loop). Not reported inside an `async with asyncio.TaskGroup()` block, whose exit waits for every task, nor when `asyncio.wait` waits for all (no `return_when` or `ALL_COMPLETED`, no timeout). Any read of the pending set (cancelling, awaiting, `gather`, storing, returning, passing it on) counts as handling it.',
      why:
        '`asyncio.wait` does not cancel anything: when it returns early, the pending tasks keep running after the caller has moved on. They hold connections, keep writing and compete with later work; if one fails, nobody retrieves the exception and asyncio only logs "Task exception was never retrieved" when it is garbage-collected.',
      useInstead:
        'Cancel what is still pending once the first result is in (`for task in pending: task.cancel()`), await it later, or use `asyncio.timeout()` / a `TaskGroup` so that nothing outlives the block.',
      fixSafety:
        'The fix adds `for task in pending: task.cancel()` after the wait. It is unsafe: the pending work stops (each task gets a `CancelledError` at its next await), which is what the early return usually means, but work that was meant to finish in the background no longer does. The fix is offered when the pending set has a name (`done, pending = await asyncio.wait(...)`).',
      examples: [
        {
          language: 'python',
          bad: 'import asyncio\n\n\nasync def first(urls, fetch):\n    tasks = [asyncio.create_task(fetch(u)) for u in urls]\n    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)\n    return done.pop().result()\n',
          good: 'import asyncio\n\n\nasync def first(urls, fetch):\n    tasks = [asyncio.create_task(fetch(u)) for u in urls]\n    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)\n    for task in pending:\n        task.cancel()\n    return done.pop().result()\n',
        },
      ],
    },
  },
  // Every finding is an awaited asyncio.wait(...).
  requiresText: 'await',
  create(ctx) {
    return {
      visit: {
        call(call) {
          if (call.parent?.type !== 'await') return;
          const fn = enclosingAsyncDef(call);
          if (!fn) return;
          const info = ctx.semantics.callInfo(call);
          if (!info?.library || info.qname !== 'asyncio.wait') return;
          const how = returnsEarly(ctx, call);
          if (!how) return;
          const awaited = call.parent;
          let holder: Node = awaited;
          while (holder.parent?.type === 'parenthesized_expression') holder = holder.parent;
          const parent = holder.parent;
          let pending: string | undefined;
          let statement: Node;
          if (parent?.type === 'assignment' && parent.childForFieldName('right')?.equals(holder)) {
            const left = parent.childForFieldName('left');
            const targets = left && stripParens(left);
            const elements = targets && (targets.type === 'pattern_list' || targets.type === 'tuple_pattern' || targets.type === 'list_pattern') ? targets.namedChildren : undefined;
            if (!elements || elements.length !== 2) return; // `result = await wait(...)`: the pair is kept
            const second = elements[1] && stripParens(elements[1]);
            if (second?.type !== 'identifier') return;
            statement = parent.parent?.type === 'expression_statement' ? parent.parent : parent;
            if (second.text !== '_') {
              pending = second.text;
              if (readsName(fn, pending, parent)) return;
            }
          } else if (parent?.type === 'expression_statement') {
            statement = parent;
          } else {
            return; // passed on, returned, indexed...: someone else has the pending set
          }
          // The tasks passed in (`tasks`, `[f, deadline]`) read again afterwards, or in a loop around the wait: someone still has them.
          const first = call.childForFieldName('arguments')?.namedChild(0);
          const passed = first && stripParens(first);
          const elements = passed && (passed.type === 'list' || passed.type === 'tuple' || passed.type === 'set') ? passed.namedChildren : passed ? [passed] : [];
          const names = elements.map((e) => e && stripParens(e)).filter((e): e is Node => e?.type === 'identifier' || e?.type === 'attribute').map((e) => e.text);
          const heldElsewhere = names.some((name) =>
            inLoop(statement, fn) || (/^\w+$/.test(name) ? readsName(fn, name, statement, statement.endIndex) : fn.text.slice(statement.endIndex - fn.startIndex).includes(name)),
          );
          if (heldElsewhere) return;
          if (inTaskGroup(ctx, call, fn)) return;
          const fix = pending ? cancelFix(ctx, statement, pending) : undefined;
          ctx.report({
            start: call.startIndex,
            end: call.endIndex,
            message: `\`asyncio.wait(..., ${how})\` can return while tasks are still pending, and nothing cancels, awaits or hands them on: they keep running after this point, and their failures surface only as "Task exception was never retrieved".`,
            fixes: fix ? [fix] : [],
          });
        },
      },
    };
  },
};
