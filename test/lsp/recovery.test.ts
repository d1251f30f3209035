/**
 * The server recovers from what goes wrong inside it: its TypeScript backend (tsgo) dying is
 * detected and it is restarted with the open documents' unsaved text; uncaught exceptions,
 * unhandled rejections and a failing rule are logged with context and the server keeps serving.
 *
 * Faults are injected from outside the product code: tsgo is killed through /proc, and a module
 * preloaded into the server process (`node --import`) throws on a signal and breaks a syntax-tree
 * accessor that one rule uses.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { buildServer, commandLineOf, descendantPids, ROOT, SERVER, TestClient, tempProject, uriOf } from './lspClient.ts';

function codes(p: PublishDiagnosticsParams): string[] {
  return p.diagnostics.map((d) => String(d.code)).sort();
}

/** The tsgo processes the server started (`tsc --api`). */
function tsgoOf(client: TestClient): number[] {
  return descendantPids(client.child.pid!).filter((pid) => /\btsc\b.*--api|tsgo/.test(commandLineOf(pid)));
}

function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

async function waitUntil(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const LIB_ON_DISK = 'export function work(): number { return 1; }\n';
const LIB_UNSAVED = 'export async function work(): Promise<number> { return 1; }\n';
const MAIN = (pad: number) => `${'\n'.repeat(pad)}import { work } from './lib.ts';\nexport async function main() {\n  work();\n}\n`;

describe('language server recovery: the TypeScript backend dies', function () {
  this.timeout(180_000);
  let dir: string;
  let client: TestClient;

  before(async () => {
    buildServer();
    dir = tempProject({ 'lib.ts': LIB_ON_DISK, 'main.ts': MAIN(0) });
    client = await TestClient.start(dir);
  });

  after(async () => {
    if (client) assert.equal(await client.stop(), 0);
  });

  it('is restarted on the next analysis, with the open documents\' unsaved text, as often as it dies', async () => {
    const lib = uriOf(dir, 'lib.ts');
    const main = uriOf(dir, 'main.ts');
    // The finding in main exists only through lib's unsaved buffer (on disk work() is synchronous).
    await client.open(lib, LIB_UNSAVED);
    await client.open(main, MAIN(0));
    assert.deepEqual(codes(await client.waitForDiagnostics(main, (p) => p.version === 1)), ['floating-promise']);
    let version = 1;
    for (let round = 1; round <= 3; round++) {
      const [tsgo, ...others] = tsgoOf(client);
      assert.ok(tsgo, 'the server runs tsgo');
      assert.deepEqual(others, [], 'one tsgo process');
      process.kill(tsgo, 'SIGKILL');
      await waitUntil('tsgo is gone', () => gone(tsgo));
      const since = client.published.length;
      await client.change(main, ++version, MAIN(round));
      const after = await client.waitForDiagnostics(main, (p) => p.version === version, since);
      assert.deepEqual(codes(after), ['floating-promise'], `round ${round}: analysed with lib's unsaved text after the restart`);
      assert.equal(after.diagnostics[0]!.range.start.line, round + 2);
      const [restarted] = tsgoOf(client);
      assert.ok(restarted && restarted !== tsgo, `round ${round}: a new tsgo process`);
      assert.ok(client.alive);
    }
    const notices = client.logs.filter((l) => /TypeScript backend failed .*restarting it/.test(l.message));
    assert.equal(notices.length, 3, client.logs.map((l) => l.message).join('\n'));
    // Editing the unsaved dependency still reaches main through the new process.
    const since = client.published.length;
    await client.change(lib, 2, LIB_ON_DISK);
    assert.deepEqual(codes(await client.waitForDiagnostics(main, () => true, since)), []);
  });

  it('requests answered from the last analysis do not need the backend', async () => {
    const main = uriOf(dir, 'main.ts');
    for (const pid of tsgoOf(client)) process.kill(pid, 'SIGKILL');
    const range = { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } };
    assert.ok(Array.isArray(await client.codeActions(main, range, [])));
    const hover = await client.hover(main, { line: 3, character: 2 });
    assert.ok(hover === null || typeof hover === 'object');
    assert.ok(client.alive);
    assert.deepEqual(client.logs.filter((l) => l.type === 1).map((l) => l.message), [], 'no errors logged');
  });
});

