/**
 * The layers of the Node side hold: the language server (lsp/) and the CLI (cli/) do not import
 * each other (file reading and discovery are shared from node/, `lsp` is dispatched by bin/), and
 * the VS Code client takes nothing from the server but the shared message names and types.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every relative import of the .ts files under `dir`, as repository paths: [importer, imported]. */
function importsUnder(dir: string): [string, string][] {
  const out: [string, string][] = [];
  for (const entry of readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'(\.[^']+)'|\bimport\(\s*'(\.[^']+)'\s*\)/gm)) {
      const target = path.relative(ROOT, path.resolve(path.dirname(file), m[1] ?? m[2]!)).split(path.sep).join('/');
      out.push([path.relative(ROOT, file).split(path.sep).join('/'), target]);
    }
  }
  return out;
}

describe('layers', () => {
  it('lsp/ imports nothing from cli/, and cli/ nothing from lsp/', () => {
    assert.deepEqual(importsUnder('server/src/lsp').filter(([, to]) => to.startsWith('server/src/cli/')), []);
    assert.deepEqual(importsUnder('server/src/cli').filter(([, to]) => to.startsWith('server/src/lsp/')), []);
  });

  it('node/ (shared file reading and discovery) imports neither', () => {
    assert.deepEqual(importsUnder('server/src/node').filter(([, to]) => /^server\/src\/(cli|lsp)\//.test(to)), []);
  });

  it('the client takes from the server only server/src/shared/protocol.ts, which imports nothing', () => {
    const fromServer = importsUnder('client/src').filter(([, to]) => to.startsWith('server/'));
    assert.deepEqual([...new Set(fromServer.map(([, to]) => to))], ['server/src/shared/protocol.ts']);
    assert.deepEqual(importsUnder('server/src/shared'), []);
  });
});
