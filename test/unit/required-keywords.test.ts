/**
 * Rules that declare `requiresText` are not run on a file without that keyword (ruleRunner.ts):
 * the keyword must be in everything they report, and both engines must really skip them.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { resolveConfig } from '../../server/src/core/config.ts';
import { diskProbe } from '../../server/src/node/fileProbe.ts';
import { Linter } from '../../server/src/rules/engine.ts';
import { allRuleMetas, pythonRules, typescriptRules } from '../../server/src/rules/index.ts';
import { RuleRunner } from '../../server/src/rules/ruleRunner.ts';
import type { Rule, RuleVisitor } from '../../server/src/rules/types.ts';
import { tempProject } from '../helpers/lint.ts';

type AnyRule = Rule<unknown, RuleVisitor<string | number, unknown>>;

describe('rules that require a keyword', function () {
  this.timeout(120_000);
  const rules = [...typescriptRules, ...pythonRules] as readonly AnyRule[];
  const declaring = rules.filter((r) => r.requiresText !== undefined);
  const linter = new Linter({ files: diskProbe });
  const config = resolveConfig(allRuleMetas());
  const dir = tempProject();
  before(() => linter.prepare());
  after(() => linter.dispose());

  for (const rule of declaring) {
    const language = rule.meta.languages.join();
    it(`${language} ${rule.meta.id}: every bad example has "${rule.requiresText}" (or the rule would be skipped on it)`, () => {
      for (const example of rule.meta.docs.examples) assert.ok(example.bad.includes(rule.requiresText!), example.bad);
    });
  }

  it('both engines create such a rule only when the file has its keyword', () => {
    let file = 0;
    for (const rule of declaring) {
      const original = rule.create;
      let created = 0;
      rule.create = (context) => {
        created++;
        return original(context);
      };
      try {
        const keyword = rule.requiresText!;
        const ext = rule.meta.languages.includes('python') ? '.py' : '.ts';
        // The bad example with the keyword spelt differently: the same file, minus the keyword.
        const bad = rule.meta.docs.examples[0]!.bad;
        const without = bad.replaceAll(keyword, keyword.toUpperCase());
        linter.lint([{ fileName: path.join(dir, `without${++file}${ext}`), text: without }], () => config);
        assert.equal(created, 0, `${rule.meta.id} (${ext}) created on a file without "${keyword}"`);
        const [result] = linter.lint([{ fileName: path.join(dir, `with${++file}${ext}`), text: bad }], () => config);
        assert.equal(created, 1, `${rule.meta.id} (${ext}) not created on its bad example`);
        assert.ok(result!.findings.some((f) => f.ruleId === rule.meta.id), `${rule.meta.id} (${ext}) reports its bad example`);
      } finally {
        rule.create = original;
      }
    }
    assert.ok(declaring.some((r) => r.meta.languages.includes('python')), 'a Python rule declares a keyword');
  });

  it('the runner counts a skipped rule as run (so a directive naming it is judged as before)', () => {
    const meta = allRuleMetas().find((m) => m.id === 'await-in-loop')!;
    const probe: Rule<unknown, RuleVisitor<number, unknown>> = { meta, requiresText: 'await', create: () => ({}) };
    for (const text of ['const x = 1;', 'await f();']) {
      const runner = new RuleRunner<unknown>('a.ts');
      runner.createRules([probe], config, (common) => common, text);
      assert.deepEqual([...runner.completedRules], ['await-in-loop'], text);
    }
  });
});
