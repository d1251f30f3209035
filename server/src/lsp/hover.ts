/**
 * Hover on a finding: what is wrong and why, this finding's own before and after (its preferred fix
 * applied to the user's code, shortened to the changed lines), for the rules about running work
 * concurrently a timeline named with the user's calls, how safe the fix is, and the docs link.
 */
import { MarkupKind, type Hover } from 'vscode-languageserver/node';
import { applyEdits } from '../core/fixes.ts';
import type { Finding, Fix, RuleMeta, TextEdit } from '../core/types.ts';
import { ruleDocsUrl } from '../rules/index.ts';
import type { LintedDocument } from './codeActions.ts';
import { rangeOf } from './diagnostics.ts';

const EXAMPLE_MAX_LINES = 12;
/** Lines between two edits of one fix that still show as one piece (more become `…`). */
const HUNK_GAP_LINES = 2;
const CALL_NAME_MAX = 24;
const BAR = '├──┤';

export function hoverAt(doc: LintedDocument, offset: number, metaOf: (ruleId: string) => RuleMeta | undefined, markdown: boolean): Hover | undefined {
  const here = doc.findings.filter((f) => f.start <= offset && offset <= f.end);
  if (here.length === 0) return undefined;
  const start = Math.min(...here.map((f) => f.start));
  const end = Math.max(...here.map((f) => f.end));
  return {
    contents: { kind: markdown ? MarkupKind.Markdown : MarkupKind.PlainText, value: here.map((f) => describe(doc, f, metaOf(f.ruleId))).join('\n\n---\n\n') },
    range: rangeOf(doc.index, start, end),
  };
}

function describe(doc: LintedDocument, finding: Finding, meta: RuleMeta | undefined): string {
  const parts = [`**async-lint** \`${finding.ruleId}\`: ${finding.message}`];
  const docs = meta?.docs;
  if (docs?.why) parts.push(docs.why);
  const timeline = timelineOf(doc.text, finding);
  if (timeline) parts.push(fence(timeline, 'text'));
  const lang = /\.pyi?$/i.test(doc.fileName) ? 'python' : 'ts';
  const preferred = finding.fixes[0];
  if (preferred) {
    const { before, after } = beforeAndAfter(doc.text, preferred);
    parts.push(`Before:\n${fence(before, lang)}\nAfter the first fix:\n${fence(after, lang)}`);
  } else if (docs?.examples[0]) {
    // No fix to show on the user's code: the rule's own example says what to write instead.
    const example = docs.examples[0];
    const exampleLang = example.language === 'python' ? 'python' : 'ts';
    parts.push(`For example, instead of:\n${fence(shorten(example.bad), exampleLang)}\nwrite:\n${fence(shorten(example.good), exampleLang)}`);
  }
  const fixes = finding.fixes.map((f) => `“${f.title}” (${f.applicability})`);
  if (fixes.length > 0) parts.push(`Fix: ${fixes.join(', ')}.${docs?.fixSafety ? ' ' + docs.fixSafety : ''}`);
  else if (docs?.fixSafety) parts.push(`Fix: ${docs.fixSafety}`);
  parts.push(`[${finding.ruleId} documentation](${ruleDocsUrl(finding.ruleId)})`);
  return parts.join('\n\n');
}

/**
 * The lines a fix changes, before and after. Edits a few lines apart are one piece; pieces further
 * apart (an import added at the top, the rewrite below) are joined by `…`.
 */
export function beforeAndAfter(text: string, fix: Fix): { before: string; after: string } {
  const edits = [...fix.edits].sort((a, b) => a.start - b.start);
  const hunks: { start: number; end: number; edits: TextEdit[] }[] = [];
  for (const edit of edits) {
    const start = lineStart(text, edit.start);
    // An edit that takes a line's break ends there; the piece holds all of it.
    const end = Math.max(lineEnd(text, edit.end), edit.end);
    const last = hunks.at(-1);
    if (last && linesBetween(text, last.end, start) <= HUNK_GAP_LINES) {
      last.end = Math.max(last.end, end);
      last.edits.push(edit);
    } else {
      hunks.push({ start, end, edits: [edit] });
    }
  }
  const pieces = hunks.map((h) => {
    const before = text.slice(h.start, h.end);
    const after = applyEdits(before, h.edits.map((e) => ({ start: e.start - h.start, end: e.end - h.start, newText: e.newText })));
    return { before: shorten(dedent(before)), after: shorten(dedent(after)) };
  });
  return { before: pieces.map((p) => p.before).join('\n…\n'), after: pieces.map((p) => p.after).join('\n…\n') };
}

/**
 * How the awaits run now and after the fix, named with the calls the finding awaits (its own
 * text); generic names when the calls cannot be read from it.
 */
export function timelineOf(text: string, finding: Finding): string | undefined {
  const calls = awaitedCalls(text.slice(finding.start, finding.end));
  if (finding.ruleId === 'sequential-awaits') {
    const names = calls.length >= 2 ? calls : ['call 1', 'call 2'];
    const width = Math.max(...names.map((n) => n.length));
    return [
      `now    ${names.map((n) => `${n} ${BAR}`).join(' ')}`,
      ...names.map((n, i) => `${i === 0 ? 'fixed' : '     '}  ${n.padEnd(width)} ${BAR}`),
    ].join('\n');
  }
  if (finding.ruleId === 'await-in-loop') {
    const name = calls[0] ?? 'item';
    return [
      `now    ${[1, 2, 3].map(() => `${name} ${BAR}`).join(' ')} …  one item after another`,
      `fixed  ${name} ${BAR}  every item at once`,
      `       ${name} ${BAR}`,
      `       ${name} ${BAR}`,
    ].join('\n');
  }
  return undefined;
}

/** The callee of each `await callee(...)` in a piece of code (TypeScript and Python alike), `this.`/`self.` dropped. */
function awaitedCalls(code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(/\bawait\s+([A-Za-z_$][\w$]*(?:\s*\??\.\s*[A-Za-z_$][\w$]*)*)\s*(?:<[^()]*>)?\s*\(/g)) {
    const name = m[1]!.replace(/\s+/g, '').replace(/^(this|self)\./, '');
    out.push(name.length > CALL_NAME_MAX ? '…' + name.slice(-(CALL_NAME_MAX - 1)) : name);
  }
  return out;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  // An edit that ends at a line's start ends on the line before.
  const from = offset > 0 && text[offset - 1] === '\n' ? offset - 1 : offset;
  const newline = text.indexOf('\n', from);
  return newline === -1 ? text.length : newline;
}

function linesBetween(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n - 1;
}

/** Removes the indentation every non-blank line shares, and carriage returns. */
function dedent(code: string): string {
  const lines = code.replace(/\r/g, '').split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(common)).join('\n');
}

function shorten(code: string): string {
  const lines = code.trimEnd().split('\n');
  return lines.length <= EXAMPLE_MAX_LINES ? lines.join('\n') : [...lines.slice(0, EXAMPLE_MAX_LINES), '…'].join('\n');
}

function fence(code: string, lang: string): string {
  return '```' + lang + '\n' + code + '\n```';
}
