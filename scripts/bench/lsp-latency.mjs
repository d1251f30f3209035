// Editor latency of `async-lint lsp --stdio`: open a file of about 1,000 lines in a real project,
// type a statement into an async function one character at a time, then delete the line, again and
// again; measure, for every edit, the time from sending `didChange` to the `publishDiagnostics` of
// that version. Also: cold time to the first diagnostics, the server tree's memory over the edits,
// and a typing burst (keystrokes every TYPING_MS without waiting) to see how work is coalesced.
//
//   node scripts/bench/lsp-latency.mjs [--corpus DIR] [--file REL] [--edits N] [--warmup N] [--repo DIR] [--json]
// (the corpus defaults to the openai corpus `npm run bench` prepared in the cache)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { editorFile } from './corpora.mjs';
import { sampleTree } from './measure.mjs';

const TYPING_MS = 60;
const TIMEOUT_MS = 60_000;

export const percentile = (values, p) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

/**
 * The edit cycle: after a line holding `await X(...)` inside an async function, insert a line and
 * type `X(...);` (a floating promise once complete), then delete the line, leaving the original text.
 */
function editCycle(text) {
  const lines = text.split('\n');
  const middle = Math.floor(lines.length / 2);
  const anchors = lines.map((l, i) => ({ l, i })).filter(({ l }) => /^\s+await [\w.]+\(.*\);\s*$/.test(l));
  if (anchors.length === 0) throw new Error('no `await call(...);` line to type next to');
  anchors.sort((a, b) => Math.abs(a.i - middle) - Math.abs(b.i - middle));
  const { l: anchor, i: line } = anchors[0];
  const indent = /^\s*/.exec(anchor)[0];
  const statement = anchor.trim().replace(/^await /, '');
  const edits = [{ range: at(line, anchor.length, line, anchor.length), text: '\n' + indent }];
  for (let k = 0; k < statement.length; k++) {
    edits.push({ range: at(line + 1, indent.length + k, line + 1, indent.length + k), text: statement[k] });
  }
  edits.push({ range: at(line, anchor.length, line + 1, indent.length + statement.length), text: '' });
  return { edits, line: line + 1, statement, completeAfter: statement.length };
}

function at(sl, sc, el, ec) {
  return { start: { line: sl, character: sc }, end: { line: el, character: ec } };
}

