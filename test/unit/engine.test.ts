import assert from 'node:assert/strict';
import { lintSnippet, syntaxErrorsOf } from '../helpers/lint.ts';

describe('engine', () => {
  it('parses a TypeScript file and reports its syntax errors', () => {
    assert.equal(syntaxErrorsOf('const x = 1;\n'), 0);
    assert.ok(syntaxErrorsOf('const x = ;\nfunction (\n') > 0);
  });

  // Syntax errors are asked of tsgo only when the parser marked a node (TypeScript files) or the
  // file is JavaScript, whose TypeScript-only syntax errors mark no node.
  it('finds scanner errors, parser errors and TypeScript syntax in JavaScript files', () => {
    for (const [code, fileName] of [
      ['const s = "unterminated;\n', 'a.ts'],
      ['const n = 0x;\n', 'b.mts'],
      ['const t = `open ${1;\n', 'c.cts'],
      ['let x = 1 @ 2;\n', 'd.tsx'],
      // Inside type syntax, which the rules' traversal skips.
      ['interface A { x: Map<string, ; }\n', 'g.ts'],
      ['let v: { a: string ;\n', 'h.ts'],
      ['type T = [number, ;\n', 'i.ts'],
      ['declare const x: number;\n', 'e.js'],
      ['function f(a: string) { return a; }\n', 'f.mjs'],
    ] as const) {
      assert.ok(syntaxErrorsOf(code, fileName) > 0, `${fileName}: ${code}`);
    }
    assert.equal(syntaxErrorsOf('export const ok = 1;\n', 'ok.js'), 0);
    assert.equal(syntaxErrorsOf('export const ok: number = 1;\n', 'ok.tsx'), 0);
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
