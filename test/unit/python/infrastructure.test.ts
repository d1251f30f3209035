import assert from 'node:assert/strict';
import path from 'node:path';
import { PythonParseCache } from '../../../server/src/languages/python/parseCache.ts';
import { parsePython } from '../../../server/src/languages/python/parser.ts';
import { resolveConfig } from '../../../server/src/core/config.ts';
import { diskProbe } from '../../../server/src/node/fileProbe.ts';
import { Linter } from '../../../server/src/rules/engine.ts';
import { allRuleMetas, pythonRules } from '../../../server/src/rules/index.ts';
import { configFor, lintPy, lintPyFile, preparePython, pyFindings, pyLinter, pyProject, readDisk } from './harness.ts';

function fullParse(text: string): string {
  const tree = parsePython(text);
  try {
    return tree.rootNode.toString();
  } finally {
    tree.delete();
  }
}

describe('python infrastructure', () => {
  before(() => preparePython());

  it('reparses incrementally, with derived or explicit edits, to the same tree as a full parse', () => {
    const cache = new PythonParseCache();
    const v1 = 'async def main():\n    x = 1\n    return x\n';
    const v2 = 'async def main():\n    x = await fetch("é")\n    return x\n';
    const v3 = 'async def main():\n    x = await fetch("é")\n    y = 2\n    return x\n';
    cache.get('a.py', v1);
    assert.equal(cache.get('a.py', v2).rootNode.toString(), fullParse(v2));
    const at = v2.indexOf('    return');
    assert.equal(cache.get('a.py', v3, [{ start: at, end: at, newText: '    y = 2\n' }]).rootNode.toString(), fullParse(v3));
    assert.deepEqual(cache.stats, { full: 1, incremental: 2 });
    assert.equal(cache.get('a.py', v3), cache.get('a.py', v3), 'same text, same tree');
    cache.clear();
  });

  it('lints an edited open file incrementally', () => {
    const dir = pyProject();
    const fileName = path.join(dir, 'edited.py');
    const config = configFor();
    const before = pyLinter().python.parseStats.incremental;
    lintPyFile({ fileName, text: 'async def f():\n    pass\n' }, config);
    const result = lintPyFile({ fileName, text: 'async def f():\n    pass\n\nasync def g():\n    f()\n' }, config);
    assert.equal(result.findings.length, 1);
    assert.equal(pyLinter().python.parseStats.incremental, before + 1);
  });

  it('reports syntax errors, still analyses what parses, and drops fixes in the broken top-level statement', () => {
    const code = 'import time\n\n\nasync def broken():\n    time.sleep(1)\n    x = 1 +* 2\n\n\nasync def fine():\n    time.sleep(1)\n';
    const result = lintPy(code, { rules: ['blocking-call'] });
    assert.ok(result.syntaxErrors.length > 0);
    const found = result.findings.filter((f) => f.ruleId === 'blocking-call');
    assert.deepEqual(
      found.map((f) => [code.slice(0, f.start).split('\n').length, f.fixes.length]),
      [[5, 0], [10, 1]],
    );
  });

  it('every Python rule is in the catalogue for Python, and on by default', () => {
    const catalogue = new Map(allRuleMetas().map((m) => [m.id, m]));
    const config = resolveConfig(allRuleMetas());
    for (const rule of pythonRules) {
      assert.deepEqual(rule.meta.languages, ['python'], rule.meta.id);
      assert.ok(catalogue.get(rule.meta.id)?.languages.includes('python'), rule.meta.id);
      assert.notEqual(config.rules.get(rule.meta.id)?.severity ?? 'off', 'off', rule.meta.id);
    }
  });

  it('parse caches and workspace indexes belong to one Linter, and dispose() clears them', async () => {
    const dir = pyProject({ 'lib.py': 'async def save():\n    pass\n' });
    const main = path.join(dir, 'main.py');
    const text = 'from lib import save\n\n\nasync def run():\n    save()\n';
    const config = configFor();
    const a = new Linter({ files: diskProbe, readFile: readDisk });
    const b = new Linter({ files: diskProbe, readFile: readDisk });
    await Promise.all([a.prepare(), b.prepare()]);
    try {
      assert.equal(a.lint([{ fileName: main, text }], () => config)[0]!.findings.length, 1);
      assert.deepEqual(a.python.dependentsOf(path.join(dir, 'lib.py')), [main]);
      assert.deepEqual(a.python.parseStats, { full: 2, incremental: 0 }, 'main.py, and lib.py for its summary');
      assert.deepEqual(b.python.dependentsOf(path.join(dir, 'lib.py')), [], 'the other linter saw nothing');
      assert.deepEqual(b.python.parseStats, { full: 0, incremental: 0 });
      a.dispose();
      assert.deepEqual(a.python.dependentsOf(path.join(dir, 'lib.py')), [], 'dispose forgets what was read');
      a.lint([{ fileName: main, text }], () => config);
      assert.deepEqual(a.python.parseStats, { full: 4, incremental: 0 }, 'and the trees: both files are parsed again');
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  for (const rule of pythonRules) {
    it(`${rule.meta.id}: docs are complete and the examples behave (bad: one finding, good: none)`, () => {
      const d = rule.meta.docs;
      for (const field of [d.summary, d.what, d.why, d.useInstead, d.fixSafety]) assert.ok(field.length > 20);
      assert.ok(d.examples.length > 0);
      for (const example of d.examples) {
        assert.equal(example.language, 'python');
        assert.equal(pyFindings(example.bad, rule.meta.id).length, 1, example.bad);
        assert.equal(pyFindings(example.good, rule.meta.id).length, 0, example.good);
        assert.equal(lintPy(example.good, { rules: [] }).syntaxErrors.length, 0);
      }
    });
  }
});
