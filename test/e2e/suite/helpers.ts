/**
 * Helpers for the editor tests. Everything waits on editor events (diagnostics changes, file
 * creation), never on sleeps; every wait has a generous timeout that fails with what it waited for
 * and what it saw instead.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, watch } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'async-lint.async-lint';
export const SOURCE = 'async-lint';
/** Diagnostics can take a while on a cold start: the server starts tsgo for the first TypeScript project. */
export const WAIT_MS = 90_000;

export function ruleOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code);
}

export function lintDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function describeDiagnostics(uri: vscode.Uri): string {
  const all = vscode.languages.getDiagnostics(uri);
  if (all.length === 0) return 'none';
  return all.map((d) => `${d.source}/${d.code === undefined ? '(no code)' : ruleOf(d)} at ${d.range.start.line + 1}:${d.range.start.character + 1} "${d.message.slice(0, 300)}"`).join('; ');
}

/**
 * Resolves with the async-lint diagnostics of `uri` once `accept` holds for them: checked now and on
 * every `onDidChangeDiagnostics` for that document.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = WAIT_MS,
): Promise<vscode.Diagnostic[]> {
  const now = lintDiagnostics(uri);
  if (accept(now)) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what} in ${path.basename(uri.fsPath)}; its diagnostics are: ${describeDiagnostics(uri)}`));
    }, timeoutMs);
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((u) => u.toString() === uri.toString())) return;
      const diagnostics = lintDiagnostics(uri);
      if (!accept(diagnostics)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(diagnostics);
    });
  });
}

export const has = (rule: string) => (ds: vscode.Diagnostic[]) => ds.some((d) => ruleOf(d) === rule);
export const lacks = (rule: string) => (ds: vscode.Diagnostic[]) => !ds.some((d) => ruleOf(d) === rule);
export const all =
  (...tests: ((ds: vscode.Diagnostic[]) => boolean)[]) =>
  (ds: vscode.Diagnostic[]) =>
    tests.every((t) => t(ds));

export function single(diagnostics: vscode.Diagnostic[], rule: string): vscode.Diagnostic {
  const found = diagnostics.filter((d) => ruleOf(d) === rule);
  assert.equal(found.length, 1, `one ${rule} diagnostic, got: ${diagnostics.map(ruleOf).join(', ')}`);
  return found[0]!;
}

export function folder(name: string): vscode.WorkspaceFolder {
  const found = vscode.workspace.workspaceFolders?.find((f) => f.name === name);
  assert.ok(found, `workspace folder ${name} is open (folders: ${vscode.workspace.workspaceFolders?.map((f) => f.name).join(', ')})`);
  return found;
}

export function fixtureUri(folderName: string, relative: string): vscode.Uri {
  return vscode.Uri.joinPath(folder(folderName).uri, ...relative.split('/'));
}

export async function open(folderName: string, relative: string): Promise<{ document: vscode.TextDocument; editor: vscode.TextEditor }> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(folderName, relative));
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  return { document, editor };
}

/** The installed async-lint extension (from the .vsix, not from a development folder), activated. */
export async function activatedExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed; extensions: ${vscode.extensions.all.map((e) => e.id).join(', ')}`);
  await extension.activate();
  return extension;
}

export async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const actions = (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, kind)) ?? [];
  return actions.filter((a): a is vscode.CodeAction => !('command' in a && typeof a.command === 'string'));
}

export async function applyCodeAction(uri: vscode.Uri, range: vscode.Range, pick: (a: vscode.CodeAction) => boolean, what: string): Promise<vscode.CodeAction> {
  const actions = await codeActions(uri, range, vscode.CodeActionKind.QuickFix.value);
  const action = actions.find(pick);
  assert.ok(action, `a code action ${what}; offered: ${actions.map((a) => JSON.stringify(a.title)).join(', ') || 'none'}`);
  assert.ok(action.edit, `the code action "${action.title}" carries an edit`);
  assert.equal(await vscode.workspace.applyEdit(action.edit), true, `the edit of "${action.title}" applied`);
  return action;
}

/** Resolves with the file's text once it exists (fs.watch on its folder), or fails after `timeoutMs`. */
export function waitForFile(file: string, what: string, timeoutMs = WAIT_MS): Promise<string> {
  return new Promise((resolve, reject) => {
    const finish = (error?: Error) => {
      clearTimeout(timer);
      watcher.close();
      if (error) reject(error);
      else resolve(readFileSync(file, 'utf8'));
    };
    const watcher = watch(path.dirname(file), () => {
      if (existsSync(file) && readFileSync(file, 'utf8').endsWith('\n')) finish();
    });
    const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what} (${file})`)), timeoutMs);
    if (existsSync(file) && readFileSync(file, 'utf8').endsWith('\n')) finish();
  });
}

/** Sets a setting for the duration of `body`, then restores what was set before. */
export async function withSetting<T>(
  section: string,
  key: string,
  value: unknown,
  target: vscode.ConfigurationTarget,
  scope: vscode.ConfigurationScope | undefined,
  body: () => Promise<T>,
): Promise<T> {
  const configuration = vscode.workspace.getConfiguration(section, scope);
  const inspected = configuration.inspect(key);
  const before =
    target === vscode.ConfigurationTarget.WorkspaceFolder
      ? inspected?.workspaceFolderValue
      : target === vscode.ConfigurationTarget.Workspace
        ? inspected?.workspaceValue
        : inspected?.globalValue;
  await configuration.update(key, value, target);
  // update() resolves once the settings file is written; the workbench (and the save participants
  // that read it there) may take the change later on a loaded machine. The extension host hears of
  // it after the workbench, so seeing it here means every reader sees it.
  await waitForSetting(section, key, value, target, scope);
  try {
    return await body();
  } finally {
    await vscode.workspace.getConfiguration(section, scope).update(key, before, target);
    await waitForSetting(section, key, before, target, scope);
  }
}

/** Resolves once `section.key` holds `value` at `target` in `scope` (checked now and on every configuration change). */
export function waitForSetting(
  section: string,
  key: string,
  value: unknown,
  target: vscode.ConfigurationTarget,
  scope: vscode.ConfigurationScope | undefined,
  timeoutMs = WAIT_MS,
): Promise<void> {
  const current = () => {
    const inspected = vscode.workspace.getConfiguration(section, scope).inspect(key);
    return target === vscode.ConfigurationTarget.WorkspaceFolder
      ? inspected?.workspaceFolderValue
      : target === vscode.ConfigurationTarget.Workspace
        ? inspected?.workspaceValue
        : inspected?.globalValue;
  };
  const holds = () => JSON.stringify(current()) === JSON.stringify(value);
  if (holds()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out waiting for ${section}.${key} to read ${JSON.stringify(value)}; it reads ${JSON.stringify(current())}`));
    }, timeoutMs);
    const subscription = vscode.workspace.onDidChangeConfiguration(() => {
      if (!holds()) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    });
  });
}
