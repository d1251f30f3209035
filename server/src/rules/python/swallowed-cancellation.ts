import { clauseBlock, enclosingAsyncDef, isCodeBoundary, stripParens, walk, type Node } from '../../languages/python/syntax.ts';
import { indentationAt, lineBreakOf, lineEndOf } from '../../core/text.ts';
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

function isUncancel(n: Node): boolean {
  return n.type === 'call' && /\.uncancel$/.test(n.childForFieldName('function')?.text ?? '');
}

/** A loop body's own `break` (or `continue`): not one of a nested loop's, nor in nested code. */
function breaksOut(body: Node, type = 'break_statement'): boolean {
  let found = false;
  walk(body, (n) => {
    if (found || (n !== body && (isCodeBoundary(n) || n.type === 'for_statement' || n.type === 'while_statement'))) return false;
    if (n.type === type) found = true;
    return !found;
  });
  return found;
}

/**
 * Every path through the block leaves it by one of `exits` (a `raise` under one branch of an
 * `if`, or inside a loop body that may not run or may `continue`, is not enough).
 */
type Exit = 'raise' | 'return' | 'break';

function alwaysExits(block: Node | null | undefined, exits: readonly Exit[], noReturn: ReadonlySet<string>): boolean {
  if (!block) return false;
  for (const s of block.namedChildren) {
    if (!s || s.type === 'comment') continue;
    if (s.type === 'continue_statement') return false; // the rest of this block is skipped
    if (statementAlwaysExits(s, exits, noReturn)) return true;
  }
  return false;
}

function statementAlwaysExits(s: Node, exits: readonly Exit[], noReturn: ReadonlySet<string>): boolean {
  switch (s.type) {
    case 'raise_statement':
      return exits.includes('raise');
    case 'expression_statement': {
      // `await self.handle_exception(exc)` of a function of this module declared `-> NoReturn`.
      let e = s.namedChild(0);
      if (e?.type === 'await') e = e.namedChild(0);
      const callee = e?.type === 'call' ? e.childForFieldName('function') : undefined;
      const name = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.text;
      return exits.includes('raise') && !!name && noReturn.has(name);
    }
    case 'return_statement':
      return exits.includes('return');
    case 'break_statement':
      return exits.includes('break');
    case 'if_statement': {
      // `if isinstance(e, asyncio.CancelledError): raise`: the cancellation's own path re-raises.
      if (/^isinstance\(\s*\w+\s*,[^)]*CancelledError/.test(s.childForFieldName('condition')?.text ?? '') && alwaysExits(s.childForFieldName('consequence'), exits, noReturn)) return true;
      const clauses = s.namedChildren.filter((c): c is Node => c?.type === 'elif_clause' || c?.type === 'else_clause');
      if (!clauses.some((c) => c.type === 'else_clause')) return false;
      return alwaysExits(s.childForFieldName('consequence'), exits, noReturn) && clauses.every((c) => alwaysExits(c.childForFieldName(c.type === 'elif_clause' ? 'consequence' : 'body'), exits, noReturn));
    }
    case 'with_statement':
      return alwaysExits(s.childForFieldName('body'), exits, noReturn);
    case 'match_statement': {
      const body = s.childForFieldName('body');
      const cases = body?.namedChildren.filter((c): c is Node => c?.type === 'case_clause') ?? [];
      // Only a match with an unguarded `case _:` runs one of its cases for certain.
      const exhaustive = cases.some((c) => c.namedChildren.some((p) => p?.type === 'case_pattern' && p.text === '_') && !c.namedChildren.some((p) => p?.type === 'if_clause'));
      return exhaustive && cases.every((c) => alwaysExits(c.childForFieldName('consequence') ?? clauseBlock(c), exits, noReturn));
    }
    case 'for_statement':
    case 'while_statement': {
      const body = s.childForFieldName('body');
      if (!body || breaksOut(body)) return false;
      // The body runs at least once and can only leave by an exit: `while True`, or a loop over a non-empty literal.
      const runsBody = s.type === 'while_statement' ? /^(True|1)$/.test(s.childForFieldName('condition')?.text ?? '') : nonEmptyIterable(s.childForFieldName('right'));
      const bodyExits = s.type === 'while_statement' ? alwaysExitsOrLoops(body, exits, noReturn) : !breaksOut(body, 'continue_statement') && alwaysExits(body, exits, noReturn);
      if (runsBody && bodyExits) return true;
      // Otherwise only the `else` is certain: it runs when the loop ends without a break.
      const otherwise = s.namedChildren.find((c) => c?.type === 'else_clause');
      return !!otherwise && alwaysExits(otherwise.childForFieldName('body'), exits, noReturn);
    }
    case 'try_statement': {
      const fin = s.namedChildren.find((c) => c?.type === 'finally_clause');
      if (fin && alwaysExits(clauseBlock(fin), exits, noReturn)) return true;
      const handlers = s.namedChildren.filter((c): c is Node => c?.type === 'except_clause' || c?.type === 'except_group_clause');
      return alwaysExits(s.childForFieldName('body'), exits, noReturn) && handlers.every((h) => alwaysExits(clauseBlock(h), exits, noReturn));
    }
    default:
      return false;
  }
}

