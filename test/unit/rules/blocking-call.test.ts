import assert from 'node:assert/strict';
import { rule } from '../../../server/src/rules/typescript/blocking-call.ts';

const RULE = 'blocking-call';
// The findings and fixes are fixtures: test/fixtures/rules/blocking-call/.

describe('blocking-call', () => {
  it('has the agreed metadata', () => {
    assert.equal(rule.meta.id, RULE);
    assert.deepEqual(rule.meta.languages, ['typescript']);
    assert.equal(rule.meta.defaultSeverity, 'warning');
    assert.equal(rule.meta.typeAware, false);
    assert.equal(rule.meta.hasFix, true);
  });
});
