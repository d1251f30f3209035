/**
 * The language server over stdio, driven as an editor drives it. Expected fix results come from
 * the engine itself (test/helpers/lint.ts), so these tests check the protocol layer: ranges,
 * versions, edit shapes, and what is published when.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Command, Diagnostic, MarkupContent, PublishDiagnosticsParams, TextEdit } from 'vscode-languageserver-protocol/node';
import { applyEdits, chooseNonOverlappingFixes } from '../../server/src/core/fixes.ts';
import { allRuleMetas, ruleDocsUrl } from '../../server/src/rules/index.ts';
import { lintSnippet } from '../helpers/lint.ts';
import { applyTextEdits, buildServer, editsFor, FULL_CAPABILITIES, ROOT, TestClient, tempProject, uriOf } from './lspClient.ts';

const BLOCKING = `import { readFileSync } from 'node:fs';
export async function f() {
  return readFileSync('x', 'utf8');
}
`;

const SEQUENTIAL = `export async function load(f: (n: number) => Promise<number>, g: (n: number) => Promise<number>) {
  const a = await f(1);
  const b = await g(2);
  return a + b;
}
`;

const BOTH = `import { readFileSync } from 'node:fs';
export async function load(f: (n: number) => Promise<number>, g: (n: number) => Promise<number>) {
  const a = await f(1);
  const b = await g(2);
  return readFileSync('x', 'utf8') + a + b;
}
`;

function codes(p: PublishDiagnosticsParams): string[] {
  return p.diagnostics.map((d) => String(d.code));
}

function only(p: PublishDiagnosticsParams, ruleId: string): Diagnostic {
  const found = p.diagnostics.filter((d) => d.code === ruleId);
  assert.equal(found.length, 1, `one ${ruleId} diagnostic in ${JSON.stringify(p.diagnostics)}`);
  return found[0]!;
}

function actionsOf(result: (Command | CodeAction)[] | null): CodeAction[] {
  assert.ok(result, 'code actions');
  return result.filter((a): a is CodeAction => typeof (a as CodeAction).kind === 'string' || (a as CodeAction).edit !== undefined);
}

/** The text the engine's own fix `index` of the `ruleId` finding produces (what the quick fix must produce). */
function engineFix(code: string, ruleId: string, index = 0): { text: string; title: string; applicability: string } {
  const findings = lintSnippet(code, { fileName: 'engine.ts' }).findings.filter((f) => f.ruleId === ruleId);
  assert.equal(findings.length, 1, `the engine reports one ${ruleId}`);
  const fix = findings[0]!.fixes[index];
  assert.ok(fix, `${ruleId} has fix #${index}`);
  return { text: applyEdits(code, fix.edits), title: fix.title, applicability: fix.applicability };
}

function textAt(code: string, d: Diagnostic): string {
  const lines = code.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return code.slice(offset(d.range.start), offset(d.range.end));
}

