import { createHash } from 'node:crypto';
import path from 'node:path';
import type { CliFileResult } from '../report.ts';

/**
 * GitLab code quality: the Code Climate issue JSON that GitLab reads from a job's
 * `artifacts: reports: codequality` file (an array of issues).
 */
export function formatGitlab(results: readonly CliFileResult[], cwd: string): string {
  const issues = [];
  for (const r of results) {
    const file = path.relative(cwd, r.filePath).split(path.sep).join('/');
    // The fingerprint identifies an issue across pipelines: the file, rule and message, and which
    // of its identical siblings it is, so that unrelated edits above it do not make it "new".
    const seen = new Map<string, number>();
    for (const m of r.messages) {
      const key = `${file}\0${m.ruleId ?? ''}\0${m.message}`;
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      issues.push({
        type: 'issue',
        check_name: m.ruleId ?? 'async-lint/fatal',
        description: m.message,
        categories: ['Bug Risk'],
        severity: m.fatal ? 'critical' : m.severity === 2 ? 'major' : 'minor',
        fingerprint: createHash('sha256').update(`${key}\0${occurrence}`).digest('hex'),
        location: { path: file, lines: { begin: Math.max(1, m.line), end: Math.max(1, m.endLine) } },
      });
    }
  }
  return JSON.stringify(issues, null, 2) + '\n';
}
