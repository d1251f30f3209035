// Draws the seeded precision samples from a findings list written by
// `npm run accuracy -- --findings-out FILE`:
//   node scripts/accuracy/sample-findings.mjs FILE --language typescript --seed 13 --sample 40 [--write]
// Per rule: the findings outside tests, migrations and generated files, in (corpus, file, line)
// order, shuffled with mulberry32(seed); the first `sample` are kept (all when there are fewer).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { areaOf, seededSample } from './candidates.mjs';
import { loadCorpora, REPO } from './corpora.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const language = option('--language', 'typescript');
const seed = Number(option('--seed', '13'));
const n = Number(option('--sample', '40'));
const languageOf = new Map(loadCorpora().map((c) => [c.name, c.language]));
const findings = JSON.parse(readFileSync(args[0], 'utf8')).filter((f) => languageOf.get(f.corpus) === language);
const byPlace = (a, b) => a.corpus.localeCompare(b.corpus) || a.file.localeCompare(b.file) || a.line - b.line;
const rules = [...new Set(findings.map((f) => f.rule))].sort();
const items = [];
const counts = {};
for (const rule of rules) {
  const all = findings.filter((f) => f.rule === rule).sort(byPlace);
  const pool = all.filter((f) => areaOf(f.file, '') === 'source');
  counts[rule] = { findings: all.length, outsideTestsAndMigrations: pool.length };
  const drawn = pool.length > n ? seededSample(pool, n, seed) : pool;
  items.push(...drawn.sort(byPlace).map(({ corpus, rule: r, file, line }) => ({ corpus, rule: r, file, line })));
}
const sample = {
  language,
  corpora: [...new Set(findings.map((f) => f.corpus))].sort(),
  seed,
  how: `per rule, the findings outside tests, migrations and generated files in (corpus, file, line) order, shuffled with mulberry32(seed), the first ${n} kept (all when fewer)`,
  counts,
  items,
};
const text = JSON.stringify(sample, null, 2) + '\n';
if (args.includes('--write')) writeFileSync(path.join(REPO, 'accuracy/samples', `${language}-findings.json`), text);
else process.stdout.write(text);
