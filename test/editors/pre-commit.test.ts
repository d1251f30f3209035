/**
 * The pre-commit hook (.pre-commit-hooks.yaml), run as users run it: Debian's `pre-commit try-repo`
 * against a local clone of this repository (its committed state: commit a change to the hook before
 * running this), in a git repository with a TypeScript error, a clean Python file and a file the
 * hook must not be given. pre-commit installs the clone with npm into a node environment of its
 * own (system node, no download) and runs `async-lint FILES`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PRE_COMMIT = process.env.PRE_COMMIT_PATH ?? 'pre-commit';

const FLOATING = 'async function save(): Promise<void> {}\nexport async function run() {\n  save();\n}\n';
const CLEAN_PY = 'import asyncio\n\n\nasync def main():\n    await asyncio.sleep(0)\n';

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 600_000 });
  return { code: r.status, output: `${r.stdout}${r.stderr}`, error: r.error };
}

describe('pre-commit hook (pre-commit try-repo)', function () {
  // The first run installs the hook with npm (this package and its dependencies).
  this.timeout(660_000);
  let repo: string;
  let clone: string;
  let env: NodeJS.ProcessEnv;

  before(() => {
    const version = run(PRE_COMMIT, ['--version'], ROOT);
    assert.equal(version.code, 0, `pre-commit is needed for this test and was not found (${version.error?.message ?? version.output}). Install it: apt-get install -y pre-commit (.ci/run does).`);
    repo = mkdtempSync(path.join(os.tmpdir(), 'async-lint-pre-commit-'));
    clone = mkdtempSync(path.join(os.tmpdir(), 'async-lint-clone-'));
    assert.equal(run('git', ['clone', '--quiet', ROOT, clone], ROOT).code, 0, 'cloning this repository');
    env = { PRE_COMMIT_HOME: path.join(repo, '.pre-commit-home'), GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
    writeFileSync(path.join(repo, '.gitignore'), '.pre-commit-home/\n');
    writeFileSync(path.join(repo, 'package.json'), '{ "name": "hooked", "type": "module" }\n');
    writeFileSync(path.join(repo, 'app.ts'), FLOATING);
    writeFileSync(path.join(repo, 'main.py'), CLEAN_PY);
    // Not TypeScript, JavaScript or Python: types_or keeps it from the hook (async-lint would report it as unlintable).
    writeFileSync(path.join(repo, 'notes.md'), '# notes\n');
    for (const args of [['init', '-q'], ['add', '-A']]) assert.equal(run('git', args, repo, env).code, 0);
  });

  it('fails on a file with an error, naming it, the line and the rule; passes the file types it lints', () => {
    const failing = run(PRE_COMMIT, ['try-repo', clone, 'async-lint', '--all-files', '--verbose', '--color', 'never'], repo, env);
    assert.equal(failing.code, 1, failing.output);
    assert.match(failing.output, /async-lint\.+Failed/);
    assert.match(failing.output, /app\.ts\n\s+3:3\s+error\s+This promise .* floating-promise/);
    assert.doesNotMatch(failing.output, /notes\.md/, 'only the types the hook declares are passed');

    writeFileSync(path.join(repo, 'app.ts'), FLOATING.replace('  save();', '  await save();'));
    const passing = run(PRE_COMMIT, ['try-repo', clone, 'async-lint', '--all-files', '--color', 'never'], repo, env);
    assert.equal(passing.code, 0, passing.output);
    assert.match(passing.output, /async-lint\.+Passed/);
  });
});
