/**
 * Code actions from a document's findings: one quick fix per fix, "disable for this line", and
 * the safe fix-all source action. Every edit is computed on the text of a known document version
 * and says so (versioned `documentChanges`), so a client never applies it to different text.
 */
import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic,
  type Range,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { disableNextLineEdit, UNUSED_DIRECTIVE_RULE } from '../core/directives.ts';
import { languageOf } from '../core/files.ts';
import { chooseNonOverlappingFixes } from '../core/fixes.ts';
import type { LineIndex } from '../core/text.ts';
import type { Finding, Fix, TextEdit } from '../core/types.ts';
import { findingOf, rangeOf, toDiagnostic } from './diagnostics.ts';

export const FIX_ALL_KIND = 'source.fixAll.asyncLint';
export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, FIX_ALL_KIND];
export const FIX_ALL_TITLE = 'Fix all safe async-lint problems';

/** A document as it was linted: the findings belong to exactly this version's text. */
export interface LintedDocument {
  uri: string;
  version: number;
  fileName: string;
  text: string;
  findings: readonly Finding[];
  index: LineIndex;
}

export interface EditCapabilities {
  /** The client accepts `documentChanges` (versioned edits). */
  documentChanges: boolean;
}

/** Whether a requested `only` list (kinds and their parents) asks for `kind`. */
export function wantsKind(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
}

export function workspaceEdit(doc: LintedDocument, edits: readonly TextEdit[], caps: EditCapabilities): WorkspaceEdit {
  const lspEdits: LspTextEdit[] = edits.map((e) => ({ range: rangeOf(doc.index, e.start, e.end), newText: e.newText }));
  if (caps.documentChanges) {
    return { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: lspEdits }] };
  }
  return { changes: { [doc.uri]: lspEdits } };
}

/** The findings a code action request is about: those of its diagnostics, else those its range touches. */
export function findingsForRequest(doc: LintedDocument, range: Range, diagnostics: readonly Diagnostic[]): Finding[] {
  if (diagnostics.length > 0) {
    const matched = diagnostics.map((d) => findingOf(d, doc.findings, doc.index)).filter((f): f is Finding => f !== undefined);
    return [...new Set(matched)];
  }
  const start = doc.index.offset(range.start);
  const end = doc.index.offset(range.end);
  return doc.findings.filter((f) => f.start <= end && f.end >= start);
}

export function quickFixes(doc: LintedDocument, findings: readonly Finding[], caps: EditCapabilities): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const finding of findings) {
    const diagnostic = toDiagnostic(finding, doc.index);
    const preferred = finding.fixes.findIndex((fix) => fix.applicability === 'safe');
    finding.fixes.forEach((fix, i) => {
      if (fix.edits.length === 0) return;
      actions.push({
        title: fix.applicability === 'safe' ? fix.title : `${fix.title} (unsafe)`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        ...(i === preferred ? { isPreferred: true } : {}),
        edit: workspaceEdit(doc, fix.edits, caps),
      });
    });
  }
  // One "disable" per rule and line, after all the fixes (fixes are what a user usually wants).
  const seen = new Set<string>();
  for (const finding of findings) {
    const line = doc.index.position(finding.start).line;
    const key = `${finding.ruleId}:${line}`;
    if (seen.has(key) || finding.ruleId === UNUSED_DIRECTIVE_RULE) continue;
    seen.add(key);
    actions.push({
      title: `Disable ${finding.ruleId} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [toDiagnostic(finding, doc.index)],
      edit: workspaceEdit(doc, [disableForLineEdit(doc, finding)], caps),
    });
  }
  return actions;
}

/** The next-line directive for a finding (see core/directives.ts). */
export function disableForLineEdit(doc: LintedDocument, finding: Finding): TextEdit {
  return disableNextLineEdit(doc.text, doc.index, languageOf(doc.fileName) === 'python', finding.ruleId, finding.start);
}

/** The safe fixes of the whole document that do not overlap one another. */
export function safeFixesOf(doc: LintedDocument): Fix[] {
  return chooseNonOverlappingFixes(doc.findings, false);
}

export function fixAllAction(doc: LintedDocument, caps: EditCapabilities, kind: string = FIX_ALL_KIND): CodeAction | undefined {
  const fixes = safeFixesOf(doc);
  if (fixes.length === 0) return undefined;
  return { title: FIX_ALL_TITLE, kind, edit: workspaceEdit(doc, fixes.flatMap((f) => f.edits), caps) };
}
