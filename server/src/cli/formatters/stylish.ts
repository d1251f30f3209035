import path from 'node:path';
import type { CliFileResult } from '../report.ts';

/** ESLint's default human format: a block per file, then a summary line. */
export function formatStylish(results: readonly CliFileResult[], cwd: string, color: boolean): string {
  const c = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  let out = '';
  let errors = 0;
  let warnings = 0;
  let fixable = 0;
  for (const r of results) {
    if (r.messages.length === 0) continue;
    errors += r.errorCount;
    warnings += r.warningCount;
    fixable += r.fixableErrorCount + r.fixableWarningCount;
    out += `\n${c('4', path.relative(cwd, r.filePath) || r.filePath)}\n`;
    const rows = r.messages.map((m) => [
      `  ${m.line}:${m.column}`,
      m.severity === 2 ? c('31', 'error') : c('33', 'warning'),
      m.message,
      c('2', m.ruleId ?? ''),
    ]);
    const widths = [0, 1].map((i) => Math.max(...rows.map((row) => visibleLength(row[i]!))));
    for (const row of rows) {
      out += `${pad(row[0]!, widths[0]!)}  ${pad(row[1]!, widths[1]!)}  ${row[2]}  ${row[3]}\n`.replace(/\s+\n$/, '\n');
    }
  }
  const total = errors + warnings;
  if (total === 0) return '';
  const summary = `✖ ${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`;
  out += `\n${c(errors > 0 ? '31;1' : '33;1', summary)}\n`;
  if (fixable > 0) out += `  ${fixable} problem${fixable === 1 ? '' : 's'} potentially fixable with the \`--fix\` option.\n`;
  return out;
}

function visibleLength(s: string): number {
  return s.replace(/\x1b\[[0-9;]*m/g, '').length;
}

function pad(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - visibleLength(s)));
}
