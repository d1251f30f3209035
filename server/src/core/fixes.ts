import type { Finding, Fix, TextEdit } from './types.ts';

/** Applies non-overlapping edits; throws when two overlap, since that would corrupt the text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.start < cursor || edit.end < edit.start || edit.end > text.length) {
      throw new Error(`overlapping or out-of-range edit at ${edit.start}-${edit.end}`);
    }
    out += text.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  return out + text.slice(cursor);
}

function fixRange(fix: Fix): [number, number] {
  let start = Infinity;
  let end = -Infinity;
  for (const e of fix.edits) {
    start = Math.min(start, e.start);
    end = Math.max(end, e.end);
  }
  return [start, end];
}

/**
 * Picks, per finding, its first fix allowed by `unsafe`, and keeps only fixes whose span does not
 * touch one already chosen (as ESLint and vscode-eslint do); the rest wait for the next pass.
 */
export function chooseNonOverlappingFixes(findings: readonly Finding[], unsafe: boolean): Fix[] {
  const candidates: Fix[] = [];
  for (const f of findings) {
    const fix = f.fixes.find((x) => unsafe || x.applicability === 'safe');
    if (fix && fix.edits.length > 0) candidates.push(fix);
  }
  candidates.sort((a, b) => fixRange(a)[0] - fixRange(b)[0]);
  const chosen: Fix[] = [];
  let lastEnd = -1;
  for (const fix of candidates) {
    const [start, end] = fixRange(fix);
    if (start <= lastEnd && lastEnd >= 0) continue;
    chosen.push(fix);
    lastEnd = end;
  }
  return chosen;
}

export interface FixLoopResult {
  text: string;
  applied: number;
  passes: number;
}

/**
 * Re-lints and re-applies until nothing more applies (at most `maxPasses`), so fixes that overlapped
 * in one pass get their turn. `isValid` rejects a pass whose output no longer parses.
 */
export async function fixUntilStable(
  text: string,
  lint: (text: string) => Promise<Finding[]>,
  options: { unsafe: boolean; maxPasses?: number; isValid: (text: string) => Promise<boolean> },
): Promise<FixLoopResult> {
  let current = text;
  let applied = 0;
  let passes = 0;
  const maxPasses = options.maxPasses ?? 10;
  while (passes < maxPasses) {
    const fixes = chooseNonOverlappingFixes(await lint(current), options.unsafe);
    if (fixes.length === 0) break;
    const next = applyEdits(current, fixes.flatMap((f) => f.edits));
    passes++;
    if (next === current || !(await options.isValid(next))) break;
    current = next;
    applied += fixes.length;
  }
  return { text: current, applied, passes };
}
