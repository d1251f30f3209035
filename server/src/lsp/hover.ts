/** Hover on a finding: what is wrong, why, a before/after, how safe the fix is, and the docs link. */
import { MarkupKind, type Hover } from 'vscode-languageserver/node';
import type { Finding, RuleMeta } from '../core/types.ts';
import { ruleDocsUrl } from '../rules/index.ts';
import type { LintedDocument } from './codeActions.ts';
import { rangeOf } from './diagnostics.ts';

const EXAMPLE_MAX_LINES = 12;

/** How the awaits run now and after the fix; only for the rules about running work concurrently. */
const TIMELINES: Record<string, string> = {
  'sequential-awaits': ['before  ├─ call 1 ─┤├─ call 2 ─┤', 'after   ├─ call 1 ─┤', '        ├─ call 2 ─┤'].join('\n'),
  'await-in-loop': ['before  ├ item 1 ┤├ item 2 ┤├ item 3 ┤', 'after   ├ item 1 ┤', '        ├ item 2 ┤', '        ├ item 3 ┤'].join('\n'),
};

export function hoverAt(doc: LintedDocument, offset: number, metaOf: (ruleId: string) => RuleMeta | undefined, markdown: boolean): Hover | undefined {
  const here = doc.findings.filter((f) => f.start <= offset && offset <= f.end);
  if (here.length === 0) return undefined;
  const start = Math.min(...here.map((f) => f.start));
  const end = Math.max(...here.map((f) => f.end));
  return {
    contents: { kind: markdown ? MarkupKind.Markdown : MarkupKind.PlainText, value: here.map((f) => describe(f, metaOf(f.ruleId))).join('\n\n---\n\n') },
    range: rangeOf(doc.index, start, end),
  };
}

function describe(finding: Finding, meta: RuleMeta | undefined): string {
  const parts = [`**async-lint** \`${finding.ruleId}\`: ${finding.message}`];
  const docs = meta?.docs;
  if (docs?.why) parts.push(docs.why);
  const timeline = TIMELINES[finding.ruleId];
  if (timeline) parts.push(fence(timeline, 'text'));
  const example = docs?.examples[0];
  if (example) {
    const lang = example.language === 'python' ? 'python' : 'ts';
    parts.push(`Before:\n${fence(shorten(example.bad), lang)}\nAfter:\n${fence(shorten(example.good), lang)}`);
  }
  const fixes = finding.fixes.map((f) => `“${f.title}” (${f.applicability})`);
  if (fixes.length > 0) parts.push(`Fix: ${fixes.join(', ')}.${docs?.fixSafety ? ' ' + docs.fixSafety : ''}`);
  else if (docs?.fixSafety) parts.push(`Fix: ${docs.fixSafety}`);
  parts.push(`[${finding.ruleId} documentation](${ruleDocsUrl(finding.ruleId)})`);
  return parts.join('\n\n');
}

function shorten(code: string): string {
  const lines = code.trimEnd().split('\n');
  return lines.length <= EXAMPLE_MAX_LINES ? lines.join('\n') : [...lines.slice(0, EXAMPLE_MAX_LINES), '…'].join('\n');
}

function fence(code: string, lang: string): string {
  return '```' + lang + '\n' + code + '\n```';
}
