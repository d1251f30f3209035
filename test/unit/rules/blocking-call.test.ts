import assert from 'node:assert/strict';
import { rule } from '../../../server/src/rules/typescript/blocking-call.ts';
import { applyFix, findingsOf, linesOf, syntaxErrorsOf } from '../../helpers/lint.ts';

const RULE = 'blocking-call';

function findings(code: string, fileName = 'snippet.ts') {
  return findingsOf(code, RULE, { fileName });
}

/** Lines of the findings, for cases where only detection matters. */
function lines(code: string, fileName = 'snippet.ts'): number[] {
  return linesOf(code, findings(code, fileName));
}

/** The one finding's single fix applied; asserts the result parses. */
function fixed(code: string, fileName = 'snippet.ts'): string {
  const found = findings(code, fileName);
  assert.equal(found.length, 1, `expected one finding, got ${found.map((f) => f.message).join(' | ')}`);
  assert.equal(found[0]!.fixes.length, 1, 'expected a fix');
  assert.equal(found[0]!.fixes[0]!.applicability, 'unsafe');
  const text = applyFix(code, found[0]!);
  assert.equal(syntaxErrorsOf(text, fileName), 0, `fixed text does not parse:\n${text}`);
  return text;
}

describe('blocking-call', () => {
  it('has the agreed metadata', () => {
    assert.equal(rule.meta.id, RULE);
    assert.deepEqual(rule.meta.languages, ['typescript']);
    assert.equal(rule.meta.defaultSeverity, 'warning');
    assert.equal(rule.meta.typeAware, false);
    assert.equal(rule.meta.hasFix, true);
  });

  describe('detection', () => {
    it('reports a namespace import call with a message naming call and replacement', () => {
      const code = "import * as fs from 'node:fs';\nexport async function f(p: string) {\n  return fs.readFileSync(p, 'utf8');\n}\n";
      const found = findings(code);
      assert.deepEqual(linesOf(code, found), [3]);
      assert.equal(
        found[0]!.message,
        'fs.readFileSync() reads the whole file and blocks the event loop inside an async function; use await readFile() from node:fs/promises.',
      );
      assert.equal(code.slice(found[0]!.start, found[0]!.end), "fs.readFileSync(p, 'utf8')");
      assert.equal(found[0]!.severity, 'warning');
    });

    it('recognises default, named, aliased, import-equals and node:-less imports', () => {
      assert.deepEqual(lines("import fs from 'fs';\nexport async function f() {\n  fs.writeFileSync('a', 'b');\n}\n"), [3]);
      assert.deepEqual(lines("import { statSync } from 'node:fs';\nexport async function f() {\n  return statSync('a');\n}\n"), [3]);
      assert.deepEqual(lines("import { readdirSync as ls } from 'fs';\nexport async function f() {\n  return ls('.');\n}\n"), [3]);
      assert.deepEqual(lines("import { default as fs } from 'fs';\nexport async function f() {\n  return fs.mkdirSync('d');\n}\n"), [3]);
      assert.deepEqual(lines("import cp = require('child_process');\nexport async function f() {\n  return cp.execSync('ls');\n}\n", 'snippet.cts'), [3]);
    });

    it('recognises CommonJS require forms, also inline and inside the function', () => {
      const code = [
        "const fs = require('fs');",
        "const { execFileSync, spawnSync: run } = require('node:child_process');",
        "const unlink = require('fs').unlinkSync;",
        'async function f() {',
        "  fs.rmSync('x');",
        "  execFileSync('ls');",
        "  run('ls');",
        "  unlink('y');",
        "  require('zlib').gzipSync('z');",
        "  const { scryptSync } = require('crypto');",
        "  scryptSync('pw', 'salt', 64);",
        '}',
        'module.exports = { f };',
        '',
      ].join('\n');
      assert.deepEqual(lines(code, 'snippet.cjs'), [5, 6, 7, 8, 9, 11]);
    });

    it('recognises `await import()` bindings', () => {
      const code = "export async function f() {\n  const fs = await import('node:fs');\n  return fs.readFileSync('a');\n}\n";
      assert.deepEqual(lines(code), [3]);
    });

    it('reports in every kind of async function, and Atomics.wait', () => {
      const code = [
        "import { accessSync } from 'fs';",
        'export const a = async () => accessSync("a");',
        'export const b = async function () { accessSync("b"); };',
        'export class C {',
        '  async m() { accessSync("c"); }',
        '}',
        'export const o = { async m() { accessSync("d"); } };',
        'export async function* g() { accessSync("e"); yield 1; }',
        'export async function w(view: Int32Array) { Atomics.wait(view, 0, 0); }',
        '',
      ].join('\n');
      assert.deepEqual(lines(code), [2, 3, 5, 7, 8, 9]);
    });

    it('reports existsSync, descriptor calls and crypto/zlib without a fix where there is no same-meaning form', () => {
      const code = [
        "import fs from 'node:fs';",
        "import { execSync } from 'node:child_process';",
        'export async function f(view: Int32Array) {',
        "  if (fs.existsSync('a')) return;",
        "  const fd = fs.openSync('a', 'r');",
        '  fs.closeSync(fd);',
        "  execSync('ls');",
        '  Atomics.wait(view, 0, 0);',
        '}',
        '',
      ].join('\n');
      const found = findings(code);
      assert.deepEqual(linesOf(code, found), [4, 5, 6, 7, 8]);
      assert.deepEqual(found.map((f) => f.fixes.length), [0, 0, 0, 0, 0]);
      assert.equal(
        found[3]!.message,
        'child_process.execSync() waits for the child process to exit and blocks the event loop inside an async function; ' +
          'use await promisify(exec)(command) from node:child_process and node:util, which resolves to { stdout, stderr } instead of stdout.',
      );
    });

    it('reports in JavaScript files', () => {
      assert.deepEqual(lines("import fs from 'fs';\nexport async function f() {\n  return fs.readFileSync('a');\n}\n", 'snippet.js'), [3]);
      assert.deepEqual(lines("import fs from 'fs';\nexport async function f() {\n  return fs.readFileSync('a');\n}\n", 'snippet.mjs'), [3]);
    });
  });

  describe('no finding', () => {
    it('outside async code: top level, sync functions, nested non-async callbacks, class fields', () => {
      const code = [
        "import fs from 'node:fs';",
        "export const text = fs.readFileSync('a', 'utf8');",
        "export function sync() { return fs.readFileSync('b'); }",
        'export async function later(files: string[]) {',
        "  setTimeout(() => fs.unlinkSync('c'), 10);",
        '  return files.map(function (f) { return fs.statSync(f); });',
        '}',
        'export async function withClass() {',
        "  return class { data = fs.readFileSync('d'); static { fs.readFileSync('e'); } };",
        '}',
        '',
      ].join('\n');
      assert.deepEqual(lines(code), []);
    });

    it('fs.promises and fs/promises calls', () => {
      const code = [
        "import fs from 'node:fs';",
        "import { promises as fsp } from 'fs';",
        "import * as fsPromises from 'node:fs/promises';",
        'export async function f() {',
        "  await fs.promises.readFile('a');",
        "  await fsp.readFile('b');",
        "  await fsPromises.readFile('c');",
        "  fs.readFile('d', () => {});",
        '}',
        '',
      ].join('\n');
      assert.deepEqual(lines(code), []);
    });

    it('local functions and locals that shadow an import', () => {
      const code = [
        "import * as fs from 'fs';",
        "import { readFileSync } from 'fs';",
        'function writeFileSync(_p: string) {}',
        'export async function a() {',
        "  writeFileSync('a');",
        '}',
        'export async function b(fs: { readFileSync(p: string): string }) {',
        "  return fs.readFileSync('b');",
        '}',
        'export async function c() {',
        '  const readFileSync = (p: string) => p;',
        "  return readFileSync('c');",
        '}',
        'export async function d() {',
        "  if (Math.random()) { var Atomics = { wait() {} }; Atomics.wait(); }",
        '}',
        "export async function e() { return readFileSync('e'); }",
        '',
      ].join('\n');
      // Only e(): the others call a local of the same name.
      assert.deepEqual(lines(code), [17]);
    });

    it('modules without blocking data, type-only imports and test files', () => {
      assert.deepEqual(lines("import path from 'node:path';\nexport async function f() {\n  return path.join('a');\n}\n"), []);
      const typeOnly = "import type { readFileSync } from 'fs';\ndeclare const r: typeof readFileSync;\nexport async function f() {\n  return r('a');\n}\n";
      assert.deepEqual(lines(typeOnly), []);
      const inTest = "import fs from 'fs';\nexport async function f() {\n  return fs.readFileSync('a');\n}\n";
      assert.deepEqual(lines(inTest, 'load.test.ts'), []);
      assert.deepEqual(linesOf(inTest, findingsOf(inTest, RULE, { fileName: 'load.test.ts', settings: { includeTests: true } })), [3]);
    });
  });

  describe('fixes', () => {
    it('adds a new import line after the last import', () => {
      const code = "import fs from 'node:fs';\nimport path from 'node:path';\n\nexport async function load(dir: string) {\n  const text = fs.readFileSync(path.join(dir, 'a.json'), 'utf8');\n  return JSON.parse(text);\n}\n";
      assert.equal(
        fixed(code),
        "import fs from 'node:fs';\nimport path from 'node:path';\nimport { readFile } from 'node:fs/promises';\n\nexport async function load(dir: string) {\n  const text = await readFile(path.join(dir, 'a.json'), 'utf8');\n  return JSON.parse(text);\n}\n",
      );
    });

    it('keeps quotes and semicolon style, and a trailing comment on the import line', () => {
      const code = 'import { writeFileSync } from "fs" // writes\n\nexport async function save(p: string) {\n  writeFileSync(p, "x")\n}\n';
      assert.equal(
        fixed(code),
        'import { writeFileSync } from "fs" // writes\nimport { writeFile } from "node:fs/promises"\n\nexport async function save(p: string) {\n  await writeFile(p, "x")\n}\n',
      );
    });

    it('extends an existing node:fs/promises import', () => {
      const code = "import { statSync } from 'fs';\nimport { readFile } from 'node:fs/promises';\nexport async function f(p: string) {\n  await readFile(p);\n  return statSync(p).size;\n}\n";
      assert.equal(
        fixed(code),
        "import { statSync } from 'fs';\nimport { readFile, stat } from 'node:fs/promises';\nexport async function f(p: string) {\n  await readFile(p);\n  return (await stat(p)).size;\n}\n",
      );
    });

    it('reuses an existing fs/promises namespace or named import', () => {
      const ns = "import fs from 'fs';\nimport * as fsp from 'fs/promises';\nexport async function f(p: string) {\n  return fs.mkdirSync(p, { recursive: true });\n}\n";
      assert.equal(fixed(ns), "import fs from 'fs';\nimport * as fsp from 'fs/promises';\nexport async function f(p: string) {\n  return await fsp.mkdir(p, { recursive: true });\n}\n");
      const named = "import { readdirSync } from 'fs';\nimport { readdir as list } from 'node:fs/promises';\nexport async function f() {\n  return readdirSync('.');\n}\n";
      assert.equal(fixed(named), "import { readdirSync } from 'fs';\nimport { readdir as list } from 'node:fs/promises';\nexport async function f() {\n  return await list('.');\n}\n");
    });

    it('uses the require form in CommonJS files, extending an existing require', () => {
      const code = "'use strict';\nconst fs = require('fs');\n\nasync function f(p) {\n  return fs.readFileSync(p).toString();\n}\nmodule.exports = { f };\n";
      assert.equal(
        fixed(code, 'snippet.cjs'),
        "'use strict';\nconst fs = require('fs');\nconst { readFile } = require('node:fs/promises');\n\nasync function f(p) {\n  return (await readFile(p)).toString();\n}\nmodule.exports = { f };\n",
      );
      const extend = "const { copyFileSync } = require('fs');\nconst { rm } = require('fs/promises');\nasync function f(a, b) {\n  copyFileSync(a, b);\n  await rm(a);\n}\nmodule.exports = { f };\n";
      assert.equal(
        fixed(extend, 'snippet.cjs'),
        "const { copyFileSync } = require('fs');\nconst { rm, copyFile } = require('fs/promises');\nasync function f(a, b) {\n  await copyFile(a, b);\n  await rm(a);\n}\nmodule.exports = { f };\n",
      );
    });

    it('picks another name when the replacement name is taken', () => {
      const code = "import { readFile, readFileSync } from 'fs';\nexport async function f(p: string) {\n  readFile(p, () => {});\n  return readFileSync(p, 'utf8');\n}\n";
      assert.equal(
        fixed(code),
        "import { readFile, readFileSync } from 'fs';\nimport { readFile as readFileAsync } from 'node:fs/promises';\nexport async function f(p: string) {\n  readFile(p, () => {});\n  return await readFileAsync(p, 'utf8');\n}\n",
      );
      const cjs = "const { readFileSync } = require('fs');\nasync function f(p) {\n  const readFile = 1;\n  return readFileSync(p) + readFile;\n}\nmodule.exports = { f };\n";
      assert.equal(
        fixed(cjs, 'snippet.cjs'),
        "const { readFileSync } = require('fs');\nconst { readFile: readFileAsync } = require('node:fs/promises');\nasync function f(p) {\n  const readFile = 1;\n  return await readFileAsync(p) + readFile;\n}\nmodule.exports = { f };\n",
      );
    });

    it('wraps in parentheses where await would bind differently', () => {
      const code = "import fs from 'fs';\nexport async function f(p: string) {\n  const n = fs.statSync(p)!.size ** 2;\n  return [fs.readdirSync(p)[0], fs.readFileSync(p)!, fs.mkdtempSync(p) + '/x'];\n}\n";
      const found = findings(code);
      assert.equal(found.length, 4);
      const texts = found.map((f) => applyFix(code, f));
      assert.ok(texts[0]!.includes('const n = (await stat(p))!.size ** 2;'));
      assert.ok(texts[1]!.includes('return [(await readdir(p))[0], fs.readFileSync(p)!'));
      assert.ok(texts[2]!.includes('(await readFile(p))!, fs.mkdtempSync'));
      assert.ok(texts[3]!.includes("await mkdtemp(p) + '/x']"));
      for (const t of texts) assert.equal(syntaxErrorsOf(t), 0, t);
    });

    it('does not double an existing await', () => {
      const code = "import fs from 'fs';\nexport async function f(p: string) {\n  return await fs.rmdirSync(p);\n}\n";
      assert.equal(fixed(code), "import fs from 'fs';\nimport { rmdir } from 'node:fs/promises';\nexport async function f(p: string) {\n  return await rmdir(p);\n}\n");
    });

    it('promisifies zlib and crypto callback forms, through the namespace when there is one', () => {
      const ns = "import * as zlib from 'node:zlib';\nexport async function f(b: Buffer) {\n  return zlib.gunzipSync(b).toString('utf8');\n}\n";
      assert.equal(
        fixed(ns),
        "import * as zlib from 'node:zlib';\nimport { promisify } from 'node:util';\nexport async function f(b: Buffer) {\n  return (await promisify(zlib.gunzip)(b)).toString('utf8');\n}\n",
      );
      const named = "import { pbkdf2Sync } from 'crypto';\nimport { promisify } from 'util';\nexport async function f(pw: string, salt: Buffer) {\n  return pbkdf2Sync(pw, salt, 100000, 64, 'sha512');\n}\n";
      assert.equal(
        fixed(named),
        "import { pbkdf2Sync, pbkdf2 } from 'crypto';\nimport { promisify } from 'util';\nexport async function f(pw: string, salt: Buffer) {\n  return await promisify(pbkdf2)(pw, salt, 100000, 64, 'sha512');\n}\n",
      );
    });

    it('fixes realpathSync with the callback form, which resolves the same way', () => {
      const code = "import fs from 'fs';\nexport async function f(p: string) {\n  return fs.realpathSync(p);\n}\n";
      assert.equal(
        fixed(code),
        "import fs from 'fs';\nimport { promisify } from 'node:util';\nexport async function f(p: string) {\n  return await promisify(fs.realpath)(p);\n}\n",
      );
    });

    it('offers no fix where the async form would mean something else', () => {
      const code = [
        "import fs from 'fs';",
        'export async function f(fd: number, p: string, o: { throwIfNoEntry: boolean }, q = fs.readFileSync(p)) {',
        '  fs.readFileSync(fd);',
        '  fs.writeFileSync(1, q);',
        '  fs.statSync(p, { throwIfNoEntry: false });',
        '  fs.lstatSync(p, o);',
        '  fs.readFileSync?.(p);',
        '}',
        '',
      ].join('\n');
      const found = findings(code);
      assert.deepEqual(linesOf(code, found), [2, 3, 4, 5, 6, 7]);
      assert.deepEqual(found.map((f) => f.fixes.length), [0, 0, 0, 0, 0, 0]);
      const withOptions = "import fs from 'fs';\nexport async function f(p: string) {\n  return fs.statSync(p, { bigint: true });\n}\n";
      assert.equal(fixed(withOptions), "import fs from 'fs';\nimport { stat } from 'node:fs/promises';\nexport async function f(p: string) {\n  return await stat(p, { bigint: true });\n}\n");
    });

    it('adds no import for a lazily loaded module: fs.promises through the same object, else no fix', () => {
      const local = "async function f(p) {\n  const fs = require('fs');\n  return fs.readFileSync(p, 'utf8').trim();\n}\nmodule.exports = { f };\n";
      assert.equal(
        fixed(local, 'snippet.cjs'),
        "async function f(p) {\n  const fs = require('fs');\n  return (await fs.promises.readFile(p, 'utf8')).trim();\n}\nmodule.exports = { f };\n",
      );
      const inline = "async function f(p) {\n  require('node:fs').rmSync(p);\n}\nmodule.exports = { f };\n";
      assert.equal(fixed(inline, 'snippet.cjs'), "async function f(p) {\n  await require('node:fs').promises.rm(p);\n}\nmodule.exports = { f };\n");
      const named = "export async function f(p: string, b: Buffer) {\n  const { readFileSync } = await import('node:fs');\n  const zlib = await import('node:zlib');\n  return [readFileSync(p), zlib.gzipSync(b)];\n}\n";
      const found = findings(named);
      assert.deepEqual(linesOf(named, found), [4, 4]);
      assert.deepEqual(found.map((f) => f.fixes.length), [0, 0]);
    });

    it('fixes in JavaScript ES modules too', () => {
      const code = "import { unlinkSync } from 'node:fs';\nexport const f = async (p) => unlinkSync(p);\n";
      assert.equal(fixed(code, 'snippet.mjs'), "import { unlinkSync } from 'node:fs';\nimport { unlink } from 'node:fs/promises';\nexport const f = async (p) => await unlink(p);\n");
    });
  });
});
