import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allRuleMetas } from '../../server/src/rules/index.ts';
import { tempProject } from '../helpers/lint.ts';
import { buildOnce } from '../helpers/build.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(repo, 'bin/async-lint.mjs');

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(args: string[], cwd: string) {
  const r = cli([...args, '--format', 'json'], cwd);
  return { ...r, results: JSON.parse(r.stdout) as { filePath: string; messages: Record<string, unknown>[]; errorCount: number; warningCount: number }[] };
}

const BLOCKING = `import { readFileSync } from 'node:fs';
export async function load(p: string) {
  return readFileSync(p, 'utf8');
}
`;
const CLEAN = `export async function ok(p: Promise<number>) {
  return await p;
}
`;
const FLOATING = `async function save(): Promise<void> {}
export async function run() {
  save();
}
`;

// These tests spawn bin/async-lint.mjs, which runs dist/: built from the current sources first.
before(buildOnce);

describe('cli', () => {
  it('json: ESLint shape, one result per file also without messages, positions 1-based', () => {
    const dir = tempProject({ 'src/a.ts': BLOCKING, 'src/b.ts': CLEAN });
    const { code, results } = json(['src'], dir);
    assert.equal(code, 0, 'warnings only');
    assert.deepEqual(results.map((r) => path.basename(r.filePath)), ['a.ts', 'b.ts']);
    const [a, b] = results;
    assert.equal(b!.messages.length, 0);
    assert.equal(a!.warningCount, 1);
    const m = a!.messages[0]!;
    assert.equal(m.ruleId, 'blocking-call');
    assert.equal(m.severity, 1);
    assert.deepEqual([m.line, m.column, m.endLine], [3, 10, 3]);
    assert.ok(Array.isArray(m.suggestions) || m.fix, 'the finding carries its fix');
  });


  // Without --fix the CLI lets tsgo read files from disk itself; what it still serves are the
  // virtual configs: the adjusted one for options TypeScript 7 rejects, the inferred one for loose files.
  it('types reach files under a tsconfig TypeScript 7 rejects, loose files and a file with a BOM', () => {
    const dir = tempProject({
      'tsconfig.json': '{ "compilerOptions": { "strict": true, "moduleResolution": "node10" }, "include": ["src"] }',
      'src/bom.ts': `\uFEFFdeclare function save(): Promise<void>; save();\n`,
      'src/a.ts': FLOATING,
      'scripts/loose.ts': FLOATING,
    });
    const { stderr, results } = json(['.', '--rule', 'floating-promise=error'], dir);
    const found = results.map((r) => [path.relative(dir, r.filePath), r.messages.map((m) => [m.ruleId, m.line, m.column])]);
    assert.deepEqual(found, [
      ['scripts/loose.ts', [['floating-promise', 3, 3]]],
      ['src/a.ts', [['floating-promise', 3, 3]]],
      ['src/bom.ts', [['floating-promise', 1, 41]]],
    ]);
    assert.match(stderr, /rejects moduleResolution/);
  });
  it('exit 1 on error findings, 0 when they are turned off with --rule', () => {
    const dir = tempProject({ 'a.ts': FLOATING });
    const on = json(['a.ts'], dir);
    assert.equal(on.code, 1);
    assert.equal(on.results[0]!.messages[0]!.ruleId, 'floating-promise');
    assert.equal(on.results[0]!.messages[0]!.severity, 2);
    const off = json(['a.ts', '--rule', 'floating-promise=off'], dir);
    assert.equal(off.code, 0);
    assert.equal(off.results[0]!.messages.length, 0);
  });

  it('--max-warnings: exit 1 above the limit, 0 at it', () => {
    const dir = tempProject({ 'a.ts': BLOCKING });
    assert.equal(cli(['a.ts', '--max-warnings', '0'], dir).code, 1);
    assert.equal(cli(['a.ts', '--max-warnings', '1'], dir).code, 0);
  });

  it('--config FILE sets severities; a broken one exits 2 naming the file', () => {
    const dir = tempProject({ 'a.ts': BLOCKING, 'strict.json': '{"rules": {"blocking-call": "error"}}', 'bad.json': '{"rules": {', 'unknown.json': '{"rules": {"no-such-rule": "error"}}' });
    const strict = json(['a.ts', '--config', 'strict.json'], dir);
    assert.equal(strict.code, 1);
    assert.equal(strict.results[0]!.messages[0]!.severity, 2);
    const bad = cli(['a.ts', '--config', 'bad.json'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /bad\.json/);
    const unknown = cli(['a.ts', '--config', 'unknown.json'], dir);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no-such-rule/);
  });

  it('usage errors exit 2: bad format, bad --rule, missing path', () => {
    const dir = tempProject({ 'a.ts': CLEAN });
    assert.equal(cli(['a.ts', '--format', 'xml'], dir).code, 2);
    assert.equal(cli(['a.ts', '--rule', 'blocking-call=loud'], dir).code, 2);
    const missing = cli(['nope/'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /No such file or folder: nope/);
    assert.equal(cli(['a.ts', '--no-such-flag'], dir).code, 2);
  });

  it('honours .gitignore (nested too) and skips node_modules', () => {
    const dir = tempProject({
      '.gitignore': 'build/\n',
      'src/a.ts': CLEAN,
      'src/.gitignore': 'gen.ts\n',
      'src/gen.ts': BLOCKING,
      'build/out.js': BLOCKING,
      'node_modules/dep/index.js': BLOCKING,
    });
    const { results } = json(['.'], dir);
    assert.deepEqual(results.map((r) => path.relative(dir, r.filePath)), [path.join('src', 'a.ts')]);
  });

  it('a binary file and a file with syntax errors get fatal messages (errors: exit 1); the rest is still linted', () => {
    const dir = tempProject({ 'a.ts': BLOCKING, 'broken.ts': BLOCKING + '\nexport function (\n' });
    writeFileSync(path.join(dir, 'bin.ts'), Buffer.from([0x63, 0x6f, 0, 1, 2, 3]));
    const { code, results } = json(['.'], dir);
    assert.equal(code, 1);
    const byName = Object.fromEntries(results.map((r) => [path.basename(r.filePath), r]));
    assert.equal(byName['bin.ts']!.messages[0]!.fatal, true);
    assert.equal(byName['bin.ts']!.messages[0]!.ruleId, null);
    assert.match(String(byName['bin.ts']!.messages[0]!.message), /Binary/);
    const broken = byName['broken.ts']!.messages;
    assert.ok(broken.some((m) => m.fatal === true && /Parsing error/.test(String(m.message))));
    assert.ok(broken.some((m) => m.ruleId === 'blocking-call'), 'what parses is still analysed');
    assert.equal(byName['a.ts']!.messages[0]!.ruleId, 'blocking-call');
  });

  it('stylish: file, position, severity, message and rule id, then a summary', () => {
    const dir = tempProject({ 'a.ts': BLOCKING });
    const { stdout } = cli(['a.ts'], dir);
    assert.match(stdout, /a\.ts\n\s+3:10\s+warning\s+.*readFileSync.*\s+blocking-call\n/);
    assert.match(stdout, /✖ 1 problem \(0 errors, 1 warning\)/);
    assert.equal(cli(['.'], tempProject({ 'b.ts': CLEAN })).stdout, '');
  });

  it('github: one workflow command per message', () => {
    const dir = tempProject({ 'a.ts': BLOCKING });
    const { stdout } = cli(['a.ts', '--format', 'github'], dir);
    assert.match(stdout, /^::warning file=a\.ts,line=3,col=10,endLine=3,endColumn=\d+,title=async-lint\(blocking-call\)::.*readFileSync/m);
  });

  it('sarif: a valid 2.1.0 log with rules and results', () => {
    const dir = tempProject({ 'a.ts': BLOCKING });
    const { stdout, code } = cli(['a.ts', '--format', 'sarif'], dir);
    assert.equal(code, 0);
    const log = JSON.parse(stdout);
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'async-lint');
    const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
    assert.ok(ids.includes('sequential-awaits') && ids.includes('blocking-call'));
    assert.equal(run.results.length, 1);
    const r = run.results[0];
    assert.equal(r.ruleId, 'blocking-call');
    assert.equal(ids[r.ruleIndex], 'blocking-call');
    assert.equal(r.level, 'warning');
    assert.deepEqual(r.locations[0].physicalLocation.artifactLocation.uri, 'a.ts');
    assert.equal(r.locations[0].physicalLocation.region.startLine, 3);
  });

  it('--fix writes nothing unsafe; --fix --unsafe-fixes applies the preferred fix and keeps mode and BOM', () => {
    const dir = tempProject({ 'a.ts': '\ufeff' + FLOATING });
    const file = path.join(dir, 'a.ts');
    chmodSync(file, 0o640);
    const safeOnly = cli(['a.ts', '--fix'], dir);
    assert.equal(safeOnly.code, 1);
    assert.equal(readFileSync(file, 'utf8'), '\ufeff' + FLOATING, 'unsafe fixes are not applied by --fix alone');
    const unsafe = cli(['a.ts', '--fix', '--unsafe-fixes'], dir);
    assert.equal(unsafe.code, 0, unsafe.stdout + unsafe.stderr);
    assert.equal(readFileSync(file, 'utf8'), '\ufeff' + FLOATING.replace('  save();', '  await save();'));
    assert.equal(statSync(file).mode & 0o777, 0o640);
    assert.match(unsafe.stderr, /fixed 1 problem in .*a\.ts/);
  });

  it('rules lists every rule; explain prints the docs; explain of an unknown id exits 2', () => {
    const dir = tempProject();
    const rules = cli(['rules'], dir);
    assert.equal(rules.code, 0);
    const metas = allRuleMetas();
    assert.equal(rules.stdout.trim().split('\n').length, metas.length);
    for (const m of metas) {
      // id, default severity, whether it has a fix, languages, summary
      const row = new RegExp(`^${m.id}\\s+${m.defaultSeverity}\\s+${m.hasFix ? 'fix' : '   '}\\s+${m.languages.join(', ')}\\s+`, 'm');
      assert.match(rules.stdout, row);
    }
    const explain = cli(['explain', 'sequential-awaits'], dir);
    assert.equal(explain.code, 0);
    assert.match(explain.stdout, /^# sequential-awaits/);
    assert.match(explain.stdout, /## Fix safety/);
    assert.equal(cli(['explain', 'nope'], dir).code, 2);
  });
});

describe('cli on Python files', () => {
  const PY = 'import time\n\nasync def work():\n    time.sleep(1)\n\nasync def main():\n    work()\n';

  it('lints .py files found in folders, in every format', () => {
    const dir = tempProject({ 'app/main.py': PY, 'app/clean.py': 'async def ok():\n    return 1\n' });
    const { code, results } = json(['.'], dir);
    assert.equal(code, 1, 'unawaited-coroutine is an error');
    const main = results.find((r) => r.filePath.endsWith('main.py'))!;
    assert.deepEqual(main.messages.map((m) => [m.ruleId, m.line]), [['blocking-call', 4], ['unawaited-coroutine', 7]]);
    assert.equal(results.find((r) => r.filePath.endsWith('clean.py'))!.messages.length, 0);
    assert.match(cli(['.'], dir).stdout, /7:5\s+error\s+.*never awaited.*unawaited-coroutine/);
    assert.match(cli(['.', '--format', 'github'], dir).stdout, /^::error file=app\/main\.py,line=7,col=5,.*title=async-lint\(unawaited-coroutine\)::/m);
    const sarif = JSON.parse(cli(['.', '--format', 'sarif'], dir).stdout);
    assert.deepEqual(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId), ['blocking-call', 'unawaited-coroutine']);
  });

  it('--fix --unsafe-fixes rewrites a Python file and the result compiles', () => {
    const dir = tempProject({ 'main.py': PY });
    const r = cli(['main.py', '--fix', '--unsafe-fixes'], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(
      readFileSync(path.join(dir, 'main.py'), 'utf8'),
      'import asyncio\nimport time\n\nasync def work():\n    await asyncio.sleep(1)\n\nasync def main():\n    await work()\n',
    );
    const compile = spawnSync('python3', ['-m', 'py_compile', path.join(dir, 'main.py')], { encoding: 'utf8' });
    assert.equal(compile.status, 0, compile.stderr);
  });
});

describe('cli on hostile input', () => {
  it('a 5 MB one-line bundle is skipped with a clear message, quickly, and the rest is linted', () => {
    const dir = tempProject({ 'a.ts': BLOCKING });
    writeFileSync(path.join(dir, 'bundle.js'), `var a=${JSON.stringify('x'.repeat(5_000_000))};\n`);
    const { code, results } = json(['.'], dir);
    assert.equal(code, 1, 'a skipped file is a fatal finding');
    const bundle = results.find((r) => r.filePath.endsWith('bundle.js'))!;
    assert.match(String(bundle.messages[0]!.message), /skipped: 5 MB is larger than async-lint analyses/);
    assert.equal(results.find((r) => r.filePath.endsWith('a.ts'))!.messages[0]!.ruleId, 'blocking-call');
  });

  it('an empty file and a Python file with mixed tabs and spaces do not crash', () => {
    const dir = tempProject({ 'empty.ts': '', 'mixed.py': 'async def f():\n\tif True:\n        pass\n' });
    const { results } = json(['.'], dir);
    assert.equal(results.length, 2);
    assert.deepEqual(results.find((r) => r.filePath.endsWith('empty.ts'))!.messages, []);
  });
});
