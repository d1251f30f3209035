import type { Fix } from '../../core/types.ts';
import { enclosingAsyncDef, type Node } from '../../languages/python/syntax.ts';
import { asyncioAt, awaitReplacement } from './fixSupport.ts';
import type { PyRule, PyRuleContext } from './types.ts';

/** `run(x)` → `await x`, when the call passes exactly one positional argument. */
function awaitArgumentFix(call: Node): Fix[] {
  const args = call.childForFieldName('arguments');
  const only = args?.type === 'argument_list' && args.namedChildCount === 1 ? args.namedChild(0) : undefined;
  if (!only || ['keyword_argument', 'list_splat', 'dictionary_splat', 'comment'].includes(only.type)) return [];
  return [{ title: `Await it instead: await ${only.text.length > 30 ? '...' : only.text}`, applicability: 'unsafe', edits: [awaitReplacement(call, only.text)] }];
}

function runningLoopFix(ctx: PyRuleContext, call: Node): Fix[] {
  const asyncio = asyncioAt(ctx, call);
  if (!asyncio) return [];
  return [{
    title: `Use ${asyncio.name}.get_running_loop()`,
    applicability: 'safe',
    edits: [...asyncio.edits, { start: call.startIndex, end: call.endIndex, newText: `${asyncio.name}.get_running_loop()` }],
  }];
}

export const rule: PyRule = {
  meta: {
    id: 'event-loop-misuse',
    languages: ['python'],
    defaultSeverity: 'warning',
    typeAware: false,
    hasFix: true,
    defaultOptions: {},
    docs: {
      summary: 'A coroutine starts or looks up the event loop the way only synchronous code should.',
      what:
        'Reports, directly inside an `async def`: `asyncio.run(...)`, `loop.run_until_complete(...)` and `loop.run_forever()`, which try to run an event loop while one is already running in this thread; and `asyncio.get_event_loop()`, the discouraged spelling of `asyncio.get_running_loop()` in a coroutine.',
      why:
        '`asyncio.run()` and `run_until_complete()` raise `RuntimeError` ("cannot be called from a running event loop") when the thread already runs a loop, which is always the case inside a coroutine; the coroutine passed to them is then never awaited. `get_event_loop()` has deprecated behaviours outside a running loop and does not say what the code means; `get_running_loop()` does.',
      useInstead: '`await` the coroutine directly instead of `asyncio.run(coro)` / `loop.run_until_complete(coro)`, and `asyncio.get_running_loop()` instead of `asyncio.get_event_loop()`.',
      fixSafety:
        '`get_event_loop()` → `get_running_loop()` is safe: inside a coroutine both return the running loop. Replacing `asyncio.run(x)` or `loop.run_until_complete(x)` with `await x` is unsafe: code that raised `RuntimeError` now runs the coroutine, in the current task, with its effects and exceptions.',
      examples: [
        {
          language: 'python',
          bad: 'import asyncio\n\n\nasync def refresh():\n    await asyncio.sleep(0.1)\n\n\nasync def main():\n    asyncio.run(refresh())\n',
          good: 'import asyncio\n\n\nasync def refresh():\n    await asyncio.sleep(0.1)\n\n\nasync def main():\n    await refresh()\n',
        },
      ],
    },
  },
  // Reported only inside `async def`.
  requiresText: 'async',
  create(ctx) {
    return {
      visit: {
        call(call) {
          if (!enclosingAsyncDef(call)) return;
          const callee = call.childForFieldName('function');
          const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
          const qname = ctx.semantics.callInfo(call)?.qname;
          const report = (message: string, fixes: Fix[]) => ctx.report({ start: call.startIndex, end: call.endIndex, message, fixes });
          if (qname === 'asyncio.run') {
            report('`asyncio.run()` inside a coroutine raises RuntimeError: an event loop is already running. Await the coroutine instead.', awaitArgumentFix(call));
          } else if (method === 'run_until_complete') {
            report('`run_until_complete()` inside a coroutine raises RuntimeError: an event loop is already running in this thread. Await the coroutine instead.', awaitArgumentFix(call));
          } else if (method === 'run_forever') {
            report('`run_forever()` inside a coroutine raises RuntimeError: an event loop is already running in this thread.', []);
          } else if (qname === 'asyncio.get_event_loop') {
            report('`asyncio.get_event_loop()` in a coroutine: use `asyncio.get_running_loop()`, which says what it means.', runningLoopFix(ctx, call));
          }
        },
      },
    };
  },
};
