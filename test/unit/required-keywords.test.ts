/**
 * Rules that declare `requiresText` are not run on a file without that keyword (ruleRunner.ts):
 * the keyword must be in everything they report, and the runner must really skip them.
 */
import assert from 'node:assert/strict';
import { resolveConfig } from '../../server/src/core/config.ts';
import { allRuleMetas, typescriptRules } from '../../server/src/rules/index.ts';
import { RuleRunner } from '../../server/src/rules/ruleRunner.ts';
import type { Rule, RuleVisitor } from '../../server/src/rules/types.ts';

describe('rules that require a keyword', () => {
  const declaring = typescriptRules.filter((r) => r.requiresText !== undefined);

  it('are the rules about async functions and awaits', () => {
    assert.deepEqual(
      Object.fromEntries(declaring.map((r) => [r.meta.id, r.requiresText])),
      // async-callback is not here: a plain function returning a promise needs no keyword
      // (fixture async-callback/issue15-plain-functions-returning-promises.ts has none).
      {
        'async-promise-executor': 'async',
        'await-in-loop': 'await',
        'await-non-thenable': 'await',
        'blocking-call': 'async',
        'return-await-in-try': 'async',
        'sequential-awaits': 'await',
      },
    );
  });

  for (const rule of declaring) {
    it(`${rule.meta.id}: every bad example has "${rule.requiresText}" (or the rule would be skipped on it)`, () => {
      for (const example of rule.meta.docs.examples) assert.ok(example.bad.includes(rule.requiresText!), example.bad);
    });
  }

  it('the runner creates such a rule only when the text has the keyword, and counts it as run either way', () => {
    const meta = allRuleMetas().find((m) => m.id === 'await-in-loop')!;
    let created = 0;
    const probe: Rule<unknown, RuleVisitor<number, unknown>> = {
      meta,
      requiresText: 'await',
      create: () => {
        created++;
        return {};
      },
    };
    const config = resolveConfig(allRuleMetas());
    for (const [text, expected] of [['const x = 1;', 0], ['await f();', 1]] as const) {
      created = 0;
      const runner = new RuleRunner<unknown>('a.ts');
      runner.createRules([probe], config, (common) => common, text);
      assert.equal(created, expected, text);
      assert.deepEqual([...runner.completedRules], ['await-in-loop'], text);
    }
  });
});
