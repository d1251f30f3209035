// Scoring the linter's findings against the judgments kept in accuracy/judgments/ — pure data in,
// numbers out (no I/O), so that the arithmetic has its own unit test.
//

/** How far (in lines) a finding may have moved from the line its judgment names. */
export const LINE_TOLERANCE = 2;

export type Verdict = 'T' | 'F' | 'D';

export interface Finding {
  corpus: string;
  rule: string;
  /** Relative to the corpus root, with `/`. */
  file: string;
  line: number;
  endLine: number;
  message: string;
  /** source | test | migration | generated: counted apart (default source). */
  area?: string;
}

export interface JudgmentRow {
  corpus: string;
  rule: string;
  file: string;
  line: number;
  /** Candidate pairs: the line of the second statement. */
  endLine?: number;
  verdict: Verdict;
  kind: 'finding' | 'candidate';
  reason: string;
  pattern: string;
}

export interface CorpusLanguage {
  name: string;
  language: string;
}

export interface PrecisionRow {
  language: string;
  rule: string;
  area: string;
  T: number;
  F: number;
  D: number;
  unjudged: number;
  excludingD: number | null;
  dAsHalf: number | null;
}

export interface RecallRow {
  language: string;
  rule: string;
  candidates: number;
  genuine: number;
  reported: number;
  recall: number | null;
  missed: JudgmentRow[];
}

export interface Score {
  precision: PrecisionRow[];
  recall: RecallRow[];
  unjudged: Finding[];
  judged: { finding: Finding; row: JudgmentRow }[];
}

const VERDICTS = new Set(['T', 'F', 'D']);
const KINDS = new Set(['finding', 'candidate']);

/** Parses a .jsonl text of judgment rows; returns { rows, problems } (one problem per bad line). */
export function parseJudgments(text: string, source: string): { rows: JudgmentRow[]; problems: string[] } {
  const rows: JudgmentRow[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const where = `${source}:${i + 1}`;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line) as Record<string, unknown>;
    } catch (error) {
      problems.push(`${where}: not JSON (${(error as Error).message})`);
      return;
    }
    const missing = ['corpus', 'rule', 'file', 'reason', 'pattern'].filter((k) => typeof row[k] !== 'string');
    if (missing.length > 0) problems.push(`${where}: ${missing.join(', ')} missing or not text`);
    else if (!Number.isInteger(row.line) || (row.line as number) < 1) problems.push(`${where}: "line" must be a positive whole number`);
    else if (row.endLine !== undefined && !Number.isInteger(row.endLine)) problems.push(`${where}: "endLine" must be a whole number`);
    else if (!VERDICTS.has(row.verdict as string)) problems.push(`${where}: "verdict" must be T, F or D, not ${JSON.stringify(row.verdict)}`);
    else if (!KINDS.has(row.kind as string)) problems.push(`${where}: "kind" must be "finding" or "candidate"`);
    else rows.push(row as unknown as JudgmentRow);
  });
  return { rows, problems };
}

const key = (corpus: string, rule: string, file: string) => `${corpus}\0${rule}\0${file}`;

function indexBy<T extends { corpus: string; rule: string; file: string }>(items: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item.corpus, item.rule, item.file);
    if (!map.has(k)) map.set(k, []);
    map.get(k)!.push(item);
  }
  return map;
}

/**
 * Pairs each finding with the nearest `finding` row of the same corpus, rule and file within
 * LINE_TOLERANCE lines. Each row judges at most one finding (two findings two lines apart do
 * not share a verdict). Returns { judged: [{ finding, row }], unjudged: [finding] }.
 */
export function matchFindings(findings: Finding[], rows: JudgmentRow[]): Pick<Score, 'judged' | 'unjudged'> {
  const byKey = indexBy(rows.filter((r) => r.kind === 'finding'));
  const used = new Set<JudgmentRow>();
  const judged: Score['judged'] = [];
  const unjudged: Finding[] = [];
  const ordered = [...findings].sort((a, b) => a.line - b.line);
  for (const finding of ordered) {
    let best: JudgmentRow | undefined;
    for (const row of byKey.get(key(finding.corpus, finding.rule, finding.file)) ?? []) {
      const distance = Math.abs(row.line - finding.line);
      if (distance > LINE_TOLERANCE || used.has(row)) continue;
      if (!best || distance < Math.abs(best.line - finding.line)) best = row;
    }
    if (best) {
      used.add(best);
      judged.push({ finding, row: best });
    } else unjudged.push(finding);
  }
  return { judged, unjudged };
}

