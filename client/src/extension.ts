/**
 * The VS Code extension: starts the bundled language server (dist/server.mjs) over IPC, restarts
 * it when it dies (a bounded number of times), and adds the commands and the status bar item.
 * The server pulls the `asyncLint` settings itself (workspace/configuration).
 */
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  ExecuteCommandRequest,
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  WorkDoneProgress,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { onServerClosed, RestartPolicy } from './restartPolicy.ts';
import { StatusBar } from './statusBar.ts';
import {
  FIX_ALL_COMMAND,
  LINT_WORKSPACE_COMMAND,
  STATUS_NOTIFICATION,
  type FixAllArguments,
  type FixAllResult,
  type StatusParams,
  type WorkspaceLintResult,
} from '../../server/src/shared/protocol.ts';

const CLIENT_ID = 'asyncLint';
const CLIENT_NAME = 'Async Lint';
const LANGUAGES = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'python'];
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  const statusBar = new StatusBar('asyncLint.showOutput');
  context.subscriptions.push(output, statusBar);

  const serverModule = context.asAbsolutePath('dist/server.mjs');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    diagnosticCollectionName: 'async-lint',
    // `asyncLint.trace.server` (read by the client because its id is `asyncLint`) traces here too.
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    errorHandler: restartingErrorHandler(output),
  };
  const languageClient = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  client = languageClient;
  context.subscriptions.push(
    languageClient.onDidChangeState((e) => {
      statusBar.setState(e.newState === State.Running ? 'running' : e.newState === State.Starting ? 'starting' : 'stopped');
    }),
    vscode.commands.registerCommand('asyncLint.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('asyncLint.restartServer', async () => {
      statusBar.setState('starting');
      await languageClient.restart();
    }),
    vscode.commands.registerCommand('asyncLint.fixAllInFile', () => fixAllInFile(languageClient)),
    vscode.commands.registerCommand('asyncLint.lintWorkspace', () => lintWorkspace(languageClient)),
    languageClient.onNotification(STATUS_NOTIFICATION, (params: Partial<StatusParams>) => {
      statusBar.setConfigProblems(Array.isArray(params.configProblems) ? params.configProblems.map(String) : []);
    }),
  );
  try {
    await languageClient.start();
  } catch (error) {
    statusBar.setState('stopped');
    output.error(`the server failed to start: ${String(error)}`);
    void vscode.window.showErrorMessage('Async Lint: the language server failed to start. See the output for details.');
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

async function fixAllInFile(languageClient: LanguageClient): Promise<void> {
  const document = vscode.window.activeTextEditor?.document;
  if (!document || !LANGUAGES.includes(document.languageId)) {
    void vscode.window.showInformationMessage('Async Lint: open a TypeScript, JavaScript or Python file to fix.');
    return;
  }
  const args: FixAllArguments = { uri: languageClient.code2ProtocolConverter.asUri(document.uri), version: document.version };
  const result = (await languageClient.sendRequest(ExecuteCommandRequest.type, { command: FIX_ALL_COMMAND, arguments: [args] })) as FixAllResult | null;
  const applied = result?.applied ?? 0;
  if (applied === 0) void vscode.window.showInformationMessage('Async Lint: no safe fixes in this file.');
}

/**
 * Lints every file of the workspace: a cancellable progress notification fed by the server's
 * work-done progress; the results land in the Problems panel, closed files included.
 */
async function lintWorkspace(languageClient: LanguageClient): Promise<WorkspaceLintResult | undefined> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Async Lint', cancellable: true },
    async (progress, cancellation) => {
      const workDoneToken = `asyncLint.lintWorkspace.${Date.now()}`;
      let reported = 0;
      const listener = languageClient.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind === 'end') return;
        const percentage = value.percentage ?? reported;
        progress.report({ message: value.message, increment: Math.max(0, percentage - reported) });
        reported = percentage;
      });
      try {
        const summary = (await languageClient.sendRequest(
          ExecuteCommandRequest.type,
          { command: LINT_WORKSPACE_COMMAND, arguments: [], workDoneToken },
          cancellation,
        )) as WorkspaceLintResult | null;
        if (summary && !summary.cancelled) {
          const problems = summary.problems === 1 ? '1 problem' : `${summary.problems} problems`;
          void vscode.window.showInformationMessage(`Async Lint: ${summary.files} files linted, ${problems}.`);
        }
        return summary ?? undefined;
      } catch (error) {
        if (cancellation.isCancellationRequested) return undefined;
        throw error;
      } finally {
        listener.dispose();
      }
    },
  );
}

/** Restarts a server that died, with a visible notice, at most MAX_RESTARTS times in RESTART_WINDOW_MS. */
function restartingErrorHandler(output: vscode.LogOutputChannel): ErrorHandler {
  const policy = new RestartPolicy(MAX_RESTARTS, RESTART_WINDOW_MS);
  return {
    error(error, _message, count): ErrorHandlerResult {
      output.error(`connection error: ${error.message}`);
      return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown };
    },
    closed(): CloseHandlerResult {
      const decision = onServerClosed(policy, (message) => void vscode.window.showWarningMessage(message));
      return decision.restart
        ? { action: CloseAction.Restart, handled: true }
        : { action: CloseAction.DoNotRestart, message: decision.message };
    },
  };
}
