/**
 * The async-lint language server: push diagnostics for open documents (unsaved text is the source
 * of truth), quick fixes / disable / fix-all code actions with versioned edits, hovers, and the
 * fix-all command. Every handler is guarded: an error is logged and answered with an empty
 * result, and the server keeps serving.
 */
import { readTextIfPresent } from '../node/readSource.ts';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  MarkupKind,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type ExecuteCommandParams,
  type Hover,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
  type CancellationToken,
  type WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { languageOf, type FileLanguage } from '../core/files.ts';
import { LineIndex, wellFormed } from '../core/text.ts';
import type { RuleMeta } from '../core/types.ts';
import { CancelledError, Linter } from '../rules/engine.ts';
import { allRuleMetas } from '../rules/index.ts';
import {
  CODE_ACTION_KINDS,
  FIX_ALL_KIND,
  findingsForRequest,
  FIX_ALL_TITLE,
  fixAllAction,
  quickFixes,
  safeFixesOf,
  wantsKind,
  workspaceEdit,
  type EditCapabilities,
  type LintedDocument,
} from './codeActions.ts';
import { fatalDiagnostic, toDiagnostic } from './diagnostics.ts';
import { fileNameOf, WATCHED_GLOBS } from './documents.ts';
import { hoverAt } from './hover.ts';
import { LintQueue } from './lintQueue.ts';
import { DocumentConfigurations, type DocumentConfig } from './configuration.ts';
import { SECTION, SettingsStore } from './settings.ts';
import { WorkspaceLint } from './workspaceLint.ts';
import { FIX_ALL_COMMAND, LINT_WORKSPACE_COMMAND, STATUS_NOTIFICATION, type FixAllResult, type WorkspaceLintResult } from '../shared/protocol.ts';
import { describeError, HandlerGuard } from './guard.ts';
import { diskProbe } from '../node/fileProbe.ts';

/** Dependents of an edited module wait until edits have settled this long (the edited document does not wait). */
const SETTLE_MS = 150;
/** Lints slower than this are logged, so slow projects show up in the output channel. */
const SLOW_LINT_MS = 1000;

interface OpenDocument {
  document: TextDocument;
  fileName: string;
  language: FileLanguage | undefined;
  /** What was last linted for this document (any version) and last published. */
  linted?: LintedDocument;
  published?: string;
}

/**
 * Starts the server on the transport named on the command line (`--stdio`, `--node-ipc`,
 * `--socket=N`, `--pipe=NAME`, as vscode-languageserver detects them); stdio when none is named,
 * so `async-lint lsp` works in any editor.
 */
export function startServer(): Connection {
  const named = process.argv.slice(2).some((a) => /^--(stdio|node-ipc|socket|pipe)(=|$)/.test(a));
  let connection: Connection;
  if (named) {
    connection = createConnection();
  } else {
    connection = createConnection(process.stdin, process.stdout);
    // stdout carries the protocol: anything printed with console.log would corrupt it.
    console.log = console.info = console.debug = console.error;
  }
  new AsyncLintServer(connection);
  connection.listen();
  return connection;
}

class AsyncLintServer {
  private readonly metas: RuleMeta[] = allRuleMetas();
  private readonly metaById = new Map(this.metas.map((m) => [m.id, m]));
  private readonly open = new Map<string, OpenDocument>();
  private readonly linter: Linter;
  private readonly queue = new LintQueue((uri) => this.lintAndPublish(uri), SETTLE_MS);
  private settings: SettingsStore;
  private readonly configs: DocumentConfigurations;
  private readonly workspaceLint: WorkspaceLint;
  /** Local folders of the workspace (from initialize). */
  private folders: string[] = [];
  private editCaps: EditCapabilities = { documentChanges: false };
  private hoverMarkdown = false;
  /** The client lets the server register these notifications itself. */
  private dynamic = { configuration: false, watchedFiles: false };
  private readonly ready: Promise<void>;

  private readonly guard: HandlerGuard;

