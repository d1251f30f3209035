#!/usr/bin/env node
// Stands in for a VS Code executable when @vscode/test-electron's runTests has no desktop VS Code to
// start (see notes/real-editor-testing.md). It takes the arguments runTests passes a VS Code
//   [FOLDER_OR_WORKSPACE] --extensionTestsPath=… --extensionDevelopmentPath=… --extensions-dir=… --user-data-dir=…
// and runs the same test run in code-server, VS Code's server build with a real Node extension host:
//   1. installs the packaged .vsix (ASYNC_LINT_E2E_VSIX) into the extensions folder (--install-extension);
//   2. starts code-server on a free local port;
//   3. opens the workbench in headless Chromium (Debian's, driven by playwright-core) with the payload
//      VS Code's own browser integration tests use (extensionDevelopmentPath + extensionTestsPath);
//   4. relays the workbench's log (codeAutomationLog) and exits with the code the test run reports
//      (codeAutomationExit).
// While the suite runs, a log line `[async-lint-e2e] screenshot NAME WAIT_SELECTOR DONE_FILE` makes
// it wait for WAIT_SELECTOR in the page, save a screenshot to $ASYNC_LINT_E2E_SCREENSHOT_DIR/NAME.png,
// and then create DONE_FILE, which the suite watches for.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { ensureCodeServer } from './code-server.mjs';

const STARTUP_TIMEOUT_MS = 120_000;
const RUN_TIMEOUT_MS = Number(process.env.ASYNC_LINT_E2E_TIMEOUT_MS ?? 20 * 60_000);
const SCREENSHOT_MARKER = '[async-lint-e2e] screenshot ';
/** The workbench's own chatter in the log (the rest is the extension host's console: mocha's report). */
const WORKBENCH_NOISE = new RegExp([
  '^Creation of workbench contribution', '^Creating a socket', '^Resolv(ing|ed) connection token', '^\\[Service Worker\\]',
  '^Updating additional builtin extensions cache', '^ChatSessionStore', 'ENOTFOUND open-vsx\\.org', // no extension gallery here
].join('|'));

function log(message) {
  process.stderr.write(`[launcher] ${message}\n`);
}

function parseArguments(argv) {
  const options = {};
  const positionals = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    if (!m) positionals.push(arg);
    else if (m[2] !== undefined) options[m[1]] = m[2];
    else if (['extensions-dir', 'user-data-dir', 'extensionTestsPath', 'extensionDevelopmentPath'].includes(m[1])) options[m[1]] = argv[++i];
    else options[m[1]] = true; // desktop-only switches (--no-sandbox, --skip-welcome, ...) mean nothing here
  }
  for (const required of ['extensionTestsPath', 'extensionDevelopmentPath', 'extensions-dir', 'user-data-dir']) {
    if (typeof options[required] !== 'string') throw new Error(`--${required} is required`);
  }
  if (positionals.length !== 1) throw new Error(`expected one folder or .code-workspace to open, got ${JSON.stringify(positionals)}`);
  return { options, target: path.resolve(positionals[0]) };
}

