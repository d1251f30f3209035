/**
 * async-lint's language server in another editor: headless Neovim (Debian's neovim 0.7, its built-in
 * LSP client) runs test/editors/neovim/quick-fix.lua on a TypeScript file with sequential awaits:
 * diagnostics arrive, the Promise.all code action is requested and its workspace edit applied, and
 * the finding goes away. Runs the built server (bin/async-lint.mjs → dist/, built first from the current sources).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildOnce } from '../helpers/build.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCRIPT = path.join(ROOT, 'test', 'editors', 'neovim', 'quick-fix.lua');
const NVIM = process.env.NVIM_PATH ?? 'nvim';
const RUN_TIMEOUT_MS = 150_000;

const API = `export async function fetchUser(id: number): Promise<string> {
  await new Promise((resolve) => setTimeout(resolve, 1)); // stands for the I/O
  return \`user \${id}\`;
}

export async function fetchOrders(userId: number): Promise<number[]> {
  await new Promise((resolve) => setTimeout(resolve, 1)); // stands for the I/O
  return [userId];
}
`;

const DASHBOARD = `import { fetchOrders, fetchUser } from './api.js';

export async function loadDashboard(id: number) {
  const user = await fetchUser(id);
  const orders = await fetchOrders(id);
  return { user, orders };
}
`;

const FIXED = `import { fetchOrders, fetchUser } from './api.js';

export async function loadDashboard(id: number) {
  const [user, orders] = await Promise.all([fetchUser(id), fetchOrders(id)]);
  return { user, orders };
}
`;

interface NeovimResult {
  ok: boolean;
  message: string;
  text: string;
  steps: string[];
  titles?: string[];
  published: string[][];
}

function runNeovim(file: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(NVIM, ['--headless', '--clean', '-u', 'NONE', '-c', `luafile ${SCRIPT}`, file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`nvim did not finish within ${RUN_TIMEOUT_MS / 1000} s; its output: ${output}`));
    }, RUN_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('Neovim (built-in LSP client, headless)', function () {
  this.timeout(RUN_TIMEOUT_MS + 30_000);
  let dir: string;

  before(function () {
    const version = spawnSync(NVIM, ['--version'], { encoding: 'utf8' });
    assert.ok(
      version.status === 0,
      `Neovim is needed for this test and was not found (${NVIM}: ${version.error?.message ?? version.stderr}). Install it: apt-get install -y neovim (.ci/run does).`,
    );
    buildOnce();
    // Not under a test/ folder: async-lint skips files in test directories.
    dir = mkdtempSync(path.join(os.tmpdir(), 'async-lint-nvim-'));
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'package.json'), '{ "name": "nvim-fixture", "type": "module" }\n');
    writeFileSync(path.join(dir, 'tsconfig.json'), '{ "compilerOptions": { "module": "nodenext", "strict": true, "noEmit": true }, "include": ["src"] }\n');
    writeFileSync(path.join(dir, 'src', 'api.ts'), API);
    writeFileSync(path.join(dir, 'src', 'dashboard.ts'), DASHBOARD);
  });

  after(function () {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('gets diagnostics, applies the Promise.all code action, and the finding goes away', async function () {
    const resultFile = path.join(dir, 'result.json');
    const { code, output } = await runNeovim(path.join(dir, 'src', 'dashboard.ts'), {
      ...process.env,
      ASYNC_LINT_RESULT: resultFile,
      ASYNC_LINT_NODE: process.execPath,
      ASYNC_LINT_BIN: path.join(ROOT, 'bin', 'async-lint.mjs'),
      ASYNC_LINT_ROOT: dir,
    });
    assert.ok(existsSync(resultFile), `the Lua script wrote no result (nvim exit ${code}); nvim's output:\n${output}`);
    const result = JSON.parse(readFileSync(resultFile, 'utf8')) as NeovimResult;
    assert.equal(result.message, 'ok', `the Lua script failed after steps [${result.steps.join(', ')}]; published: ${JSON.stringify(result.published)}; nvim's output:\n${output}`);
    assert.equal(code, 0, `nvim exit code; output:\n${output}`);
    assert.deepEqual(result.steps, ['started', 'diagnostics', 'applied', 'cleared']);
    assert.ok(result.published.some((codes) => codes.includes('sequential-awaits')), 'a publish with sequential-awaits came first');
    assert.ok(result.titles?.some((t) => t.startsWith('Disable sequential-awaits')), `"disable for this line" is offered too: ${result.titles?.join(' | ')}`);
    assert.equal(result.text, FIXED, 'the buffer after the quick fix');
    assert.equal(readFileSync(path.join(dir, 'src', 'dashboard.ts'), 'utf8'), DASHBOARD, 'the edit went to the buffer, not the file');
  });
});
