/**
 * `[tool.async-lint]` in pyproject.toml: the schema of async-lint.json, found by the same upward
 * search; a folder holding both is an error naming the two files; TOML errors name file and line.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { runCli, type JsonResult } from '../helpers/cli.ts';
import { tempProject } from '../helpers/lint.ts';

const PY = 'import time\n\nasync def work():\n    time.sleep(1)\n\nasync def main():\n    work()\n';

/** `relative/path: rule:severity, ...` per linted file. */
function summary(dir: string, args: string[] = ['.']): string[] {
  const r = runCli([...args, '--format', 'json'], dir);
  assert.notEqual(r.code, 2, r.stderr);
  return (JSON.parse(r.stdout) as JsonResult[]).map((res) => `${path.relative(dir, res.filePath).split(path.sep).join('/')}: ${res.messages.map((m) => `${m.ruleId}:${m.severity}`).join(', ')}`);
}

describe('cli: [tool.async-lint] in pyproject.toml', () => {
  it('sets rules with options, overrides and ignores, as async-lint.json does', () => {
    const dir = tempProject({
      'pyproject.toml': `[project]
name = "app"
requires-python = ">=3.11"

[tool.async-lint]
ignores = ["generated/"]

[tool.async-lint.rules]
blocking-call = "error"
unawaited-coroutine = ["warning", {}]

[[tool.async-lint.overrides]]
files = ["scripts/**"]
rules = { blocking-call = "off" }
`,
      'app/main.py': PY,
      'scripts/tool.py': PY,
      'generated/gen.py': PY,
    });
    assert.deepEqual(summary(dir), ['app/main.py: blocking-call:2, unawaited-coroutine:1', 'scripts/tool.py: unawaited-coroutine:1']);
  });

  it('is found upward from each file, the nearest folder wins, and root = true stops the search', () => {
    const dir = tempProject({
      'pyproject.toml': '[tool.async-lint.rules]\nblocking-call = "off"\nunawaited-coroutine = "warning"\n',
      'pkg/async-lint.json': '{ "rules": { "blocking-call": "error" } }',
      'pkg/main.py': PY,
      'other/main.py': PY,
      'rooted/pyproject.toml': '[tool.async-lint]\nroot = true\n',
      'rooted/main.py': PY,
    });
    assert.deepEqual(summary(dir), [
      'other/main.py: unawaited-coroutine:1',
      'pkg/main.py: blocking-call:2, unawaited-coroutine:1',
      'rooted/main.py: blocking-call:1, unawaited-coroutine:2',
    ]);
  });

  it('a pyproject.toml without [tool.async-lint] configures nothing, and is not even parsed', () => {
    const dir = tempProject({
      'pyproject.toml': '[tool.async-lint.rules]\nblocking-call = "off"\n',
      'pkg/pyproject.toml': '[project\nname = "not TOML, and not ours to judge"\n',
      'pkg/main.py': PY,
    });
    assert.deepEqual(summary(dir), ['pkg/main.py: unawaited-coroutine:2']);
  });

  it('a folder with both async-lint.json and [tool.async-lint] is an error naming the two files (exit 2)', () => {
    const dir = tempProject({ 'pyproject.toml': '[tool.async-lint]\nroot = true\n', 'async-lint.json': '{}', 'main.py': PY });
    const r = runCli(['.'], dir);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.ok(r.stderr.includes(`${path.join(dir, 'async-lint.json')} and ${path.join(dir, 'pyproject.toml')}: both configure async-lint for this folder`), r.stderr);
  });

  it('invalid TOML and invalid settings are errors naming the file, the place and the problem (exit 2)', () => {
    const badToml = runCli(['.'], tempProject({ 'pyproject.toml': '[tool.async-lint]\nrules = { blocking-call = "off"\n', 'main.py': PY }));
    assert.equal(badToml.code, 2);
    assert.match(badToml.stderr, /pyproject\.toml: invalid TOML at line 3, column 1: expected comma or end of structure/, "where the parser finds the table unclosed");
    const unknownRule = runCli(['.'], tempProject({ 'pyproject.toml': '[tool.async-lint.rules]\nblocking-cal = "off"\n', 'main.py': PY }));
    assert.equal(unknownRule.code, 2);
    assert.match(unknownRule.stderr, /pyproject\.toml \[tool\.async-lint\]: "rules": unknown rule "blocking-cal" \(did you mean "blocking-call"\?\)/);
    const badKey = runCli(['.'], tempProject({ 'pyproject.toml': '[tool.async-lint]\nselect = ["ASYNC"]\n', 'main.py': PY }));
    assert.equal(badKey.code, 2);
    assert.match(badKey.stderr, /\[tool\.async-lint\]: unknown setting "select"/);
  });

  it('--config takes a pyproject.toml too; one without the table is an error', () => {
    const dir = tempProject({ 'conf/pyproject.toml': '[tool.async-lint.rules]\nunawaited-coroutine = "off"\n', 'conf/empty/pyproject.toml': '[project]\nname = "x"\n', 'main.py': PY });
    assert.deepEqual(summary(dir, ['main.py', '--config', 'conf/pyproject.toml']), ['main.py: blocking-call:1']);
    const empty = runCli(['main.py', '--config', 'conf/empty/pyproject.toml'], dir);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /pyproject\.toml: there is no \[tool\.async-lint\] table in it/);
  });
});
