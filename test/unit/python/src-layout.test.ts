import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { declaredSourceDirs } from '../../../server/src/languages/python/workspace.ts';
import { configFor, lintPyFile, preparePython, pyLinter, pyProject } from './harness.ts';

const RULE = 'unawaited-coroutine';
// How layouts resolve, seen through unawaited-coroutine's findings, are fixtures:
// test/fixtures/rules/unawaited-coroutine/ (resolves-*, follows-source-folders-*, ...).
const STORE = 'async def save(x):\n    pass\n\n\ndef save_sync(x):\n    pass\n';
const SCRIPT = 'from pkg.store import save, save_sync\n\n\nasync def main():\n    save(1)\n    save_sync(1)\n';

describe('python: src layout and project roots', () => {
  before(() => preparePython());

  it('reads the declarations with patterns, keeping only folders inside the project', () => {
    assert.deepEqual(declaredSourceDirs('[tool.setuptools.packages.find]\nwhere = ["src", "lib/"]\n'), ['src', 'lib']);
    assert.deepEqual(declaredSourceDirs('[options.packages.find]\nwhere = src\n'), ['src']);
    assert.deepEqual(declaredSourceDirs('setup(package_dir={"": "src"}, packages=find_packages(where="src"))\n'), ['src']);
    assert.deepEqual(declaredSourceDirs('setup(packages=find_namespace_packages("code"))\n'), ['code']);
    assert.deepEqual(declaredSourceDirs('[tool.pytest.ini_options]\npythonpath = [".", "../outside", "/abs"]\n'), []);
    assert.deepEqual(declaredSourceDirs('[project]\nname = "x"\ndependencies = ["httpx>=0.27"]\n'), []);
  });

  it('sees a new source-folder declaration on the next lint, and lists the importer as a dependent of pyproject.toml', () => {
    const dir = pyProject({ 'pyproject.toml': '[project]\nname = "pkg"\n', 'python/pkg/store.py': STORE });
    const script = path.join(dir, 'bin/run.py');
    const lint = () => lintPyFile({ fileName: script, text: SCRIPT }, configFor([RULE])).findings.length;
    assert.equal(lint(), 0);
    assert.ok(pyLinter().python.dependentsOf(path.join(dir, 'pyproject.toml')).includes(script));
    writeFileSync(path.join(dir, 'pyproject.toml'), '[project]\nname = "pkg"\n\n[tool.setuptools.packages.find]\nwhere = ["python"]\n');
    assert.equal(lint(), 1);
  });
});
