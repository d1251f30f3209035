/** The rule fixture driver's annotation format (test/helpers/fixtures.ts): parsing and rendering. */
import assert from 'node:assert/strict';
import type { Finding } from '../../server/src/core/types.ts';
import { parseFixture, renderFixture, type ActualFinding } from '../helpers/fixtures.ts';

function finding(start: number, end: number, message = 'm', severity: Finding['severity'] = 'warning'): Finding {
  return { ruleId: 'some-rule', start, end, message, severity, fixes: [] };
}

/** The fixture text for `code` with these findings (no fixes), rendered from scratch. */
function render(code: string, marker: string, findings: ActualFinding[]): string {
  return renderFixture(parseFixture(code, marker), findings, marker, () => 'warning');
}

describe('rule fixture driver: annotations', () => {
  it('removes annotation lines whole, so the code keeps its text and line endings exactly', () => {
    const text = 'a();\r\n//^^^ some-rule: m\r\nb();\r\n    # not a marker in TS\r\nc()\n// ^ some-rule: m';
    const parsed = parseFixture(text, '//');
    assert.equal(parsed.code, 'a();\r\nb();\r\n    # not a marker in TS\r\nc()');
    assert.deepEqual([...parsed.annotations.keys()], [0, 3]);
    assert.equal(parsed.annotations.get(0)![0]!.column, 2);
  });

  it('renders carets at the column, @N where the marker does not fit, and (to +L:C) for a finding that ends later', () => {
    const code = 'job();\n  run(() => {\n    x;\n  });\n';
    const text = render(code, '//', [
      { finding: finding(0, 5), fixes: [] },
      { finding: finding(9, 32, 'spans', 'hint'), fixes: [] },
    ]);
    assert.equal(
      text,
      'job();\n// @1 ^^^^^ some-rule: m\n  run(() => {\n//^^^^^^^^^^^ (to +2:4) some-rule (hint): spans\n    x;\n  });\n',
    );
    // Parsed back, the annotations sit where the findings are.
    const parsed = parseFixture(text, '//');
    assert.equal(parsed.code, code);
    assert.deepEqual(
      [...parsed.annotations.values()].flat().map((a) => [a.column, a.carets, a.to, a.severity]),
      [[0, 5, undefined, undefined], [2, 11, 'to +2:4', 'hint']],
    );
  });

  it('keeps a written annotation whose ...substring... still matches, and rewrites one that does not', () => {
    const code = 'import time\nasync def f():\n    time.sleep(1)\n';
    const written = 'import time\nasync def f():\n    time.sleep(1)\n  # ^^^^^^^^^^^^^ some-rule: ...blocks...\n';
    const matching = renderFixture(parseFixture(written, '#'), [{ finding: finding(31, 44, 'it blocks the loop'), fixes: [] }], '#', () => 'warning');
    assert.equal(matching, written);
    const changed = renderFixture(parseFixture(written, '#'), [{ finding: finding(31, 44, 'it sleeps'), fixes: [] }], '#', () => 'warning');
    assert.equal(changed, `${code.trimEnd()}\n  # ^^^^^^^^^^^^^ some-rule: it sleeps\n`);
  });

  it('lists fixes under their finding, numbered when the case has several, with what remains after each', () => {
    const code = 'a();\nb();\n';
    const fix = (title: string, remain: number) => ({ title, applicability: 'unsafe', text: '', remain });
    const text = render(code, '//', [
      { finding: finding(0, 3), fixes: [fix('Await it', 1)] },
      { finding: finding(5, 8), fixes: [fix('Await it', 0), fix('Void it', 2)] },
    ]);
    assert.equal(
      text,
      [
        'a();',
        '// @1 ^^^ some-rule: m',
        '//    fix 1 (unsafe; 1 finding remains): Await it',
        'b();',
        '// @1 ^^^ some-rule: m',
        '//    fix 2 (unsafe): Await it',
        '//    fix 3 (unsafe; 2 findings remain): Void it',
        '',
      ].join('\n'),
    );
    const parsed = parseFixture(text, '//');
    assert.equal(parsed.code, code);
    assert.deepEqual(parsed.annotations.get(1)![0]!.fixes.map((f) => [f.number, f.remain, f.title]), [[2, 0, 'Await it'], [3, 2, 'Void it']]);
  });
});
