import path from 'node:path';
import type { CliFileResult } from '../report.ts';

/**
 * JUnit XML, as ESLint's junit formatter writes it (Jenkins, GitLab and Azure test reports read it):
 * a test suite per file, a test case per message with its failure, and one passing case for a
 * file without messages.
 */
export function formatJunit(results: readonly CliFileResult[], cwd: string): string {
  let out = '<?xml version="1.0" encoding="utf-8"?>\n<testsuites>\n';
  for (const r of results) {
    const file = attr(path.relative(cwd, r.filePath).split(path.sep).join('/') || r.filePath);
    const failures = r.messages.length;
    out += `<testsuite package="async-lint" time="0" tests="${Math.max(1, failures)}" errors="0" failures="${failures}" name="${file}">\n`;
    if (failures === 0) out += `<testcase time="0" name="async-lint" classname="${file}" />\n`;
    for (const m of r.messages) {
      const level = m.severity === 2 ? 'Error' : 'Warning';
      const ruleName = m.ruleId ?? 'fatal';
      const detail = `line ${m.line}, col ${m.column}, ${level} - ${m.message}${m.ruleId ? ` (${m.ruleId})` : ''}`;
      out += `<testcase time="0" name="async-lint.${attr(ruleName)}" classname="${file}">`;
      out += `<failure message="${attr(m.message)}" type="${level.toLowerCase()}">${cdata(detail)}</failure></testcase>\n`;
    }
    out += '</testsuite>\n';
  }
  return out + '</testsuites>\n';
}

/** Characters XML 1.0 cannot hold at all (control characters other than tab and newlines, lone surrogates). */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function attr(s: string): string {
  return s.replace(NOT_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}

function cdata(s: string): string {
  return `<![CDATA[${s.replace(NOT_XML, '\uFFFD').replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}
