/** Runnable fixtures: executed with python3 before and after the fix. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { applyPyFix, preparePython, pyFindings, pyProject, pySyntaxErrors } from './harness.ts';

const FIXTURES = new URL('../../fixtures/python/', import.meta.url);

function run(file: string): { stdout: string; stderr: string } {
  const r = spawnSync('python3', [file], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, r.stderr);
  return { stdout: r.stdout, stderr: r.stderr };
}

/** The fixture as it is and with the rule's only finding fixed (first fix), both written to disk. */
function beforeAndAfter(name: string, ruleId: string): { before: string; after: string; fixed: string } {
  const code = readFileSync(new URL(name, FIXTURES), 'utf8');
  const found = pyFindings(code, ruleId);
  assert.equal(found.length, 1, found.map((f) => f.message).join('\n'));
  const fixed = applyPyFix(code, found[0]!);
  assert.equal(pySyntaxErrors(fixed), 0);
  const dir = pyProject({ [name]: code, [`fixed_${name}`]: fixed });
  const after = path.join(dir, `fixed_${name}`);
  const compile = spawnSync('python3', ['-m', 'py_compile', after], { encoding: 'utf8' });
  assert.equal(compile.status, 0, compile.stderr);
  return { before: path.join(dir, name), after, fixed };
}

function peakOf(stderr: string): number {
  const m = /peak=(\d+)/.exec(stderr);
  assert.ok(m, stderr);
  return Number(m[1]);
}

describe('python runnable fixtures', function () {
  this.timeout(60_000);
  before(() => preparePython());

  it('blocking time.sleep: same output after the fix, and the workers now overlap', () => {
    const { before, after, fixed } = beforeAndAfter('blocking_sleep.py', 'blocking-call');
    assert.match(fixed, /\n        await asyncio\.sleep\(delay\)\n    else:/);
    const a = run(before);
    const b = run(after);
    assert.equal(b.stdout, a.stdout);
    assert.equal(a.stdout, "['slow done', 'a done', 'b done']\n");
    // Before: the slow worker blocks the loop before the others start, so at most the other two overlap.
    assert.equal(peakOf(a.stderr), 2);
    assert.equal(peakOf(b.stderr), 3, 'after the fix all three overlap');
  });

  it('blocking subprocess.run: same output after the to_thread fix, and the jobs now overlap', () => {
    const { before, after, fixed } = beforeAndAfter('blocking_subprocess.py', 'blocking-call');
    assert.match(fixed, /done = await asyncio\.to_thread\(subprocess\.run, \[sys\.executable/);
    const a = run(before);
    const b = run(after);
    assert.equal(b.stdout, a.stdout);
    assert.equal(a.stdout, "['1', '4', '9']\n");
    assert.equal(peakOf(a.stderr), 1);
    assert.equal(peakOf(b.stderr), 3);
  });

  it('the tutorials\' loop that prints each result: same output in the same order after the gather-then-loop fix, and the fetches overlap', () => {
    const { before, after, fixed } = beforeAndAfter('crawl_prints.py', 'await-in-loop');
    assert.match(fixed, /data_results = await asyncio\.gather\(\*\(fetch_url\(url\) for url in urls\)\)\n    for url, data in zip\(urls, data_results\):/);
    const a = run(before);
    const b = run(after);
    assert.equal(b.stdout, a.stdout);
    assert.equal(a.stdout, '/a: 15 characters\n/bb: 16 characters\n/ccc: 17 characters\n');
    assert.equal(peakOf(a.stderr), 1);
    assert.equal(peakOf(b.stderr), 3);
  });

  it('the tutorials\' three bare awaits of one read: same output after the gather fix, and the reads overlap', () => {
    const { before, after, fixed } = beforeAndAfter('bare_fetches.py', 'sequential-awaits');
    assert.match(fixed, /    await asyncio\.gather\(fetch\("\/a"\), fetch\("\/b"\), fetch\("\/c"\)\)\n/);
    const a = run(before);
    const b = run(after);
    assert.equal(b.stdout, a.stdout);
    assert.equal(peakOf(a.stderr), 1);
    assert.equal(peakOf(b.stderr), 3);
  });

  it('unawaited coroutine: the effect is missing before the fix and restored after', () => {
    const { before, after } = beforeAndAfter('unawaited_save.py', 'unawaited-coroutine');
    const a = run(before);
    assert.equal(a.stdout, '[]\n');
    assert.match(a.stderr, /coroutine 'save' was never awaited/);
    const b = run(after);
    assert.equal(b.stdout, "[{'id': 1}]\n");
    assert.equal(b.stderr, '');
  });
});
