/**
 * Suppression directives, the same words in every language's comments:
 *   async-lint-disable-next-line ID[, ID] [-- reason]
 *   async-lint-disable-line ID[, ID]
 *   async-lint-disable ID[, ID]        (whole file)
 * With no ID a directive covers every rule.
 */
import { LineIndex } from './text.ts';
import type { Finding } from './types.ts';

export interface Directive {
  kind: 'next-line' | 'line' | 'file';
  /** Empty: every rule. */
  ruleIds: string[];
  /** 0-based line the directive suppresses (for `file`, its own line). */
  targetLine: number;
  start: number;
  end: number;
}

const DIRECTIVE = /(?:\/\/|\/\*|#)\s*async-lint-disable(-next-line|-line)?\b([^\n\r*]*)/g;

export function parseDirectives(text: string, index = new LineIndex(text)): Directive[] {
  const out: Directive[] = [];
  for (const m of text.matchAll(DIRECTIVE)) {
    const start = m.index!;
    const line = index.position(start).line;
    const kind = m[1] === '-next-line' ? 'next-line' : m[1] === '-line' ? 'line' : 'file';
    const body = (m[2] ?? '').split('--')[0]!;
    const ruleIds = body
      .split(',')
      .map((s) => s.trim())
      .filter((s) => /^[a-z0-9-]+$/.test(s));
    out.push({ kind, ruleIds, targetLine: kind === 'next-line' ? line + 1 : line, start, end: start + m[0].length });
  }
  return out;
}

function covers(d: Directive, ruleId: string): boolean {
  return d.ruleIds.length === 0 || d.ruleIds.includes(ruleId);
}

/** Drops findings covered by a directive. A finding spanning lines is matched by its first line. */
export function applyDirectives(text: string, findings: Finding[], index = new LineIndex(text)): Finding[] {
  const directives = parseDirectives(text, index);
  if (directives.length === 0) return findings;
  return findings.filter((f) => {
    const line = index.position(f.start).line;
    return !directives.some((d) => covers(d, f.ruleId) && (d.kind === 'file' || d.targetLine === line));
  });
}
