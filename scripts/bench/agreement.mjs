// Compares findings of overlapping rules: a pair matches when it is in the same file on the same
// start line, or failing that when their line ranges overlap (tools anchor multi-line statements
// differently). Each finding matches at most once.
import { readFileSync } from 'node:fs';
import { OVERLAPS, theirsLabel, theirsMatches } from './tools.mjs';

export function matchFindings(ours, theirs) {
  const left = [...ours];
  const right = [...theirs];
  const matched = [];
  const take = (accept) => {
    for (let i = 0; i < left.length; i++) {
      const j = right.findIndex((t) => t.file === left[i].file && accept(left[i], t));
      if (j < 0) continue;
      matched.push([left[i], right[j]]);
      left.splice(i--, 1);
      right.splice(j, 1);
    }
  };
  take((a, b) => a.line === b.line);
  take((a, b) => a.line <= b.endLine && b.line <= a.endLine);
  return { matched, oursOnly: left, theirsOnly: right };
}

/**
 * The agreement rows of one corpus. `findings`: tool id → findings; `ourRules`: the rule ids
 * async-lint has now. A pair whose async-lint rule does not exist yet is listed as pending.
 */
export function agreement(corpus, findings, ourRules, explanations) {
  const rows = [];
  const pending = [];
  for (const overlap of OVERLAPS) {
    for (const tool of overlap.tools) {
      if (!findings[tool]) continue;
      if (!ourRules.has(overlap.ours)) {
        pending.push({ ours: overlap.ours, tool, theirs: theirsLabel(overlap) });
        continue;
      }
      const ours = (findings['async-lint'] ?? []).filter((f) => f.rule === overlap.ours);
      const theirs = findings[tool].filter((f) => theirsMatches(overlap, f.rule));
      const { matched, oursOnly, theirsOnly } = matchFindings(ours, theirs);
      const explain = (side) => (f) => ({ ...f, side, why: explanationFor(explanations, { corpus, tool, ours: overlap.ours, side, finding: f }) });
      rows.push({
        ours: overlap.ours,
        tool,
        theirs: theirsLabel(overlap),
        mustCover: overlap.covered?.includes(tool) ?? false,
        matched: matched.length,
        oursOnly: oursOnly.map(explain('ours-only')),
        theirsOnly: theirsOnly.map(explain('theirs-only')),
      });
    }
  }
  return { rows, pending };
}

/** bench/differences.json: hand-written reasons for findings one tool has and the other has not. */
export function loadExplanations(file) {
  return JSON.parse(readFileSync(file, 'utf8')).differences;
}

function explanationFor(explanations, { corpus, tool, ours, side, finding }) {
  const hit = explanations.find(
    (e) =>
      e.corpus === corpus &&
      e.tool === tool &&
      e.ours === ours &&
      e.side === side &&
      (e.file === undefined || e.file === finding.file) &&
      (e.line === undefined || e.line === finding.line) &&
      (e.rule === undefined || e.rule === finding.rule),
  );
  return hit?.why;
}
