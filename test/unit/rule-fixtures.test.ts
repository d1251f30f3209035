/** Runs every rule fixture under test/fixtures/rules (the format: test/helpers/fixtures.ts). */
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allRuleMetas } from '../../server/src/rules/index.ts';
import { fixtureCases, runFixtureCase, UPDATE } from '../helpers/fixtures.ts';
import { sharedLinter } from '../helpers/lint.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/rules');
const cases = fixtureCases(root);

describe(`rule fixtures${UPDATE ? ' (updating)' : ''}`, () => {
  before(() => sharedLinter().prepare());

  it('every rule has cases', () => {
    const tested = new Set(cases.map((c) => c.ruleId));
    assert.deepEqual(allRuleMetas().map((m) => m.id).filter((id) => !tested.has(id)), []);
  });

  for (const ruleId of [...new Set(cases.map((c) => c.ruleId))]) {
    describe(ruleId, () => {
      for (const c of cases.filter((x) => x.ruleId === ruleId)) it(`${c.name}.${c.ext}`, () => runFixtureCase(c));
    });
  }
});
