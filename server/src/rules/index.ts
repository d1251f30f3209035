/** The rule registry: every rule, in the order `async-lint rules` lists them. */
import type { RuleDocs, RuleMeta } from '../core/types.ts';
import type { TsRule } from './types.ts';
import { pythonRules } from './pythonEngine.ts';
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

/** One entry per rule id, merging the metadata of a rule's TypeScript and Python halves. */
export function allRuleMetas(): RuleMeta[] {
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

let ruleIds: ReadonlySet<string> | undefined;

/** Every rule id of the catalogue (both languages). */
export function knownRuleIds(): ReadonlySet<string> {
  ruleIds ??= new Set(allRuleMetas().map((m) => m.id));
  return ruleIds;
}