/** In `while True:`, a `continue` starts the body again: every pass still ends in an exit or loops. */
function alwaysExitsOrLoops(body: Node, exits: readonly Exit[], noReturn: ReadonlySet<string>): boolean {
  for (const s of body.namedChildren) {
    if (!s || s.type === 'comment') continue;
    if (s.type === 'continue_statement') return true;
    if (statementAlwaysExits(s, exits, noReturn)) return true;
    if (s.type === 'if_statement' && !s.namedChildren.some((c) => c?.type === 'elif_clause' || c?.type === 'else_clause')) {
      const then = s.childForFieldName('consequence');
      const last = then?.namedChildren.filter((c) => c?.type !== 'comment').at(-1);
      if (last?.type === 'continue_statement' || (then && alwaysExits(then, exits, noReturn))) continue;
    }
  }
  return false;
}

/** `[1, 2]`, `(x,)`, `{1}`, `{k: v}`, `range(3)`: an iterable with at least one element. */
function nonEmptyIterable(node: Node | null | undefined): boolean {
  if (!node) return false;
  const n = stripParens(node);
  if (n.type === 'list' || n.type === 'tuple' || n.type === 'set' || n.type === 'dictionary') {
    return n.namedChildren.some((c) => !!c && ((c.type !== 'list_splat' && c.type !== 'dictionary_splat') || nonEmptyIterable(c.namedChild(0))));
  }
  if (n.type === 'call' && n.childForFieldName('function')?.text === 'range') {
    const args = n.childForFieldName('arguments')?.namedChildren ?? [];
    const nums = args.map((a) => (a && /^\d+$/.test(a.text) ? BigInt(a.text) : undefined));
    if (nums.some((x) => x === undefined) || nums.length === 0 || nums.length > 2) return false;
    return nums.length === 1 ? nums[0]! > 0n : nums[1]! > nums[0]!;
  }
  return false;
}

const DELIBERATE: readonly Exit[] = ['raise', 'return', 'break'];

/** Names of the module's functions whose every definition is annotated `-> NoReturn` (or `Never`): calling one raises. */
const noReturnOfRoot = new WeakMap<Node, ReadonlySet<string>>();

function noReturnFunctions(ctx: PyRuleContext): ReadonlySet<string> {
  const known = noReturnOfRoot.get(ctx.root);
  if (known) return known;
  const all = new Map<string, boolean>();
  walk(ctx.root, (n) => {
    if (n.type !== 'function_definition') return true;
    const name = n.childForFieldName('name')?.text;
    const returns = n.childForFieldName('return_type')?.text.replace(/^(typing|typing_extensions)\./, '');
    if (name) all.set(name, (all.get(name) ?? true) && (returns === 'NoReturn' || returns === 'Never'));
    return true;
  });
  const found = new Set([...all].filter(([, always]) => always).map(([name]) => name));
  noReturnOfRoot.set(ctx.root, found);
  return found;
}

/**
 * After the handler, the coroutine never suspends again: the try is not inside a loop of the
 * function, and nothing after it (in the function) awaits. Swallowing there ends the task at
 * once, as done instead of cancelled.
 */
