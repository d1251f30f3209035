import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { assertCompiles, runPeak } from './awaits-helpers.ts';
import { applyPyFix, preparePython, pyFindings, pyProject } from './harness.ts';

const RULE = 'sequential-awaits';
// The findings and fixes are fixtures: test/fixtures/rules/sequential-awaits/. This runs a program before and after its fix.

describe('python sequential-awaits', function () {
  this.timeout(60_000);
  before(() => preparePython());

  it('runnable fixture: same output after the fix, and the lookups now overlap', () => {
    const code = readFileSync(new URL('../../fixtures/python/gather_sequential.py', import.meta.url), 'utf8');
    const [f, ...more] = pyFindings(code, RULE);
    assert.equal(more.length, 0);
    const fixed = applyPyFix(code, f!);
    assert.match(fixed, /\n    # orders come from another service\n    user, orders = await asyncio\.gather\(lookup\("user", user_id\), lookup\("orders", user_id\)\)\n/);
    assertCompiles(fixed);
    const dir = pyProject({ 'before.py': code, 'after.py': fixed });
    const before = runPeak(path.join(dir, 'before.py'));
    const after = runPeak(path.join(dir, 'after.py'));
    assert.equal(after.stdout, before.stdout);
    assert.equal(before.stdout, "('user:7', 'orders:7')\n");
    assert.equal(before.peak, 1);
    assert.equal(after.peak, 2);
  });
});
