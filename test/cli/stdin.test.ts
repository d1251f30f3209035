/**
 * `--stdin --stdin-filename PATH`: the text from stdin is linted as if it were the file PATH (its
 * project, config and language come from PATH); with --fix the fixed text goes to stdout and the
 * report to stderr, as Ruff's stdin mode does. Nothing is written to PATH.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, runCli, type JsonResult } from '../helpers/cli.ts';
import { tempProject } from '../helpers/lint.ts';

// Whether `save()` is a promise comes from the module it imports: the project is PATH's.
const API = 'export async function save(): Promise<void> {}\n';
const CALLER = "import { save } from './api.ts';\nexport async function run() {\n  save();\n}\n";
const PROJECT = {
  'tsconfig.json': '{ "compilerOptions": { "strict": true, "module": "nodenext", "allowImportingTsExtensions": true, "noEmit": true }, "include": ["src"] }',
  'src/api.ts': API,
};

function results(stdout: string): JsonResult[] {
  return JSON.parse(stdout) as JsonResult[];
}

describe('cli --stdin', () => {
  it('lints stdin as PATH: its project (types from a module beside PATH), even when PATH does not exist yet', () => {
    const dir = tempProject(PROJECT);
    const r = runCli(['--stdin', '--stdin-filename', 'src/new.ts', '--format', 'json'], dir, { input: CALLER });
    assert.equal(r.code, 1, r.stderr);
    const [result] = results(r.stdout);
    assert.equal(result!.filePath, path.join(dir, 'src', 'new.ts'));
    assert.deepEqual(result!.messages.map((m) => [m.ruleId, m.line, m.column]), [['floating-promise', 3, 3]]);
    assert.equal(existsSync(path.join(dir, 'src', 'new.ts')), false, 'nothing is written');
  });

  it("its config: the async-lint.json above PATH applies, and PATH's ignores", () => {
    const dir = tempProject({ ...PROJECT, 'src/async-lint.json': '{ "rules": { "floating-promise": "warning" }, "ignores": ["generated/"] }' });
    const r = runCli(['--stdin', '--stdin-filename', 'src/new.ts', '--format', 'json'], dir, { input: CALLER });
    assert.equal(r.code, 0, 'a warning now');
    assert.equal(results(r.stdout)[0]!.messages[0]!.severity, 1);
    const ignored = runCli(['--stdin', '--stdin-filename', 'src/generated/x.ts', '--format', 'json'], dir, { input: CALLER });
    assert.equal(ignored.code, 0);
    assert.match(results(ignored.stdout)[0]!.messages[0]!.message, /File ignored because of a matching "ignores" pattern/);
  });

  it("its language: the same text is Python or TypeScript by PATH's extension", () => {
    const dir = tempProject();
    const py = 'import time\n\nasync def work():\n    time.sleep(1)\n';
    const asPython = runCli(['--stdin', '--stdin-filename', 'work.py', '--format', 'json'], dir, { input: py });
    assert.deepEqual(results(asPython.stdout)[0]!.messages.map((m) => m.ruleId), ['blocking-call']);
    const asTypeScript = runCli(['--stdin', '--stdin-filename', 'work.ts', '--format', 'json'], dir, { input: py });
    assert.equal(asTypeScript.code, 1, 'not TypeScript: a parsing error');
    assert.equal(results(asTypeScript.stdout)[0]!.messages[0]!.fatal, true);
  });

  it('--fix: the fixed text on stdout, what is left in the report on stderr, PATH untouched', () => {
    const dir = tempProject({ ...PROJECT, 'src/caller.ts': CALLER });
    const r = runCli(['--stdin', '--stdin-filename', 'src/caller.ts', '--fix', '--unsafe-fixes'], dir, { input: CALLER });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, CALLER.replace('  save();', '  await save();'));
    assert.equal(readFileSync(path.join(dir, 'src/caller.ts'), 'utf8'), CALLER, 'the file on disk is not written');

    const safeOnly = runCli(['--stdin', '--stdin-filename', 'src/caller.ts', '--fix', '--format', 'json'], dir, { input: CALLER });
    assert.equal(safeOnly.code, 1, 'the unsafe fix is not applied: the error is left');
    assert.equal(safeOnly.stdout, CALLER, 'the text unchanged');
    assert.deepEqual(results(safeOnly.stderr)[0]!.messages.map((m) => m.ruleId), ['floating-promise']);
  });

  it('--fix on Python keeps CRLF line endings and the BOM', () => {
    const dir = tempProject();
    const py = '\ufeffimport time\r\n\r\nasync def work():\r\n    time.sleep(1)\r\n';
    const r = runCli(['--stdin', '--stdin-filename', 'w.py', '--fix', '--unsafe-fixes'], dir, { input: py });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '\ufeffimport asyncio\r\nimport time\r\n\r\nasync def work():\r\n    await asyncio.sleep(1)\r\n');
  });

  it('--fix with input that is not text: the bytes come back as they were, with a fatal finding', () => {
    const dir = tempProject();
    const bytes = Buffer.from([0x61, 0x00, 0xff, 0x0a]);
    const r = spawnSync(process.execPath, [BIN, '--stdin', '--stdin-filename', 'a.ts', '--fix', '--format', 'json'], { cwd: dir, input: bytes });
    assert.equal(r.status, 1);
    assert.deepEqual(r.stdout, bytes, 'byte for byte');
    assert.match(results(r.stderr.toString('utf8'))[0]!.messages[0]!.message, /Binary file/);
  });

  it('usage errors: --stdin without --stdin-filename, with paths, or --stdin-filename alone', () => {
    const dir = tempProject();
    assert.match(runCli(['--stdin'], dir, { input: '' }).stderr, /--stdin needs --stdin-filename PATH/);
    assert.equal(runCli(['--stdin'], dir, { input: '' }).code, 2);
    assert.equal(runCli(['--stdin', '--stdin-filename', 'a.ts', 'src'], dir, { input: '' }).code, 2);
    assert.equal(runCli(['--stdin-filename', 'a.ts'], dir, { input: '' }).code, 2);
  });
});
