import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RuleMeta } from '../../core/types.ts';
import { ruleDocsUrl } from '../../rules/index.ts';
import type { CliFileResult } from '../report.ts';

/** SARIF 2.1.0, as GitHub code scanning and other viewers read it. */
export function formatSarif(results: readonly CliFileResult[], cwd: string, metas: readonly RuleMeta[], version: string): string {
  const ruleIndex = new Map(metas.map((m, i) => [m.id, i]));
  const level = (severity: 1 | 2) => (severity === 2 ? 'error' : 'warning');
  const sarifResults = [];
  const notifications = [];
  for (const r of results) {
    const uri = path.relative(cwd, r.filePath).split(path.sep).join('/');
    for (const m of r.messages) {
      const location = {
        physicalLocation: {
          artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
          region: { startLine: m.line, startColumn: m.column, endLine: m.endLine, endColumn: m.endColumn },
        },
      };
      if (m.ruleId === null) {
        notifications.push({ level: 'error', message: { text: m.message }, locations: [location] });
        continue;
      }
      sarifResults.push({
        ruleId: m.ruleId,
        ruleIndex: ruleIndex.get(m.ruleId),
        level: level(m.severity),
        message: { text: m.message },
        locations: [location],
      });
    }
  }
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'async-lint',
            version,
            informationUri: 'https://github.com/async-lint/async-lint',
            rules: metas.map((m) => ({
              id: m.id,
              shortDescription: { text: m.docs.summary || m.id },
              fullDescription: { text: m.docs.what || m.docs.summary || m.id },
              helpUri: ruleDocsUrl(m.id),
              defaultConfiguration: { level: m.defaultSeverity === 'error' ? 'error' : m.defaultSeverity === 'warning' ? 'warning' : 'note' },
              properties: { languages: m.languages },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd + path.sep).href } },
        invocations: [{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }],
        results: sarifResults,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
