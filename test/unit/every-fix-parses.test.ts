/** Every fix of every finding on the bundled examples and fixtures leaves text that still parses. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '../../server/src/core/config.ts';
import { applyEdits } from '../../server/src/core/fixes.ts';
import { languageOf } from '../../server/src/core/files.ts';
import { Linter } from '../../server/src/rules/engine.ts';
import { allRuleMetas } from '../../server/src/rules/index.ts';
import { diskProbe } from '../../server/src/node/fileProbe.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? sourcesUnder(p) : languageOf(p) ? [p] : [];
  });
}

describe('every fix parses', () => {
  const linter = new Linter({ files: diskProbe, readFile: (f) => readFileSync(f, 'utf8') });
  const metas = allRuleMetas();
  // Every rule on, tests included, so fixtures in test folders are analysed too.
  const config = resolveConfig(metas, { includeTests: true, rules: Object.fromEntries(metas.map((m) => [m.id, 'warning'])) });
  before(() => linter.prepare());
  after(() => linter.dispose());

  it('on examples/ and test/fixtures/', () => {
    const files = [...sourcesUnder(path.join(repo, 'examples')), ...sourcesUnder(path.join(repo, 'test/fixtures'))];
    let fixesChecked = 0;
    for (const fileName of files) {
      const text = readFileSync(fileName, 'utf8');
      const [result] = linter.lint([{ fileName, text }], () => config);
      for (const finding of result!.findings) {
        for (const fix of finding.fixes) {
          const fixed = applyEdits(text, fix.edits);
          const [after] = linter.lint([{ fileName, text: fixed }], () => config);
          assert.ok(
            after!.syntaxErrors.length <= result!.syntaxErrors.length,
            `${path.relative(repo, fileName)}: "${fix.title}" (${finding.ruleId}) breaks the file:\n${fixed}`,
          );
          fixesChecked++;
        }
      }
      linter.setText(fileName, undefined);
    }
    assert.ok(fixesChecked >= 20, `only ${fixesChecked} fixes were checked`);
    // It grows with every fixture (each fix is linted again, one file at a time): 36 s alone on 2 cores.
  }).timeout(180_000);
});
