/**
 * Exit status as ESLint and Ruff give it: 0 clean (and within --max-warnings), 1 findings at error
 * severity (fatal ones too: files that cannot be parsed or read as text) or too many warnings,
 * 2 when async-lint itself could not do its job.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli, type JsonResult } from '../helpers/cli.ts';
import { tempProject } from '../helpers/lint.ts';

const CLEAN = 'export async function ok(p: Promise<number>) {\n  return await p;\n}\n';
const WARNING = "import { readFileSync } from 'node:fs';\nexport async function load(p: string) {\n  return readFileSync(p, 'utf8');\n}\n";
const ERROR = 'async function save(): Promise<void> {}\nexport async function run() {\n  save();\n}\n';

function status(args: string[], files: Record<string, string | Buffer>, nodeArgs?: string[]) {
  const dir = tempProject();
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return { dir, ...runCli(args, dir, { nodeArgs }) };
}

describe('cli exit status', () => {
  describe('0', () => {
    it('nothing to report', () => assert.equal(status(['.'], { 'a.ts': CLEAN }).code, 0));
    it('warnings only, and no more than --max-warnings', () => {
      assert.equal(status(['.'], { 'a.ts': WARNING }).code, 0);
      assert.equal(status(['.', '--max-warnings', '1'], { 'a.ts': WARNING }).code, 0);
    });
  });

  describe('1', () => {
    it('a finding at error severity', () => assert.equal(status(['.'], { 'a.ts': ERROR }).code, 1));
    it('more warnings than --max-warnings', () => {
      const r = status(['.', '--max-warnings', '0'], { 'a.ts': WARNING });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /too many warnings \(1, the maximum is 0\)/);
    });
    it('a file with a syntax error: a fatal finding with ruleId null, as ESLint reports it', () => {
      for (const [name, text] of [['broken.ts', 'export function (\n'], ['broken.py', 'def f(:\n    pass\n']]) {
        const r = status(['.', '--format', 'json'], { [name]: text });
        assert.equal(r.code, 1, `${name}: ${r.stderr}`);
        const [result] = JSON.parse(r.stdout) as JsonResult[];
        assert.deepEqual(result!.messages.map((m) => [m.ruleId, m.severity, m.fatal]), [[null, 2, true]], name);
        assert.match(result!.messages[0]!.message, /^Parsing error/);
        assert.doesNotMatch(r.stderr, /internal error/);
      }
    });
    it('a file that cannot be read as text (binary, invalid UTF-8, unreadable)', () => {
      const binary = status(['.', '--format', 'json'], { 'a.ts': Buffer.from([0x61, 0, 1]) });
      assert.equal(binary.code, 1);
      assert.match((JSON.parse(binary.stdout) as JsonResult[])[0]!.messages[0]!.message, /Binary file/);
      const latin1 = status(['.'], { 'a.ts': Buffer.from([0x2f, 0x2f, 0xe9, 0x0a]) });
      assert.equal(latin1.code, 1);
      assert.match(latin1.stdout, /Not valid UTF-8/);
      if (process.getuid?.() !== 0) {
        // Root reads files whatever their mode: this case only means something for other users.
        const dir = tempProject({ 'a.ts': CLEAN });
        chmodSync(path.join(dir, 'a.ts'), 0);
        const unreadable = runCli(['.'], dir);
        assert.equal(unreadable.code, 1);
        assert.match(unreadable.stdout, /Cannot read file/);
      }
    });
  });

  describe('2', () => {
    it('usage errors: an unknown option, a bad value, a missing path', () => {
      assert.equal(status(['--no-such-flag'], { 'a.ts': CLEAN }).code, 2);
      assert.equal(status(['--format', 'xml'], { 'a.ts': CLEAN }).code, 2);
      assert.equal(status(['--max-warnings', '-1'], { 'a.ts': CLEAN }).code, 2);
      const missing = status(['nope.ts'], { 'a.ts': ERROR });
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /No such file or folder: nope\.ts/);
      assert.equal(missing.stdout, '', 'nothing is linted');
    });
    it('a broken config file', () => {
      const r = status(['.'], { 'a.ts': CLEAN, 'async-lint.json': '{"rules": {"floating-promise": "loud"}}' });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /async-lint\.json: .*severity must be one of/);
    });
    it('a report that cannot be written', () => {
      const dir = tempProject({ 'a.ts': CLEAN, 'taken': 'a file, not a folder' });
      const r = runCli(['.', '--output-file', 'taken/report.txt'], dir);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /cannot write the report to .*taken[\\/]report\.txt/);
    });
    it('an internal error: a rule that throws (the rest is still reported)', () => {
      const faults = path.join(mkdtempSync(path.join(os.tmpdir(), 'async-lint-faults-')), 'faults.mjs');
      // A regular expression only the swallowed-cancellation rule tests with fails: that rule throws.
      writeFileSync(faults, "const test = RegExp.prototype.test;\nRegExp.prototype.test = function (text) {\n  if (this.source === '\\\\.uncancel$') throw new Error('injected rule failure');\n  return test.call(this, text);\n};\n");
      const py = 'import asyncio\nimport time\n\n\nasync def worker():\n    time.sleep(1)\n    try:\n        await asyncio.sleep(1)\n    except asyncio.CancelledError:\n        print("cancelled")\n';
      const r = status(['.', '--format', 'json'], { 'b.py': py }, ['--import', pathToFileURL(faults).href]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /internal error: rule swallowed-cancellation failed on .*b\.py: injected rule failure/);
      const [result] = JSON.parse(r.stdout) as JsonResult[];
      assert.deepEqual(result!.messages.map((m) => m.ruleId), ['blocking-call'], 'the other rules still report');
    });
  });

  it('--help says what each status means', () => {
    const help = runCli(['--help'], tempProject()).stdout;
    assert.match(help, /0 +no finding at error severity/);
    assert.match(help, /1 +findings at error severity, including files that cannot be parsed or read as text/);
    assert.match(help, /2 +async-lint could not do its job: a usage error, a broken config file, a path that does\s+not exist/);
  });
});
