/**
 * The layers of DESIGN.md hold: `core`, `languages`, `rules` and `knowledge` do no I/O and know
 * nothing of the protocol or the command line (no `vscode-languageserver`, `vscode`, `lsp/`,
 * `cli/`, `node/` or `node:fs`; `node:path` is fine), `core` imports no layer above it,
 * `languages` no rule, and nothing in server/src imports in a circle. On the Node side, the
 * language server (lsp/) and the CLI (cli/) do not import each other (file reading and discovery
 * are shared from node/, `lsp` is dispatched by bin/), and the VS Code client takes nothing from
 * the server but the shared message names and types.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importCircles, importsOf, maskSource, type ImportEdge } from '../helpers/importGraph.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = path.join(ROOT, 'server/src');

/** Relative path (with `/`) → source, of every .ts file under `dir`. */
function sourcesUnder(dir: string, base = dir): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) for (const [k, v] of sourcesUnder(full, base)) out.set(k, v);
    else if (name.endsWith('.ts')) out.set(path.relative(base, full).split(path.sep).join('/'), readFileSync(full, 'utf8'));
  }
  return out;
}

const ANALYSIS = ['core', 'languages', 'rules', 'knowledge'];
const FORBIDDEN_PACKAGES = [/^vscode$/, /^vscode-languageserver/, /^vscode-languageclient/, /^(node:)?fs(\/promises)?$/];

/** What each layer may not import, by the first folder of the imported file. */
const FORBIDDEN_LAYERS: Record<string, string[]> = {
  core: ['languages', 'rules', 'lsp', 'cli', 'node', 'shared'],
  knowledge: ['languages', 'rules', 'lsp', 'cli', 'node'],
  languages: ['rules', 'lsp', 'cli', 'node'],
  rules: ['lsp', 'cli', 'node'],
};

function layerOf(file: string): string {
  return file.split('/')[0]!;
}

/** Every breach of the layering among `files`, as `from → specifier (why)`. */
function layerViolations(files: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [file, source] of files) {
    const layer = layerOf(file);
    if (!ANALYSIS.includes(layer)) continue;
    for (const edge of importsOf(file, source)) {
      if (!edge.to) {
        if (FORBIDDEN_PACKAGES.some((p) => p.test(edge.specifier))) out.push(`${file} → ${edge.specifier} (no I/O or protocol below lsp/ and cli/)`);
      } else if (FORBIDDEN_LAYERS[layer]!.includes(layerOf(edge.to))) {
        out.push(`${file} → ${edge.specifier} (${layer}/ may not import ${layerOf(edge.to)}/)`);
      }
    }
  }
  return out;
}

function allEdges(files: Map<string, string>): ImportEdge[] {
  return [...files].flatMap(([file, source]) => importsOf(file, source));
}

/** The files that `from` files (a folder of server/src) import from `to` folders, as `from → to`. */
function importsBetween(edges: readonly ImportEdge[], from: string, to: RegExp): string[] {
  return edges.filter((e) => layerOf(e.from) === from && e.to !== undefined && to.test(layerOf(e.to))).map((e) => `${e.from} → ${e.to}`);
}

