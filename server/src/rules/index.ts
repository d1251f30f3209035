/** The rule registry: every rule, in the order `async-lint rules` lists them. */
import type { RuleMeta } from '../core/types.ts';
import type { TsRule } from './types.ts';
import { pythonRules } from './pythonEngine.ts';
import { rule as floatingPromise } from './typescript/floating-promise.ts';
import { rule as sequentialAwaits } from './typescript/sequential-awaits.ts';
import { rule as awaitInLoop } from './typescript/await-in-loop.ts';
import { rule as blockingCall } from './typescript/blocking-call.ts';
import { rule as asyncCallback } from './typescript/async-callback.ts';

export const typescriptRules: readonly TsRule[] = [floatingPromise, sequentialAwaits, awaitInLoop, blockingCall, asyncCallback];

/** One entry per rule id, merging the metadata of a rule's TypeScript and Python halves. */
export function allRuleMetas(): RuleMeta[] {
  const byId = new Map<string, RuleMeta>();
  for (const meta of [...typescriptRules, ...pythonRules].map((r) => r.meta)) {
    const existing = byId.get(meta.id);
    byId.set(
      meta.id,
      existing
        ? {
            ...existing,
            languages: [...new Set([...existing.languages, ...meta.languages])],
            hasFix: existing.hasFix || meta.hasFix,
            defaultOptions: { ...meta.defaultOptions, ...existing.defaultOptions },
            docs: { ...existing.docs, examples: [...existing.docs.examples, ...meta.docs.examples] },
          }
        : meta,
    );
  }
  return [...byId.values()];
}

export const DOCS_BASE_URL = 'https://github.com/async-lint/async-lint/blob/main/docs/rules.md';

export function ruleDocsUrl(id: string): string {
  return `${DOCS_BASE_URL}#${id}`;
}
