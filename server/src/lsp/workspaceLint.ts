/**
 * "Lint workspace": every file of the workspace folders (discovered as the CLI does: .gitignore
 * honoured, node_modules skipped, `ignores` of async-lint.json applied) is linted from disk in
 * batches, with work-done progress the client can cancel, and its diagnostics are published so the
 * Problems panel shows closed files too. Afterwards a closed file that changes on disk, or an open
 * one that is closed, is linted again from disk, so those results stay current.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CancellationToken, Diagnostic, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import { discoverFiles } from '../node/discover.ts';
import { readSourceFile } from '../node/readSource.ts';
import type { ResolvedConfig } from '../core/config.ts';
import { LineIndex } from '../core/text.ts';
import type { Linter } from '../rules/engine.ts';
import type { DocumentConfig } from './configuration.ts';
import type { WorkspaceLintResult } from '../shared/protocol.ts';
import { fatalDiagnostic, toDiagnostic } from './diagnostics.ts';

/** Files per synchronous lint call; between batches the server answers the editor. */
const BATCH_SIZE = 20;

export interface WorkspaceLintHost {
  linter: Linter;
  folders(): string[];
  isOpen(fileName: string): boolean;
  configFor(uri: string, fileName: string): Promise<DocumentConfig>;
  publish(uri: string, diagnostics: Diagnostic[]): void;
  logError(context: string, error: unknown): void;
}


export class WorkspaceLint {
  /** Files the last workspace lint covered: kept current as they change on disk. */
  private readonly covered = new Set<string>();
  private refreshing: Promise<void> = Promise.resolve();

  constructor(private readonly host: WorkspaceLintHost) {}

  async run(progress: WorkDoneProgressReporter, token: CancellationToken): Promise<WorkspaceLintResult> {
    const folders = this.host.folders();
    progress.begin('Async Lint: linting the workspace', 0, 'finding files…', true);
    const files = folders.flatMap((folder) => discoverFiles([folder], folder, ['typescript', 'python']).map((f) => f.fileName));
    let linted = 0;
    let problems = 0;
    try {
      for (let i = 0; i < files.length; i += BATCH_SIZE) {
        if (token.isCancellationRequested) return { files: linted, problems, cancelled: true };
        const batch = files.slice(i, i + BATCH_SIZE);
        const outcome = await this.lintFromDisk(batch);
        linted += outcome.linted;
        problems += outcome.problems;
        const seen = Math.min(i + BATCH_SIZE, files.length);
        progress.report(Math.round((seen / files.length) * 100), `${seen} of ${files.length} files`);
        // Let the connection deliver edits and requests that arrived meanwhile.
        await new Promise((resolve) => setImmediate(resolve));
      }
      return { files: linted, problems, cancelled: false };
    } finally {
      progress.done();
    }
  }

  /** A file changed on disk (or an open document was closed): re-lint it if the workspace lint covered it. */
  refresh(fileNames: readonly string[]): void {
    const stale = fileNames.filter((f) => this.covered.has(f) && !this.host.isOpen(f));
    if (stale.length === 0) return;
    // Chained so refreshes run one at a time; a failure is logged and does not stop later ones.
    this.refreshing = this.refreshing
      .then(() => this.lintFromDisk(stale))
      .then(
        () => undefined,
        (error: unknown) => this.host.logError(`re-linting ${stale.join(', ')} from disk`, error),
      );
  }

  /** Lints closed files from disk and publishes their diagnostics; says how many files it linted and problems it found. */
  private async lintFromDisk(fileNames: readonly string[]): Promise<{ linted: number; problems: number }> {
    const inputs: { fileName: string; text: string }[] = [];
    const configs = new Map<string, ResolvedConfig>();
    let problems = 0;
    for (const fileName of fileNames) {
      if (this.host.isOpen(fileName)) continue;
      const uri = pathToFileURL(fileName).href;
      const config = await this.host.configFor(uri, fileName);
      if (!config.lint) {
        // Newly ignored or disabled: clear what an earlier lint showed.
        if (this.covered.delete(fileName)) this.host.publish(uri, []);
        continue;
      }
      this.covered.add(fileName);
      const source = readSourceFile(fileName);
      if ('error' in source) {
        this.host.publish(uri, []);
        continue;
      }
      configs.set(fileName, config.config);
      inputs.push({ fileName, text: source.text });
    }
    if (inputs.length === 0) return { linted: 0, problems: 0 };
    const results = this.host.linter.lint(inputs, (f) => configs.get(f)!);
    for (const result of results) {
      const uri = pathToFileURL(result.fileName).href;
      // A file opened while the batch ran: its buffer's diagnostics win.
      if (this.host.isOpen(result.fileName)) continue;
      const index = new LineIndex(result.text);
      const diagnostics = result.fatal ? [fatalDiagnostic(result.fatal)] : result.findings.map((f) => toDiagnostic(f, index));
      problems += diagnostics.length;
      this.host.publish(uri, diagnostics);
    }
    // The engine keeps the texts it was given as overlays: closed files must be read from disk again later.
    for (const input of inputs) if (!this.host.isOpen(input.fileName)) this.host.linter.setText(input.fileName, undefined);
    return { linted: inputs.length, problems };
  }

  isCovered(fileName: string): boolean {
    return this.covered.has(path.resolve(fileName));
  }
}
