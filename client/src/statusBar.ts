/** The status bar item: server state and the active file's async-lint problem count. */
import * as vscode from 'vscode';

export type ServerState = 'starting' | 'running' | 'stopped';

export const DIAGNOSTIC_SOURCE = 'async-lint';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('asyncLint.status', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[] = [];
  private state: ServerState = 'starting';
  /** Broken async-lint.json files, as the server reports them ("FILE: problem"). */
  private configProblems: string[] = [];

  constructor(showOutputCommand: string) {
    this.item.name = 'Async Lint';
    this.item.command = showOutputCommand;
    this.subscriptions.push(
      vscode.languages.onDidChangeDiagnostics((e) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && e.uris.some((u) => u.toString() === active)) this.update();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    );
    this.update();
    this.item.show();
  }

  setState(state: ServerState): void {
    this.state = state;
    this.update();
  }

  setConfigProblems(problems: string[]): void {
    this.configProblems = problems;
    this.update();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }

  private update(): void {
    const editor = vscode.window.activeTextEditor;
    const problems = editor
      ? vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === DIAGNOSTIC_SOURCE).length
      : 0;
    switch (this.state) {
      case 'starting':
        this.item.text = '$(sync~spin) Async Lint';
        this.item.tooltip = 'async-lint: the server is starting';
        this.item.backgroundColor = undefined;
        break;
      case 'stopped':
        this.item.text = '$(error) Async Lint';
        this.item.tooltip = 'async-lint: the server is stopped (click to show its output)';
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
      case 'running':
        if (this.configProblems.length > 0) {
          this.item.text = '$(warning) Async Lint: config error';
          this.item.tooltip = `async-lint: linting with the last good configuration because:\n${this.configProblems.join('\n')}\n(click to show the output)`;
          this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
          break;
        }
        this.item.text = problems > 0 ? `$(warning) Async Lint: ${problems}` : '$(check) Async Lint';
        this.item.tooltip = editor
          ? `async-lint: ${problems === 1 ? '1 problem' : `${problems} problems`} in this file (click to show the output)`
          : 'async-lint: running (click to show the output)';
        this.item.backgroundColor = undefined;
        break;
    }
  }
}
