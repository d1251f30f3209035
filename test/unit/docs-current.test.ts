import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { renderConfigSchema } from '../../server/src/core/configSchema.ts';
import { renderReadmeRuleTable, renderRuleCatalogue, replaceReadmeRuleTable } from '../../server/src/core/ruleCatalogue.ts';
import { allRuleMetas } from '../../server/src/rules/index.ts';

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

describe('generated docs (run `npm run docs` when these fail)', () => {
  it('docs/rules.md is generated from the current rule metadata', () => {
    assert.equal(read('docs/rules.md'), renderRuleCatalogue(allRuleMetas()));
  });

  it('docs/rules.md has a section per rule, the anchor every diagnostic links to', () => {
    const onDisk = read('docs/rules.md');
    for (const m of allRuleMetas()) assert.match(onDisk, new RegExp(`^## ${m.id}$`, 'm'));
  });

  it("the README's rule table lists every rule as the metadata says", () => {
    const readme = read('README.md');
    assert.equal(readme, replaceReadmeRuleTable(readme, renderReadmeRuleTable(allRuleMetas())));
    for (const m of allRuleMetas()) assert.ok(readme.includes(`[\`${m.id}\`](docs/rules.md#${m.id})`), m.id);
  });

  it('schemas/async-lint.schema.json is generated from the current rule metadata', () => {
    assert.equal(read('schemas/async-lint.schema.json'), renderConfigSchema(allRuleMetas()));
  });
});