describe('language server (stdio)', function () {
  let dir: string;
  let client: TestClient;
  let fileCounter = 0;
  const freshUri = (ext = 'ts') => uriOf(dir, `file${++fileCounter}.${ext}`);

  before(async function () {
    buildServer();
    dir = tempProject();
    client = await TestClient.start(dir);
  });

  after(async () => {
    if (client) assert.equal(await client.stop(), 0, 'clean exit after shutdown/exit');
  });

  it('answers initialize with its capabilities and registers its watchers and configuration', async () => {
    const caps = client.initializeResult.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
    assert.deepEqual(caps.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.asyncLint'] });
    assert.equal(caps.hoverProvider, true);
    assert.deepEqual(caps.executeCommandProvider, { commands: ['asyncLint.applyFixAll', 'asyncLint.server.lintWorkspace'] });
    await client.waitFor(() => (client.registrations.length >= 2 ? true : undefined), 10_000, 'registrations');
    const methods = client.registrations.map((r) => r.method).sort();
    assert.deepEqual(methods, ['workspace/didChangeConfiguration', 'workspace/didChangeWatchedFiles']);
    const watched = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles')!;
    assert.deepEqual(
      (watched.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern),
      ['**/*.{ts,tsx,js,jsx,mjs,cjs,mts,cts}', '**/{tsconfig,jsconfig}*.json', '**/async-lint.json', '**/pyproject.toml'],
    );
  });

  it('publishes diagnostics on open with code, source, docs link, version and a UTF-16 range', async () => {
    const uri = freshUri();
    // A non-BMP character before the call: its range must count it as two UTF-16 units.
    const code = BLOCKING.replace("return readFileSync", "const s = '😀'; return readFileSync");
    await client.open(uri, code, 'typescript', 7);
    const published = await client.waitForDiagnostics(uri, () => true);
    assert.equal(published.version, 7);
    const d = only(published, 'blocking-call');
    assert.equal(d.source, 'async-lint');
    assert.equal(d.severity, 2);
    assert.deepEqual(d.codeDescription, { href: ruleDocsUrl('blocking-call') });
    assert.equal(d.range.start.line, 2);
    assert.match(textAt(code, d), /^readFileSync/);
    assert.equal(d.range.start.character, code.split('\n')[2]!.indexOf('readFileSync'));
  });

  it('offers a quick fix with a versioned edit; after applying it the diagnostic is gone', async () => {
    const uri = freshUri();
    await client.open(uri, BLOCKING);
    const d = only(await client.waitForDiagnostics(uri, (p) => p.version === 1), 'blocking-call');
    const actions = actionsOf(await client.codeActions(uri, d.range, [d]));
    const expected = engineFix(BLOCKING, 'blocking-call');
    const fix = actions.find((a) => a.title.startsWith(expected.title));
    assert.ok(fix, `a quick fix titled ${expected.title} in ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.title, expected.applicability === 'safe' ? expected.title : `${expected.title} (unsafe)`);
    assert.equal(fix.isPreferred, expected.applicability === 'safe' ? true : undefined);
    assert.deepEqual(fix.diagnostics?.map((x) => x.code), ['blocking-call']);
    const { version, edits } = editsFor(fix.edit, uri);
    assert.equal(version, 1);
    const fixed = applyTextEdits(BLOCKING, edits);
    assert.equal(fixed, expected.text);

    const before = client.published.length;
    await client.change(uri, 2, fixed);
    const after = await client.waitForDiagnostics(uri, (p) => p.version === 2, before);
    assert.deepEqual(codes(after), []);
  });

  it('offers Promise.all for sequential awaits, marked unsafe when the engine says so', async () => {
    const uri = freshUri();
    await client.open(uri, SEQUENTIAL);
    const d = only(await client.waitForDiagnostics(uri, (p) => p.version === 1), 'sequential-awaits');
    assert.equal(d.range.start.line, 1);
    const expected = engineFix(SEQUENTIAL, 'sequential-awaits');
    assert.match(expected.text, /Promise\.all/);
    const actions = actionsOf(await client.codeActions(uri, d.range, [d]));
    const fix = actions.find((a) => a.title.startsWith(expected.title))!;
    assert.equal(fix.title, expected.applicability === 'safe' ? expected.title : `${expected.title} (unsafe)`);
    assert.equal(applyTextEdits(SEQUENTIAL, editsFor(fix.edit, uri).edits), expected.text);
  });

  it('uses `changes` instead of versioned `documentChanges` for clients without them', async () => {
    const plain = await TestClient.start(dir, {
      capabilities: { ...FULL_CAPABILITIES, workspace: { ...FULL_CAPABILITIES.workspace, workspaceEdit: { documentChanges: false } } },
    });
    try {
      const uri = freshUri();
      await plain.open(uri, BLOCKING);
      const d = only(await plain.waitForDiagnostics(uri, () => true), 'blocking-call');
      const [fix] = actionsOf(await plain.codeActions(uri, d.range, [d]));
      assert.equal(fix!.edit?.documentChanges, undefined);
      assert.equal(applyTextEdits(BLOCKING, fix!.edit!.changes![uri]!), engineFix(BLOCKING, 'blocking-call').text);
    } finally {
      await plain.stop();
    }
  });

  it('fix-all (source action and command) never applies an unsafe fix', async () => {
    const uri = freshUri();
    await client.open(uri, BOTH);
    const published = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.deepEqual(codes(published).sort(), ['blocking-call', 'sequential-awaits']);
    const engine = lintSnippet(BOTH, { fileName: 'engine.ts' });
    const safe = chooseNonOverlappingFixes(engine.findings, false);
    const expected = applyEdits(BOTH, safe.flatMap((f) => f.edits));
    // The Promise.all rewrite changes timing and error behaviour: never part of fix-all.
    assert.ok(expected.includes('const a = await f(1);\n  const b = await g(2);'));

    const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const actions = actionsOf(await client.codeActions(uri, zero, [], ['source.fixAll']));
    const editsBefore = client.appliedEdits.length;
    const result = await client.executeCommand('asyncLint.applyFixAll', [{ uri, version: 1 }]);
    assert.deepEqual(result, { applied: safe.length });
    if (safe.length === 0) {
      // Today every TypeScript fix is unsafe (they all change timing): nothing to offer or apply.
      assert.deepEqual(actions, []);
      assert.equal(client.appliedEdits.length, editsBefore);
    } else {
      assert.deepEqual(actions.map((a) => [a.kind, a.title]), [['source.fixAll.asyncLint', 'Fix all safe async-lint problems']]);
      assert.equal(applyTextEdits(BOTH, editsFor(actions[0]!.edit, uri).edits), expected);
      assert.equal(applyTextEdits(BOTH, editsFor(client.appliedEdits.at(-1)!.edit, uri).edits), expected);
    }
    // Source actions are not mixed into the light bulb's list.
    const lightBulb = actionsOf(await client.codeActions(uri, zero, []));
    assert.ok(lightBulb.every((a) => a.kind === 'quickfix'));
  });

  it('offers the asyncio.gather quick fix for a Python file', async () => {
    const uri = freshUri('py');
    const code =
      'import asyncio\n\n\nasync def fetch(n):\n    await asyncio.sleep(0.1)\n    return n\n\n\n' +
      'async def main():\n    a = await fetch(1)\n    b = await fetch(2)\n    return a, b\n';
    await client.open(uri, code, 'python');
    const d = only(await client.waitForDiagnostics(uri, (p) => p.version === 1), 'sequential-awaits');
    const fix = actionsOf(await client.codeActions(uri, d.range, [d])).find((a) => /gather/.test(a.title));
    assert.ok(fix, 'a gather quick fix is offered');
    assert.match(fix.title, /\(unsafe\)$/);
    assert.equal(
      applyTextEdits(code, editsFor(fix.edit, uri).edits),
      code.replace('    a = await fetch(1)\n    b = await fetch(2)\n', '    a, b = await asyncio.gather(fetch(1), fetch(2))\n'),
    );
  });

  it('fix-all applies safe fixes (Python: get_event_loop → get_running_loop), and "disable" uses #', async () => {
    const uri = freshUri('py');
    const code = 'import asyncio\n\n\nasync def main():\n    loop = asyncio.get_event_loop()\n    return loop\n';
    await client.open(uri, code, 'python');
    const d = only(await client.waitForDiagnostics(uri, (p) => p.version === 1), 'event-loop-misuse');
    const [fixAll] = actionsOf(await client.codeActions(uri, d.range, [], ['source.fixAll.asyncLint']));
    assert.equal(fixAll?.kind, 'source.fixAll.asyncLint');
    assert.equal(editsFor(fixAll.edit, uri).version, 1);
    assert.equal(applyTextEdits(code, editsFor(fixAll.edit, uri).edits), code.replace('get_event_loop', 'get_running_loop'));
    const result = await client.executeCommand('asyncLint.applyFixAll', [{ uri, version: 1 }]);
    assert.deepEqual(result, { applied: 1 });
    assert.equal(applyTextEdits(code, editsFor(client.appliedEdits.at(-1)!.edit, uri).edits), code.replace('get_event_loop', 'get_running_loop'));
    const disable = actionsOf(await client.codeActions(uri, d.range, [d])).find((a) => a.title === 'Disable event-loop-misuse for this line')!;
    assert.equal(
      applyTextEdits(code, editsFor(disable.edit, uri).edits),
      'import asyncio\n\n\nasync def main():\n    # async-lint-disable-next-line event-loop-misuse\n    loop = asyncio.get_event_loop()\n    return loop\n',
    );
  });

  it('"Disable <rule> for this line" inserts an indented directive; the diagnostic then goes', async () => {
    const uri = freshUri();
    await client.open(uri, BLOCKING);
    const d = only(await client.waitForDiagnostics(uri, (p) => p.version === 1), 'blocking-call');
    const disable = actionsOf(await client.codeActions(uri, d.range, [d])).find((a) => a.title === 'Disable blocking-call for this line');
    assert.ok(disable);
    const disabled = applyTextEdits(BLOCKING, editsFor(disable.edit, uri).edits);
    assert.equal(
      disabled,
      `import { readFileSync } from 'node:fs';
export async function f() {
  // async-lint-disable-next-line blocking-call
  return readFileSync('x', 'utf8');
}
`,
    );
    const before = client.published.length;
    await client.change(uri, 2, disabled);
    assert.deepEqual(codes(await client.waitForDiagnostics(uri, (p) => p.version === 2, before)), []);
  });

  it('"Disable" joins an existing next-line directive instead of breaking it', async () => {
    const uri = freshUri();
    const code = BOTH.replace('  return readFileSync', '  // async-lint-disable-next-line floating-promise -- reason\n  return readFileSync');
    await client.open(uri, code);
    const d = only(await client.waitForDiagnostics(uri, (p) => p.version === 1), 'blocking-call');
    const disable = actionsOf(await client.codeActions(uri, d.range, [d])).find((a) => a.title === 'Disable blocking-call for this line')!;
    const disabled = applyTextEdits(code, editsFor(disable.edit, uri).edits);
    assert.equal(disabled, BOTH.replace('  return readFileSync', '  // async-lint-disable-next-line floating-promise, blocking-call -- reason\n  return readFileSync'));
    const before = client.published.length;
    await client.change(uri, 2, disabled);
    // blocking-call is silenced; floating-promise never fired on that line, so its id is reported unused.
    assert.deepEqual(codes(await client.waitForDiagnostics(uri, (p) => p.version === 2, before)).sort(), ['sequential-awaits', 'unused-directive']);
  });

  it("hovers a finding with its message, why, the user's own before and after and calls, fix safety and docs link", async () => {
    const uri = freshUri();
    const code = [
      'declare function getUser(id: number): Promise<string>;',
      'declare const api: { getOrders(id: number): Promise<number[]> };',
      'export async function load(id: number) {',
      '  const user = await getUser(id);',
      '  const orders = await api.getOrders(id);',
      '  return { user, orders };',
      '}',
      '',
    ].join('\n');
    await client.open(uri, code);
    const d = only(await client.waitForDiagnostics(uri, (p) => p.version === 1), 'sequential-awaits');
    const hover = await client.hover(uri, { line: d.range.start.line, character: d.range.start.character + 3 });
    assert.ok(hover);
    const contents = hover.contents as MarkupContent;
    assert.equal(contents.kind, 'markdown');
    const meta = allRuleMetas().find((m) => m.id === 'sequential-awaits')!;
    assert.ok(contents.value.startsWith(`**async-lint** \`sequential-awaits\`: ${d.message}`), contents.value);
    assert.ok(contents.value.includes(meta.docs.why), 'why');
    assert.ok(contents.value.includes('now    getUser ├──┤ api.getOrders ├──┤\nfixed  getUser       ├──┤\n       api.getOrders ├──┤'), `the timeline names the calls: ${contents.value}`);
    assert.ok(
      contents.value.includes(
        'Before:\n```ts\nconst user = await getUser(id);\nconst orders = await api.getOrders(id);\n```\nAfter the first fix:\n```ts\nconst [user, orders] = await Promise.all([getUser(id), api.getOrders(id)]);\n```',
      ),
      `this finding's own before and after: ${contents.value}`,
    );
    assert.ok(!contents.value.includes(meta.docs.examples[0]!.bad.trim().split('\n')[1]!), 'not the generic docs example');
    assert.ok(contents.value.includes(`[sequential-awaits documentation](${ruleDocsUrl('sequential-awaits')})`));
    assert.deepEqual(hover.range, d.range);
    // Off any finding: no hover.
    assert.equal(await client.hover(uri, { line: 6, character: 0 }), null);
  });

  it('never publishes a stale version: quick successive changes end with the final text’s results', async () => {
    const uri = freshUri();
    const head = "import { readFileSync } from 'node:fs';\nexport async function f() {\n";
    const call = "  readFileSync('x');\n";
    const textOf = (n: number) => head + call.repeat(n) + '}\n';
    await client.open(uri, textOf(0));
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const since = client.published.length;
    // Versions 2..6 add one call each, as incremental edits; none waits for the server.
    for (let v = 2; v <= 6; v++) {
      const line = 2 + (v - 2);
      await client.changeRange(uri, v, { start: { line, character: 0 }, end: { line, character: 0 } }, call);
    }
    const final = await client.waitForDiagnostics(uri, (p) => p.version === 6, since);
    assert.equal(final.diagnostics.length, 5);
    assert.deepEqual(final.diagnostics.map((d) => d.range.start.line), [2, 3, 4, 5, 6]);
    // Give a superseded analysis the chance to publish late: none may.
    await new Promise((r) => setTimeout(r, 400));
    const later = client.published.slice(since).filter((p) => p.uri === uri);
    for (const p of later) assert.equal(p.diagnostics.length, (p.version ?? 0) - 1, `v${p.version} published results of its own text`);
    assert.equal(later.at(-1)!.version, 6);
  });

  it('re-reads the configuration when it changes (workspace/configuration per document)', async () => {
    const uri = freshUri();
    await client.open(uri, BOTH);
    assert.deepEqual(codes(await client.waitForDiagnostics(uri, (p) => p.version === 1)).sort(), ['blocking-call', 'sequential-awaits']);
    assert.ok(client.configurationRequests.some((items) => items.some((i) => i.scopeUri === uri && i.section === 'asyncLint')));
    client.settings = (scope) => (scope === uri ? { rules: { 'blocking-call': 'off' } } : {});
    try {
      const since = client.published.length;
      await client.configurationChanged();
      assert.deepEqual(codes(await client.waitForDiagnostics(uri, () => true, since)), ['sequential-awaits']);
      const since2 = client.published.length;
      client.settings = (scope) => (scope === uri ? { enable: false } : {});
      await client.configurationChanged();
      assert.deepEqual(codes(await client.waitForDiagnostics(uri, () => true, since2)), []);
    } finally {
      client.settings = () => ({});
      await client.configurationChanged();
    }
  });

  it('reports a bad setting once and keeps linting with the valid part', async () => {
    const uri = freshUri();
    const shownBefore = client.shown.length;
    client.settings = () => ({ rules: { 'no-such-rule': 'error', 'blocking-call': 'loud', 'sequential-awaits': 'error' } });
    try {
      await client.configurationChanged();
      await client.open(uri, BOTH);
      const published = await client.waitForDiagnostics(uri, (p) => p.version === 1);
      assert.deepEqual(
        published.diagnostics.map((d) => [d.code, d.severity]).sort(),
        [['blocking-call', 2], ['sequential-awaits', 1]],
      );
      const shown = client.shown.slice(shownBefore).map((m) => m.message);
      assert.equal(shown.filter((m) => m.includes('unknown rule "no-such-rule"')).length, 1, shown.join('\n'));
      assert.equal(shown.filter((m) => m.includes('"blocking-call"') && m.includes('"loud"')).length, 1, shown.join('\n'));
      assert.ok(client.logs.some((l) => l.message.includes('no-such-rule')));
    } finally {
      client.settings = () => ({});
      await client.configurationChanged();
    }
  });

  it('answers requests for unknown and closed documents with empty results', async () => {
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } };
    const unknown = uriOf(dir, 'never-opened.ts');
    assert.deepEqual(await client.codeActions(unknown, range, []), []);
    assert.equal(await client.hover(unknown, range.start), null);
    assert.deepEqual(await client.executeCommand('asyncLint.applyFixAll', [{ uri: unknown }]), { applied: 0 });
    const uri = freshUri();
    await client.open(uri, BLOCKING);
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
    const since = client.published.length;
    await client.close(uri);
    assert.deepEqual((await client.waitForDiagnostics(uri, () => true, since)).diagnostics, []);
    assert.deepEqual(await client.codeActions(uri, range, []), []);
    assert.equal(await client.hover(uri, { line: 2, character: 12 }), null);
  });

  it('lints unsaved untitled buffers', async () => {
    const uri = 'untitled:Untitled-1';
    await client.open(uri, BLOCKING);
    only(await client.waitForDiagnostics(uri, () => true), 'blocking-call');
  });

  it('re-analyses an open dependent when a module it imports changes (buffer and disk)', async () => {
    writeFileSync(path.join(dir, 'dep.ts'), 'export async function work(): Promise<number> { return 1; }\n');
    const depUri = pathToFileURL(path.join(dir, 'dep.ts')).href;
    const mainUri = freshUri();
    const main = "import { work } from './dep.ts';\nexport async function main() {\n  work();\n}\n";
    await client.open(mainUri, main);
    only(await client.waitForDiagnostics(mainUri, (p) => p.version === 1), 'floating-promise');
    // The dependency's unsaved buffer no longer returns a promise: main's finding goes.
    await client.open(depUri, 'export async function work(): Promise<number> { return 1; }\n');
    await client.waitForDiagnostics(depUri, (p) => p.version === 1);
    let since = client.published.length;
    await client.change(depUri, 2, 'export function work(): number { return 1; }\n');
    assert.deepEqual(codes(await client.waitForDiagnostics(mainUri, () => true, since)), []);
    // Closing it without saving: the disk (still async) is the truth again.
    since = client.published.length;
    await client.close(depUri);
    only(await client.waitForDiagnostics(mainUri, () => true, since), 'floating-promise');
    // Changed on disk while closed, announced by the client's file watcher.
    writeFileSync(path.join(dir, 'dep.ts'), 'export function work(): number { return 1; }\n');
    since = client.published.length;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: depUri, type: 2 }] });
    assert.deepEqual(codes(await client.waitForDiagnostics(mainUri, () => true, since)), []);
  });

  it('survives syntax errors, binary-looking and huge texts', async () => {
    const broken = freshUri();
    await client.open(broken, BLOCKING.replace('export async function f() {', 'export async function f( {\n  const = ;'));
    await client.waitForDiagnostics(broken, () => true);
    const binary = freshUri();
    await client.open(binary, 'const a = "\u0000\u0001\uFFFD\uD800";\n\u0000\u0000\u0000' + '\uFFFF'.repeat(1000));
    await client.waitForDiagnostics(binary, () => true);
    const huge = freshUri();
    await client.open(huge, `export const big = ${JSON.stringify('x'.repeat(3_000_000))};\n`);
    const published = await client.waitForDiagnostics(huge, () => true);
    assert.equal(published.diagnostics.length, 1);
    assert.equal(published.diagnostics[0]!.severity, 3);
    assert.deepEqual(published.diagnostics[0]!.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.match(published.diagnostics[0]!.message as string, /did not analyse this file: .*larger/);
    // Still serving.
    const uri = freshUri();
    await client.open(uri, BLOCKING);
    only(await client.waitForDiagnostics(uri, () => true), 'blocking-call');
    assert.ok(client.alive);
  });
});

