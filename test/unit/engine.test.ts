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

describe('engine input hygiene', () => {
  it('a text with a lone UTF-16 surrogate is analysed (as U+FFFD) without taking the TypeScript backend down', () => {
    const code = "import { readFileSync } from 'node:fs';\nexport async function f() {\n  const s = '\uD800';\n  return readFileSync(s);\n}\n";
    const first = lintSnippet(code, { rules: ['blocking-call'] });
    assert.equal(first.fatal, undefined);
    assert.equal(first.text, code.replace('\uD800', '\uFFFD'), 'offsets are unchanged');
    assert.deepEqual(first.findings.map((f) => f.ruleId), ['blocking-call']);
    assert.equal(lintSnippet('export const ok = 1;\n').fatal, undefined, 'the backend still serves the next file');
  });
});
