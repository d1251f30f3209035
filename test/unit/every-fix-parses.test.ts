/**
 * Every fix of every finding on the bundled examples and fixtures leaves text that still parses: a
 * file without syntax errors has none after the fix (Python files: as CPython compiles them, which is
 * stricter than tree-sitter), and a file with some gets no more.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
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
    const python: { label: string; before: string; after: string }[] = [];
    for (const fileName of files) {
      const text = readFileSync(fileName, 'utf8');
      const [result] = linter.lint([{ fileName, text }], () => config);
      for (const finding of result!.findings) {
        for (const fix of finding.fixes) {
          const fixed = applyEdits(text, fix.edits);
          const [after] = linter.lint([{ fileName, text: fixed }], () => config);
          const label = `${path.relative(repo, fileName)}: "${fix.title}" (${finding.ruleId})`;
          if (result!.syntaxErrors.length === 0) {
            assert.deepEqual(after!.syntaxErrors.map((e) => e.message), [], `${label} leaves syntax errors:\n${fixed}`);
          } else {
            assert.ok(after!.syntaxErrors.length <= result!.syntaxErrors.length, `${label} adds syntax errors:\n${fixed}`);
          }
          if (languageOf(fileName) === 'python') python.push({ label, before: text, after: fixed });
          fixesChecked++;
        }
      }
      linter.setText(fileName, undefined);
    }
    assert.ok(fixesChecked >= 20, `only ${fixesChecked} fixes were checked`);
    assert.ok(python.length >= 5, `only ${python.length} Python fixes were checked`);
    const compiled = compileErrors([...python.map((p) => p.before), ...python.map((p) => p.after)]);
    python.forEach((p, i) => {
      if (compiled[i] !== null) return; // the file did not compile before the fix either
      assert.equal(compiled[python.length + i], null, `${p.label}: CPython does not compile the fixed file:\n${p.after}`);
    });
    // It grows with every fixture (each fix is linted again, one file at a time): 36 s alone on 2 cores.
  }).timeout(180_000);
});

/** CPython's compile error of each source (null: it compiles), in one python3 process. */
function compileErrors(sources: string[]): (string | null)[] {
  const script = [
    'import json, sys',
    'out = []',
    'for src in json.load(sys.stdin):',
    '    try:',
    '        compile(src, "fixed.py", "exec")',
    '        out.append(None)',
    '    except SyntaxError as e:',
    '        out.append(f"{e.msg} (line {e.lineno})")',
    'print(json.dumps(out))',
  ].join('\n');
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(sources), encoding: 'utf8' });
  assert.equal(r.status, 0, `python3 could not be run: ${r.error?.message ?? r.stderr}`);
  return JSON.parse(r.stdout) as (string | null)[];
}
