import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyFix, findingsOf, linesOf, syntaxErrorsOf, tempProject } from '../helpers/lint.ts';

const fixtureDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/runnable/floating-promise');

/** Runs an ES module program in its own temp folder and returns its stdout. */
function run(source: string): string {
  const dir = tempProject({ 'main.mjs': source });
  return execFileSync(process.execPath, [path.join(dir, 'main.mjs')], { encoding: 'utf8' });
}

describe('runnable: floating-promise', () => {
  it('the missing await loses the write; the preferred fix restores it', () => {
    const source = readFileSync(path.join(fixtureDir, 'main.mjs'), 'utf8');
    assert.equal(run(source), 'saved: (nothing saved)\n');

    const findings = findingsOf(source, 'floating-promise', { fileName: 'main.mjs' });
    assert.deepEqual(linesOf(source, findings), [15]);
    assert.equal(findings[0]!.fixes[0]!.title, 'Await the promise');
    const fixed = applyFix(source, findings[0]!, 0);
    assert.equal(fixed, source.replace("  saveLater('greeting', 'hello');", "  await saveLater('greeting', 'hello');"));
    assert.equal(syntaxErrorsOf(fixed, 'fixed.mjs'), 0);
    assert.deepEqual(findingsOf(fixed, 'floating-promise', { fileName: 'main.mjs' }), []);

    assert.equal(run(fixed), 'saved: hello\n');
  });
});
