/**
 * The server under load: bursts of changes end with diagnostics for the final version only,
 * requests for documents that close meanwhile answer cleanly, and a 5 MB bundle never blocks the
 * other documents.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { LineIndex } from '../../server/src/core/text.ts';
import { lintSnippet, sharedLinter } from '../helpers/lint.ts';
import { buildServer, TestClient, tempProject, uriOf } from './lspClient.ts';

const BLOCKING = (pad: number) => `${'\n'.repeat(pad)}import { readFileSync } from 'node:fs';
export async function f() {
  return readFileSync('x', 'utf8');
}
`;

const PY = `"""Typed one keystroke at a time, each followed by a typo."""
import asyncio
import time


async def fetch(n):
    await asyncio.sleep(0.01)
    return n


async def save(item):
    await asyncio.sleep(0.01)


async def main():
    time.sleep(1)
    a = await fetch(1)
    b = await fetch(2)
    for item in (a, b):
        print(item)
    return a + b
`;

function ourCodes(p: PublishDiagnosticsParams): string[] {
  return p.diagnostics.map((d) => String(d.code)).sort();
}

/** Versions published for `uri` from index `since` on, in the order they came. */
function versionsOf(client: TestClient, uri: string, since: number): (number | undefined)[] {
  return client.published.slice(since).filter((p) => p.uri === uri).map((p) => p.version);
}