class Server {
  constructor(repo, cwd) {
    this.started = performance.now();
    // BENCH_SERVER_NODE_ARGS: node options for the server only (e.g. `--cpu-prof --cpu-prof-dir=DIR`).
    const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    this.child = spawn(process.execPath, [...nodeArgs, path.join(repo, 'bin/async-lint.mjs'), 'lsp', '--stdio'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.child.stderr.on('data', (d) => (this.stderr = (this.stderr + d).slice(-20_000)));
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
    this.waiters = new Map(); // "uri@version" → resolve
    this.published = new Map(); // "uri@version" → { at, diagnostics }
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      const key = `${p.uri}@${p.version}`;
      const at = performance.now();
      this.published.set(key, { at, diagnostics: p.diagnostics });
      this.waiters.get(key)?.({ at, diagnostics: p.diagnostics });
    });
    // A VS Code-like client: settings are pulled (and empty), registrations accepted.
    this.connection.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => ({})));
    this.connection.onRequest(RegistrationRequest.type, () => null);
    this.connection.listen();
  }

  async initialize(root) {
    await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: path.basename(root) }],
      capabilities: {
        workspace: { configuration: true, workspaceEdit: { documentChanges: true } },
        textDocument: { publishDiagnostics: { versionSupport: true }, synchronization: { didSave: true } },
      },
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  /** Resolves with { at, diagnostics } when `version` of `uri` is published. */
  whenPublished(uri, version) {
    const key = `${uri}@${version}`;
    const done = this.published.get(key);
    if (done) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for version ${version} within ${TIMEOUT_MS} ms; stderr: ${this.stderr.slice(-2000)}`)), TIMEOUT_MS);
      this.waiters.set(key, (r) => {
        clearTimeout(timer);
        this.waiters.delete(key);
        resolve(r);
      });
    });
  }

  open(uri, text) {
    return this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'typescript', version: 1, text } });
  }

  change(uri, version, edit) {
    return this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [edit] });
  }

  async stop() {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 5000))]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // already gone
    }
    const timer = setTimeout(() => this.child.kill(), 5000);
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}

/**
 * Runs the editor benchmark. Returns { file, lines, cold, edits: { count, p50, p95, max, mean },
 * memory: [{ edits, rssMb }], typing: {...}, check }.
 */
export async function runEditorBench({ repo, corpusDir, file, edits: editCount = 1000, warmup = 60, log = () => {} }) {
  const fileName = editorFile(corpusDir, file);
  const text = readFileSync(fileName, 'utf8');
  const uri = pathToFileURL(fileName).href;
  const cycle = editCycle(text);
  const server = new Server(repo, corpusDir);
  const sampler = sampleTree(server.child.pid, 200);
  try {
    await server.initialize(corpusDir);
    const opened = performance.now();
    await server.open(uri, text);
    const first = await server.whenPublished(uri, 1);
    const cold = { fromSpawnMs: first.at - server.started, fromOpenMs: first.at - opened, diagnostics: first.diagnostics.length };
    log(`editor: ${path.relative(corpusDir, fileName)} (${text.split('\n').length} lines), first diagnostics ${(cold.fromSpawnMs / 1000).toFixed(2)} s after start`);

    let version = 1;
    let step = 0;
    const latencies = [];
    const byStep = cycle.edits.map(() => []);
    const memory = [];
    let completeSeen = 0;
    let completeFlagged = 0;
    const total = warmup + editCount;
    for (let n = 0; n < total; n++) {
      if (n === warmup) memory.push({ edits: 0, rssMb: sampler.now(), processes: sampler.breakdown() });
      const edit = cycle.edits[step];
      version++;
      const sent = performance.now();
      await server.change(uri, version, edit);
      const { at, diagnostics } = await server.whenPublished(uri, version);
      if (n >= warmup) {
        latencies.push(at - sent);
        byStep[step].push(at - sent);
      }
      // A check that the analysis is real: the completed statement is a floating promise.
      if (step === cycle.completeAfter) {
        completeSeen++;
        if (diagnostics.some((d) => d.code === 'floating-promise' && d.range.start.line === cycle.line)) completeFlagged++;
      }
      step = (step + 1) % cycle.edits.length;
      const done = n + 1 - warmup;
      if (done > 0 && (done % 250 === 0 || done === 100)) {
        memory.push({ edits: done, rssMb: sampler.now(), processes: sampler.breakdown() });
        log(`editor: ${done}/${editCount} edits, p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms`);
      }
    }
    if (memory.at(-1)?.edits !== editCount) memory.push({ edits: editCount, rssMb: sampler.now(), processes: sampler.breakdown() });
    // Finish the cycle so the text is the file's again before the typing burst.
    while (step !== 0) {
      version++;
      await server.change(uri, version, cycle.edits[step]);
      await server.whenPublished(uri, version);
      step = (step + 1) % cycle.edits.length;
    }

    // Typing: keystrokes every TYPING_MS, not waiting for the server; the time that matters is
    // from the last keystroke of a cycle to the diagnostics of its final version.
    const settle = [];
    let sentVersions = 0;
    let publishedVersions = 0;
    for (let c = 0; c < 3; c++) {
      const versions = [];
      for (const edit of cycle.edits) {
        version++;
        versions.push({ version, sent: performance.now() });
        await server.change(uri, version, edit);
        await new Promise((r) => setTimeout(r, TYPING_MS));
      }
      const last = versions.at(-1);
      const { at } = await server.whenPublished(uri, last.version);
      settle.push(at - last.sent);
      sentVersions += versions.length;
      publishedVersions += versions.filter((v) => server.published.has(`${uri}@${v.version}`)).length;
    }
    const stats = (xs) => ({ count: xs.length, p50: percentile(xs, 50), p95: percentile(xs, 95), max: Math.max(...xs), mean: xs.reduce((a, b) => a + b, 0) / xs.length });
    return {
      file: path.relative(corpusDir, fileName),
      lines: text.split('\n').length,
      statement: cycle.statement,
      cold,
      edits: stats(latencies),
      // The line insert, the keystrokes, the line delete: whether some kinds of edit cost more.
      byKind: {
        insertLine: stats(byStep[0]),
        keystroke: stats(byStep.slice(1, -1).flat()),
        deleteLine: stats(byStep.at(-1)),
      },
      memory,
      typing: { intervalMs: TYPING_MS, settle: stats(settle), sentVersions, publishedVersions },
      check: { completeSeen, completeFlagged },
    };
  } finally {
    sampler.stop();
    await server.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string', default: path.join(os.homedir(), '.cache/async-lint-bench/corpora/openai') },
      file: { type: 'string' },
      edits: { type: 'string', default: '1000' },
      warmup: { type: 'string', default: '60' },
      json: { type: 'boolean', default: false },
      // Another checkout's build (to compare a change): its bin/async-lint.mjs is started.
      repo: { type: 'string' },
    },
  });
  const repo = path.resolve(values.repo ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '../..'));
  const result = await runEditorBench({
    repo,
    corpusDir: path.resolve(values.corpus),
    file: values.file,
    edits: Number(values.edits),
    warmup: Number(values.warmup),
    log: (m) => process.stderr.write(m + '\n'),
  });
  process.stdout.write(JSON.stringify(result, null, values.json ? 0 : 2) + '\n');
}
