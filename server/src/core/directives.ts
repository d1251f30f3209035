/**
 * Suppression directives, the same words in every language's comments:
 *   async-lint-disable-next-line ID[, ID] [-- reason]
 *   async-lint-disable-line ID[, ID] [-- reason]
 *   async-lint-disable ID[, ID] [-- reason]      (whole file)
 * With no ID a directive covers every rule. A directive, or an id in it, that silences nothing is
 * reported by `unused-directive` (as ESLint's reportUnusedDisableDirectives), with a safe fix that
 * removes it. Directives of the tools teams migrate from also silence (directiveInterop.ts).
 */
import { parseForeignDirectives, type ForeignDirective } from './directiveInterop.ts';
import { indentationAt, lineBreakOf, LineIndex } from './text.ts';
import type { Finding, Severity, TextEdit } from './types.ts';

export const UNUSED_DIRECTIVE_RULE = 'unused-directive';

export interface DirectiveId {
  id: string;
  start: number;
  end: number;
}

export interface Directive {
  kind: 'next-line' | 'line' | 'file';
  /** Empty: every rule. */
  ids: DirectiveId[];
  /** 0-based line the directive suppresses (for `file`, its own line). */
  targetLine: number;
  /** The directive's words, from the comment marker to the end of its ids and reason. */
  start: number;
  end: number;
  /** The whole comment holding it. */
  commentStart: number;
  commentEnd: number;
}

/** Whether an offset lies in a comment (not in a string that merely contains the words). */
export type CommentTest = (offset: number) => boolean;

