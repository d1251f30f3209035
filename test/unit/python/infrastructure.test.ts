import assert from 'node:assert/strict';
import path from 'node:path';
import { PythonParseCache } from '../../../server/src/languages/python/parseCache.ts';
import { parsePython } from '../../../server/src/languages/python/parser.ts';
import { lintPythonFile, pythonParseStats, pythonRules } from '../../../server/src/rules/pythonEngine.ts';
import { configFor, lintPy, preparePython, pyFindings, pyProject, readDisk } from './harness.ts';

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
    const before = pythonParseStats().incremental;
    lintPythonFile({ fileName, text: 'async def f():\n    pass\n' }, config, { readFile: readDisk });
    const result = lintPythonFile({ fileName, text: 'async def f():\n    pass\n\nasync def g():\n    f()\n' }, config, { readFile: readDisk });
    assert.equal(result.findings.length, 1);
    assert.equal(pythonParseStats().incremental, before + 1);
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

  it('has rule metadata as the lead expects', () => {
    assert.deepEqual(
      pythonRules.map((r) => [r.meta.id, r.meta.defaultSeverity, r.meta.languages.join()]),
      [
        ['unawaited-coroutine', 'error', 'python'],
        ['dangling-task', 'warning', 'python'],
        ['blocking-call', 'warning', 'python'],
        ['swallowed-cancellation', 'warning', 'python'],
        ['event-loop-misuse', 'warning', 'python'],
        ['sequential-awaits', 'warning', 'python'],
        ['await-in-loop', 'warning', 'python'],
        ['abandoned-tasks', 'warning', 'python'],
      ],
    );
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
