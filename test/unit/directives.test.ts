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
import { lintSnippet, sharedLinter } from '../helpers/lint.ts';

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

  // The findings and fixes of unused-directive are fixtures: test/fixtures/rules/unused-directive/.
  describe('unused-directive', () => {
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

  it('ruff noqa codes and pyright ignores silence the mapped rules', () => {
    assert.deepEqual(py('    time.sleep(1)  # noqa: ASYNC251\n'), []);
    assert.deepEqual(py('    time.sleep(1)  # noqa: E501\n'), ['5:blocking-call']);
    assert.deepEqual(py('    time.sleep(1)  # noqa\n'), []);
    const coroutine = 'async def job():\n    pass\n\n\nasync def main():\n    job()  # pyright: ignore[reportUnusedCoroutine]\n    job()\n';
    assert.deepEqual(ids(coroutine, ['unawaited-coroutine'], 'co.py'), ['7:unawaited-coroutine']);
  });
});
