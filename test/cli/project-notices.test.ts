import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { API } from 'typescript/unstable/sync';
import { tempProject } from '../helpers/lint.ts';
import { buildOnce } from '../helpers/build.ts';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/async-lint.mjs');

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A monorepo of six tsconfig projects, three files each (18 files: `--concurrency 2` gets two
 * threads, and chunks of 8 files split projects between them). Every project has `outDir` and
 * sources in two folders of src/, so tsgo reports the emit-only rootDir diagnostic (5011) for each.
 * p1..p4 extend a shared base that is missing; p5 extends a missing file of its own; p6 is sound.
 */
function monorepo(): string {
  const files: Record<string, string> = {};
  for (let p = 1; p <= 6; p++) {
    const extendsTarget = p <= 4 ? '../tsconfig.base.json' : p === 5 ? './own-base.json' : undefined;
    files[`p${p}/tsconfig.json`] = JSON.stringify({ ...(extendsTarget ? { extends: extendsTarget } : {}), compilerOptions: { outDir: 'dist', strict: true }, include: ['src'] });
    files[`p${p}/src/a/save.ts`] = 'export async function save(): Promise<void> {}\n';
    files[`p${p}/src/a/other.ts`] = 'export const other = 1;\n';
    files[`p${p}/src/b/run.ts`] = "import { save } from '../a/save';\nexport function run() {\n  save();\n}\n";
  }
  return tempProject(files);
}

before(buildOnce);

describe('cli project notices', () => {
  it('drop emit-only diagnostics, print each real one once with its project count, the same with 1 and 2 threads', () => {
    const dir = monorepo();
    // The fixture does make tsgo report the rootDir diagnostic: dropping it is the CLI's doing.
    const api = new API({ cwd: dir });
    try {
      const config = path.join(dir, 'p6/tsconfig.json');
      const program = api.updateSnapshot({ openProjects: [config] }).getProject(config)!.program;
      assert.ok(program.getProgramDiagnostics().some((d) => d.code === 5011), 'tsgo reports 5011 for p6');
    } finally {
      api.close();
    }

    const single = cli(['.', '--concurrency', 'off', '--format', 'json'], dir);
    const threaded = cli(['.', '--concurrency', '2', '--format', 'json'], dir);
    assert.equal(single.code, 1, single.stderr);
    assert.equal(JSON.parse(single.stdout).length, 18, 'every file linted');
    assert.equal(threaded.stderr, single.stderr, 'identical notices with one and two threads');
    assert.deepEqual(threaded.stdout, single.stdout);

    const lines = single.stderr.split('\n').filter((l) => l !== '');
    assert.doesNotMatch(single.stderr, /rootDir|common source directory/);
    assert.deepEqual(lines, [
      `async-lint: ${path.join(dir, 'p5/tsconfig.json')}: Cannot read file '${path.join(dir, 'p5/own-base.json')}'. Analysed with what could be read.`,
      `async-lint: Cannot read file '${path.join(dir, 'tsconfig.base.json')}'. Analysed with what could be read. (4 projects)`,
    ]);
  });
});
