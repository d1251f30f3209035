/**
 * The messages the VS Code client and the language server exchange beyond LSP itself: their names
 * and payloads, in one place that both sides import (as vscode-eslint's `$shared/`). Plain strings
 * and types only: the client bundle must not pull in server code.
 */

/** Server → client notification: the state the status bar shows besides the problem count. */
export const STATUS_NOTIFICATION = 'asyncLint/status';

export interface StatusParams {
  /** One line per broken config file: "FILE: problem". Empty when all parse. */
  configProblems: string[];
}

/** `workspace/executeCommand`: applies the safe fix-all edit to a document. */
export const FIX_ALL_COMMAND = 'asyncLint.applyFixAll';

/** FIX_ALL_COMMAND's argument (a bare URI string is accepted too). */
export interface FixAllArguments {
  uri: string;
  version?: number;
}

export interface FixAllResult {
  /** How many fixes the editor applied (0 when there were none, or the edit was refused). */
  applied: number;
}

/**
 * `workspace/executeCommand`: lints every file of the workspace folders, with work-done progress.
 * (Not the client's command id: the language client registers server commands itself.)
 */
export const LINT_WORKSPACE_COMMAND = 'asyncLint.server.lintWorkspace';

export interface WorkspaceLintResult {
  files: number;
  problems: number;
  cancelled: boolean;
}
