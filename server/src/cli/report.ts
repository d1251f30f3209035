/** The CLI's results in ESLint's JSON shape; every formatter renders from this. */
import { LineIndex } from '../core/text.ts';
import type { Finding, Fix } from '../core/types.ts';
import type { LintResult } from '../rules/engine.ts';

export interface EslintFix {
  range: [number, number];
  text: string;
}

export interface CliMessage {
  ruleId: string | null;
  /** 1 warning, 2 error (ESLint's levels; hints and infos are shown as warnings). */
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fatal?: true;
  fix?: EslintFix;
  suggestions?: { desc: string; fix: EslintFix }[];
}

export interface CliFileResult {
  filePath: string;
  messages: CliMessage[];
  suppressedMessages: [];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  usedDeprecatedRules: [];
}

/** ESLint gives a fix as one replacement: join a fix's edits into the span they cover. */
function asEslintFix(text: string, fix: Fix): EslintFix {
  const start = Math.min(...fix.edits.map((e) => e.start));
  const end = Math.max(...fix.edits.map((e) => e.end));
  let out = '';
  let cursor = start;
  for (const e of [...fix.edits].sort((a, b) => a.start - b.start)) {
    out += text.slice(cursor, e.start) + e.newText;
    cursor = e.end;
  }
  return { range: [start, end], text: out + text.slice(cursor, end) };
}

function message(text: string, index: LineIndex, f: Finding): CliMessage {
  const s = index.position(f.start);
  const e = index.position(f.end);
  const safe = f.fixes.find((x) => x.applicability === 'safe');
  const unsafe = f.fixes.filter((x) => x !== safe);
  return {
    ruleId: f.ruleId,
    severity: f.severity === 'error' ? 2 : 1,
    message: f.message,
    line: s.line + 1,
    column: s.character + 1,
    endLine: e.line + 1,
    endColumn: e.character + 1,
    ...(safe ? { fix: asEslintFix(text, safe) } : {}),
    ...(unsafe.length > 0 ? { suggestions: unsafe.map((x) => ({ desc: x.title, fix: asEslintFix(text, x) })) } : {}),
  };
}

export function fatalMessage(text: string, line = 1, column = 1): CliMessage {
  return { ruleId: null, severity: 2, message: text, line, column, endLine: line, endColumn: column, fatal: true };
}

/** A file named on the command line that an `ignores` glob excludes (ESLint reports the same as a warning). */
export function ignoredMessage(): CliMessage {
  return { ruleId: null, severity: 1, message: 'File ignored because of a matching "ignores" pattern in async-lint.json.', line: 0, column: 0, endLine: 0, endColumn: 0 };
}

export function toCliResult(result: LintResult): CliFileResult {
  const messages: CliMessage[] = [];
  if (result.fatal) messages.push(fatalMessage(result.fatal));
  // Most files have nothing to report: their line index is not built.
  if (result.syntaxErrors.length === 0 && result.findings.length === 0) return withCounts(result.fileName, messages);
  const index = new LineIndex(result.text);
  for (const err of result.syntaxErrors.slice(0, 1)) {
    const p = index.position(err.start);
    const more = result.syntaxErrors.length > 1 ? ` (and ${result.syntaxErrors.length - 1} more)` : '';
    messages.push(fatalMessage(`Parsing error: ${err.message}${more}`, p.line + 1, p.character + 1));
  }
  for (const f of result.findings) messages.push(message(result.text, index, f));
  messages.sort((a, b) => a.line - b.line || a.column - b.column);
  return withCounts(result.fileName, messages);
}

export function withCounts(filePath: string, messages: CliMessage[]): CliFileResult {
  const count = (pred: (m: CliMessage) => boolean) => messages.filter(pred).length;
  return {
    filePath,
    messages,
    suppressedMessages: [],
    errorCount: count((m) => m.severity === 2),
    fatalErrorCount: count((m) => m.fatal === true),
    warningCount: count((m) => m.severity === 1),
    fixableErrorCount: count((m) => m.severity === 2 && m.fix !== undefined),
    fixableWarningCount: count((m) => m.severity === 1 && m.fix !== undefined),
    usedDeprecatedRules: [],
  };
}
