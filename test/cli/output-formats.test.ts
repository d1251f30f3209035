/**
 * `--output-file`, and the report formats CI systems read: GitLab code quality (Code Climate JSON)
 * and JUnit XML, each checked against the shape its consumer requires.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../helpers/cli.ts';
import { tempProject } from '../helpers/lint.ts';

const FLOATING = 'async function save(): Promise<void> {}\nexport async function run() {\n  save();\n  save();\n}\n';
const BLOCKING = "import { readFileSync } from 'node:fs';\nexport async function load(p: string) {\n  return readFileSync(p, 'utf8');\n}\n";
const FILES = { 'src/a.ts': FLOATING, 'src/b.ts': BLOCKING, 'src/clean.ts': 'export const x = 1;\n', 'src/broken.ts': 'export function (\n' };

/**
 * GitLab's code quality report (docs.gitlab.com/ci/testing/code_quality, "Code Quality report
 * format"): an array of objects with these required fields, severity from GitLab's five levels.
 */
const GITLAB_SEVERITIES = ['info', 'minor', 'major', 'critical', 'blocker'];
function assertGitlabIssue(issue: Record<string, unknown>, where: string): void {
  for (const key of ['description', 'check_name', 'fingerprint', 'severity']) assert.equal(typeof issue[key], 'string', `${where}.${key}`);
  assert.ok(GITLAB_SEVERITIES.includes(issue.severity as string), `${where}.severity`);
  const location = issue.location as { path: unknown; lines?: { begin: unknown; end?: unknown } };
  assert.equal(typeof location.path, 'string', `${where}.location.path`);
  assert.ok(!path.isAbsolute(location.path as string) && !(location.path as string).includes('\\'), 'a relative path with forward slashes');
  assert.ok(Number.isInteger(location.lines?.begin) && (location.lines!.begin as number) >= 1, `${where}.location.lines.begin`);
}

describe('cli output', () => {
  it('--output-file / -o writes the report there (making folders) and nothing to stdout; the exit status is the same', () => {
    const dir = tempProject(FILES);
    const toStdout = runCli(['src', '--format', 'json'], dir);
    for (const flag of ['--output-file', '-o']) {
      const r = runCli(['src', '--format', 'json', flag, 'reports/lint.json'], dir);
      assert.equal(r.code, toStdout.code);
      assert.equal(r.stdout, '');
      assert.equal(readFileSync(path.join(dir, 'reports/lint.json'), 'utf8'), toStdout.stdout);
    }
    const stylish = runCli(['src', '-o', 'report.txt', '--color'], dir);
    assert.match(readFileSync(path.join(dir, 'report.txt'), 'utf8'), /\x1b\[/, '--color is honoured in a file');
    assert.equal(stylish.stdout, '');
    runCli(['src', '-o', 'plain.txt'], dir);
    assert.doesNotMatch(readFileSync(path.join(dir, 'plain.txt'), 'utf8'), /\x1b\[/, 'no colours in a file by default');
  });

  it('gitlab: code quality issues GitLab accepts, one per message, with unique fingerprints', () => {
    const dir = tempProject(FILES);
    const r = runCli(['src', '--format', 'gitlab'], dir);
    assert.equal(r.code, 1);
    const issues = JSON.parse(r.stdout) as Record<string, unknown>[];
    assert.ok(Array.isArray(issues));
    issues.forEach((issue, i) => assertGitlabIssue(issue, `[${i}]`));
    const rows = issues.map((i) => [i.check_name, i.severity, (i.location as { path: string }).path, (i.location as { lines: { begin: number } }).lines.begin]);
    assert.deepEqual(rows, [
      ['floating-promise', 'major', 'src/a.ts', 3],
      ['floating-promise', 'major', 'src/a.ts', 4],
      ['blocking-call', 'minor', 'src/b.ts', 3],
      ['async-lint/fatal', 'critical', 'src/broken.ts', 1],
    ].sort((x, y) => String(x[2]).localeCompare(String(y[2]))));
    const fingerprints = issues.map((i) => i.fingerprint);
    assert.equal(new Set(fingerprints).size, fingerprints.length, 'GitLab shows only the first issue of a fingerprint');
    // Stable across pipelines: a line added above the findings keeps their fingerprints.
    const moved = tempProject({ ...FILES, 'src/a.ts': '// a comment\n' + FLOATING });
    const again = JSON.parse(runCli(['src', '--format', 'gitlab'], moved).stdout) as Record<string, unknown>[];
    assert.deepEqual(again.map((i) => i.fingerprint), fingerprints);
    assert.equal(runCli(['src/clean.ts', '--format', 'gitlab'], dir).stdout, '[]\n', 'an empty report is an empty array');
  });

  it('junit: well-formed XML, a suite per file, a failing case per message, a passing case for a clean file', () => {
    const dir = tempProject({ ...FILES, 'src/odd.ts': 'async function save(): Promise<void> {}\nexport async function run() {\n  save(); // ]]> & <tag> "quoted"\n}\n' });
    const r = runCli(['src', '--format', 'junit'], dir);
    assert.equal(r.code, 1);
    // Python's XML parser (ElementTree) is the judge of well-formedness; it prints the shape.
    const shape = spawnSync(
      'python3',
      [
        '-c',
        `import sys, json, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
assert root.tag == 'testsuites', root.tag
out = []
for suite in root:
    assert suite.tag == 'testsuite'
    cases = list(suite)
    assert all(c.tag == 'testcase' for c in cases)
    assert int(suite.get('tests')) == len(cases)
    assert int(suite.get('failures')) == sum(1 for c in cases for f in c if f.tag == 'failure')
    out.append([suite.get('name'), [[c.get('name'), c.get('classname')] + [[f.get('type'), f.get('message')[:20], f.text] for f in c] for c in cases]])
print(json.dumps(out))`,
      ],
      { input: r.stdout, encoding: 'utf8' },
    );
    assert.equal(shape.status, 0, shape.stderr);
    const suites = JSON.parse(shape.stdout) as [string, [string, string, ...[string, string, string][]][]][];
    assert.deepEqual(suites.map((s) => s[0]), ['src/a.ts', 'src/b.ts', 'src/broken.ts', 'src/clean.ts', 'src/odd.ts']);
    const [, aCases] = suites[0]!;
    assert.equal(aCases.length, 2);
    assert.deepEqual(aCases[0]!.slice(0, 2), ['async-lint.floating-promise', 'src/a.ts']);
    const failure = aCases[0]![2] as [string, string, string];
    assert.equal(failure[0], 'error');
    assert.match(failure[2], /^line 3, col 3, Error - This promise .* \(floating-promise\)$/);
    assert.deepEqual(suites[3]![1], [['async-lint', 'src/clean.ts']], 'a clean file passes');
    assert.deepEqual(suites[2]![1][0]!.slice(0, 2), ['async-lint.fatal', 'src/broken.ts']);
  });
});
