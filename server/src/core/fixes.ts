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
  /** Fixes left out because the text they produced no longer parsed. */
  rejected: number;
}

/**
 * Re-lints and re-applies until nothing more applies (at most `maxPasses`), so fixes that overlapped
 * in one pass get their turn. `isValid` guards every write: when a pass's output does not parse, its
 * fixes are tried one at a time and the ones that break the text are never applied.
 */
export async function fixUntilStable(
  text: string,
  lint: (text: string) => Promise<Finding[]>,
  options: { unsafe: boolean; maxPasses?: number; isValid: (text: string) => Promise<boolean> },
): Promise<FixLoopResult> {
  let current = text;
  let applied = 0;
  let passes = 0;
  const rejected = new Set<string>();
  const maxPasses = options.maxPasses ?? 10;
  while (passes < maxPasses) {
    const findings = await lint(current);
    const fixes = chooseNonOverlappingFixes(findings, options.unsafe).filter((f) => !rejected.has(signature(f)));
    if (fixes.length === 0) break;
    passes++;
    const next = applyEdits(current, fixes.flatMap((f) => f.edits));
    if (next !== current && (await options.isValid(next))) {
      current = next;
      applied += fixes.length;
      continue;
    }
    let progressed = false;
    for (const fix of fixes) {
      const candidate = applyEdits(current, fix.edits);
      if (candidate !== current && (await options.isValid(candidate))) {
        current = candidate;
        applied++;
        progressed = true;
        break; // offsets of the other fixes refer to the old text: re-lint first
      }
      rejected.add(signature(fix));
    }
    if (!progressed) break;
  }
  return { text: current, applied, passes, rejected: rejected.size };
}

function signature(fix: Fix): string {
  return JSON.stringify([fix.title, fix.edits]);
}
