import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { declaredSourceDirs } from '../../../server/src/languages/python/workspace.ts';
import { lintPythonFile, pythonDependentsOf } from '../../../server/src/rules/pythonEngine.ts';
import { applyPyFix, configFor, describe1, lines, preparePython, pyFindings, pyProject, readDisk } from './harness.ts';

const RULE = 'unawaited-coroutine';
const STORE = 'async def save(x):\n    pass\n\n\ndef save_sync(x):\n    pass\n';
const SCRIPT = 'from pkg.store import save, save_sync\n\n\nasync def main():\n    save(1)\n    save_sync(1)\n';

describe('python: src layout and project roots', () => {
  before(() => preparePython());

  it('resolves a src-layout package from a script beside src/ when pyproject.toml declares where = ["src"]', () => {
    const files = {
      'pyproject.toml': '[project]\nname = "pkg"\n\n[tool.setuptools.packages.find]\nwhere = ["src"]\n',
      'src/pkg/__init__.py': '',
      'src/pkg/store.py': STORE,
    };
    const found = pyFindings(SCRIPT, RULE, { files, fileName: 'scripts/run.py' });
    assert.deepEqual(describe1(SCRIPT, found), ['5: `save(...)` creates a coroutine that is never awaited, so its body never runs.']);
    assert.equal(applyPyFix(SCRIPT, found[0]!), 'from pkg.store import save, save_sync\n\n\nasync def main():\n    await save(1)\n    save_sync(1)\n');
  });

  it('resolves src/ by convention: any project file, or a module inside a src/ folder that is not a package', () => {
    const withSetupPy = { 'setup.py': 'from setuptools import setup\nsetup()\n', 'src/pkg/store.py': STORE };
    assert.deepEqual(lines(SCRIPT, pyFindings(SCRIPT, RULE, { files: withSetupPy, fileName: 'tests/run_store.py' })), [5]);
    // Namespace package (no __init__.py) and no project file: the file's own path shows the layout.
    const bare = { 'src/pkg/store.py': STORE };
    assert.deepEqual(lines(SCRIPT, pyFindings(SCRIPT, RULE, { files: bare, fileName: 'src/pkg/api.py' })), [5]);
  });

  it('uses a folder holding pyproject.toml as a root for namespace packages in it', () => {
    const files = { 'pyproject.toml': '[project]\nname = "tools"\n', 'pkg/store.py': STORE };
    assert.deepEqual(lines(SCRIPT, pyFindings(SCRIPT, RULE, { files, fileName: 'tools/deep/run.py' })), [5]);
  });

  it('follows source folders declared by package-dir, setup.cfg, Poetry, Hatch and pytest', () => {
    const layouts: Record<string, string>[] = [
      { 'pyproject.toml': '[tool.setuptools]\npackage-dir = {"" = "python"}\n' },
      { 'setup.cfg': '[metadata]\nname = pkg\n\n[options]\npackage_dir =\n    = python\npackages = find:\n' },
      { 'pyproject.toml': '[tool.poetry]\nname = "pkg"\npackages = [{ include = "pkg", from = "python" }]\n' },
      { 'pyproject.toml': '[tool.hatch.build.targets.wheel]\npackages = ["python/pkg"]\n' },
      { 'pyproject.toml': '[tool.pytest.ini_options]\npythonpath = ["python"]\n' },
    ];
    for (const layout of layouts) {
      const files = { ...layout, 'python/pkg/__init__.py': '', 'python/pkg/store.py': STORE };
      assert.deepEqual(lines(SCRIPT, pyFindings(SCRIPT, RULE, { files, fileName: 'bin/run.py' })), [5], JSON.stringify(layout));
    }
  });

  it('reads the declarations with patterns, keeping only folders inside the project', () => {
    assert.deepEqual(declaredSourceDirs('[tool.setuptools.packages.find]\nwhere = ["src", "lib/"]\n'), ['src', 'lib']);
    assert.deepEqual(declaredSourceDirs('[options.packages.find]\nwhere = src\n'), ['src']);
    assert.deepEqual(declaredSourceDirs('setup(package_dir={"": "src"}, packages=find_packages(where="src"))\n'), ['src']);
    assert.deepEqual(declaredSourceDirs('setup(packages=find_namespace_packages("code"))\n'), ['code']);
    assert.deepEqual(declaredSourceDirs('[tool.pytest.ini_options]\npythonpath = [".", "../outside", "/abs"]\n'), []);
    assert.deepEqual(declaredSourceDirs('[project]\nname = "x"\ndependencies = ["httpx>=0.27"]\n'), []);
  });

  it('does not resolve look-alikes: no project file outside src/, or a src/ that is itself a package', () => {
    const noProject = { 'src/pkg/store.py': STORE };
    assert.deepEqual(pyFindings(SCRIPT, RULE, { files: noProject, fileName: 'scripts/run.py' }), []);
    // With src/__init__.py the package is `src.pkg`: `import pkg` would fail at run time.
    const srcIsPackage = { 'src/__init__.py': '', 'src/pkg/__init__.py': '', 'src/pkg/store.py': STORE };
    assert.deepEqual(pyFindings(SCRIPT, RULE, { files: srcIsPackage, fileName: 'src/pkg/api.py' }), []);
  });

  it('sees a new source-folder declaration on the next lint, and lists the importer as a dependent of pyproject.toml', () => {
    const dir = pyProject({ 'pyproject.toml': '[project]\nname = "pkg"\n', 'python/pkg/store.py': STORE });
    const script = path.join(dir, 'bin/run.py');
    const lint = () => lintPythonFile({ fileName: script, text: SCRIPT }, configFor([RULE]), { readFile: readDisk }).findings.length;
    assert.equal(lint(), 0);
    assert.ok(pythonDependentsOf(path.join(dir, 'pyproject.toml')).includes(script));
    writeFileSync(path.join(dir, 'pyproject.toml'), '[project]\nname = "pkg"\n\n[tool.setuptools.packages.find]\nwhere = ["python"]\n');
    assert.equal(lint(), 1);
  });
});
