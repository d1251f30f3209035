import assert from 'node:assert/strict';
import { rule } from '../../../server/src/rules/typescript/await-in-loop.ts';
import { applyFix, findingsOf } from '../../helpers/lint.ts';

const ID = 'await-in-loop';
// The findings and fixes are fixtures: test/fixtures/rules/await-in-loop/.

describe('await-in-loop', () => {
  it('documents an example that reports exactly once, and a good one that does not', () => {
    const [example] = rule.meta.docs.examples;
    assert.equal(findingsOf(example!.bad, ID).length, 1);
    assert.equal(findingsOf(example!.good, ID).length, 0);
    assert.equal(applyFix(example!.bad, findingsOf(example!.bad, ID)[0]!), example!.good);
    assert.match(rule.meta.docs.fixSafety, /unbounded.*overload.*order.*first rejection/s);
  });
});
