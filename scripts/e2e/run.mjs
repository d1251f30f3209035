// The editor tests: the extension's mocha suite (test/e2e/suite) in a real VS Code, against the
// packaged .vsix installed into it.
//
//   node scripts/e2e/run.mjs [--grep PATTERN] [--update-screenshots] [--keep] [--vsix FILE]
//     (npm run test:e2e builds dist/ first; --vsix tests that package instead of packaging dist/)
//
// The run goes through @vscode/test-electron's runTests. With VSCODE_EXECUTABLE set (a desktop VS Code,
// e.g. /usr/bin/code), that VS Code runs the suite: the .vsix is installed into a fresh extensions
// folder with its --install-extension first. Without it (these machines: VS Code cannot be downloaded),
// vscodeExecutablePath is scripts/e2e/code-server-launcher.mjs, which runs the same test run in
// code-server (installed from the npm registry into ~/.cache/async-lint-e2e on first use) and headless
// Chromium; see notes/real-editor-testing.md.
//
// --update-screenshots copies the screenshots the run took (the quick-fix menu) to docs/images/.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { runTests } from '@vscode/test-electron';
import { ensureCodeServer } from './code-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const E2E = path.join(ROOT, 'test', 'e2e');
const LAUNCHER = path.join(ROOT, 'scripts', 'e2e', 'code-server-launcher.mjs');
const SCREENSHOTS = ['quick-fix.png', 'hover.png'];

function log(message) {
  process.stderr.write(`[e2e] ${message}\n`);
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

async function bundleSuite(outDir, grep) {
  const entryPoints = [path.join(E2E, 'suite', 'index.ts'), ...readdirSync(path.join(E2E, 'suite')).filter((f) => f.endsWith('.test.ts')).map((f) => path.join(E2E, 'suite', f))];
  await build({
    entryPoints,
    outdir: outDir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  // mocha 12 is ESM-only and lives in this repository's node_modules: the suite imports it by URL.
  const mocha = pathToFileURL(path.join(ROOT, 'node_modules', 'mocha', JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'mocha', 'package.json'), 'utf8')).main ?? 'index.js')).href;
  writeFileSync(path.join(outDir, 'suite.json'), JSON.stringify({ mocha, ...(grep ? { grep } : {}) }, null, 2) + '\n');
  return path.join(outDir, 'index.cjs');
}

function packageVsix(out) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'package-vsix.mjs'), '--out', out], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`packaging the .vsix failed:\n${r.stdout}${r.stderr}`);
  process.stderr.write(r.stdout.split('\n').filter((l) => /checked|WARNING/.test(l)).map((l) => `[e2e] ${l}\n`).join(''));
}

function isPng(file) {
  return existsSync(file) && statSync(file).size > 10_000 && readFileSync(file).subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
}

async function main() {
  const { values } = parseArgs({ options: { grep: { type: 'string' }, 'update-screenshots': { type: 'boolean' }, keep: { type: 'boolean' }, vsix: { type: 'string' } } });
  for (const built of ['dist/client.cjs', 'dist/server.mjs']) {
    if (!existsSync(path.join(ROOT, built))) throw new Error(`${built} is missing: run npm run build first (npm run test:e2e does)`);
  }
  const started = Date.now();
  // Outside the repository, and in no folder named test/e2e/spec: async-lint skips test files.
  const work = mkdtempSync(path.join(os.tmpdir(), 'async-lint-editor-'));
  let ok = false;
  try {
    let t = Date.now();
    const vsix = path.join(work, 'async-lint.vsix');
    if (values.vsix) {
      copyFileSync(path.resolve(values.vsix), vsix);
    } else {
      packageVsix(vsix);
      log(`packaged in ${seconds(t)}`);
    }
    const testsPath = await bundleSuite(path.join(work, 'suite'), values.grep);
    cpSync(path.join(E2E, 'workspace'), path.join(work, 'workspace'), { recursive: true });
    const workspaceFile = path.join(work, 'workspace', 'async-lint.code-workspace');
    const userDataDir = path.join(work, 'user-data');
    const extensionsDir = path.join(work, 'extensions');
    const screenshotDir = path.join(work, 'screenshots');
    mkdirSync(extensionsDir, { recursive: true });

    let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE;
    const env = { ASYNC_LINT_E2E_VSIX: vsix, ASYNC_LINT_E2E_SCREENSHOT_DIR: screenshotDir };
    if (vscodeExecutablePath) {
      log(`desktop VS Code: ${vscodeExecutablePath}`);
      const r = spawnSync(vscodeExecutablePath, ['--install-extension', vsix, '--force', `--extensions-dir=${extensionsDir}`, `--user-data-dir=${userDataDir}`], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${vscodeExecutablePath} --install-extension failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
    } else {
      t = Date.now();
      ensureCodeServer(); // installs on first use; a separate step so its time shows
      log(`code-server ready in ${seconds(t)}`);
      chmodSync(LAUNCHER, 0o755);
      vscodeExecutablePath = LAUNCHER;
    }
    t = Date.now();
    let code;
    try {
      code = await runTests({
        vscodeExecutablePath,
        // A development extension that contributes nothing hosts the suite; the extension under
        // test is the installed .vsix.
        extensionDevelopmentPath: path.join(E2E, 'harness'),
        extensionTestsPath: testsPath,
        launchArgs: [workspaceFile, `--extensions-dir=${extensionsDir}`, `--user-data-dir=${userDataDir}`, '--skip-welcome', '--disable-telemetry'],
        extensionTestsEnv: env,
      });
    } catch (error) {
      code = typeof error?.code === 'number' ? error.code : 1;
    }
    log(`editor tests ran in ${seconds(t)}: exit code ${code}`);
    if (code !== 0) return code;
    if (!process.env.VSCODE_EXECUTABLE && !values.grep) {
      for (const name of SCREENSHOTS) {
        const file = path.join(screenshotDir, name);
        if (!isPng(file)) throw new Error(`the run passed but did not produce the screenshot ${file}`);
        if (values['update-screenshots']) {
          mkdirSync(path.join(ROOT, 'docs', 'images'), { recursive: true });
          copyFileSync(file, path.join(ROOT, 'docs', 'images', name));
          log(`updated docs/images/${name}`);
        }
      }
    }
    ok = true;
    log(`done in ${seconds(started)}`);
    return 0;
  } finally {
    if (ok && !values.keep) rmSync(work, { recursive: true, force: true });
    else log(`kept ${work} (the workspace, the suite, code-server's user data and logs)`);
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