describe('language server (stdio) for a client without workspace/configuration', function () {
  let client: TestClient;
  let dir: string;

  before(async () => {
    buildServer();
    dir = tempProject();
    client = await TestClient.start(dir, {
      capabilities: { textDocument: { publishDiagnostics: {} }, workspace: {} },
      settings: () => assert.fail('must not be asked'),
    });
  });

  after(async () => {
    if (client) await client.stop();
  });

  it('lints with the defaults, takes pushed settings, registers nothing and answers plaintext hovers', async () => {
    const uri = uriOf(dir, 'a.ts');
    await client.open(uri, BOTH);
    const first = await client.waitForDiagnostics(uri, () => true);
    assert.deepEqual(codes(first).sort(), ['blocking-call', 'sequential-awaits']);
    const d = only(first, 'blocking-call');
    const hover = await client.hover(uri, d.range.start);
    assert.equal((hover!.contents as MarkupContent).kind, 'plaintext');
    const since = client.published.length;
    await client.configurationChanged({ asyncLint: { rules: { 'sequential-awaits': 'off' } } });
    assert.deepEqual(codes(await client.waitForDiagnostics(uri, () => true, since)), ['blocking-call']);
    assert.equal(client.configurationRequests.length, 0);
    assert.equal(client.registrations.length, 0);
  });
});

describe('async-lint lsp (the CLI command)', function () {
  it('serves on stdio without a transport argument, as other editors start it', async () => {
    buildServer();
    const dir = tempProject();
    const client = await TestClient.start(dir, { args: [path.join(ROOT, 'bin/async-lint.mjs'), 'lsp'] });
    try {
      const uri = uriOf(dir, 'a.ts');
      await client.open(uri, BLOCKING);
      only(await client.waitForDiagnostics(uri, () => true), 'blocking-call');
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });
});
