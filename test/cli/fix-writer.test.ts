/**
 * `--fix` never loses code: it writes atomically (a temporary file renamed over the original),
 * keeps the mode, BOM, line breaks and symbolic links, never writes over a file that changed since
 * it was read, leaves unreadable files alone, and says what it changed. Plus hostile input through
 * the CLI: invalid UTF-8, and tsconfigs that do not parse or extend a missing file.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '../../server/src/core/config.ts';
import { fixFiles } from '../../server/src/cli/fixWriter.ts';
import { readSourceFile, type SourceText } from '../../server/src/node/readSource.ts';
import { Linter } from '../../server/src/rules/engine.ts';
import { allRuleMetas } from '../../server/src/rules/index.ts';
import { tempProject } from '../helpers/lint.ts';
import { diskProbe } from '../../server/src/node/fileProbe.ts';
import { buildOnce } from '../helpers/build.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(repo, 'bin/async-lint.mjs');

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const FLOATING = `async function save(): Promise<void> {}
export async function run() {
  save();
}
`;
const FIXED = FLOATING.replace('  save();', '  await save();');
const PY = 'import time\n\n\nasync def work():\n    time.sleep(1)\n\n\nasync def main():\n    work()\n';
const PY_FIXED = 'import asyncio\nimport time\n\n\nasync def work():\n    await asyncio.sleep(1)\n\n\nasync def main():\n    await work()\n';

const crlf = (s: string) => s.replace(/\n/g, '\r\n');

// These tests spawn bin/async-lint.mjs, which runs dist/: built from the current sources first.
before(buildOnce);

describe('cli --fix writes safely', function () {
  this.timeout(120_000);

  it('replaces the file by renaming a temporary one (a new inode), leaving no temporary file behind', () => {
    const dir = tempProject({ 'a.ts': FLOATING });
    const file = path.join(dir, 'a.ts');
    const before = statSync(file).ino;
    const r = cli(['a.ts', '--fix', '--unsafe-fixes'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(file, 'utf8'), FIXED);
    assert.notEqual(statSync(file).ino, before, 'written as a new file and renamed over the old one');
    assert.deepEqual(readdirSync(dir).sort(), ['a.ts', 'package.json']);
  });

  it('keeps the mode, the BOM and CRLF line breaks (TypeScript and Python), and the Python result compiles', () => {
    const dir = tempProject({ 'a.ts': '\ufeff' + crlf(FLOATING), 'main.py': '\ufeff' + crlf(PY) });
    chmodSync(path.join(dir, 'a.ts'), 0o750);
    chmodSync(path.join(dir, 'main.py'), 0o604);
    const r = cli(['.', '--fix', '--unsafe-fixes'], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(readFileSync(path.join(dir, 'a.ts'), 'utf8'), '\ufeff' + crlf(FIXED));
    assert.equal(readFileSync(path.join(dir, 'main.py'), 'utf8'), '\ufeff' + crlf(PY_FIXED));
    assert.equal(statSync(path.join(dir, 'a.ts')).mode & 0o777, 0o750);
    assert.equal(statSync(path.join(dir, 'main.py')).mode & 0o777, 0o604);
    const compile = spawnSync('python3', ['-m', 'py_compile', path.join(dir, 'main.py')], { encoding: 'utf8' });
    assert.equal(compile.status, 0, compile.stderr);
  });

  it('reports each file it changed, with the number of fixes, and only those', () => {
    const dir = tempProject({ 'a.ts': FLOATING, 'b.py': PY, 'clean.ts': 'export const x = 1;\n' });
    const r = cli(['.', '--fix', '--unsafe-fixes'], dir);
    const reported = r.stderr.split('\n').filter((l) => l.includes('fixed'));
    assert.deepEqual(reported.sort(), [`async-lint: fixed 1 problem in ${path.join(dir, 'a.ts')}`, `async-lint: fixed 2 problems in ${path.join(dir, 'b.py')}`].sort(), r.stderr);
    assert.equal(readFileSync(path.join(dir, 'clean.ts'), 'utf8'), 'export const x = 1;\n');
  });

  it('fixes the file a symbolic link points to, and the link stays a link', () => {
    const dir = tempProject({ 'real/a.ts': FLOATING });
    symlinkSync(path.join(dir, 'real/a.ts'), path.join(dir, 'link.ts'));
    const r = cli(['link.ts', '--fix', '--unsafe-fixes'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(lstatSync(path.join(dir, 'link.ts')).isSymbolicLink(), 'still a symbolic link');
    assert.equal(readFileSync(path.join(dir, 'real/a.ts'), 'utf8'), FIXED);
    assert.deepEqual(readdirSync(path.join(dir, 'real')), ['a.ts']);
  });

  it('leaves binary and invalid UTF-8 files byte for byte as they were', () => {
    const dir = tempProject({ 'a.ts': FLOATING });
    const invalid = Buffer.concat([Buffer.from(FLOATING.replace('save();', 'save(); // caf')), Buffer.from([0xe9, 0x0a])]);
    const binary = Buffer.concat([Buffer.from(FLOATING), Buffer.from([0, 1, 2])]);
    writeFileSync(path.join(dir, 'latin1.ts'), invalid);
    writeFileSync(path.join(dir, 'blob.ts'), binary);
    const r = cli(['.', '--fix', '--unsafe-fixes', '--format', 'json'], dir);
    assert.equal(r.code, 1, 'files that cannot be read as text are fatal findings: exit 1');
    const results = JSON.parse(r.stdout) as { filePath: string; messages: { fatal?: boolean; message: string }[] }[];
    const byName = Object.fromEntries(results.map((x) => [path.basename(x.filePath), x]));
    assert.match(byName['latin1.ts']!.messages[0]!.message, /Not valid UTF-8/);
    assert.equal(byName['latin1.ts']!.messages[0]!.fatal, true);
    assert.match(byName['blob.ts']!.messages[0]!.message, /Binary/);
    assert.deepEqual(readFileSync(path.join(dir, 'latin1.ts')), invalid);
    assert.deepEqual(readFileSync(path.join(dir, 'blob.ts')), binary);
    assert.equal(readFileSync(path.join(dir, 'a.ts'), 'utf8'), FIXED, 'the readable file is still fixed');
  });
});

describe('fixFiles never writes over a file that changed since it was read', function () {
  this.timeout(60_000);
  const linter = new Linter({ files: diskProbe });
  const config = resolveConfig(allRuleMetas());
  const WHOLE_SECOND = 1_700_000_000;
  before(() => linter.prepare());
  after(() => linter.dispose());

  async function fixAfter(change: (file: string, source: SourceText) => void) {
    const dir = tempProject({ 'a.ts': FLOATING });
    const file = path.join(dir, 'a.ts');
    // A whole second, so a test can set the same time again exactly.
    utimesSync(file, WHOLE_SECOND, WHOLE_SECOND);
    const source = readSourceFile(file) as SourceText;
    const [result] = linter.lint([{ fileName: file, text: source.text }], () => config);
    change(file, source);
    const outcome = await fixFiles(linter, [source], [result!], () => config, { unsafe: true });
    return { file, outcome, dir };
  }

  it('changed content and time: not written, and said so', async () => {
    const edited = FLOATING + '// edited meanwhile\n';
    const { file, outcome } = await fixAfter((f) => {
      writeFileSync(f, edited);
      utimesSync(f, WHOLE_SECOND + 5, WHOLE_SECOND + 5);
    });
    assert.equal(readFileSync(file, 'utf8'), edited);
    assert.deepEqual(outcome.notices, [`not fixed: ${file} changed on disk while it was linted`]);
  });

  it('changed content within the same modification time (a coarse file system clock): not written', async () => {
    const edited = FLOATING.replace('run', 'go!');
    const { file, outcome } = await fixAfter((f, source) => {
      writeFileSync(f, edited);
      utimesSync(f, WHOLE_SECOND, WHOLE_SECOND);
      assert.equal(statSync(f).mtimeMs, source.mtimeMs);
    });
    assert.equal(readFileSync(file, 'utf8'), edited);
    assert.deepEqual(outcome.notices, [`not fixed: ${file} changed on disk while it was linted`]);
  });

  it('removed meanwhile: not recreated', async () => {
    const { file, outcome } = await fixAfter((f) => rmSync(f));
    assert.throws(() => statSync(file), /ENOENT/);
    assert.deepEqual(outcome.notices, [`not fixed: ${file} was removed while it was linted`]);
  });

  it('unchanged: written, and the reported result is that of the text now on disk', async () => {
    const { file, outcome, dir } = await fixAfter(() => {});
    assert.equal(readFileSync(file, 'utf8'), FIXED);
    assert.deepEqual(outcome.notices, [`fixed 1 problem in ${file}`]);
    assert.equal(outcome.results[0]!.text, FIXED);
    assert.deepEqual(outcome.results[0]!.findings, []);
    assert.deepEqual(readdirSync(dir).sort(), ['a.ts', 'package.json']);
  });
});

describe('cli on broken TypeScript projects', function () {
  this.timeout(60_000);
  const LIB = 'export async function save(): Promise<void> {}\n';
  const MAIN = "import { save } from './lib';\nexport async function run() {\n  save();\n}\n";

  for (const [name, tsconfig, notice] of [
    ['does not parse', '{ "compilerOptions": { ,,, ', /tsconfig\.json: .*Analysed with what could be read/],
    ['extends a missing file', '{ "extends": "./missing.json" }', /missing\.json/],
  ] as const) {
    it(`a tsconfig that ${name}: a notice naming it, and the files are still linted with types`, () => {
      const dir = tempProject({ 'tsconfig.json': tsconfig, 'lib.ts': LIB, 'main.ts': MAIN });
      const r = cli(['.', '--format', 'json'], dir);
      assert.equal(r.code, 1, `an error finding, not a crash: ${r.stderr}`);
      assert.match(r.stderr, notice);
      assert.doesNotMatch(r.stderr, /internal error/);
      const results = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string | null }[] }[];
      const main = results.find((x) => x.filePath.endsWith('main.ts'))!;
      assert.deepEqual(main.messages.map((m) => m.ruleId), ['floating-promise'], 'the imported async function is typed');
    });
  }
});
