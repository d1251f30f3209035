import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { assertCompiles, runPeak } from './awaits-helpers.ts';
import { applyPyFix, preparePython, pyFindings, pyProject } from './harness.ts';

const RULE = 'await-in-loop';
// The findings and fixes are fixtures: test/fixtures/rules/await-in-loop/. This runs a program before and after its fix.

/** The only finding's first fix applied. */
function fixedOnly(code: string): string {
  const found = pyFindings(code, RULE);
  assert.equal(found.length, 1, found.map((f) => f.message).join('\n'));
  return applyPyFix(code, found[0]!);
}

describe('python await-in-loop', function () {
  this.timeout(60_000);
  before(() => preparePython());

  it('runnable fixture: same output after the fix, and the downloads now overlap', () => {
    const code = readFileSync(new URL('../../fixtures/python/gather_loop.py', import.meta.url), 'utf8');
    const fixed = fixedOnly(code);
    assert.match(fixed, /\n    results = \[\]\n    results\.extend\(await asyncio\.gather\(\*\(download\(name, size\) for name, size in files\.items\(\)\)\)\)\n/);
    assertCompiles(fixed);
    const dir = pyProject({ 'before.py': code, 'after.py': fixed });
    const before = runPeak(path.join(dir, 'before.py'));
    const after = runPeak(path.join(dir, 'after.py'));
    assert.equal(after.stdout, before.stdout);
    assert.equal(before.stdout, "['a.txt=3', 'b.txt=1', 'c.txt=2']\n");
    assert.equal(before.peak, 1);
    assert.equal(after.peak, 3);
  });
});