describe('layers', () => {
  const files = sourcesUnder(SRC);

  it('core, languages, rules and knowledge import no protocol, command line or file system', () => {
    assert.ok(files.size > 100, `${files.size} files scanned`);
    assert.deepEqual(layerViolations(files), []);
  });

  it('nothing in server/src imports in a circle', () => {
    assert.deepEqual(importCircles(allEdges(files)).map((c) => c.join(' → ')), []);
  });

  it('lsp/ imports nothing from cli/, and cli/ nothing from lsp/', () => {
    const edges = allEdges(files);
    assert.deepEqual(importsBetween(edges, 'lsp', /^cli$/), []);
    assert.deepEqual(importsBetween(edges, 'cli', /^lsp$/), []);
  });

  it('node/ (shared file reading and discovery) imports neither', () => {
    assert.deepEqual(importsBetween(allEdges(files), 'node', /^(cli|lsp)$/), []);
  });

  it('the client takes from the server only server/src/shared/protocol.ts, which imports nothing', () => {
    const client = sourcesUnder(path.join(ROOT, 'client/src'));
    const fromServer = [...client].flatMap(([file, source]) => importsOf(`client/src/${file}`, source)).filter((e) => e.to?.startsWith('server/'));
    assert.deepEqual([...new Set(fromServer.map((e) => e.to))], ['server/src/shared/protocol.ts']);
    assert.deepEqual(importsBetween(allEdges(files), 'shared', /./), []);
  });

  it('the registry is data: importing it loads no engine and no parser', () => {
    const reached = new Set<string>();
    const packages = new Set<string>();
    for (const pending = ['rules/index.ts']; pending.length > 0; ) {
      const file = pending.pop()!;
      if (reached.has(file)) continue;
      reached.add(file);
      for (const edge of importsOf(file, files.get(file) ?? '')) {
        if (edge.typeOnly) continue;
        if (edge.to) pending.push(edge.to);
        else packages.add(edge.specifier);
      }
    }
    assert.ok(reached.has('rules/python/dangling-task.ts') && reached.has('rules/typescript/floating-promise.ts'), 'it lists the rules');
    assert.deepEqual([...reached].filter((f) => /engine|host|parser|parseCache/.test(f)), []);
    assert.ok(!packages.has('web-tree-sitter'), [...packages].join(', '));
  });

  describe('the check fails on planted breaches', () => {
    const planted = (extra: Record<string, string>) => new Map([...files, ...Object.entries(extra)]);

    it('a rule that reads the disk or speaks the protocol', () => {
      const found = layerViolations(
        planted({
          'rules/planted-fs.ts': "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
          'rules/planted-lsp.ts': "import type { Connection } from 'vscode-languageserver/node';\nexport type C = Connection;\n",
          'languages/planted-cli.ts': "export { main } from '../cli/main.ts';\n",
          'core/planted-dynamic.ts': "export const load = () => import('../lsp/server.ts');\n",
        }),
      );
      assert.deepEqual(found, [
        'rules/planted-fs.ts → node:fs (no I/O or protocol below lsp/ and cli/)',
        'rules/planted-lsp.ts → vscode-languageserver/node (no I/O or protocol below lsp/ and cli/)',
        'languages/planted-cli.ts → ../cli/main.ts (languages/ may not import cli/)',
        'core/planted-dynamic.ts → ../lsp/server.ts (core/ may not import lsp/)',
      ]);
    });

    it('but not imports written in strings, templates, comments or regular expressions', () => {
      const source = [
        '// import { readFileSync } from "node:fs";',
        "/* import 'vscode' */",
        "const example = \"import { readFileSync } from 'node:fs';\";",
        "const template = `line\\nimport fs from 'node:fs';\\n${'x'}`;",
        "const pattern = /import '(node:fs)'/;",
        "import path from 'node:path';",
        'export const all = [example, template, pattern, path];',
      ].join('\n');
      assert.deepEqual(importsOf('rules/quiet.ts', source).map((e) => e.specifier), ['node:path']);
      assert.deepEqual(layerViolations(planted({ 'rules/quiet.ts': source })), []);
    });

    it('an import circle, also through a type-only import', () => {
      const circles = importCircles(
        allEdges(
          planted({
            'core/planted-a.ts': "import { b } from './planted-b.ts';\nexport const a = b;\n",
            'core/planted-b.ts': "import type { C } from './planted-c.ts';\nexport const b: C = 1;\n",
            'core/planted-c.ts': "import { a } from './planted-a.ts';\nexport type C = typeof a;\n",
          }),
        ),
      );
      assert.deepEqual(circles.map((c) => c.join(' → ')), ['core/planted-a.ts → core/planted-b.ts → core/planted-c.ts → core/planted-a.ts']);
    });
  });

  it('the scanner keeps code outside strings as written', () => {
    const { code, strings } = maskSource("const a = b / c; const r = /x'y/g; const s = 'q';");
    assert.equal(code, 'const a = b / c; const r = "0"; const s = "1";');
    assert.deepEqual(strings, ['', 'q']);
  });
});