function quiet(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function assertNoErrorsLogged(client: TestClient): void {
  const errors = client.logs.filter((l) => l.type === 1 || /error while|uncaught|unhandled/i.test(l.message));
  assert.deepEqual(errors.map((l) => l.message), []);
}

describe('language server under load', function () {
  this.timeout(180_000);
  let dir: string;
  let client: TestClient;

  before(async () => {
    buildServer();
    await sharedLinter().prepare();
    dir = tempProject();
    client = await TestClient.start(dir);
  });

  after(async () => {
    if (client) assert.equal(await client.stop(), 0, 'clean exit after shutdown/exit');
  });

  it('1,000 rapid full-text changes: only increasing versions are published, ending with the final one', async () => {
    const uri = uriOf(dir, 'burst.ts');
    await client.open(uri, BLOCKING(0), 'typescript', 1);
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const since = client.published.length;
    const FINAL = 1001;
    // Every version moves the finding to another line, so a stale publish would show.
    // Written as fast as the pipe takes them.
    const sends: Promise<void>[] = [];
    for (let v = 2; v <= FINAL; v++) sends.push(client.change(uri, v, BLOCKING(v % 37)));
    await Promise.all(sends);
    const last = await client.waitForDiagnostics(uri, (p) => p.version === FINAL, since, 60_000);
    await quiet(1_500);
    const versions = versionsOf(client, uri, since);
    assert.equal(versions.at(-1), FINAL, `the last publish is for the final version: ${versions.join(',')}`);
    for (let i = 1; i < versions.length; i++) assert.ok(versions[i]! > versions[i - 1]!, `publishes in increasing version order: ${versions.join(',')}`);
    // Coalesced: a burst that queued up is analysed a handful of times, not once per change
    // (a quiet-turn check of one event-loop turn once linted and published all 1,000 versions).
    assert.ok(versions.length <= 50, `${versions.length} publishes for 1,000 changes`);
    assert.deepEqual(ourCodes(last), ['blocking-call']);
    assert.equal(last.diagnostics[0]!.range.start.line, (FINAL % 37) + 2);
    assertNoErrorsLogged(client);
  });

  it('1,000 keystrokes into a Python file: the final publish is the engine\'s result for the final text', async () => {
    const uri = uriOf(dir, 'typed.py');
    await client.open(uri, '', 'python', 1);
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const since = client.published.length;
    let text = '';
    let version = 1;
    const insertAtEnd = async (piece: string) => {
      const at = new LineIndex(text).position(text.length);
      await client.changeRange(uri, ++version, { start: at, end: at }, piece);
      text += piece;
    };
    // Types PY one character at a time, most followed by a typo and its backspace: 1,000 changes in all.
    for (let i = 0; i < PY.length; i++) {
      await insertAtEnd(PY[i]!);
      if (version - 1 + 2 + (PY.length - i - 1) <= 1000) {
        await insertAtEnd('x');
        const typo = new LineIndex(text);
        await client.changeRange(uri, ++version, { start: typo.position(text.length - 1), end: typo.position(text.length) }, '');
        text = text.slice(0, -1);
      }
    }
    while (version < 1001) {
      // Retyping the last character over itself.
      const index = new LineIndex(text);
      await client.changeRange(uri, ++version, { start: index.position(text.length - 1), end: index.position(text.length) }, text.at(-1)!);
    }
    assert.equal(text, PY);
    assert.equal(version, 1001, 'a thousand changes after the open');
    const last = await client.waitForDiagnostics(uri, (p) => p.version === version, since, 60_000);
    await quiet(1_500);
    const versions = versionsOf(client, uri, since);
    assert.equal(versions.at(-1), version);
    for (let i = 1; i < versions.length; i++) assert.ok(versions[i]! > versions[i - 1]!, versions.join(','));
    const engine = lintSnippet(PY, { fileName: 'typed.py' });
    const index = new LineIndex(PY);
    assert.deepEqual(
      last.diagnostics.map((d) => [d.code, d.range.start, d.range.end]),
      engine.findings.map((f) => [f.ruleId, index.position(f.start), index.position(f.end)]),
    );
    assert.deepEqual(ourCodes(last), ['blocking-call', 'sequential-awaits']);
    assertNoErrorsLogged(client);
  });

  it('requests for a document closed right after a change answer with empty results, and nothing is published after its close', async () => {
    const uri = uriOf(dir, 'closing.ts');
    const range = { start: { line: 3, character: 2 }, end: { line: 3, character: 10 } };
    await client.open(uri, BLOCKING(1));
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const since = client.published.length;
    // A request sent while the document is open, answered after it closed...
    const racing = client.codeActions(uri, range, []);
    const racingHover = client.hover(uri, range.start);
    await client.change(uri, 2, BLOCKING(2));
    await client.close(uri);
    // ...and requests that arrive after the close.
    const [actions, hover, command, racedActions, racedHover] = await Promise.all([
      client.codeActions(uri, range, []),
      client.hover(uri, range.start),
      client.executeCommand('asyncLint.applyFixAll', [{ uri, version: 2 }]),
      racing,
      racingHover,
    ]);
    assert.deepEqual(actions, []);
    assert.equal(hover, null);
    assert.deepEqual(command, { applied: 0 });
    assert.ok(Array.isArray(racedActions), 'the racing request got an answer');
    assert.ok(racedHover === null || typeof racedHover === 'object');
    await quiet(1_000);
    const after = client.published.slice(since).filter((p) => p.uri === uri);
    assert.deepEqual(after.at(-1)?.diagnostics, [], 'the close clears the diagnostics and nothing stale follows');
    assert.ok(after.every((p) => p.version === undefined || p.version === 2 || p.diagnostics.length === 0), JSON.stringify(after));
    // Reopened with other text: diagnostics of the new text only.
    const reopened = client.published.length;
    await client.open(uri, 'export const clean = 1;\n', 'typescript', 1);
    const fresh = await client.waitForDiagnostics(uri, (p) => p.version === 1, reopened);
    assert.deepEqual(fresh.diagnostics, []);
    assertNoErrorsLogged(client);
  });

  it('a document closed and reopened 100 times in a burst ends with the diagnostics of its last text', async () => {
    const uri = uriOf(dir, 'flicker.ts');
    const since = client.published.length;
    // Each opening has its own text (the finding on its own line), so a stale result would show.
    for (let i = 0; i < 100; i++) {
      await client.open(uri, BLOCKING(2 * i), 'typescript', 1);
      await client.change(uri, 2, BLOCKING(2 * i + 1));
      if (i < 99) await client.close(uri);
    }
    const finalLine = 2 * 99 + 1 + 2;
    await client.waitForDiagnostics(uri, (p) => p.version === 2 && p.diagnostics[0]?.range.start.line === finalLine, since, 60_000);
    await quiet(1_000);
    const mine = client.published.slice(since).filter((p) => p.uri === uri);
    const final = mine.at(-1)!;
    assert.equal(final.version, 2);
    assert.equal(final.diagnostics.length, 1);
    assert.equal(final.diagnostics[0]!.range.start.line, finalLine);
    assertNoErrorsLogged(client);
  });
});

describe('language server with a 5 MB one-line bundle', function () {
  this.timeout(180_000);
  let dir: string;
  let client: TestClient;

  before(async () => {
    buildServer();
    dir = tempProject({
      'tsconfig.json': JSON.stringify({ compilerOptions: { allowJs: true, checkJs: false, strict: true, module: 'preserve', moduleResolution: 'bundler', noEmit: true }, include: ['src'] }),
    });
    mkdirSync(path.join(dir, 'src'));
    // On disk and inside the project, so the TypeScript program holds it too.
    writeFileSync(path.join(dir, 'src/bundle.js'), BUNDLE);
    client = await TestClient.start(dir);
  });

  after(async () => {
    if (client) assert.equal(await client.stop(), 0);
  });

  const BUNDLE = `var a=${JSON.stringify('x'.repeat(5_000_000))};function f(){return a}\n`;

  it('is skipped with a notice; the other documents keep getting diagnostics while it is open and edited', async () => {
    const small = uriOf(dir, 'src/a.ts');
    const bundle = uriOf(dir, 'src/bundle.js');
    await client.open(small, BLOCKING(0));
    await client.waitForDiagnostics(small, (p) => p.version === 1);
    const since = client.published.length;
    await client.open(bundle, BUNDLE, 'javascript', 1);
    // Changed right after, before the bundle's analysis could even start.
    await client.change(small, 2, BLOCKING(3));
    const smallPublished = await client.waitForDiagnostics(small, (p) => p.version === 2, since, 30_000);
    assert.deepEqual(ourCodes(smallPublished), ['blocking-call']);
    assert.equal(smallPublished.diagnostics[0]!.range.start.line, 5);
    const notice = await client.waitForDiagnostics(bundle, (p) => p.version === 1, since, 30_000);
    assert.equal(notice.diagnostics.length, 1);
    assert.equal(notice.diagnostics[0]!.severity, 3, 'an information, not an error');
    assert.match(notice.diagnostics[0]!.message as string, /did not analyse this file: skipped: 5 MB is larger than/);
    assert.ok(client.logs.some((l) => /bundle\.js: skipped/.test(l.message)), 'the notice is also logged');
    // Typing in the bundle: still a notice per version, and the small file still answers.
    const end = { line: 0, character: BUNDLE.length - 1 };
    for (let v = 2; v <= 6; v++) await client.changeRange(bundle, v, { start: end, end }, ';');
    await client.change(small, 3, BLOCKING(1));
    const again = await client.waitForDiagnostics(small, (p) => p.version === 3, since, 30_000);
    assert.equal(again.diagnostics[0]!.range.start.line, 3);
    const later = await client.waitForDiagnostics(bundle, (p) => p.version === 6, since, 30_000);
    assert.match(later.diagnostics[0]!.message as string, /skipped/);
    const actions = await client.codeActions(bundle, { start: { line: 0, character: 0 }, end: { line: 0, character: 10 } }, []);
    assert.deepEqual(actions, []);
    assert.equal(await client.hover(bundle, { line: 0, character: 5 }), null);
    assertNoErrorsLogged(client);
  });
});
