import { clauseBlock, enclosingAsyncDef, isCodeBoundary, stripParens, walk, type Node } from '../../languages/python/syntax.ts';
import { indentationAt, lineBreakOf, lineEndOf } from './fixSupport.ts';
import type { PyRule, PyRuleContext } from './types.ts';

type Catch = 'bare' | 'base' | 'cancelled';

const CANCELLED = new Set(['asyncio.CancelledError', 'asyncio.exceptions.CancelledError']);

/** Whether (and how) an except clause catches `asyncio.CancelledError`. */
function catchOf(ctx: PyRuleContext, clause: Node): Catch | undefined {
  const block = clauseBlock(clause);
  const value = clause.namedChildren.find((c): c is Node => !!c && !c.equals(block ?? c) && c.type !== 'comment');
  if (!value) return 'bare';
  const caught = value.type === 'as_pattern' ? value.namedChild(0) : value;
  const types = caught?.type === 'tuple' || caught?.type === 'parenthesized_expression' ? caught.namedChildren : [caught];
  let result: Catch | undefined;
  for (const t of types) {
    if (!t) continue;
    const v = ctx.semantics.valueOf(t);
    if (v?.kind !== 'library') continue;
    if (CANCELLED.has(v.qname)) return 'cancelled';
    if (v.qname === 'builtins.BaseException') result = 'base';
  }
  return result;
}

/** Code that runs in this body (not in nested functions, lambdas or classes) has a node `test` accepts. */
function runsAny(body: Node, test: (n: Node) => boolean): boolean {
  let found = false;
  walk(body, (n) => {
    if (found || (n !== body && isCodeBoundary(n))) return false;
    if (test(n)) found = true;
    return !found;
  });
  return found;
}

/** Cancellation arrives at an await: `await`, `async with`, `async for`. */
function awaits(n: Node): boolean {
  return n.type === 'await' || ((n.type === 'with_statement' || n.type === 'for_statement') && n.firstChild?.type === 'async');
}

/**
 * Every suspension of the try body awaits a task or future that already exists — one kept on an
 * object (`await self.reader_task`, `await asyncio.wait_for(self.task, t)`) or a name the function
 * cancels (`task.cancel()`): the asyncio documentation's idiom for waiting for a cancelled task,
 * where the CancelledError caught is that task's.
 */
function onlyAwaitsStartedTasks(body: Node, fn: Node): boolean {
  const cancelled = new Set<string>();
  walk(fn, (n) => {
    const callee = n.type === 'call' ? n.childForFieldName('function') : null;
    if (callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'cancel') cancelled.add(callee.childForFieldName('object')!.text);
  });
  const started = (n: Node | null | undefined) => {
    const e = n && stripParens(n);
    return !!e && (e.type === 'attribute' || (e.type === 'identifier' && cancelled.has(e.text)));
  };
  let other = false;
  walk(body, (n) => {
    if (other || !n.isNamed || (n !== body && isCodeBoundary(n))) return false;
    if (n.type === 'await') {
      const operand = n.namedChild(0) && stripParens(n.namedChild(0)!);
      const wrapped = operand?.type === 'call' && /(^|\.)(wait_for|shield)$/.test(operand.childForFieldName('function')?.text ?? '');
      if (!(started(operand) || (wrapped && started(operand!.childForFieldName('arguments')?.namedChild(0))))) other = true;
    } else if (awaits(n)) other = true;
    return !other;
  });
  return !other;
}

/** The handler re-raises or leaves on purpose: raise, return, break, or uncancel(). */
function leavesDeliberately(n: Node): boolean {
  if (n.type === 'raise_statement' || n.type === 'return_statement' || n.type === 'break_statement') return true;
  return n.type === 'call' && /\.uncancel$/.test(n.childForFieldName('function')?.text ?? '');
}