  constructor(private readonly connection: Connection) {
    this.guard = new HandlerGuard(connection);
    this.linter = new Linter({
      files: diskProbe,
      notice: (message, project) => connection.console.info(project ? `${project}: ${message}` : message),
      onRuleError: (ruleId, fileName, error) => this.guard.logRuleError(ruleId, fileName, error),
      readFile: readTextIfPresent,
    });
    // Loading the Python grammar is asynchronous; analysis waits for it once.
    this.ready = this.linter.prepare().catch((error) => this.logError('loading the Python grammar', error));
    this.settings = this.createSettings(false);
    this.configs = new DocumentConfigurations(this.metas, () => this.settings, {
      broken: (error) => connection.console.error(`${error.message} (the last version that parsed still applies)`),
      status: (params) => void connection.sendNotification(STATUS_NOTIFICATION, params),
    });
    this.workspaceLint = new WorkspaceLint({
      linter: this.linter,
      folders: () => this.folders,
      isOpen: (fileName) => [...this.open.values()].some((d) => d.fileName === fileName),
      configFor: (uri, fileName) => this.configs.forDocument(uri, fileName),
      publish: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }),
      logError: (context, error) => this.logError(context, error),
    });
    this.registerHandlers();
    process.on('uncaughtException', (error) => this.logError('uncaught exception', error));
    process.on('unhandledRejection', (reason) => this.logError('unhandled promise rejection', reason));
    process.on('exit', () => this.disposeLinter());
  }

  private registerHandlers(): void {
    const c = this.connection;
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(this.guard.notification('initialized', () => this.registerDynamicCapabilities()));
    c.onDidOpenTextDocument(
      this.guard.notification('didOpen', (p) => {
        const { uri, languageId, version, text } = p.textDocument;
        const fileName = fileNameOf(uri, languageId);
        if (!fileName) return;
        this.open.set(uri, { document: TextDocument.create(uri, languageId, version, text), fileName, language: languageOf(fileName) });
        this.linter.setText(fileName, text);
        this.queue.schedule([uri]);
      }),
    );
    c.onDidChangeTextDocument(
      this.guard.notification('didChange', (p) => {
        const doc = this.open.get(p.textDocument.uri);
        if (!doc) return;
        doc.document = TextDocument.update(doc.document, p.contentChanges, p.textDocument.version);
        this.linter.setText(doc.fileName, doc.document.getText());
        // Other open documents may import this one: they are analysed again after it.
        this.queue.schedule([doc.document.uri], this.otherAnalysedUris(doc.document.uri));
      }),
    );
    c.onDidCloseTextDocument(
      this.guard.notification('didClose', (p) => {
        const doc = this.open.get(p.textDocument.uri);
        if (!doc) return;
        this.open.delete(p.textDocument.uri);
        this.queue.remove(p.textDocument.uri);
        this.settings.forget(p.textDocument.uri);
        // The disk is read again: dependents now see the saved text.
        this.linter.setText(doc.fileName, undefined);
        // After a workspace lint the Problems panel keeps showing the file: as saved on disk.
        if (this.workspaceLint.isCovered(doc.fileName)) this.workspaceLint.refresh([doc.fileName]);
        else void this.connection.sendDiagnostics({ uri: p.textDocument.uri, diagnostics: [] });
        this.queue.schedule([], this.otherAnalysedUris(p.textDocument.uri));
      }),
    );
    c.onDidChangeWatchedFiles(
      this.guard.notification('didChangeWatchedFiles', (p) => {
        const openFiles = new Set([...this.open.values()].map((d) => d.fileName));
        const changedOnDisk: string[] = [];
        for (const change of p.changes) {
          if (!change.uri.startsWith('file:')) continue;
          const fileName = fileURLToPath(change.uri);
          if (DocumentConfigurations.isConfigFile(fileName)) this.configs.reload();
          // An open document's buffer is what the analysis sees, whatever the disk says.
          if (!openFiles.has(fileName)) this.linter.ts.fileChanged(fileName);
          changedOnDisk.push(fileName);
        }
        this.workspaceLint.refresh(changedOnDisk);
        this.queue.schedule([], this.otherAnalysedUris(undefined));
      }),
    );
    c.onDidChangeConfiguration(
      this.guard.notification('didChangeConfiguration', (p) => {
        const settings = p.settings as Record<string, unknown> | null | undefined;
        this.settings.changed(settings?.[SECTION]);
        this.configs.reload();
        this.queue.schedule([], [...this.open.keys()]);
      }),
    );
    c.onCodeAction(this.guard.request('codeAction', [], (p) => this.codeActions(p)));
    c.onHover(this.guard.request('hover', null, (p) => this.hover(p)));
    c.onExecuteCommand(this.guard.request('executeCommand', null, (p, token, progress) => this.executeCommand(p, token, progress)));
    c.onShutdown(() => {
      try {
        this.queue.dispose();
        this.disposeLinter();
      } catch (error) {
        this.logError('shutdown request', error);
      }
    });
  }

  private initialize(params: InitializeParams): InitializeResult {
    const caps = params.capabilities;
    this.editCaps = { documentChanges: caps.workspace?.workspaceEdit?.documentChanges === true };
    this.hoverMarkdown = caps.textDocument?.hover?.contentFormat?.includes(MarkupKind.Markdown) === true;
    this.settings = this.createSettings(caps.workspace?.configuration === true);
    const folderUris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    this.folders = folderUris.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
    this.dynamic = {
      configuration: caps.workspace?.didChangeConfiguration?.dynamicRegistration === true,
      watchedFiles: caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    };
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS },
        hoverProvider: true,
        executeCommandProvider: { commands: [FIX_ALL_COMMAND, LINT_WORKSPACE_COMMAND] },
      },
      serverInfo: { name: 'async-lint' },
    };
  }

  private async registerDynamicCapabilities(): Promise<void> {
    if (this.dynamic.configuration) {
      await this.connection.client.register(DidChangeConfigurationNotification.type, { section: SECTION });
    }
    if (this.dynamic.watchedFiles) {
      await this.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })),
      });
    }
  }

  private createSettings(canPull: boolean): SettingsStore {
    return new SettingsStore(this.metas, {
      pull: canPull ? (scopeUri) => this.connection.workspace.getConfiguration({ scopeUri, section: SECTION }) : undefined,
      onProblem: (message) => {
        this.connection.console.warn(message);
        // A notification, not a request: nothing waits for the user to dismiss it.
        void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `async-lint: ${message}` });
      },
      onError: (context, error) => this.logError(context, error),
    });
  }

  /** Whether any rule analyses this language (Python documents wait until Python rules exist). */
  private analyses(language: FileLanguage | undefined): boolean {
    return language !== undefined && this.metas.some((m) => m.languages.includes(language));
  }

  private otherAnalysedUris(except: string | undefined): string[] {
    return [...this.open.entries()].filter(([uri, d]) => uri !== except && this.analyses(d.language)).map(([uri]) => uri);
  }

  private async lintAndPublish(uri: string): Promise<void> {
    try {
      const doc = this.open.get(uri);
      if (doc) await this.lintCurrent(doc, true);
    } catch (error) {
      this.logError(`analysing ${uri}`, error);
    }
  }

  /**
   * Lints the document's current version and publishes the result. Returns undefined when the
   * document changed or closed meanwhile: results of an older version are never published.
   */
  private async lintCurrent(doc: OpenDocument, force: boolean): Promise<LintedDocument | undefined> {
    await this.ready;
    const settings = await this.configs.forDocument(doc.document.uri, doc.fileName);
    if (this.open.get(doc.document.uri) !== doc) return undefined;
    const version = doc.document.version;
    if (!force && doc.linted?.version === version) return doc.linted;
    const linted = this.lint(doc, settings);
    if (!linted || this.open.get(doc.document.uri) !== doc || doc.document.version !== version) return undefined;
    doc.linted = linted.document;
    this.publish(doc, linted.diagnostics);
    return linted.document;
  }

  private lint(doc: OpenDocument, settings: DocumentConfig): { document: LintedDocument; diagnostics: Diagnostic[] } | undefined {
    const { uri, version } = doc.document;
    const text = wellFormed(doc.document.getText());
    const unanalysed = (): { document: LintedDocument; diagnostics: Diagnostic[] } => ({
      document: { uri, version, fileName: doc.fileName, text, findings: [], index: new LineIndex(text) },
      diagnostics: [],
    });
    if (!settings.lint || !this.analyses(doc.language)) return unanalysed();
    const token = { get isCancellationRequested() { return doc.document.version !== version; } };
    const started = performance.now();
    let result;
    try {
      [result] = this.linter.lint([{ fileName: doc.fileName, text }], () => settings.config, token);
    } catch (error) {
      if (error instanceof CancelledError) return undefined;
      this.logError(`analysing ${doc.fileName}`, error);
      // Old diagnostics would point at text that may have moved: clear them.
      return unanalysed();
    }
    const elapsed = performance.now() - started;
    const summary = `${doc.fileName} v${version}: ${result!.findings.length} findings in ${elapsed.toFixed(0)} ms`;
    if (elapsed > SLOW_LINT_MS) this.connection.console.info(`slow analysis: ${summary}`);
    else this.connection.tracer.log(summary);
    if (result!.fatal) {
      this.connection.console.info(`${doc.fileName}: ${result!.fatal}`);
      return { ...unanalysed(), diagnostics: [fatalDiagnostic(result!.fatal)] };
    }
    // Offsets are relative to the text the engine parsed, which is the buffer's text.
    const index = new LineIndex(result!.text);
    return {
      document: { uri, version, fileName: doc.fileName, text: result!.text, findings: result!.findings, index },
      diagnostics: result!.findings.map((f) => toDiagnostic(f, index)),
    };
  }

  private publish(doc: OpenDocument, diagnostics: Diagnostic[]): void {
    const key = `${doc.document.version}:${JSON.stringify(diagnostics)}`;
    if (doc.published === key) return;
    doc.published = key;
    void this.connection.sendDiagnostics({ uri: doc.document.uri, version: doc.document.version, diagnostics });
  }

  /** The lint result for the version the client has now (requests come after the changes they follow). */
  private async current(uri: string): Promise<LintedDocument | undefined> {
    const doc = this.open.get(uri);
    return doc ? this.lintCurrent(doc, false) : undefined;
  }

  private async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const linted = await this.current(params.textDocument.uri);
    if (!linted) return [];
    const only = params.context.only;
    const actions: CodeAction[] = [];
    if (wantsKind(only, CodeActionKind.QuickFix)) {
      const findings = findingsForRequest(linted, params.range, params.context.diagnostics);
      actions.push(...quickFixes(linted, findings, this.editCaps));
      // As vscode-eslint does: next to the fixes, one action that fixes the whole file (when it
      // would do more than the problem's own fix).
      if (findings.length > 0 && safeFixesOf(linted).length > 1) {
        actions.push(fixAllAction(linted, this.editCaps, CodeActionKind.QuickFix)!);
      }
    }
    // Source actions only when asked for (code actions on save, the Source Action menu).
    if (only && wantsKind(only, FIX_ALL_KIND)) {
      const fixAll = fixAllAction(linted, this.editCaps);
      if (fixAll) actions.push(fixAll);
    }
    return actions;
  }

  private async hover(params: HoverParams): Promise<Hover | null> {
    const linted = await this.current(params.textDocument.uri);
    if (!linted) return null;
    return hoverAt(linted, linted.index.offset(params.position), (id) => this.metaById.get(id), this.hoverMarkdown) ?? null;
  }

  private async executeCommand(
    params: ExecuteCommandParams,
    token: CancellationToken,
    progress: WorkDoneProgressReporter,
  ): Promise<FixAllResult | WorkspaceLintResult | null> {
    if (params.command === LINT_WORKSPACE_COMMAND) {
      await this.ready;
      return this.workspaceLint.run(progress, token);
    }
    if (params.command !== FIX_ALL_COMMAND) return null;
    const arg: unknown = params.arguments?.[0];
    const uri = typeof arg === 'string' ? arg : typeof arg === 'object' && arg !== null ? (arg as { uri?: unknown }).uri : undefined;
    if (typeof uri !== 'string') return { applied: 0 };
    const linted = await this.current(uri);
    const fixes = linted ? safeFixesOf(linted) : [];
    if (!linted || fixes.length === 0) return { applied: 0 };
    const response = await this.connection.workspace.applyEdit({
      label: FIX_ALL_TITLE,
      edit: workspaceEdit(linted, fixes.flatMap((f) => f.edits), this.editCaps),
    });
    return { applied: response.applied ? fixes.length : 0 };
  }

  private logError(context: string, error: unknown): void {
    this.guard.logError(context, error);
  }

  private disposeLinter(): void {
    try {
      this.linter.dispose();
    } catch (error) {
      process.stderr.write(`async-lint: disposing the linter failed: ${describeError(error)}\n`);
    }
  }
}

