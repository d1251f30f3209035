import assert from 'node:assert/strict';
import { applyEdits } from '../../../server/src/core/fixes.ts';
import { ts, type Identifier, type Node, type SourceFile } from '../../../server/src/languages/typescript/ast.ts';
import {
  declarationOf,
  moduleBindingOf,
  planImports,
  type ImportRequest,
  type ModuleBinding,
} from '../../../server/src/languages/typescript/imports.ts';
import { lintSnippet, sharedLinter, syntaxErrorsOf } from '../../helpers/lint.ts';

function parse(code: string, fileName = 'snippet.ts'): SourceFile {
  const { fileName: path } = lintSnippet(code, { fileName, rules: [] });
  const file = sharedLinter().ts.getFile(path);
  assert.ok(file, 'file not loaded');
  return file.sourceFile;
}

/** The identifier starting at the `occurrence`-th (1-based) match of `name` in the text. */
function identifierAt(sf: SourceFile, name: string, occurrence = 1): Identifier {
  let offset = -1;
  for (let i = 0; i < occurrence; i++) offset = sf.text.indexOf(name, offset + 1);
  assert.ok(offset >= 0, `${name} #${occurrence} not found`);
  let found: Node | undefined;
  const visit = (node: Node): void => {
    if (node.getStart(sf) <= offset && offset < node.end) {
      found = node;
      node.forEachChild(visit);
    }
  };
  sf.forEachChild(visit);
  assert.ok(found && ts.isIdentifier(found) && found.text === name, `no identifier ${name} at ${offset}`);
  return found;
}

/** The binding of the last use of `name` in the file. */
function bindingOfLastUse(code: string, name: string, fileName?: string): ModuleBinding | undefined {
  const sf = parse(code, fileName);
  const count = code.split(name).length - 1;
  return moduleBindingOf(identifierAt(sf, name, count));
}

function plan(code: string, requests: ImportRequest[], atName: string, fileName = 'snippet.ts') {
  const sf = parse(code, fileName);
  const count = code.split(atName).length - 1;
  const result = planImports(sf, requests, identifierAt(sf, atName, count));
  const text = applyEdits(code, result.edits);
  assert.equal(syntaxErrorsOf(text, fileName), 0, text);
  return { text, references: result.references };
}