function addRaise(ctx: PyRuleContext, block: Node): { start: number; end: number; newText: string } {
  const first = block.namedChild(0)!;
  const clauseLine = ctx.text.lastIndexOf('\n', first.startIndex - 1);
  const onHeaderLine = ctx.text.slice(clauseLine + 1, first.startIndex).trim() !== '';
  if (onHeaderLine) return { start: block.endIndex, end: block.endIndex, newText: '; raise' };
  const end = lineEndOf(ctx.text, block.endIndex);
  return { start: end, end, newText: `${lineBreakOf(ctx.text)}${indentationAt(ctx.text, first.startIndex)}raise` };
}

const WHAT: Record<Catch, string> = {
  bare: 'A bare `except:`',
  base: '`except BaseException`',
  cancelled: '`except CancelledError`',
};

export const rule: PyRule = {
  meta: {
    id: 'swallowed-cancellation',
    languages: ['python'],
    defaultSeverity: 'warning',
    typeAware: false,
    hasFix: true,
    defaultOptions: {},
    docs: {
      summary: 'An except clause in a coroutine catches asyncio.CancelledError and does not re-raise it.',
      what:
        'Reports, in an `async def`, the first except clause of a `try` whose body awaits that catches cancellation — `except asyncio.CancelledError`, `except BaseException` or a bare `except:` (also in a tuple, also `except*`) — when the handler neither re-raises (any `raise`) nor leaves deliberately (`return`, `break`, or `task.uncancel()`). `except Exception` does not catch cancellation (Python 3.8+) and is not reported; nor is `except asyncio.CancelledError` around a try body that only awaits tasks or futures that already exist — kept on an object (`await self.task`, `await asyncio.wait_for(self.task, t)`) or cancelled by the same function (`task.cancel()`) — the documented way to wait for a task one has cancelled.',
      why:
        '`asyncio.CancelledError` is how asyncio stops a task: `task.cancel()`, `asyncio.timeout()`, `wait_for` and TaskGroup shutdown all rely on it propagating. A handler that swallows it makes the task uncancellable: timeouts no longer stop it, a TaskGroup waits for it forever, and `task.cancelled()` reports false.',
      useInstead:
        'Re-raise after cleaning up (`except asyncio.CancelledError: cleanup(); raise`), or use `finally:` for cleanup. Catch `Exception` rather than `BaseException` or a bare `except:` when the intent is to handle errors.',
      fixSafety:
        'Adding `raise` at the end of the handler is unsafe: cancellation then propagates out of the function, so code after the `try` no longer runs when the task is cancelled, which is the intended behaviour but a change.',
      examples: [
        {
          language: 'python',
          bad: 'import asyncio\n\n\nasync def worker(queue):\n    try:\n        await queue.get()\n    except asyncio.CancelledError:\n        print("stopping")\n',
          good: 'import asyncio\n\n\nasync def worker(queue):\n    try:\n        await queue.get()\n    except asyncio.CancelledError:\n        print("stopping")\n        raise\n',
        },
      ],
    },
  },
  create(ctx) {
    return {
      visit: {
        try_statement(node) {
          const fn = enclosingAsyncDef(node);
          if (!fn) return;
          const body = node.childForFieldName('body');
          if (!body || !runsAny(body, awaits)) return;
          for (const clause of node.namedChildren) {
            if (clause?.type !== 'except_clause' && clause?.type !== 'except_group_clause') continue;
            const kind = catchOf(ctx, clause);
            if (!kind) continue;
            if (kind === 'cancelled' && onlyAwaitsStartedTasks(body, fn)) return;
            const block = clauseBlock(clause);
            if (!block || block.namedChildCount === 0 || runsAny(block, leavesDeliberately)) return;
            const headerEnd = block.previousSibling?.type === ':' ? block.previousSibling.startIndex : block.startIndex;
            ctx.report({
              start: clause.startIndex,
              end: headerEnd,
              message: `${WHAT[kind]} in a coroutine swallows asyncio.CancelledError: the task can no longer be cancelled (timeouts and TaskGroups stop working). Re-raise it.`,
              fixes: [{ title: 'Re-raise: add `raise` at the end of the handler', applicability: 'unsafe', edits: [addRaise(ctx, block)] }],
            });
            return; // later clauses never see the cancellation
          }
        },
      },
    };
  },
};
