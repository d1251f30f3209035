/**
 * The accuracy scorer (scripts/accuracy/score.ts) on a tiny fake corpus: which finding a judgment
 * row judges (same corpus, rule and file, within 2 lines, nearest first, one finding per row),
 * precision with D left out and with D as half, and recall over candidate rows.
 */
import assert from 'node:assert/strict';
import { isReported, matchFindings, parseJudgments, precision, score, type Finding, type JudgmentRow } from '../../scripts/accuracy/score.ts';

const finding = (rule: string, file: string, line: number, endLine = line, corpus = 'app'): Finding => ({ corpus, rule, file, line, endLine, message: `${rule} here` });
const row = (rule: string, file: string, line: number, verdict: 'T' | 'F' | 'D', kind: 'finding' | 'candidate' = 'finding', extra: Partial<JudgmentRow> = {}): JudgmentRow => ({
  corpus: 'app',
  rule,
  file,
  line,
  verdict,
  kind,
  reason: 'why',
  pattern: 'p',
  ...extra,
});

describe('accuracy scorer', () => {
  it('matches a finding to a row of the same rule and file that moved by up to 2 lines, and no further', () => {
    const rows = [row('sequential-awaits', 'a.js', 10, 'T')];
    assert.equal(matchFindings([finding('sequential-awaits', 'a.js', 12)], rows).judged.length, 1);
    assert.equal(matchFindings([finding('sequential-awaits', 'a.js', 8)], rows).judged.length, 1);
    assert.equal(matchFindings([finding('sequential-awaits', 'a.js', 13)], rows).unjudged.length, 1);
    assert.equal(matchFindings([finding('await-in-loop', 'a.js', 10)], rows).unjudged.length, 1);
    assert.equal(matchFindings([finding('sequential-awaits', 'b.js', 10)], rows).unjudged.length, 1);
    assert.equal(matchFindings([{ ...finding('sequential-awaits', 'a.js', 10), corpus: 'other' }], rows).unjudged.length, 1);
  });

  it('gives each row to one finding, the nearest', () => {
    const rows = [row('sequential-awaits', 'a.js', 10, 'T'), row('sequential-awaits', 'a.js', 12, 'F')];
    const { judged, unjudged } = matchFindings([finding('sequential-awaits', 'a.js', 11), finding('sequential-awaits', 'a.js', 12)], rows);
    assert.deepEqual(
      judged.map(({ finding: f, row: r }) => [f.line, r.line, r.verdict]),
      [
        [11, 10, 'T'],
        [12, 12, 'F'],
      ],
    );
    assert.equal(unjudged.length, 0);
    // A third finding in reach of both rows has none left.
    assert.equal(matchFindings([finding('sequential-awaits', 'a.js', 10), finding('sequential-awaits', 'a.js', 11), finding('sequential-awaits', 'a.js', 12)], rows).unjudged.length, 1);
  });

  it('computes precision with D left out and with D as half', () => {
    assert.deepEqual(precision({ T: 3, F: 1, D: 0 }), { excludingD: 0.75, dAsHalf: 0.75 });
    assert.deepEqual(precision({ T: 2, F: 1, D: 2 }), { excludingD: 2 / 3, dAsHalf: 3 / 5 });
    assert.deepEqual(precision({ T: 0, F: 0, D: 1 }), { excludingD: null, dAsHalf: 0.5 });
    assert.deepEqual(precision({ T: 0, F: 0, D: 0 }), { excludingD: null, dAsHalf: null });
  });

  it('reports a candidate pair only when a finding spans both of its statements', () => {
    const pair = row('sequential-awaits', 'a.js', 6, 'T', 'candidate', { endLine: 7 });
    assert.equal(isReported(pair, [finding('sequential-awaits', 'a.js', 5, 7)]), true, 'a group of three from line 5');
    assert.equal(isReported(pair, [finding('sequential-awaits', 'a.js', 5, 6)]), false, 'the group stops before the second statement');
    assert.equal(isReported(pair, [finding('sequential-awaits', 'a.js', 9, 12)]), false, 'a later group');
    assert.equal(isReported(pair, [finding('await-in-loop', 'a.js', 6, 8)]), false, 'another rule');
    const loop = row('await-in-loop', 'a.js', 20, 'T', 'candidate');
    assert.equal(isReported(loop, [finding('await-in-loop', 'a.js', 21, 25)]), true);
    assert.equal(isReported(loop, [finding('await-in-loop', 'a.js', 23, 25)]), false);
  });

  it('scores a fake corpus per rule and language', () => {
    const corpora = [
      { name: 'app', language: 'typescript' },
      { name: 'bot', language: 'python' },
    ];
    const findings = [
      finding('sequential-awaits', 'a.js', 10, 11),
      finding('sequential-awaits', 'a.js', 30, 31),
      finding('sequential-awaits', 'b.js', 5, 6),
      finding('sequential-awaits', 'c.js', 1, 2),
      finding('await-in-loop', 'a.js', 40, 42),
      finding('sequential-awaits', 'm.py', 3, 4, 'bot'),
    ];
    const rows = [
      row('sequential-awaits', 'a.js', 10, 'T'),
      row('sequential-awaits', 'a.js', 30, 'F'),
      row('sequential-awaits', 'b.js', 5, 'D'),
      row('await-in-loop', 'a.js', 40, 'F'),
      { ...row('sequential-awaits', 'm.py', 3, 'T'), corpus: 'bot' },
      // Candidates: two genuine pairs (one reported), one deliberate pair, one genuine loop missed.
      row('sequential-awaits', 'a.js', 10, 'T', 'candidate', { endLine: 11 }),
      row('sequential-awaits', 'd.js', 3, 'T', 'candidate', { endLine: 4 }),
      row('sequential-awaits', 'a.js', 30, 'F', 'candidate', { endLine: 31 }),
      row('await-in-loop', 'e.js', 8, 'T', 'candidate'),
    ];
    const result = score({ corpora, findings, rows });
    assert.deepEqual(
      result.precision.map((p) => [p.language, p.rule, p.T, p.F, p.D, p.unjudged, p.excludingD, p.dAsHalf]),
      [
        ['python', 'sequential-awaits', 1, 0, 0, 0, 1, 1],
        ['typescript', 'await-in-loop', 0, 1, 0, 0, 0, 0],
        ['typescript', 'sequential-awaits', 1, 1, 1, 1, 0.5, 0.5],
      ],
    );
    assert.deepEqual(
      result.recall.map((r) => [r.language, r.rule, r.candidates, r.genuine, r.reported, r.recall]),
      [
        ['typescript', 'await-in-loop', 1, 1, 0, 0],
        ['typescript', 'sequential-awaits', 3, 2, 1, 0.5],
      ],
    );
    assert.deepEqual(
      result.unjudged.map((f) => `${f.file}:${f.line}`),
      ['c.js:1'],
    );
  });

  it('counts findings in migrations apart from the rest of the code', () => {
    const corpora = [{ name: 'app', language: 'typescript' }];
    const findings = [finding('sequential-awaits', 'a.js', 10), { ...finding('sequential-awaits', 'migrations/1.js', 3), area: 'migration' }];
    const rows = [row('sequential-awaits', 'a.js', 10, 'T'), row('sequential-awaits', 'migrations/1.js', 3, 'F')];
    assert.deepEqual(
      score({ corpora, findings, rows }).precision.map((p) => [p.rule, p.area, p.T, p.F, p.excludingD]),
      [
        ['sequential-awaits', 'source', 1, 0, 1],
        ['sequential-awaits', 'migration', 0, 1, 0],
      ],
    );
  });

  it('names the line of every judgment row that cannot be read, and keeps the others', () => {
    const good = JSON.stringify(row('sequential-awaits', 'a.js', 1, 'T'));
    const text = [good, '{ not json', JSON.stringify({ ...row('x', 'a.js', 2, 'T'), verdict: 'maybe' }), JSON.stringify({ ...row('x', 'a.js', 0, 'T') }), '', JSON.stringify({ corpus: 'app' })].join('\n');
    const { rows, problems } = parseJudgments(text, 'j.jsonl');
    assert.equal(rows.length, 1);
    assert.deepEqual(
      problems.map((p) => p.split(':').slice(0, 2).join(':')),
      ['j.jsonl:2', 'j.jsonl:3', 'j.jsonl:4', 'j.jsonl:6'],
    );
    assert.match(problems[1]!, /verdict/);
  });
});
