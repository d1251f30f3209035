/** Findings (offsets) → LSP diagnostics (UTF-16 line/character ranges, the LSP default encoding). */
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver/node';
import type { LineIndex } from '../core/text.ts';
import type { Finding } from '../core/types.ts';
import { ruleDocsUrl } from '../rules/index.ts';

export const SOURCE = 'async-lint';

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function rangeOf(index: LineIndex, start: number, end: number): Range {
  return { start: index.position(start), end: index.position(end) };
}

export function toDiagnostic(finding: Finding, index: LineIndex): Diagnostic {
  return {
    range: rangeOf(index, finding.start, finding.end),
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: ruleDocsUrl(finding.ruleId) },
    source: SOURCE,
    message: finding.message,
  };
}

/** Why a file got no analysis at all (too large, backend unavailable), shown where users look. */
export function fatalDiagnostic(reason: string): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    message: `async-lint did not analyse this file: ${reason}`,
  };
}

export function isOurs(diagnostic: Diagnostic): boolean {
  return diagnostic.source === SOURCE && typeof diagnostic.code === 'string';
}

function samePosition(a: Range['start'], b: Range['start']): boolean {
  return a.line === b.line && a.character === b.character;
}

/** The finding a diagnostic was made from (clients echo diagnostics back in code action requests). */
export function findingOf(diagnostic: Diagnostic, findings: readonly Finding[], index: LineIndex): Finding | undefined {
  if (!isOurs(diagnostic)) return undefined;
  return findings.find((f) => {
    if (f.ruleId !== diagnostic.code || f.message !== diagnostic.message) return false;
    const range = rangeOf(index, f.start, f.end);
    return samePosition(range.start, diagnostic.range.start) && samePosition(range.end, diagnostic.range.end);
  });
}
