import assert from 'node:assert/strict';
import { lintSnippet, syntaxErrorsOf } from '../helpers/lint.ts';

describe('engine', () => {
  it('parses a TypeScript file and reports its syntax errors', () => {
    assert.equal(syntaxErrorsOf('const x = 1;\n'), 0);
    assert.ok(syntaxErrorsOf('const x = ;\nfunction (\n') > 0);
  });

  it('lints loose .js/.mjs/.cjs files (inferred project)', () => {
    for (const fileName of ['a.js', 'b.mjs', 'c.cjs']) {
      const r = lintSnippet('export const x = 1;\n', { fileName });
      assert.equal(r.fatal, undefined, fileName);
    }
  });
});
