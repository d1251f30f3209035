/**
 * Directives in TypeScript and Python comments: every form silences what it names and nothing
 * else; text that only looks like a directive (in a string) does nothing; directives that silence
 * nothing are reported by `unused-directive` with a fix that removes them; eslint/ruff/pyright
 * directives of migrating teams silence the mapped rules.
 */
import assert from 'node:assert/strict';
import { disableNextLineEdit } from '../../server/src/core/directives.ts';
import { applyEdits } from '../../server/src/core/fixes.ts';
import { LineIndex } from '../../server/src/core/text.ts';
import { unusedDirectiveMeta } from '../../server/src/rules/unused-directive.ts';
import { applyFix, lintSnippet, sharedLinter } from '../helpers/lint.ts';

const FLOATING = 'async function job(): Promise<void> {}\n';
const ids = (code: string, rules = ['floating-promise', 'unused-directive'], fileName?: string) =>
  lintSnippet(code, { rules, fileName }).findings.map((f) => `${code.slice(0, f.start).split('\n').length}:${f.ruleId}`);

describe('directives (TypeScript)', () => {
  before(() => sharedLinter().prepare());

  it('next-line, line and file forms silence the named rule', () => {
    assert.deepEqual(ids(`${FLOATING}// async-lint-disable-next-line floating-promise\njob();\njob();\n`), ['4:floating-promise']);
    assert.deepEqual(ids(`${FLOATING}job(); // async-lint-disable-line floating-promise -- fire and forget\njob();\n`), ['3:floating-promise']);
    assert.deepEqual(ids(`// async-lint-disable floating-promise\n${FLOATING}job();\njob();\n`), []);
    assert.deepEqual(ids(`${FLOATING}/* async-lint-disable-next-line floating-promise */\njob();\n`), []);
  });

  it('lists of ids with commas or spaces, and a reason after --', () => {
    assert.deepEqual(ids(`${FLOATING}// async-lint-disable-next-line sequential-awaits, floating-promise -- boot\njob();\n`), []);
    assert.deepEqual(ids(`${FLOATING}// async-lint-disable-next-line sequential-awaits floating-promise\njob();\n`), []);
  });

  it('a directive naming another rule does not silence this one; a bare directive silences every rule', () => {
    assert.deepEqual(ids(`${FLOATING}// async-lint-disable-next-line await-in-loop\njob();\n`), ['3:floating-promise']);
    assert.deepEqual(ids(`${FLOATING}// async-lint-disable-next-line\njob();\n`), []);
  });

  it('directive words inside strings, templates and regular expressions are not directives', () => {
    const code =
      `${FLOATING}const a = "// async-lint-disable-next-line floating-promise";\n` +
      'job();\n' +
      'const b = `// async-lint-disable-line floating-promise`; job();\n' +
      'const c = /\\/\\/ async-lint-disable-line floating-promise/; job();\n';
    assert.deepEqual(ids(code), ['3:floating-promise', '4:floating-promise', '5:floating-promise']);
  });

  describe('unused-directive', () => {
    it('reports a directive that silences nothing, and its fix removes the whole comment line', () => {
      const code = `${FLOATING}// async-lint-disable-next-line floating-promise\nconst total = 1 + 2;\n`;
      const result = lintSnippet(code, { rules: ['floating-promise', 'unused-directive'] });
      assert.deepEqual(result.findings.map((f) => f.message), ['Unused async-lint-disable directive: no floating-promise problem was reported here.']);
      assert.equal(result.findings[0]!.fixes[0]!.applicability, 'safe');
      assert.equal(applyFix(code, result.findings[0]!), `${FLOATING}const total = 1 + 2;\n`);
    });

    it('a trailing comment is removed alone, keeping the code', () => {
      const code = `${FLOATING}const total = 1 + 2; // async-lint-disable-line floating-promise\n`;
      const [finding] = lintSnippet(code, { rules: ['floating-promise', 'unused-directive'] }).findings;
      assert.equal(applyFix(code, finding!), `${FLOATING}const total = 1 + 2;\n`);
    });

    it('reports the unused id of a partly used directive, and the fix removes only that id', () => {
      const code = `${FLOATING}async function run() {\n  // async-lint-disable-next-line await-in-loop, floating-promise\n  job();\n}\n`;
      const result = lintSnippet(code, { rules: ['floating-promise', 'await-in-loop', 'unused-directive'] });
      assert.deepEqual(result.findings.map((f) => f.message), ['Unused rule in async-lint-disable directive: no await-in-loop problem was reported here.']);
      assert.equal(applyFix(code, result.findings[0]!), `${FLOATING}async function run() {\n  // async-lint-disable-next-line floating-promise\n  job();\n}\n`);
    });

    it('an unknown id is reported as such (and silences nothing)', () => {
      const code = `${FLOATING}// async-lint-disable-next-line floating-promises\njob();\n`;
      const findings = lintSnippet(code, { rules: ['floating-promise', 'unused-directive'] }).findings;
      assert.deepEqual(findings.map((f) => f.ruleId), ['unused-directive', 'floating-promise']);
      assert.equal(findings[0]!.message, 'Unused async-lint-disable directive: "floating-promises" is not an async-lint rule.');
    });

    it('ids of rules that are off, or of the other language, are not judged', () => {
      assert.deepEqual(ids(`// async-lint-disable-next-line sequential-awaits\nconst x = 1;\n`), []);
      assert.deepEqual(ids(`// async-lint-disable-next-line dangling-task\nconst x = 1;\n`, ['floating-promise', 'dangling-task', 'unused-directive']), []);
    });

    it('is not reported when unused-directive is off', () => {
      assert.deepEqual(ids(`// async-lint-disable-next-line floating-promise\nconst x = 1;\n`, ['floating-promise']), []);
    });

    unusedDirectiveMeta.docs.examples.forEach((example, i) => {
      it(`docs example ${i + 1} (${example.language}): bad has exactly one finding, good none`, () => {
        const fileName = example.language === 'python' ? 'example.py' : 'example.ts';
        const rules = example.language === 'python' ? ['blocking-call', 'unused-directive'] : ['floating-promise', 'unused-directive'];
        assert.deepEqual(lintSnippet(example.bad, { rules, fileName }).findings.map((f) => f.ruleId), ['unused-directive']);
        assert.deepEqual(lintSnippet(example.good, { rules, fileName }).findings.map((f) => f.ruleId), []);
      });
    });
  });

  describe('interop with ESLint directives', () => {
    it('eslint-disable-next-line @typescript-eslint/no-floating-promises silences floating-promise', () => {
      assert.deepEqual(ids(`${FLOATING}// eslint-disable-next-line @typescript-eslint/no-floating-promises -- legacy\njob();\njob();\n`), ['4:floating-promise']);
    });

    it('eslint-disable-line and a blanket eslint-disable-next-line', () => {
      assert.deepEqual(ids(`${FLOATING}job(); // eslint-disable-line @typescript-eslint/no-floating-promises\n`), []);
      assert.deepEqual(ids(`${FLOATING}// eslint-disable-next-line\njob();\n`), []);
    });

    it('/* eslint-disable rule */ … /* eslint-enable rule */ silences the lines between', () => {
      const code = `${FLOATING}/* eslint-disable @typescript-eslint/no-floating-promises */\njob();\n/* eslint-enable @typescript-eslint/no-floating-promises */\njob();\n`;
      assert.deepEqual(ids(code), ['5:floating-promise']);
    });

    it('an unmapped eslint rule silences nothing of ours', () => {
      assert.deepEqual(ids(`${FLOATING}// eslint-disable-next-line no-console\njob();\n`), ['3:floating-promise']);
    });
  });

  it('the "disable for this line" edit inserts an indented next-line directive, or joins an existing one', () => {
    const code = 'function f() {\n  job();\n}\n';
    const index = new LineIndex(code);
    const edit = disableNextLineEdit(code, index, false, 'floating-promise', code.indexOf('job'));
    const once = applyEdits(code, [edit]);
    assert.equal(once, 'function f() {\n  // async-lint-disable-next-line floating-promise\n  job();\n}\n');
    const twice = applyEdits(once, [disableNextLineEdit(once, new LineIndex(once), false, 'await-in-loop', once.indexOf('job'))]);
    assert.equal(twice, 'function f() {\n  // async-lint-disable-next-line floating-promise, await-in-loop\n  job();\n}\n');
    const py = 'async def f():\n    time.sleep(1)\n';
    assert.equal(
      applyEdits(py, [disableNextLineEdit(py, new LineIndex(py), true, 'blocking-call', py.indexOf('time'))]),
      'async def f():\n    # async-lint-disable-next-line blocking-call\n    time.sleep(1)\n',
    );
  });
});

