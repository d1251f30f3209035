/**
 * await-in-loop: a `for...of` loop whose body awaits one independent call per item, so the items
 * are processed one after another. Unlike ESLint's no-await-in-loop it reports only loops the
 * measured definition (notes/sequential-awaits-in-real-code.md, rules/shared/awaits-loops.ts)
 * finds independent; `while`, `do`, `for await`, `for...in` and counting `for (;;)` loops never.
 */
import { areArrays } from '../../languages/typescript/arrayFacts.ts';
import { SyntaxKind, type ForOfStatement, type Node } from '../../languages/typescript/ast.ts';
import { judgeLoop } from '../shared/awaits-loops.ts';
import { verdictOf } from '../../core/effects.ts';
import { awaitsScopeOf } from '../shared/awaits-files.ts';
import { awaitInLoopMessage } from '../shared/awaits-messages.ts';
import { commentSaysOrderMatters } from '../shared/awaits-vocabulary.ts';
import { commentsAboutNodes } from './support/awaits-comments.ts';
import type { TsRule } from '../types.ts';
import { loopCandidateOf, loopFix, type LoopCandidate } from './support/awaits-loop.ts';
import { isInTestCallback } from './support/awaits-syntax.ts';

const bad = `declare function resize(path: string): Promise<void>;

export async function resizeAll(paths: string[]) {
  for (const path of paths) {
    await resize(path);
  }
}
`;

const good = `declare function resize(path: string): Promise<void>;

export async function resizeAll(paths: string[]) {
  await Promise.all(paths.map((path) => resize(path)));
}
`;

export const rule: TsRule = {
  // The loop body is an awaited call.
  requiresText: 'await',
  meta: {
    id: 'await-in-loop',
    languages: ['typescript'],
    defaultSeverity: 'warning',
    typeAware: true,
    hasFix: true,
    defaultOptions: { includeTests: false, includeMigrations: false },
    docs: {
      summary: 'A for...of loop awaits one independent call per item; run the calls together with Promise.all.',
      what:
        'Reports a `for...of` loop whose body is a single awaited call — `await f(x);`, `out.push(await f(x));` or ' +
        '`const r = await f(x); out.push(r);`, or the tutorials\' `const data = await f(x);` followed only by logging of ' +
        'the result — whose arguments or receiver use the loop variable, when nothing ' +
        'ties the iterations together: no `break`, `continue`, `return` or `throw` in the body, no variable ' +
        'assigned in the body (accumulators, cursors, counters), the call does not read the list it fills, it ' +
        'does not call the items themselves or dispatch hooks, handlers, callbacks, listeners, signals, ' +
        'middleware, plugins, migrations or steps (`emit`, `dispatch`, `notify`, `run`, `call` in the name), and ' +
        'the call only reads: judged first by what the callee does (the effect model of sequential-awaits: a ' +
        'write, a lock, a transaction, a wait or no I/O at all keeps the loop sequential, and a call on a shared ' +
        'transaction is never a candidate), and, for a callee nobody can summarise, by its name, which must not ' +
        'start with a lifecycle, lock, waiting, UI or write verb. The message names the evidence. ' +
        'A call the type checker knows never returns a promise is not reported (nothing would overlap). ' +
        '`while`, `do...while` and `for await` loops are sequential by nature and never reported; nor are ' +
        '`for...in` loops (they also visit inherited keys, so no exact rewrite exists) and counting ' +
        '`for (;;)` loops (their index is updated after each await). Test files and test callbacks are skipped ' +
        'unless the option `includeTests` is true, and so are loops whose comments say the order matters ' +
        '("in order", "sequentially", "one at a time", "concurrently", or a suppression of `no-await-in-loop`).',
      why:
        'Each iteration waits for the previous call to finish, so the loop takes the sum of all calls. When the ' +
        'iterations do not depend on each other, running them together takes about as long as the slowest one.',
      useInstead:
        '`await Promise.all(xs.map((x) => f(x)))`, or `out.push(...(await Promise.all(xs.map((x) => f(x)))))` to ' +
        'collect results in order. For an iterable that is not an array (a Set, a Map, a generator) use ' +
        '`Array.from(xs, (x) => f(x))`. For large inputs, limit the concurrency (for example with a small pool ' +
        'or the p-limit package).',
      fixSafety:
        'Unsafe. All calls start at once: concurrency is unbounded, which can overload a server, exhaust a ' +
        'connection pool or hit rate limits on a large list. The calls still start in item order, but their ' +
        'side effects now overlap and finish in any order. On failure, the loop stopped at the first rejected ' +
        'call; with Promise.all the other calls are already running and keep running, the first rejection is ' +
        'thrown and the other results are lost — and in the collecting form nothing is pushed, where the loop ' +
        'had pushed the results before the failure. Results are pushed in item order. The fix uses ' +
        '`xs.map(...)` when the type checker knows `xs` is an array or tuple and `Array.from(xs, ...)` otherwise; ' +
        'comments in the loop move above the rewritten statement. The logging loop becomes ' +
        '`const results = await Promise.all(xs.map((x) => f(x)));` followed by the same loop over `xs.entries()` ' +
        'reading `results[i]`, so its output keeps its order; it is offered only for arrays (the list is read ' +
        'twice), and the log lines now all come after the last call has finished.',
      examples: [{ bad, good, language: 'typescript' }],
    },
  },
  create(ctx) {
    const scope = awaitsScopeOf(ctx);
    if (scope.skipFile) return {};
    const includeTests = scope.includeTests;
    const candidates: LoopCandidate[] = [];
    return {
      visit: {
        [SyntaxKind.ForOfStatement]: (node: Node) => {
          const candidate = loopCandidateOf(node as ForOfStatement, ctx.sourceFile);
          // Names are judged after the effects are known (finish): only the shape is judged here.
          if (!candidate || !judgeLoop(candidate.model, {}, 'reads').independent) return;
          if (!includeTests && isInTestCallback(node)) return;
          if (commentsAboutNodes(ctx.sourceFile, [node]).some(commentSaysOrderMatters)) return;
          candidates.push(candidate);
        },
      },
      finish() {
        if (candidates.length === 0) return;
        const arrays = areArrays(ctx.types, candidates.map((c) => c.loop.expression));
        // An awaited call that never returns a promise did its work before the await: nothing would overlap.
        const noPromise = ctx.types.neverThenable(candidates.map((c) => c.call));
        const effects = ctx.types.callEffects(candidates.map((c) => c.call));
        candidates.forEach((candidate, i) => {
          const verdict = verdictOf(effects[i]);
          if (noPromise[i] || !judgeLoop(candidate.model, {}, verdict).independent) return;
          const { loop } = candidate;
          const fix = loopFix(ctx.sourceFile, candidate, arrays[i]!);
          ctx.report({
            start: loop.getStart(ctx.sourceFile),
            end: loop.end,
            message: awaitInLoopMessage(`${candidate.model.call.calleeKey}(...)`, verdict === 'reads' ? effects[i] : undefined, 'Promise.all'),
            fixes: fix ? [fix] : [],
          });
        });
      },
    };
  },
};
