import assert from 'node:assert/strict';
import { resolveConfig } from '../../server/src/core/config.ts';
import { Linter } from '../../server/src/rules/engine.ts';
import { allRuleMetas, typescriptRules } from '../../server/src/rules/index.ts';
import type { TsRule } from '../../server/src/rules/types.ts';
import { tempProject } from '../helpers/lint.ts';
import path from 'node:path';
import { diskProbe } from '../../server/src/node/fileProbe.ts';

describe('a failing rule', () => {
  it('is reported through onRuleError and the other rules still report', () => {
    const rule = typescriptRules.find((r) => r.meta.id === 'async-callback') as TsRule;
    const original = rule.create;
    const errors: string[] = [];
    const linter = new Linter({ files: diskProbe, onRuleError: (id, _file, error) => errors.push(`${id}: ${(error as Error).message}`) });
    try {
      rule.create = () => {
        throw new Error('boom');
      };
      const code = "import { readFileSync } from 'node:fs';\nexport async function f() {\n  [1].forEach(async () => {});\n  return readFileSync('x');\n}\n";
      const dir = tempProject({ 'a.ts': code });
      const [result] = linter.lint([{ fileName: path.join(dir, 'a.ts'), text: code }], () => resolveConfig(allRuleMetas()));
      assert.deepEqual(result!.findings.map((f) => f.ruleId), ['blocking-call']);
      assert.deepEqual(errors, ['async-callback: boom']);
    } finally {
      rule.create = original;
      linter.dispose();
    }
  });
});