const DIRECTIVE = /(\/\/|\/\*|#)\s*async-lint-disable(-next-line|-line)?(?![\w-])([^\n\r]*)/g;
const RULE_ID = /^[a-z0-9-]+$/;

export function parseDirectives(text: string, index = new LineIndex(text), isComment: CommentTest = () => true): Directive[] {
  const out: Directive[] = [];
  for (const m of text.matchAll(DIRECTIVE)) {
    const start = m.index!;
    if (!isComment(start)) continue;
    const marker = m[1]!;
    const line = index.position(start).line;
    const kind = m[2] === '-next-line' ? 'next-line' : m[2] === '-line' ? 'line' : 'file';
    let rest = m[3] ?? '';
    let commentEnd = start + m[0].length;
    if (marker === '/*') {
      const close = rest.indexOf('*/');
      if (close >= 0) {
        commentEnd = start + m[0].length - rest.length + close + 2;
        rest = rest.slice(0, close);
      }
    }
    const restStart = start + m[0].length - (m[3] ?? '').length;
    const body = rest.split('--')[0]!;
    const ids: DirectiveId[] = [];
    for (const word of body.matchAll(/[^\s,]+/g)) {
      const idStart = restStart + word.index!;
      ids.push({ id: word[0], start: idStart, end: idStart + word[0].length });
    }
    const end = restStart + rest.trimEnd().length;
    out.push({ kind, ids, targetLine: kind === 'next-line' ? line + 1 : line, start, end, commentStart: start, commentEnd });
  }
  return out;
}

export interface DirectiveOptions {
  index?: LineIndex;
  isComment?: CommentTest;
  /** Severity of `unused-directive`; `off` or undefined: unused directives are not reported. */
  unusedSeverity?: Severity;
  /** Rules that ran on this file: only their ids can be judged unused. */
  activeRules?: ReadonlySet<string>;
  /** Every rule id of the catalogue, to tell an unknown id from an inactive one. */
  knownRules?: ReadonlySet<string>;
}

/**
 * Drops findings covered by a directive (a finding spanning lines is matched by its first line)
 * and adds an `unused-directive` finding per directive id that silenced nothing.
 */
export function applyDirectives(text: string, findings: Finding[], options: DirectiveOptions = {}): Finding[] {
  const ours = text.includes('async-lint-disable');
  const theirs = text.includes('eslint-') || text.includes('noqa') || text.includes('pyright:');
  // Most files have no directive at all: then not even a line index is needed.
  if (!ours && !theirs) return findings;
  const index = options.index ?? new LineIndex(text);
  const isComment = options.isComment ?? (() => true);
  const directives = ours ? parseDirectives(text, index, isComment) : [];
  const foreign = theirs ? parseForeignDirectives(text, isComment) : [];
  if (directives.length === 0 && foreign.length === 0) return findings;
  const foreignCovers = foreignCoverage(foreign, index);
  const used = new Set<string>();
  const kept = findings.filter((f) => {
    const line = index.position(f.start).line;
    let silenced = false;
    for (const d of directives) {
      if (d.kind !== 'file' && d.targetLine !== line) continue;
      if (d.ids.length === 0) {
        used.add(`${d.start}:*`);
        silenced = true;
      }
      for (const id of d.ids) {
        if (id.id === f.ruleId) {
          used.add(`${d.start}:${id.id}`);
          silenced = true;
        }
      }
    }
    return !silenced && !foreignCovers(f.ruleId, line);
  });
  if (!options.unusedSeverity || options.unusedSeverity === 'off' || !options.activeRules) return kept;
  for (const d of directives) kept.push(...unusedFindings(text, index, d, used, options as Required<DirectiveOptions>));
  return kept;
}

function foreignCoverage(foreign: ForeignDirective[], index: LineIndex): (ruleId: string, line: number) => boolean {
  if (foreign.length === 0) return () => false;
  const withLines = foreign.map((d) => ({ ...d, line: index.position(d.start).line }));
  return (ruleId, line) => {
    const names = (d: ForeignDirective) => d.ruleIds === undefined || d.ruleIds.includes(ruleId);
    for (const d of withLines) {
      if (!names(d)) continue;
      if (d.kind === 'file' || (d.kind === 'line' && d.line === line) || (d.kind === 'next-line' && d.line + 1 === line)) return true;
      if (d.kind === 'from' && d.line <= line) {
        // Until a later `eslint-enable` naming the rule (or every rule).
        const enabled = withLines.some((e) => e.kind === 'until' && e.line > d.line && e.line <= line && names(e));
        if (!enabled) return true;
      }
    }
    return false;
  };
}

function unusedFindings(text: string, index: LineIndex, d: Directive, used: Set<string>, options: Required<DirectiveOptions>): Finding[] {
  const severity = options.unusedSeverity as Exclude<Severity, 'off'>;
  const finding = (start: number, end: number, message: string, edit: TextEdit): Finding => ({
    ruleId: UNUSED_DIRECTIVE_RULE,
    start,
    end,
    message,
    severity,
    fixes: [{ title: 'Remove the unused directive', applicability: 'safe', edits: [edit] }],
  });
  if (d.ids.length === 0) {
    if (used.has(`${d.start}:*`) || options.activeRules.size === 0) return [];
    return [finding(d.start, d.end, 'Unused async-lint-disable directive: no problem was reported here.', removeComment(text, index, d))];
  }
  const unused = d.ids.filter((id) => {
    if (used.has(`${d.start}:${id.id}`)) return false;
    // An id of a rule that is off or belongs to another language cannot be judged here.
    return options.activeRules.has(id.id) || (!options.knownRules.has(id.id) && RULE_ID.test(id.id));
  });
  if (unused.length === 0) return [];
  const describe = (id: DirectiveId) =>
    options.knownRules.has(id.id) ? `no ${id.id} problem was reported here` : `"${id.id}" is not an async-lint rule`;
  if (unused.length === d.ids.length) {
    const what = unused.map(describe).join('; ');
    return [finding(d.start, d.end, `Unused async-lint-disable directive: ${what}.`, removeComment(text, index, d))];
  }
  return unused.map((id) => finding(id.start, id.end, `Unused rule in async-lint-disable directive: ${describe(id)}.`, removeId(text, d, id)));
}

/** Removes the directive's comment; its whole line when the comment stands alone on it. */
function removeComment(text: string, index: LineIndex, d: Directive): TextEdit {
  const line = index.position(d.commentStart).line;
  const lineStart = index.lineStart(line);
  const lineEnd = line + 1 < index.lineCount ? index.lineStart(line + 1) : text.length;
  const before = text.slice(lineStart, d.commentStart);
  const after = text.slice(d.commentEnd, lineEnd);
  if (before.trim() === '' && after.trim() === '') return { start: lineStart, end: lineEnd, newText: '' };
  let start = d.commentStart;
  while (start > lineStart && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return { start, end: d.commentEnd, newText: '' };
}

/** Removes one id from a directive's list, with the comma that joined it. */
function removeId(text: string, d: Directive, id: DirectiveId): TextEdit {
  const i = d.ids.indexOf(id);
  if (i > 0) {
    const previous = d.ids[i - 1]!;
    return { start: previous.end, end: id.end, newText: '' };
  }
  const next = d.ids[i + 1]!;
  return { start: id.start, end: next.start, newText: '' };
}

/**
 * `// async-lint-disable-next-line <rule>` above the line of `offset`, indented like it (`#` in
 * Python). When a next-line directive with ids already sits there, the rule joins its list: a new
 * line between them would move that directive's target onto the new comment.
 */
export function disableNextLineEdit(text: string, index: LineIndex, python: boolean, ruleId: string, offset: number): TextEdit {
  const line = index.position(offset).line;
  const existing = parseDirectives(text, index).find((d) => d.kind === 'next-line' && d.targetLine === line && d.ids.length > 0);
  if (existing) {
    const last = existing.ids[existing.ids.length - 1]!;
    return { start: last.end, end: last.end, newText: `, ${ruleId}` };
  }
  const lineStart = index.lineStart(line);
  const comment = python ? '#' : '//';
  return { start: lineStart, end: lineStart, newText: `${indentationAt(text, lineStart)}${comment} async-lint-disable-next-line ${ruleId}${lineBreakOf(text)}` };
}