describe('directives (Python)', () => {
  before(() => sharedLinter().prepare());

  const PY = 'import time\n\n\nasync def main():\n';
  const py = (body: string, rules = ['blocking-call', 'unused-directive']) => ids(PY + body, rules, 'mod.py');

  it('# comments with the same words', () => {
    assert.deepEqual(py('    # async-lint-disable-next-line blocking-call -- startup only\n    time.sleep(1)\n    time.sleep(2)\n'), ['7:blocking-call']);
    assert.deepEqual(py('    time.sleep(1)  # async-lint-disable-line blocking-call\n'), []);
  });

  it('directive words inside a string are not a directive', () => {
    assert.deepEqual(py('    note = "# async-lint-disable-line blocking-call"; time.sleep(1)\n'), ['5:blocking-call']);
  });

  it('an unused directive is reported and removed', () => {
    const code = `${PY}    # async-lint-disable-next-line blocking-call\n    print(1)\n`;
    const [finding] = lintSnippet(code, { rules: ['blocking-call', 'unused-directive'], fileName: 'mod.py' }).findings;
    assert.equal(finding?.ruleId, 'unused-directive');
    assert.equal(applyFix(code, finding!), `${PY}    print(1)\n`);
  });

  it('ruff noqa codes and pyright ignores silence the mapped rules', () => {
    assert.deepEqual(py('    time.sleep(1)  # noqa: ASYNC251\n'), []);
    assert.deepEqual(py('    time.sleep(1)  # noqa: E501\n'), ['5:blocking-call']);
    assert.deepEqual(py('    time.sleep(1)  # noqa\n'), []);
    const coroutine = 'async def job():\n    pass\n\n\nasync def main():\n    job()  # pyright: ignore[reportUnusedCoroutine]\n    job()\n';
    assert.deepEqual(ids(coroutine, ['unawaited-coroutine'], 'co.py'), ['7:unawaited-coroutine']);
  });
});