/** code-server's own config file (or it writes one under $HOME), user data and extensions: the folders runTests names. */
function codeServerArgs(dirs) {
  return ['--config', dirs.config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
}

function installVsix(entry, dirs, vsix) {
  log(`installing ${vsix}`);
  const r = spawnSync(process.execPath, [entry, ...codeServerArgs(dirs), '--install-extension', vsix, '--force'], { encoding: 'utf8' });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 || !/successfully installed/i.test(output)) throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.status}):\n${output}`);
  const installed = readdirSync(dirs.extensions).filter((d) => d.startsWith('async-lint.async-lint-'));
  if (installed.length !== 1) throw new Error(`expected one installed async-lint extension in ${dirs.extensions}, found ${JSON.stringify(installed)}`);
  log(`installed as ${installed[0]}`);
}

/** Starts code-server on a free port; resolves with its URL once it listens. */
function startCodeServer(entry, dirs, target) {
  const child = spawn(process.execPath, [
    entry, ...codeServerArgs(dirs),
    '--auth', 'none', '--bind-addr', '127.0.0.1:0', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', target,
  ], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: stopped as a whole
    // Inherited by the extension host: tells the suite that log markers get screenshots.
    env: { ...process.env, ASYNC_LINT_E2E_SCREENSHOT_CHANNEL: '1' },
  });
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not listen within ${STARTUP_TIMEOUT_MS / 1000} s`)), STARTUP_TIMEOUT_MS);
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        if (process.env.ASYNC_LINT_E2E_VERBOSE) process.stderr.write(`[code-server] ${line}\n`);
        const m = /HTTP server listening on (http:\/\/\S+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(m[1].endsWith('/') ? m[1] : `${m[1]}/`);
        }
      });
    }
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${code ?? signal}) before listening`));
    });
  });
  return { child, url };
}

function stopProcessGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

function workbenchUrl(base, target, options) {
  const remote = (file) => `vscode-remote://${new URL(base).host}${file}`;
  const payload = [
    ['extensionDevelopmentPath', remote(path.resolve(options.extensionDevelopmentPath))],
    ['extensionTestsPath', remote(path.resolve(options.extensionTestsPath))],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  const where = target.endsWith('.code-workspace') ? `workspace=${encodeURIComponent(target)}` : `folder=${encodeURIComponent(target)}`;
  return `${base}?${where}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

function formatLogArgs(args) {
  if (Array.isArray(args)) return format(...args);
  return typeof args === 'string' ? args : JSON.stringify(args);
}

async function main() {
  const { options, target } = parseArguments(process.argv.slice(2));
  const vsix = process.env.ASYNC_LINT_E2E_VSIX;
  if (!vsix || !existsSync(vsix)) throw new Error(`ASYNC_LINT_E2E_VSIX must name the packaged .vsix (got ${vsix})`);
  const entry = ensureCodeServer();
  const dirs = {
    userData: path.resolve(options['user-data-dir']),
    extensions: path.resolve(options['extensions-dir']),
    config: path.join(path.resolve(options['user-data-dir']), 'code-server.yaml'),
  };
  for (const dir of [dirs.userData, dirs.extensions]) mkdirSync(dir, { recursive: true });
  writeFileSync(dirs.config, 'auth: none\ncert: false\n');
  installVsix(entry, dirs, vsix);

  const server = startCodeServer(entry, dirs, target);
  let browser;
  let exitCode = 1;
  try {
    const url = await server.url;
    log(`code-server at ${url}`);
    const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    if (!existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 }, deviceScaleFactor: 1 });
    const screenshots = process.env.ASYNC_LINT_E2E_SCREENSHOT_DIR;
    let screenshotChain = Promise.resolve();
    let settle;
    const exit = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the test run did not finish within ${RUN_TIMEOUT_MS / 60_000} min`)), RUN_TIMEOUT_MS);
      settle = { resolve: (code) => (clearTimeout(timer), resolve(code)), reject: (error) => (clearTimeout(timer), reject(error)) };
    });
    exit.catch(() => undefined); // awaited below; this keeps an early failure from counting as unhandled
    page.on('crash', () => settle.reject(new Error('the workbench page crashed')));
    server.child.on('exit', (code, signal) => settle.reject(new Error(`code-server exited (${code ?? signal}) during the test run`)));
    await page.exposeFunction('codeAutomationExit', (code) => settle.resolve(Number(code)));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = formatLogArgs(args);
      const at = text.indexOf(SCREENSHOT_MARKER);
      if (at >= 0) {
        const [name, selector, done] = text.slice(at + SCREENSHOT_MARKER.length).trim().split(/\s+/);
        screenshotChain = screenshotChain.then(() => takeScreenshot(page, screenshots, name, selector, done));
        return;
      }
      if (process.env.ASYNC_LINT_E2E_VERBOSE || !WORKBENCH_NOISE.test(text)) process.stdout.write(`${text}\n`);
    });
    await page.goto(workbenchUrl(url, target, options));
    exitCode = await exit;
    await screenshotChain;
    log(`test run finished with exit code ${exitCode}`);
  } finally {
    await browser?.close().catch(() => undefined);
    stopProcessGroup(server.child);
  }
  return exitCode;
}

async function takeScreenshot(page, dir, name, selector, done) {
  try {
    if (!dir) throw new Error('ASYNC_LINT_E2E_SCREENSHOT_DIR is not set');
    const target = page.locator(decodeURIComponent(selector)).first();
    await target.waitFor({ state: 'visible', timeout: 30_000 });
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name}.png`);
    // The editor area, down to a little below what the suite asked to show.
    const editor = await page.locator('.part.editor').first().boundingBox();
    const shown = await target.boundingBox();
    const clip = editor && shown
      ? {
          x: editor.x,
          y: editor.y,
          width: Math.min(editor.width, shown.x + shown.width + 160 - editor.x),
          height: Math.min(editor.height, shown.y + shown.height + 32 - editor.y),
        }
      : undefined;
    await page.screenshot({ path: file, ...(clip ? { clip } : {}) });
    log(`screenshot ${file}`);
    writeFileSync(done, 'ok\n');
  } catch (error) {
    log(`screenshot ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    writeFileSync(done, `error: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
