/**
 * Every rule's docs are complete and its examples are tests (as Biome does): the `bad` snippet
 * reports exactly one finding of the rule with only that rule on, and the `good` snippet none;
 * both parse.
 */
import assert from 'node:assert/strict';
import { typescriptRules } from '../../server/src/rules/index.ts';
import { lintSnippet } from '../helpers/lint.ts';

const DOC_FIELDS = ['summary', 'what', 'why', 'useInstead', 'fixSafety'] as const;

describe('rule docs', () => {
  for (const rule of typescriptRules) {
    const { id, docs } = rule.meta;
    describe(id, () => {
      it('has every docs field and at least one example', () => {
        for (const field of DOC_FIELDS) assert.ok(docs[field].trim().length > 0, `${id}: docs.${field} is empty`);
        assert.ok(docs.examples.length > 0, `${id}: no examples`);
      });

      docs.examples.forEach((example, i) => {
        if (example.language !== 'typescript') return;
        it(`example ${i + 1}: bad has exactly one finding, good has none`, () => {
          const badResult = lintSnippet(example.bad, { rules: [id] });
          const goodResult = lintSnippet(example.good, { rules: [id] });
          assert.equal(badResult.syntaxErrors.length + goodResult.syntaxErrors.length, 0, `${id} example ${i + 1} does not parse`);
          const bad = badResult.findings;
          assert.deepEqual(
            bad.map((f) => f.ruleId),
            [id],
            `${id} example ${i + 1} bad: ${bad.map((f) => f.message).join(' | ') || 'no findings'}`,
          );
          const good = goodResult.findings;
          assert.deepEqual(good.map((f) => f.message), [], `${id} example ${i + 1} good`);
        });
      });
    });
  }
});