/** A module preloaded into the server: faults on demand, from outside the product code. */
function faultInjector(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'async-lint-faults-'));
  const file = path.join(dir, 'faults.mjs');
  writeFileSync(
    file,
    `// SIGUSR2: an exception nobody catches and a rejection nobody handles, from timers as a bug would.
process.on('SIGUSR2', () => {
  setTimeout(() => { throw new Error('injected uncaught exception'); }, 0);
  setTimeout(() => { Promise.reject(new Error('injected unhandled rejection')); }, 0);
});
// A regular expression only the swallowed-cancellation rule tests with fails: that rule throws.
const test = RegExp.prototype.test;
RegExp.prototype.test = function (text) {
  if (this.source === '\\\\.uncancel$') throw new Error('injected rule failure');
  return test.call(this, text);
};
`,
  );
  return file;
}

describe('language server recovery: errors inside the server', function () {
  this.timeout(120_000);
  let dir: string;
  let client: TestClient;

  before(async () => {
    buildServer();
    dir = tempProject();
    client = await TestClient.start(dir, { args: ['--import', pathToFileURL(faultInjector()).href, SERVER, '--stdio'] });
  });

  after(async () => {
    if (client) assert.equal(await client.stop(), 0, 'still exits cleanly');
  });

  it('an uncaught exception and an unhandled rejection are logged with their stack, and the server keeps serving', async () => {
    const uri = uriOf(dir, 'a.ts');
    const code = "import { readFileSync } from 'node:fs';\nexport async function f() {\n  return readFileSync('x', 'utf8');\n}\n";
    await client.open(uri, code);
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    process.kill(client.child.pid!, 'SIGUSR2');
    const uncaught = await client.waitFor(() => client.logs.find((l) => /uncaught exception: Error: injected uncaught exception/.test(l.message)), 10_000, 'the uncaught exception log');
    const rejection = await client.waitFor(() => client.logs.find((l) => /unhandled promise rejection: Error: injected unhandled rejection/.test(l.message)), 10_000, 'the rejection log');
    for (const log of [uncaught, rejection]) {
      assert.equal(log.type, 1, 'logged as an error');
      assert.match(log.message, /\n\s+at .*faults\.mjs/, 'with the stack that says where');
    }
    const since = client.published.length;
    await client.change(uri, 2, '\n' + code);
    const after = await client.waitForDiagnostics(uri, (p) => p.version === 2, since);
    assert.deepEqual(codes(after), ['blocking-call']);
    assert.ok(client.alive);
  });

  it('a rule that throws is logged once with the file, and the other rules still report', async () => {
    const uri = uriOf(dir, 'b.py');
    const code = 'import asyncio\nimport time\n\n\nasync def worker():\n    time.sleep(1)\n    try:\n        await asyncio.sleep(1)\n    except asyncio.CancelledError:\n        print("cancelled")\n';
    await client.open(uri, code, 'python');
    const first = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.deepEqual(codes(first), ['blocking-call'], 'swallowed-cancellation fails; blocking-call still reports');
    const failures = () => client.logs.filter((l) => /rule swallowed-cancellation failed on .*b\.py: Error: injected rule failure/.test(l.message));
    await client.waitFor(() => (failures().length > 0 ? true : undefined), 10_000, 'the rule failure log');
    assert.match(failures()[0]!.message, /\n\s+at /, 'with its stack');
    const since = client.published.length;
    await client.change(uri, 2, code + '\n');
    assert.deepEqual(codes(await client.waitForDiagnostics(uri, (p) => p.version === 2, since)), ['blocking-call']);
    assert.equal(failures().length, 1, 'the same failure is logged once, not on every keystroke');
    assert.ok(client.alive);
  });
});
