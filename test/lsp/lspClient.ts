/**
 * A small LSP client for the protocol tests: spawns the built server (`node dist/server.mjs
 * --stdio`) and speaks JSON-RPC to it as an editor would, recording what the server pushes.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  ApplyWorkspaceEditRequest,
  CodeActionRequest,
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ApplyWorkspaceEditParams,
  type ClientCapabilities,
  type CodeAction,
  type Command,
  type ConfigurationItem,
  type Diagnostic,
  type Hover,
  type InitializeResult,
  type LogMessageParams,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type Registration,
  type ShowMessageParams,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { buildOnce } from '../helpers/build.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The server under test; another build (e.g. an installed extension's) can be named instead. */
export const SERVER = process.env.ASYNC_LINT_SERVER ?? path.join(ROOT, 'dist/server.mjs');

/** Builds dist/ once per test run (unless another server is named), so the tests exercise the current sources. */
export function buildServer(): void {
  if (!process.env.ASYNC_LINT_SERVER) buildOnce();
}

/** The capabilities of a capable editor (VS Code-like); tests take parts away. */
export const FULL_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceEdit: { documentChanges: true },
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    applyEdit: true,
  },
  textDocument: {
    publishDiagnostics: { versionSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
};

export interface ClientOptions {
  capabilities?: ClientCapabilities;
  /** Answers workspace/configuration: the `asyncLint` section for a document. */
  settings?: (scopeUri: string | undefined) => unknown;
  /** Whether workspace/applyEdit requests are accepted. */
  acceptEdits?: boolean;
  /** The server's command line after `node`; default: the built server with `--stdio`. */
  args?: string[];
}

/** A temp project folder with a package.json, its files written to disk. */
export function tempProject(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'async-lint-lsp-'));
  writeFileSync(path.join(dir, 'package.json'), '{"name":"fixture","type":"module"}\n');
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

export function uriOf(dir: string, name: string): string {
  return pathToFileURL(path.join(dir, name)).href;
}

export class TestClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: LogMessageParams[] = [];
  readonly shown: ShowMessageParams[] = [];
  readonly appliedEdits: ApplyWorkspaceEditParams[] = [];
  readonly registrations: Registration[] = [];
  readonly configurationRequests: ConfigurationItem[][] = [];
  settings: (scopeUri: string | undefined) => unknown;
  stderr = '';
  initializeResult!: InitializeResult;
  private readonly waiters = new Set<() => void>();

  private constructor(
    readonly connection: ProtocolConnection,
    readonly child: ChildProcess,
    options: ClientOptions,
  ) {
    this.settings = options.settings ?? (() => ({}));
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => this.record(this.published, p));
    connection.onNotification(LogMessageNotification.type, (p) => this.record(this.logs, p));
    connection.onNotification(ShowMessageNotification.type, (p) => this.record(this.shown, p));
    connection.onRequest(ConfigurationRequest.type, (p) => {
      this.configurationRequests.push(p.items);
      return p.items.map((item) => (item.section === 'asyncLint' ? this.settings(item.scopeUri) : null));
    });
    connection.onRequest(RegistrationRequest.type, (p) => {
      for (const r of p.registrations) this.record(this.registrations, r);
    });
    connection.onRequest(ApplyWorkspaceEditRequest.type, (p) => {
      this.record(this.appliedEdits, p);
      return { applied: options.acceptEdits !== false };
    });
  }

  static async start(cwd: string, options: ClientOptions = {}): Promise<TestClient> {
    const child = spawn(process.execPath, options.args ?? [SERVER, '--stdio'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new TestClient(connection, child, options);
    child.stderr!.on('data', (d: Buffer) => (client.stderr += d.toString()));
    connection.listen();
    client.initializeResult = await within(
      30_000,
      'initialize',
      connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: pathToFileURL(cwd).href,
        workspaceFolders: [{ uri: pathToFileURL(cwd).href, name: 'fixture' }],
        capabilities: options.capabilities ?? FULL_CAPABILITIES,
      }),
    );
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async open(uri: string, text: string, languageId = 'typescript', version = 1): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  /** Replaces the whole text (a full-document change). */
  async change(uri: string, version: number, text: string): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  async changeRange(uri: string, version: number, range: Range, text: string): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async configurationChanged(settings: unknown = null): Promise<void> {
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<(Command | CodeAction)[] | null> {
    return this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } });
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  }

  executeCommand(command: string, args: unknown[]): Promise<unknown> {
    return this.connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
  }

  /** The first publish for `uri` (from index `since` of all publishes) that satisfies `accept`. */
  waitForDiagnostics(uri: string, accept: (p: PublishDiagnosticsParams) => boolean, since = 0, timeoutMs = 30_000): Promise<PublishDiagnosticsParams> {
    return this.waitFor(() => this.published.slice(since).find((p) => p.uri === uri && accept(p)), timeoutMs, `diagnostics for ${uri}`);
  }

  waitFor<T>(find: () => T | undefined, timeoutMs = 30_000, what = 'condition'): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = find();
        if (found === undefined) return false;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}; stderr: ${this.stderr}; logs: ${JSON.stringify(this.logs.slice(-5))}`));
      }, timeoutMs);
      if (!check()) this.waiters.add(check);
    });
  }

  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => {
      if (!this.alive) resolve(this.child.exitCode);
      else this.child.once('exit', (code) => resolve(code));
    });
    if (this.alive) {
      try {
        await within(10_000, 'shutdown', this.connection.sendRequest(ShutdownRequest.type));
        await this.connection.sendNotification(ExitNotification.type);
      } catch (error) {
        this.child.kill();
        throw error;
      }
    }
    const code = await within(10_000, 'exit after shutdown', exited);
    this.connection.dispose();
    return code;
  }

  private record<T>(list: T[], item: T): void {
    list.push(item);
    for (const check of [...this.waiters]) check();
  }
}

function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The edits of a workspace edit for one document, whichever form the server used. */
export function editsFor(edit: WorkspaceEdit | undefined, uri: string): { version: number | null | undefined; edits: TextEdit[] } {
  for (const change of edit?.documentChanges ?? []) {
    if ('textDocument' in change && change.textDocument.uri === uri) return { version: change.textDocument.version, edits: change.edits as TextEdit[] };
  }
  return { version: undefined, edits: edit?.changes?.[uri] ?? [] };
}

/** Applies LSP text edits (UTF-16 positions) to a text, as an editor does. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: Position) => Math.min((lineStarts[p.line] ?? text.length) + p.character, text.length);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

/** Ids of a process's descendants (children, grandchildren, ...), read from /proc (Linux). */
export function descendantPids(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command name is in parentheses and may contain spaces: the fields after it are fixed.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(name), ppid);
    } catch {
      // the process ended meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of parentOf) {
      if (parent === p) {
        out.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return out;
}

/** The command line of a process, or '' when it is gone. */
export function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
}

/** Resident memory in kB of a process and all its descendants (the server and its tsgo). */
export function treeRssKb(pid: number): number {
  let total = 0;
  for (const p of [pid, ...descendantPids(pid)]) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) total += Number(m[1]);
    } catch {
      // gone
    }
  }
  return total;
}
