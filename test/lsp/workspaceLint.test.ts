/**
 * "Lint workspace" over stdio: every file of the workspace folder is linted from disk (ignores and
 * .gitignore honoured), with work-done progress on the client's token, diagnostics for closed
 * files, refreshed when such a file changes on disk; cancellation stops between batches.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CancellationTokenSource,
  DidChangeWatchedFilesNotification,
  ExecuteCommandRequest,
  FileChangeType,
  WorkDoneProgress,
} from 'vscode-languageserver-protocol/node';
import { buildServer, TestClient, tempProject } from './lspClient.ts';

const COMMAND = 'asyncLint.server.lintWorkspace';
const FLOATING = 'async function save(): Promise<void> {}\nexport function run() {\n  save();\n}\n';
const CLEAN = 'export const answer = 42;\n';
const BLOCKING_PY = 'import time\n\n\nasync def main():\n    time.sleep(1)\n';

interface Summary {
  files: number;
  problems: number;
  cancelled: boolean;
}

function project(files: Record<string, string>): string {
  const dir = tempProject();
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('language server: lint workspace', () => {
  before(function () {
    this.timeout(120_000);
    buildServer();
  });

  it('lints every file from disk with progress, and keeps closed files current as they change', async () => {
    const dir = project({
      'src/a.ts': FLOATING,
      'src/b.ts': CLEAN,
      'tools/job.py': BLOCKING_PY,
      'gen/out.ts': FLOATING,
      'async-lint.json': '{ "ignores": ["gen/"] }',
      'build/skip.ts': FLOATING,
      '.gitignore': 'build/\n',
    });
    const client = await TestClient.start(dir);
    try {
      const kinds: string[] = [];
      client.connection.onProgress(WorkDoneProgress.type, 'ws-1', (value) => {
        kinds.push(value.kind);
      });
      const summary = (await client.connection.sendRequest(ExecuteCommandRequest.type, {
        command: COMMAND,
        arguments: [],
        workDoneToken: 'ws-1',
      })) as Summary;
      assert.deepEqual(summary, { files: 3, problems: 2, cancelled: false });
      assert.equal(kinds[0], 'begin');
      assert.equal(kinds.at(-1), 'end');
      assert.ok(kinds.includes('report'), kinds.join());

      const uri = (name: string) => pathToFileURL(path.join(dir, name)).href;
      const latest = (name: string) => client.published.filter((p) => p.uri === uri(name)).at(-1);
      assert.deepEqual(latest('src/a.ts')?.diagnostics.map((d) => d.code), ['floating-promise']);
      assert.deepEqual(latest('src/b.ts')?.diagnostics, []);
      assert.deepEqual(latest('tools/job.py')?.diagnostics.map((d) => d.code), ['blocking-call']);
      assert.equal(latest('gen/out.ts'), undefined, 'ignored by async-lint.json');
      assert.equal(latest('build/skip.ts'), undefined, 'ignored by .gitignore');

      // A closed file changes on disk: its diagnostics follow.
      writeFileSync(path.join(dir, 'src/b.ts'), FLOATING);
      const since = client.published.length;
      await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('src/b.ts'), type: FileChangeType.Changed }] });
      const refreshed = await client.waitForDiagnostics(uri('src/b.ts'), () => true, since);
      assert.deepEqual(refreshed.diagnostics.map((d) => d.code), ['floating-promise']);

      // Opened, edited and closed unsaved: the Problems panel shows the file as saved on disk again.
      await client.open(uri('src/a.ts'), CLEAN);
      await client.waitForDiagnostics(uri('src/a.ts'), (p) => p.diagnostics.length === 0, since);
      const beforeClose = client.published.length;
      await client.close(uri('src/a.ts'));
      const afterClose = await client.waitForDiagnostics(uri('src/a.ts'), (p) => p.diagnostics.length > 0, beforeClose);
      assert.deepEqual(afterClose.diagnostics.map((d) => d.code), ['floating-promise']);
    } finally {
      await client.stop();
    }
  });

  it('stops between batches when cancelled', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 120; i++) files[`src/m${String(i).padStart(3, '0')}.ts`] = FLOATING.replace('save', `save${i}`).replace('save()', `save${i}()`);
    const dir = project(files);
    const client = await TestClient.start(dir);
    try {
      const source = new CancellationTokenSource();
      client.connection.onProgress(WorkDoneProgress.type, 'ws-2', (value) => {
        if (value.kind === 'report') source.cancel();
      });
      let outcome: Summary | { code: number };
      try {
        outcome = (await client.connection.sendRequest(ExecuteCommandRequest.type, { command: COMMAND, arguments: [], workDoneToken: 'ws-2' }, source.token)) as Summary;
      } catch (error) {
        outcome = { code: (error as { code: number }).code };
      }
      if ('code' in outcome) assert.equal(outcome.code, -32800, 'RequestCancelled');
      else {
        assert.equal(outcome.cancelled, true);
        assert.ok(outcome.files < 120, `stopped early (${outcome.files} files)`);
      }
      assert.ok(client.alive);
    } finally {
      await client.stop();
    }
  });
});