/**
 * Whether the linter reported a candidate: a finding of the same corpus, rule and file that
 * starts within LINE_TOLERANCE lines of the candidate, or whose range covers it (a group of
 * three statements reports once, at the first). A pair (row.endLine set) is reported only when
 * the finding's range also reaches its second statement.
 */
export function isReported(row: JudgmentRow, findings: Finding[]): boolean {
  return findings.some(
    (f) =>
      f.corpus === row.corpus &&
      f.rule === row.rule &&
      f.file === row.file &&
      f.line <= row.line + LINE_TOLERANCE &&
      f.endLine >= row.line - LINE_TOLERANCE &&
      (row.endLine === undefined || f.endLine >= row.endLine),
  );
}

/** { T, F, D } counts → precision with D left out, and with D counted as half (null when empty). */
export function precision({ T, F, D }: { T: number; F: number; D: number }): { excludingD: number | null; dAsHalf: number | null } {
  return {
    excludingD: T + F > 0 ? T / (T + F) : null,
    dAsHalf: T + F + D > 0 ? (T + D / 2) / (T + F + D) : null,
  };
}

/**
 * The whole score. `corpora` gives each corpus's language. Precision is per language, rule
 * and area (source code apart from migrations, tests and generated files). Returns
 * { precision: [{ language, rule, area, T, F, D, unjudged, excludingD, dAsHalf }],
 *   recall: [{ language, rule, candidates, genuine, reported, recall, missed: [row] }],
 *   unjudged: [finding], judged: [{ finding, row }] }, rows sorted by language then rule.
 */
export function score({ corpora, findings, rows }: { corpora: CorpusLanguage[]; findings: Finding[]; rows: JudgmentRow[] }): Score {
  const languageOf = new Map(corpora.map((c) => [c.name, c.language]));
  const { judged, unjudged } = matchFindings(findings, rows);
  const groups = new Map<string, Omit<PrecisionRow, 'excludingD' | 'dAsHalf'>>();
  const group = (f: Finding) => {
    const language = languageOf.get(f.corpus) ?? '?';
    const area = f.area ?? 'source';
    const k = `${language}\0${f.rule}\0${area}`;
    if (!groups.has(k)) groups.set(k, { language, rule: f.rule, area, T: 0, F: 0, D: 0, unjudged: 0 });
    return groups.get(k)!;
  };
  for (const { finding, row } of judged) group(finding)[row.verdict] += 1;
  for (const finding of unjudged) group(finding).unjudged += 1;
  const precisionRows = [...groups.values()].map((g) => ({ ...g, ...precision(g) })).sort(byLanguageRule);

  const recallGroups = new Map<string, Omit<RecallRow, 'recall'>>();
  for (const row of rows.filter((r) => r.kind === 'candidate' && languageOf.has(r.corpus))) {
    const language = languageOf.get(row.corpus)!;
    const k = `${language}\0${row.rule}`;
    if (!recallGroups.has(k)) recallGroups.set(k, { language, rule: row.rule, candidates: 0, genuine: 0, reported: 0, missed: [] });
    const g = recallGroups.get(k)!;
    g.candidates += 1;
    if (row.verdict !== 'T') continue;
    g.genuine += 1;
    if (isReported(row, findings)) g.reported += 1;
    else g.missed.push(row);
  }
  const recallRows = [...recallGroups.values()].map((g) => ({ ...g, recall: g.genuine > 0 ? g.reported / g.genuine : null })).sort(byLanguageRule);
  return { precision: precisionRows, recall: recallRows, unjudged, judged };
}

const AREA_ORDER = ['source', 'migration', 'test', 'generated'];

function byLanguageRule(a: { language: string; rule: string; area?: string }, b: { language: string; rule: string; area?: string }): number {
  return (
    AREA_ORDER.indexOf(a.area ?? 'source') - AREA_ORDER.indexOf(b.area ?? 'source') ||
    a.language.localeCompare(b.language) ||
    a.rule.localeCompare(b.rule)
  );
}
