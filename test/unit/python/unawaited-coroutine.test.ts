import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { configFor, lintPyFile, preparePython, pyLinter, pyProject } from './harness.ts';

const RULE = 'unawaited-coroutine';
// The findings and fixes are fixtures: test/fixtures/rules/unawaited-coroutine/. This one is about
// the engine's module index, which a fixture (one lint) cannot show.

describe('python unawaited-coroutine', () => {
  before(() => preparePython());

  it('sees a change to an imported module on the next lint, and lists the importer as its dependent', () => {
    const dir = pyProject({ 'lib.py': 'def work():\n    pass\n' });
    const main = path.join(dir, 'main.py');
    const code = 'from lib import work\n\n\nasync def main():\n    work()\n';
    const lint = () => lintPyFile({ fileName: main, text: code }, configFor([RULE])).findings.length;
    assert.equal(lint(), 0);
    assert.deepEqual(pyLinter().python.dependentsOf(path.join(dir, 'lib.py')), [main]);
    writeFileSync(path.join(dir, 'lib.py'), 'async def work():\n    pass\n');
    assert.equal(lint(), 1);
  });
});
