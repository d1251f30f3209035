/**
 * The rule registry, as data: every rule of both languages, in the order `async-lint rules` lists
 * them. It imports rule modules only, never an engine, so anything may read it.
 */
import type { RuleDocs, RuleMeta } from '../core/types.ts';
import type { PyRule } from './python/types.ts';
import type { TsRule } from './types.ts';
import { unusedDirectiveMeta } from './unused-directive.ts';
import { rule as floatingPromise } from './typescript/floating-promise.ts';
import { rule as sequentialAwaits } from './typescript/sequential-awaits.ts';
import { rule as awaitInLoop } from './typescript/await-in-loop.ts';
import { rule as blockingCall } from './typescript/blocking-call.ts';
import { rule as asyncCallback } from './typescript/async-callback.ts';
import { rule as promiseCondition } from './typescript/promise-condition.ts';
import { rule as awaitNonThenable } from './typescript/await-non-thenable.ts';
import { rule as returnAwaitInTry } from './typescript/return-await-in-try.ts';
import { rule as asyncPromiseExecutor } from './typescript/async-promise-executor.ts';
import { rule as pyUnawaitedCoroutine } from './python/unawaited-coroutine.ts';
import { rule as pyDanglingTask } from './python/dangling-task.ts';
import { rule as pyBlockingCall } from './python/blocking-call.ts';
import { rule as pySwallowedCancellation } from './python/swallowed-cancellation.ts';
import { rule as pyEventLoopMisuse } from './python/event-loop-misuse.ts';
import { rule as pySequentialAwaits } from './python/sequential-awaits.ts';
import { rule as pyAwaitInLoop } from './python/await-in-loop.ts';
import { rule as pyAbandonedTasks } from './python/abandoned-tasks.ts';

export const typescriptRules: readonly TsRule[] = [
  floatingPromise,
  sequentialAwaits,
  awaitInLoop,
  blockingCall,
  asyncCallback,
  promiseCondition,
  awaitNonThenable,
  returnAwaitInTry,
  asyncPromiseExecutor,
];

export const pythonRules: readonly PyRule[] = [
  pyUnawaitedCoroutine,
  pyDanglingTask,
  pyBlockingCall,
  pySwallowedCancellation,
  pyEventLoopMisuse,
  pySequentialAwaits,
  pyAwaitInLoop,
  pyAbandonedTasks,
];

/** One entry per rule id, merging the metadata of a rule's TypeScript and Python halves. */
const ruleMetas: readonly RuleMeta[] = mergedMetas();

/** Every rule id of the catalogue (both languages, and `unused-directive`). */
export const knownRuleIds: ReadonlySet<string> = new Set(ruleMetas.map((m) => m.id));

/** The catalogue: one entry per rule id (a fresh array; the entries are shared). */
export function allRuleMetas(): RuleMeta[] {
  return [...ruleMetas];
}

function mergedMetas(): RuleMeta[] {
  const byId = new Map<string, RuleMeta>();
  for (const meta of [...typescriptRules.map((r) => r.meta), ...pythonRules.map((r) => r.meta), unusedDirectiveMeta]) {
    const existing = byId.get(meta.id);
    byId.set(
      meta.id,
      existing
        ? {
            ...existing,
            languages: [...new Set([...existing.languages, ...meta.languages])],
            hasFix: existing.hasFix || meta.hasFix,
            defaultOptions: { ...meta.defaultOptions, ...existing.defaultOptions },
            docs: mergeDocs(existing.docs, meta.docs, meta.languages),
          }
        : meta,
    );
  }
  return [...byId.values()];
}

/** The second half's text follows the first's under its language's name, where it says something else. */
function mergeDocs(first: RuleDocs, second: RuleDocs, secondLanguages: readonly string[]): RuleDocs {
  const label = secondLanguages.map((l) => (l === 'python' ? 'Python' : 'TypeScript/JavaScript')).join(', ');
  const join = (a: string, b: string) => (a.trim() === b.trim() || !b.trim() ? a : `${a}\n\n**${label}:** ${b}`);
  return {
    summary: first.summary,
    what: join(first.what, second.what),
    why: join(first.why, second.why),
    useInstead: join(first.useInstead, second.useInstead),
    fixSafety: join(first.fixSafety, second.fixSafety),
    examples: [...first.examples, ...second.examples],
  };
}

export const DOCS_BASE_URL = 'https://github.com/async-lint/async-lint/blob/main/docs/rules.md';

export function ruleDocsUrl(id: string): string {
  return `${DOCS_BASE_URL}#${id}`;
}