describe('languages/typescript/imports', () => {
  describe('moduleBindingOf', () => {
    it('ESM: namespace, default, named with alias, default-as, node: prefix, import-equals', () => {
      assert.deepEqual(bindingOfLastUse("import * as fs from 'node:fs';\nfs;\n", 'fs'), { module: 'fs' });
      assert.deepEqual(bindingOfLastUse("import fs from 'fs';\nfs;\n", 'fs'), { module: 'fs' });
      assert.deepEqual(bindingOfLastUse("import { readFileSync as rfs } from 'node:fs';\nrfs;\n", 'rfs'), { module: 'fs', exportName: 'readFileSync' });
      assert.deepEqual(bindingOfLastUse("import { default as z } from 'zlib';\nz;\n", 'z'), { module: 'zlib' });
      assert.deepEqual(bindingOfLastUse("import cp = require('child_process');\ncp;\n", 'cp', 'snippet.cts'), { module: 'child_process' });
    });

    it('CommonJS and dynamic import: whole module, destructured (renamed), member of require', () => {
      assert.deepEqual(bindingOfLastUse("const fs = require('fs');\nfs;\n", 'fs', 'snippet.cjs'), { module: 'fs' });
      assert.deepEqual(bindingOfLastUse("const { execSync: run } = require('node:child_process');\nrun;\n", 'run', 'snippet.cjs'), {
        module: 'child_process',
        exportName: 'execSync',
      });
      assert.deepEqual(bindingOfLastUse("const rm = require('fs').rmSync;\nrm;\n", 'rm', 'snippet.cjs'), { module: 'fs', exportName: 'rmSync' });
      assert.deepEqual(bindingOfLastUse("export async function f() {\n  const { gzipSync } = await import('zlib');\n  gzipSync;\n}\n", 'gzipSync'), {
        module: 'zlib',
        exportName: 'gzipSync',
      });
    });

    it('fs.promises is the fs/promises module', () => {
      assert.deepEqual(bindingOfLastUse("import { promises as fsp } from 'fs';\nfsp;\n", 'fsp'), { module: 'fs/promises' });
      assert.deepEqual(bindingOfLastUse("const fsp = require('fs').promises;\nfsp;\n", 'fsp', 'snippet.cjs'), { module: 'fs/promises' });
    });

    it('nothing for type-only imports, non-module values and globals', () => {
      assert.equal(bindingOfLastUse("import type { Stats } from 'fs';\nlet s: Stats;\n", 'Stats'), undefined);
      assert.equal(bindingOfLastUse("import { type Dirent } from 'fs';\nlet d: Dirent;\n", 'Dirent'), undefined);
      assert.equal(bindingOfLastUse('const fs = makeFs();\nfs;\ndeclare function makeFs(): unknown;\n', 'fs'), undefined);
      assert.equal(bindingOfLastUse('Atomics;\n', 'Atomics'), undefined);
    });
  });

  describe('declarationOf (scoping)', () => {
    const code = [
      "import { readFileSync } from 'fs';",
      'export function a(readFileSync: unknown) { return readFileSync; }',
      'export function b() { { const readFileSync = 1; } return readFileSync; }',
      'export function c() { if (1) { var readFileSync = 2; } return readFileSync; }',
      'export function d() { try { } catch (readFileSync) { return readFileSync; } return 0; }',
      'export function e() { for (const readFileSync of []) { return readFileSync; } return 0; }',
      'export const f = function readFileSync() { return readFileSync; };',
      'export function g() { switch (1) { case 1: let readFileSync = 3; return readFileSync; } return 0; }',
      '',
    ].join('\n');

    it('finds the nearest declaration: parameter, block, hoisted var, catch, for-of, function name, case block', () => {
      const sf = parse(code);
      const importName = identifierAt(sf, 'readFileSync', 1);
      const declarationLine = (occurrence: number) => {
        const use = identifierAt(sf, 'readFileSync', occurrence);
        const decl = declarationOf(use.text, use);
        return decl && (decl.pos === importName.pos ? 'import' : sf.text.slice(0, decl.getStart(sf)).split('\n').length);
      };
      assert.equal(declarationLine(3), 2, 'parameter');
      assert.equal(declarationLine(5), 'import', 'a const in a closed block does not reach the return');
      assert.equal(declarationLine(7), 4, 'var hoists to the function');
      assert.equal(declarationLine(9), 5, 'catch variable');
      assert.equal(declarationLine(11), 6, 'for-of variable');
      assert.equal(declarationLine(13), 7, 'named function expression');
      assert.equal(declarationLine(15), 8, 'case block');
    });
  });

  describe('planImports', () => {
    const READ_FILE: ImportRequest = { module: 'node:fs/promises', name: 'readFile' };

    it('adds an import after the last import, in its quote and semicolon style', () => {
      const r = plan("import a from 'a';\nimport b from \"b\"\n\nexport async function f() { use; }\n", [READ_FILE], 'use');
      assert.equal(r.text, "import a from 'a';\nimport b from \"b\"\nimport { readFile } from \"node:fs/promises\"\n\nexport async function f() { use; }\n");
      assert.deepEqual(r.references, ['readFile']);
    });

    it('puts several names of one module in one statement and one line per module', () => {
      const r = plan(
        "import a from 'a';\nexport async function f() { use; }\n",
        [READ_FILE, { module: 'node:fs/promises', name: 'stat' }, { module: 'node:util', name: 'promisify' }],
        'use',
      );
      assert.equal(
        r.text,
        "import a from 'a';\nimport { readFile, stat } from 'node:fs/promises';\nimport { promisify } from 'node:util';\nexport async function f() { use; }\n",
      );
      assert.deepEqual(r.references, ['readFile', 'stat', 'promisify']);
    });

    it('extends an existing named import of the module (either spelling), not a type-only one', () => {
      const r = plan("import type { Stats } from 'fs/promises';\nimport { stat } from 'fs/promises';\nexport async function f() { use; }\n", [READ_FILE], 'use');
      assert.equal(r.text, "import type { Stats } from 'fs/promises';\nimport { stat, readFile } from 'fs/promises';\nexport async function f() { use; }\n");
    });

    it('reuses an import of the name or of the module, unless a local hides it at the use site', () => {
      assert.deepEqual(plan("import { readFile as rf } from 'node:fs/promises';\nexport async function f() { use; }\n", [READ_FILE], 'use').references, ['rf']);
      assert.deepEqual(plan("import fs from 'fs';\nexport async function f() { fs.promises; use; }\n", [READ_FILE], 'use').references, ['readFile']);
      assert.deepEqual(plan("import { promises as fsp } from 'fs';\nexport async function f() { use; }\n", [READ_FILE], 'use').references, ['fsp.readFile']);
      const hidden = plan("import * as fsp from 'fs/promises';\nexport async function f(fsp: number) { use; }\n", [READ_FILE], 'use');
      assert.equal(hidden.text, "import * as fsp from 'fs/promises';\nimport { readFile } from 'node:fs/promises';\nexport async function f(fsp: number) { use; }\n");
      assert.deepEqual(hidden.references, ['readFile']);
    });

    it('renames on a clash with any name in the file', () => {
      const r = plan("import x from 'x';\nconst readFile = 1, readFileAsync = 2;\nexport async function f() { use; }\n", [READ_FILE], 'use');
      assert.equal(
        r.text,
        "import x from 'x';\nimport { readFile as readFileAsync2 } from 'node:fs/promises';\nconst readFile = 1, readFileAsync = 2;\nexport async function f() { use; }\n",
      );
      assert.deepEqual(r.references, ['readFileAsync2']);
    });

    it('CommonJS: a require after the last require, in its declaration keyword, or an extended destructuring', () => {
      const fresh = plan("'use strict';\nvar fs = require('fs');\nasync function f() { use; }\nmodule.exports = f;\n", [READ_FILE], 'use', 'snippet.cjs');
      assert.equal(fresh.text, "'use strict';\nvar fs = require('fs');\nvar { readFile } = require('node:fs/promises');\nasync function f() { use; }\nmodule.exports = f;\n");
      const extended = plan("const { stat } = require('node:fs/promises');\nasync function f() { use; }\nmodule.exports = f;\n", [READ_FILE], 'use', 'snippet.cjs');
      assert.equal(extended.text, "const { stat, readFile } = require('node:fs/promises');\nasync function f() { use; }\nmodule.exports = f;\n");
    });

    it('without any import: after a shebang and directives, or at the start', () => {
      const r = plan("#!/usr/bin/env node\n'use strict';\nasync function f() { use; }\n", [READ_FILE], 'use', 'snippet.cjs');
      assert.equal(r.text, "#!/usr/bin/env node\n'use strict';\nconst { readFile } = require('node:fs/promises');\nasync function f() { use; }\n");
      const esm = plan('export async function f() { use; }\n', [READ_FILE], 'use');
      assert.equal(esm.text, "import { readFile } from 'node:fs/promises';\nexport async function f() { use; }\n");
    });

    it('keeps CRLF line breaks', () => {
      const r = plan("import a from 'a';\r\nexport async function f() { use; }\r\n", [READ_FILE], 'use');
      assert.equal(r.text, "import a from 'a';\r\nimport { readFile } from 'node:fs/promises';\r\nexport async function f() { use; }\r\n");
    });
  });
});
