/**
 * The server reads async-lint.json per document (nearest wins), under the editor's settings for
 * the document's scope; a broken config file is logged once, reported through `asyncLint/status`,
 * and the last good version keeps applying until the file is mended.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeWatchedFilesNotification, FileChangeType, NotificationType, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { buildServer, TestClient, tempProject } from './lspClient.ts';

const FLOATING = 'async function save(): Promise<void> {}\nexport function run() {\n  save();\n}\n';
const STATUS = new NotificationType<{ configProblems: string[] }>('asyncLint/status');
const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => `${String(d.code)}:${d.severity}`);

describe('language server: async-lint.json and editor settings', () => {
  let dir: string;
  let client: TestClient;
  const statuses: string[][] = [];
  let statusArrived: () => void = () => {};
  /** Resolves when the latest status satisfies `accept` (now or on a later notification). */
  const statusWhere = (accept: (problems: string[]) => boolean) =>
    new Promise<string[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching asyncLint/status; got ${JSON.stringify(statuses)}`)), 15_000);
      const check = () => {
        const latest = statuses.at(-1);
        if (latest && accept(latest)) {
          clearTimeout(timer);
          statusArrived = () => {};
          resolve(latest);
        }
      };
      statusArrived = check;
      check();
    });
  const write = (name: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  };
  const uri = (name: string) => pathToFileURL(path.join(dir, name)).href;
  const configChanged = (name: string) =>
    client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri(name), type: FileChangeType.Changed }] });
  /** The next publish for `name` after the current ones. */
  const next = async (name: string, action: () => Promise<unknown>) => {
    const since = client.published.length;
    await action();
    return client.waitForDiagnostics(uri(name), () => true, since);
  };

  before(async function () {
    this.timeout(120_000);
    buildServer();
    dir = tempProject();
    write('a/x.ts', FLOATING);
    write('b/async-lint.json', '{ "rules": { "floating-promise": "off" } }');
    write('b/y.ts', FLOATING);
    write('c/async-lint.json', '// generated code\n{ "ignores": ["gen/"] }');
    write('c/gen/z.ts', FLOATING);
    client = await TestClient.start(dir, {
      // The editor's setting for folder a/ (a workspace-folder scope in VS Code) raises the severity.
      settings: (scopeUri) => (scopeUri?.includes('/a/') ? { rules: { 'floating-promise': 'warning' } } : {}),
    });
    client.connection.onNotification(STATUS, (p) => {
      statuses.push(p.configProblems);
      statusArrived();
    });
  });

  after(async () => {
    await client?.stop();
  });

  it('each document gets the settings of its nearest async-lint.json, under the editor settings of its scope', async () => {
    assert.deepEqual(codes(await next('a/x.ts', () => client.open(uri('a/x.ts'), FLOATING))), ['floating-promise:2']);
    assert.deepEqual(codes(await next('b/y.ts', () => client.open(uri('b/y.ts'), FLOATING))), []);
  });

  it('a file matched by "ignores" is not linted', async () => {
    assert.deepEqual(codes(await next('c/gen/z.ts', () => client.open(uri('c/gen/z.ts'), FLOATING))), []);
  });

  it('a changed config file applies to open documents', async () => {
    write('b/async-lint.json', '{ "rules": { "floating-promise": "hint" } }');
    assert.deepEqual(codes(await next('b/y.ts', () => configChanged('b/async-lint.json'))), ['floating-promise:4']);
  });

  it('a broken config file is logged once and shown in the status; the last good version keeps applying', async () => {
    write('b/async-lint.json', '{ "rules": { "floating-promise": "off" ');
    await configChanged('b/async-lint.json');
    const configFile = path.join(dir, 'b', 'async-lint.json');
    const [problem] = await statusWhere((p) => p.length === 1);
    assert.ok(problem!.startsWith(`${configFile}: invalid JSON`), problem);
    // Another edit: still linted with the last good config, and the problem is not logged again.
    assert.deepEqual(codes(await next('b/y.ts', () => client.change(uri('b/y.ts'), 2, FLOATING + '\n// edited\n'))), ['floating-promise:4']);
    assert.equal(client.logs.filter((l) => l.message.includes(configFile)).length, 1, JSON.stringify(client.logs));
  });

  it('a mended config file clears the status and applies', async () => {
    write('b/async-lint.json', '{ "rules": { "floating-promise": "off" } }');
    assert.deepEqual(codes(await next('b/y.ts', () => configChanged('b/async-lint.json'))), []);
    await statusWhere((p) => p.length === 0);
  });

  it('an unknown rule in the file is a problem too, named with the file', async () => {
    write('b/async-lint.json', '{ "rules": { "no-such-rule": "off" } }');
    await configChanged('b/async-lint.json');
    const [problem] = await statusWhere((p) => p.length === 1);
    assert.match(problem!, /b[/\\]async-lint\.json: "rules": unknown rule "no-such-rule"/);
  });

  it('[tool.async-lint] in a pyproject.toml applies; with an async-lint.json beside it, the status names both files', async () => {
    write('d/pyproject.toml', '[project]\nname = "d"\n\n[tool.async-lint.rules]\nfloating-promise = "info"\n');
    assert.deepEqual(codes(await next('d/w.ts', () => client.open(uri('d/w.ts'), FLOATING))), ['floating-promise:3']);
    write('d/async-lint.json', '{ "rules": { "floating-promise": "warning" } }');
    await configChanged('d/async-lint.json');
    const problems = await statusWhere((p) => p.some((x) => x.includes('both configure')));
    assert.equal(problems.find((x) => x.includes('both configure')), `${path.join(dir, 'd', 'async-lint.json')} and ${path.join(dir, 'd', 'pyproject.toml')}: both configure async-lint for this folder; keep one of them`);
    write('d/pyproject.toml', '[project]\nname = "d"\n');
    assert.deepEqual(codes(await next('d/w.ts', () => configChanged('d/pyproject.toml'))), ['floating-promise:2']);
    await statusWhere((p) => !p.some((x) => x.includes('both configure')));
  });
});
