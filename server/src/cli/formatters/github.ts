import path from 'node:path';
import type { CliFileResult } from '../report.ts';

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** GitHub Actions workflow commands: one annotation per message. */
export function formatGithub(results: readonly CliFileResult[], cwd: string): string {
  let out = '';
  for (const r of results) {
    const file = escapeProperty(path.relative(cwd, r.filePath).split(path.sep).join('/'));
    for (const m of r.messages) {
      const level = m.severity === 2 ? 'error' : 'warning';
      const title = escapeProperty(m.ruleId ? `async-lint(${m.ruleId})` : 'async-lint');
      out += `::${level} file=${file},line=${m.line},col=${m.column},endLine=${m.endLine},endColumn=${m.endColumn},title=${title}::${escapeData(m.message)}\n`;
    }
  }
  return out;
}
