import assert from 'node:assert/strict';
import { TypeFacts } from '../../../server/src/languages/typescript/typeFacts.ts';
import { rule } from '../../../server/src/rules/typescript/floating-promise.ts';
import type { TsRuleContext } from '../../../server/src/rules/types.ts';

const ID = 'floating-promise';
// The findings and fixes are fixtures: test/fixtures/rules/floating-promise/.

describe('floating-promise', () => {
  it('has the metadata the catalogue promises', () => {
    assert.equal(rule.meta.id, ID);
    assert.equal(rule.meta.defaultSeverity, 'error');
    assert.equal(rule.meta.typeAware, true);
    assert.equal(rule.meta.hasFix, true);
    assert.deepEqual(rule.meta.defaultOptions, { ignoreVoid: true, ignoreIIFE: false, checkThenables: false, allowForKnownSafeCalls: [], allowForKnownSafePromises: [] });
  });

  it('reports nothing without type information (precision first)', () => {
    const context = { options: rule.meta.defaultOptions, types: new TypeFacts(undefined) } as unknown as TsRuleContext;
    assert.deepEqual(rule.create(context), {});
  });
});
