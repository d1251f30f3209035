import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyPyFix, lines, preparePython, pyFindings, pySyntaxErrors } from './python/harness.ts';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/runnable/abandoned-tasks/first_result.py');

/** Runs a Python program with python3 from PATH (the rule fixtures compile with it too) and returns its output. */
function run(source: string): { stdout: string; stderr: string } {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'async-lint-run-')), 'main.py');
  writeFileSync(file, source);
  const result = spawnSync('python3', [file], { encoding: 'utf8' });
  assert.equal(result.error, undefined, `python3 could not run: ${result.error?.message}`);
  assert.equal(result.status, 0, result.stderr);
  return { stdout: result.stdout, stderr: result.stderr };
}

describe('runnable: abandoned-tasks', () => {
  before(() => preparePython());

  it('the pending tasks outlive the wait and fail unseen; cancelling them stops both', () => {
    const source = readFileSync(fixture, 'utf8');
    const before = run(source);
    assert.equal(before.stdout, 'fast finished\ncaller moved on with fast\nslow finished\n');
    assert.match(before.stderr, /Task exception was never retrieved[\s\S]*RuntimeError: broken failed/);

    const findings = pyFindings(source, 'abandoned-tasks', { fileName: 'first_result.py' });
    assert.deepEqual(lines(source, findings), [22]);
    const fixed = applyPyFix(source, findings[0]!);
    assert.equal(
      fixed,
      source.replace('FIRST_COMPLETED)\n', 'FIRST_COMPLETED)\n    for task in pending:\n        task.cancel()\n'),
    );
    assert.equal(pySyntaxErrors(fixed), 0);

    const after = run(fixed);
    assert.equal(after.stdout, 'fast finished\ncaller moved on with fast\n');
    assert.equal(after.stderr, '');
  });
});
