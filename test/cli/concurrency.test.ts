import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadsFor } from '../../server/src/cli/parallelLint.ts';
import { tempProject } from '../helpers/lint.ts';
import { buildOnce } from '../helpers/build.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function cli(bin: string, args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A project of 40 files in 4 folders that import each other, with findings of several rules, and a Python file. */
function project(): string {
  const files: Record<string, string> = {
    'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'es2022', module: 'nodenext', noEmit: true }, include: ['src'] }),
    'src/tool.py': 'import time\n\nasync def main():\n    time.sleep(1)\n',
  };
  for (let folder = 0; folder < 4; folder++) {
    for (let i = 0; i < 10; i++) {
      const name = `src/f${folder}/m${i}.ts`;
      const previous = i > 0 ? `import { step${folder}_${i - 1} } from './m${i - 1}.js';\n` : '';
      files[name] = [
        previous,
        "import { readFileSync } from 'node:fs';",
        `export async function step${folder}_${i}(n: number): Promise<number> {`,
        // Simulated I/O: a step that did none would give nothing to run together.
        '  return new Promise((resolve) => setTimeout(() => resolve(n + 1), 1));',
        '}',
        `export async function run${folder}_${i}(): Promise<void> {`,
        `  step${folder}_${i}(1);`,
        `  const a = await step${folder}_${i}(2);`,
        `  const b = await step${folder}_${i}(3);`,
        `  readFileSync('x');`,
        `  console.log(a, b${i > 0 ? `, await step${folder}_${i - 1}(4)` : ''});`,
        '}',
        '',
      ].join('\n');
    }
  }
  return tempProject(files);
}

// These tests spawn bin/async-lint.mjs, which runs dist/: built from the current sources first.
before(buildOnce);

describe('cli --concurrency', () => {
  it('auto takes one thread per 64 files and per core, at most 4; a number is taken as asked', () => {
    assert.equal(threadsFor(10, 'auto', 8), 1);
    assert.equal(threadsFor(128, 'auto', 8), 2);
    assert.equal(threadsFor(10_000, 'auto', 1), 1, 'one core: one thread');
    assert.equal(threadsFor(10_000, 'auto', 2), 2, 'two cores: two threads');
    assert.equal(threadsFor(10_000, 'auto', 3), 3);
    assert.equal(threadsFor(10_000, 'auto', 64), 4);
    assert.equal(threadsFor(10_000, 'off', 64), 1);
    assert.equal(threadsFor(40, 3), 3);
    assert.equal(threadsFor(8, 3), 1, 'never more threads than chunks of files');
  });

  it('gives the same output with 1, 2 and 3 threads', function () {
    this.timeout(120_000);
    const dir = project();
    const bin = path.join(repo, 'bin/async-lint.mjs');
    const runs = ['off', '2', '3'].map((c) => cli(bin, ['--format', 'json', '--concurrency', c, '.'], dir));
    for (const r of runs) assert.equal(r.code, 1, r.stderr);
    const results = JSON.parse(runs[0]!.stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    assert.equal(results.length, 41);
    const rules = new Set(results.flatMap((r) => r.messages.map((m) => m.ruleId)));
    for (const id of ['floating-promise', 'sequential-awaits', 'blocking-call']) assert.ok(rules.has(id), `${id} in ${[...rules]}`);
    assert.equal(runs[1]!.stdout, runs[0]!.stdout);
    assert.equal(runs[2]!.stdout, runs[0]!.stdout);
  });

  it('a thread that cannot start loses nothing: the calling thread lints its files, with a notice', function () {
    this.timeout(120_000);
    const dir = project();
    // A copy of the CLI without its worker script.
    const copy = mkdtempSync(path.join(os.tmpdir(), 'async-lint-noworker-'));
    try {
      cpSync(path.join(repo, 'bin'), path.join(copy, 'bin'), { recursive: true });
      cpSync(path.join(repo, 'dist'), path.join(copy, 'dist'), { recursive: true });
      cpSync(path.join(repo, 'package.json'), path.join(copy, 'package.json'));
      symlinkSync(path.join(repo, 'node_modules'), path.join(copy, 'node_modules'));
      rmSync(path.join(copy, 'dist', 'lint-worker.mjs'));
      const broken = cli(path.join(copy, 'bin/async-lint.mjs'), ['--format', 'json', '--concurrency', '2', '.'], dir);
      const single = cli(path.join(repo, 'bin/async-lint.mjs'), ['--format', 'json', '--concurrency', 'off', '.'], dir);
      assert.equal(broken.code, 1, broken.stderr);
      assert.equal(broken.stdout, single.stdout);
      assert.match(broken.stderr, /could not start a lint thread \(lint-worker\.mjs is missing from the bundle\)/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('a bad value is a usage error (exit 2)', () => {
    const dir = tempProject({ 'a.ts': 'export const a = 1;\n' });
    for (const value of ['0', '1.5', 'many', '-1']) {
      const r = cli(path.join(repo, 'bin/async-lint.mjs'), ['--concurrency', value, '.'], dir);
      assert.equal(r.code, 2, value);
      // `-1` looks like an option to node's argument parser, which says so.
      assert.match(r.stderr, value === '-1' ? /Option '--concurrency' argument is ambiguous/ : /--concurrency takes a whole number ≥ 1, auto or off/);
    }
  });
});
