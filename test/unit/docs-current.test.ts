import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { renderRuleCatalogue } from '../../server/src/core/ruleCatalogue.ts';
import { allRuleMetas } from '../../server/src/rules/index.ts';

describe('docs/rules.md', () => {
  it('is generated from the current rule metadata (run `npm run docs` when this fails)', () => {
    const onDisk = readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8');
    assert.equal(onDisk, renderRuleCatalogue(allRuleMetas()));
  });

  it('has a section per rule, the anchor every diagnostic links to', () => {
    const onDisk = readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8');
    for (const m of allRuleMetas()) assert.match(onDisk, new RegExp(`^## ${m.id}$`, 'm'));
  });
});
