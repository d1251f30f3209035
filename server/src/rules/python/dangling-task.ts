import type { Fix } from '../../core/types.ts';
import { enclosingAsyncDef, isExpressionStatementValue } from '../../languages/python/syntax.ts';
import { callLabel } from './fixSupport.ts';
import { keepInSetFix, taskGroupFix } from './taskFixes.ts';
import type { PyRule } from './types.ts';

export const rule: PyRule = {
  meta: {
    id: 'dangling-task',
    languages: ['python'],
    defaultSeverity: 'warning',
    typeAware: false,
    hasFix: true,
    defaultOptions: {},
    docs: {
      summary: 'A task is started and no reference to it is kept, so it can be garbage-collected mid-flight.',
      what:
        'Reports `asyncio.create_task(...)`, `asyncio.ensure_future(...)` and `loop.create_task(...)` (on a loop from `asyncio.get_running_loop()` and friends) used as a statement of their own, so the task they return is dropped. Tasks of a `TaskGroup` (`tg.create_task`) are kept by the group and are not reported.',
      why:
        'The event loop keeps only a weak reference to a task. A task nobody references can be garbage-collected before it finishes, silently stopping its work; and an exception it raises is never retrieved by anyone, only logged when it is collected. The asyncio documentation asks to keep a reference to every task.',
      useInstead:
        'Keep the task in a collection for as long as it runs — the documented pattern is a module-level set with `task.add_done_callback(tasks.discard)` — or start it in an `async with asyncio.TaskGroup() as tg:` block, which waits for it and propagates its errors.',
      fixSafety:
        'Keeping the task in a module-level set is safe: the task runs exactly as before, it is only protected from garbage collection and removed from the set when it is done. Moving it into a TaskGroup (Python 3.11+) is unsafe: the function then waits for the task before leaving the block, and an error in the task cancels the rest of the block. That fix is offered only for tasks started directly in a coroutine\'s body.',
      examples: [
        {
          language: 'python',
          bad: 'import asyncio\n\n\nasync def notify(user):\n    await asyncio.sleep(0.1)\n\n\nasync def handle(user):\n    asyncio.create_task(notify(user))\n',
          good: 'import asyncio\n\n_background_tasks = set()\n\n\nasync def notify(user):\n    await asyncio.sleep(0.1)\n\n\nasync def handle(user):\n    task = asyncio.create_task(notify(user))\n    _background_tasks.add(task)\n    task.add_done_callback(_background_tasks.discard)\n',
        },
      ],
    },
  },
  create(ctx) {
    return {
      visit: {
        call(call) {
          if (!isExpressionStatementValue(call)) return;
          const info = ctx.semantics.callInfo(call);
          if (!info?.startsTask) return;
          const statement = call.parent!;
          const fixes: Fix[] = [];
          const keep = keepInSetFix(ctx, statement, call);
          if (keep) fixes.push(keep);
          const fn = enclosingAsyncDef(call);
          const group = fn && !info.qname.endsWith('ensure_future') ? taskGroupFix(ctx, statement, call, fn) : undefined;
          if (group) fixes.push(group);
          ctx.report({
            start: call.startIndex,
            end: call.endIndex,
            message: `The task from \`${callLabel(call)}\` is not kept: the event loop references tasks only weakly, so it can be garbage-collected before it finishes, and its errors go unseen.`,
            fixes,
          });
        },
      },
    };
  },
};
