/**
 * await-in-loop (Python): a `for` loop in a coroutine whose body awaits one independent call per
 * item. Only loops the shared, measured definition (rules/shared/awaits-loops.ts) finds independent
 * are reported; `while` and `async for` loops never.
 */
import { enclosingAsyncDef, type Node } from '../../languages/python/syntax.ts';
import { judgeLoop } from '../shared/awaits-loops.ts';
import { verdictOf } from '../../core/effects.ts';
import { PyEffects } from '../../languages/python/effects.ts';
import { awaitsScopeOf } from '../shared/awaits-files.ts';
import { awaitInLoopMessage } from '../shared/awaits-messages.ts';
import { commentSaysOrderMatters } from '../shared/awaits-vocabulary.ts';
import { loopCandidateOf, loopFix, namesOutliveLoop } from './awaitsLoop.ts';
import { callLabel } from './fixSupport.ts';
import { commentsAbout, instanceNameOf, isInTestCode, PYTHON_GROUPING } from './awaitsSyntax.ts';
import type { PyRule } from './types.ts';

const bad = `import asyncio


async def resize(path):
    await asyncio.sleep(0.1)  # stands for the I/O
    return path


async def resize_all(paths):
    for path in paths:
        await resize(path)
`;

const good = `import asyncio


async def resize(path):
    await asyncio.sleep(0.1)  # stands for the I/O
    return path


async def resize_all(paths):
    await asyncio.gather(*(resize(path) for path in paths))
`;

export const rule: PyRule = {
  meta: {
    id: 'await-in-loop',
    languages: ['python'],
    defaultSeverity: 'warning',
    typeAware: false,
    hasFix: true,
    defaultOptions: { includeTests: false, includeMigrations: false },
    docs: {
      summary: 'A for loop awaits one independent call per item; run the calls together with asyncio.gather.',
      what:
        'Reports a `for` loop in a coroutine whose body is a single awaited call — `await f(x)`, `out.append(await f(x))` ' +
        'or `r = await f(x)` then `out.append(r)` — whose arguments or receiver use the loop variable, when nothing ties ' +
        'the iterations together: no `break`, `continue`, `return` or `raise`, no `else` clause, no `:=` in the body, ' +
        'the call does not read the list it fills, does not call the items themselves or dispatch hooks, handlers, ' +
        'callbacks, signals, middleware, plugins or steps, and the call only reads: judged first by what the callee ' +
        'does (the effect model of sequential-awaits: a write, a lock, a transaction, a wait, a prompt, scheduling a ' +
        'task or no I/O at all keeps the loop sequential), and, for a callee nobody can summarise, by its name, which ' +
        'must not start with a lifecycle, lock, waiting, write or stream I/O verb. The message names the evidence. ' +
        '`while` loops, `async for` loops and ' +
        '`for _ in range(n)` are sequential by nature and never reported. Test files and test code are skipped unless ' +
        'the option `includeTests` is true, and so are loops whose comments say the order matters.',
      why:
        'Each iteration waits for the previous call to finish, so the loop takes the sum of all calls. When the ' +
        'iterations do not depend on each other, running them together takes about as long as the slowest one.',
      useInstead:
        '`await asyncio.gather(*(f(x) for x in xs))`, or `out.extend(await asyncio.gather(*(f(x) for x in xs)))` to ' +
        'collect the results in order. For large inputs, bound the concurrency (an `asyncio.Semaphore` around the ' +
        'call, or a fixed number of worker tasks).',
      fixSafety:
        'Unsafe. All calls start at once: concurrency is unbounded, which can overload a server, exhaust a connection ' +
        'pool or hit rate limits on a large input. The calls still start in item order, but their side effects now ' +
        'overlap and finish in any order. On failure, the loop stopped at the first exception; gather raises the ' +
        'first exception while the other calls keep running (they are not cancelled), and in the collecting form ' +
        'nothing is appended, where the loop had appended the results before the failure. Results are appended in ' +
        'item order. No fix is offered when the loop variable (or the temporary) is read after the loop, since a ' +
        '`for` loop leaves it bound to the last item and the rewrite does not. Comments in the loop move above the ' +
        'rewritten statement; `import asyncio` is added when missing.',
      examples: [{ language: 'python', bad, good }],
    },
  },
  // Every finding is a loop with an `await` in an `async def`.
  requiresText: 'await',
  create(ctx) {
    const scope = awaitsScopeOf(ctx);
    if (scope.skipFile) return {};
    const includeTests = scope.includeTests;
    const effects = new PyEffects(ctx.semantics);
    return {
      visit: {
        for_statement(loop: Node) {
          const fn = enclosingAsyncDef(loop);
          if (!fn) return;
          const candidate = loopCandidateOf(loop, instanceNameOf(fn));
          if (!candidate || !judgeLoop(candidate.model, PYTHON_GROUPING, 'reads').independent) return;
          if (!includeTests && isInTestCode(loop)) return;
          if (commentsAbout([loop], ctx.text).some(commentSaysOrderMatters)) return;
          const callEffects = effects.effectsOf(candidate.call);
          const verdict = verdictOf(callEffects);
          if (!judgeLoop(candidate.model, PYTHON_GROUPING, verdict).independent) return;
          const fix = namesOutliveLoop(candidate, fn) ? undefined : loopFix(ctx, candidate);
          ctx.report({
            start: loop.startIndex,
            end: loop.endIndex,
            message: awaitInLoopMessage(`\`${callLabel(candidate.call)}\``, verdict === 'reads' ? callEffects : undefined, 'asyncio.gather'),
            fixes: fix ? [fix] : [],
          });
        },
      },
    };
  },
};
