/** Runs every rule fixture under test/fixtures/rules (the format: test/helpers/fixtures.ts). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureCases, runFixtureCase, UPDATE } from '../helpers/fixtures.ts';
import { sharedLinter } from '../helpers/lint.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/rules');
const cases = fixtureCases(root);

describe(`rule fixtures${UPDATE ? ' (updating)' : ''}`, () => {
  before(() => sharedLinter().prepare());

  for (const ruleId of [...new Set(cases.map((c) => c.ruleId))]) {
    describe(ruleId, () => {
      for (const c of cases.filter((x) => x.ruleId === ruleId)) it(`${c.name}.${c.ext}`, () => runFixtureCase(c));
    });
  }
});