function nothingAwaitsAfter(tryStatement: Node, fn: Node): boolean {
  for (let n: Node = tryStatement; !n.equals(fn); n = n.parent!) {
    const parent = n.parent;
    if (!parent) return false;
    if (parent.type === 'for_statement' || parent.type === 'while_statement') return false;
    if (parent.type === 'block' || parent.type === 'finally_clause' || parent.type === 'else_clause') {
      const siblings = parent.namedChildren;
      for (let i = siblings.findIndex((c) => c.equals(n)) + 1; i > 0 && i < siblings.length; i++) if (runsAny(siblings[i]!, awaits)) return false;
    }
    if (n.type === 'try_statement' && !n.equals(tryStatement)) return false; // an outer handler may await
  }
  const fin = tryStatement.namedChildren.find((c) => c?.type === 'finally_clause');
  return !fin || !runsAny(fin, awaits);
}

/**
 * The coroutine is only ever run as a task of its own in this module: every call of it (`run()`,
 * `self.run()`) is the argument of `create_task`/`ensure_future` or of `asyncio.run`, and none is
 * awaited or passed elsewhere. Nobody awaits such a coroutine, so no caller's cancellation is broken.
 */
/** Run a program's entry coroutine, which nothing else awaits: its cancellation ends the program. */
const ENTRY_RUNNERS = new Set(['asyncio.run', 'asyncio.AbstractEventLoop.run_until_complete', 'asyncio.Runner.run']);

function onlyStartedAsTask(ctx: PyRuleContext, fn: Node): boolean {
  const name = fn.childForFieldName('name')?.text;
  if (!name) return false;
  let calls = 0;
  let other = false;
  walk(ctx.root, (n) => {
    if (other) return false;
    if (n.type !== 'call') return true;
    const callee = n.childForFieldName('function');
    const named = callee?.type === 'identifier' ? callee.text : callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
    if (named !== name) return true;
    calls++;
    const args = n.parent;
    const outer = args?.type === 'argument_list' && args.parent?.type === 'call' ? args.parent : undefined;
    const info = outer && ctx.semantics.callInfo(outer);
    if (!info || !(info.startsTask || ENTRY_RUNNERS.has(info.qname))) other = true;
    return !other;
  });
  return calls > 0 && !other;
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
        'Reports, in an `async def`, the first except clause of a `try` whose body awaits that catches cancellation — `except asyncio.CancelledError`, `except BaseException` or a bare `except:` (also in a tuple, also `except*`) — when the handler does not re-raise or leave deliberately on every path (each branch ends in `raise`, `return`, `break` or a call of a function of the module declared `-> NoReturn`, or `if isinstance(e, asyncio.CancelledError): raise` re-raises the cancellation itself; a `raise` under one branch of an `if` or inside a loop is not enough), and does not call `task.uncancel()`. Not reported either: the entry coroutine of a task nobody awaits — every call of it in the module is the argument of `create_task`/`ensure_future`, or of `asyncio.run` for a program\'s entry coroutine — when nothing after the handler awaits (only sync code or a `finally` without awaits follows, and the `try` is not in a loop), where swallowing only marks the task done instead of cancelled; calls from other modules are not looked at. Differences from flake8-async\'s ASYNC103, on purpose: a handler that returns or breaks on every path is taken as leaving on purpose (flake8-async reports it, with ASYNC104), and a `try` outside a coroutine, or whose body awaits nothing, is not looked at (cancellation arrives at an await). `except Exception` does not catch cancellation (Python 3.8+) and is not reported; nor is `except asyncio.CancelledError` around a try body that only awaits tasks or futures that already exist — kept on an object (`await self.task`, `await asyncio.wait_for(self.task, t)`) or cancelled by the same function (`task.cancel()`) — the documented way to wait for a task one has cancelled.',
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
  // Reported only inside `async def`.
  requiresText: 'async',
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
            // Re-raising, or leaving on purpose by `return`/`break`, on every path; or uncancel().
            if (!block || block.namedChildCount === 0 || alwaysExits(block, DELIBERATE, noReturnFunctions(ctx)) || runsAny(block, isUncancel)) return;
            if (nothingAwaitsAfter(node, fn) && onlyStartedAsTask(ctx, fn)) return;
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
