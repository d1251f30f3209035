/**
 * Runs peers' own test suites through async-lint and prints, per suite, how many of the peer's
 * valid cases stay silent and how many of its invalid cases are found (docs/peers.md records it).
 *
 *   node --import tsx scripts/peers/run.ts ruff=/path/to/ruff flake8-async=/path/to/flake8-async [--details] [--suite ID]
 *
 * Each `peer=path` is a checkout of that peer's repository; suites of peers not given are skipped.
 * No peer code is part of this repository: the suites read the peer's files from the path given.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { pythonSuites } from './python.ts';
import type { CaseResult, PeerSuite } from './types.ts';
import { typescriptEslintSuites } from './typescriptEslint.ts';

const suites: PeerSuite[] = [...typescriptEslintSuites, ...pythonSuites];

function usage(message: string): never {
  console.error(`${message}\nusage: node --import tsx scripts/peers/run.ts PEER=PATH... [--details] [--suite ID] [--write docs/peers.md]\npeers: ${[...new Set(suites.map((s) => s.peer))].join(', ')}`);
  process.exit(2);
}

const checkouts = new Map<string, string>();
let details = false;
let write: string | undefined;
const only: string[] = [];
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!;
  if (arg === '--details') details = true;
  else if (arg === '--write') write = args[++i] ?? usage('--write needs a file');
  else if (arg === '--suite') only.push(args[++i] ?? usage('--suite needs an id'));
  else if (/^[\w-]+=/.test(arg)) {
    const [peer, dir] = [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)];
    if (!suites.some((s) => s.peer === peer)) usage(`unknown peer "${peer}"`);
    if (!existsSync(dir)) usage(`${peer}: no such folder ${dir}`);
    checkouts.set(peer, dir);
  } else usage(`unknown argument "${arg}"`);
}
if (checkouts.size === 0) usage('give at least one peer checkout');

const percent = (a: number, b: number) => (b === 0 ? '—' : `${a}/${b} (${((100 * a) / b).toFixed(1)}%)`);
const HEADER = ['| suite | valid cases silent | invalid cases found | out of scope |', '|---|---|---|---|'];
const rows: string[] = [...HEADER];
const listing: string[] = [];
/** Per suite run: its table row and its details, for --write. */
const written = new Map<string, { row: string; section: string[] }>();
let unexplained = 0;
for (const suite of suites) {
  const checkout = checkouts.get(suite.peer);
  if (!checkout || (only.length > 0 && !only.includes(suite.id))) continue;
  const result = await suite.run(checkout);
  const { cases, outOfScope } = result;
  const valid = cases.filter((c) => c.kind === 'valid');
  const invalid = cases.filter((c) => c.kind === 'invalid');
  const skipped = outOfScope.reduce((n, o) => n + o.count, 0);
  rows.push(`| ${suite.id}: ${suite.title} | ${percent(valid.filter((c) => c.ok).length, valid.length)} | ${percent(invalid.filter((c) => c.ok).length, invalid.length)} | ${skipped} |`);
  const wrong = cases.filter((c) => !c.ok);
  unexplained += wrong.filter((c) => c.note?.includes('UNEXPLAINED')).length;
  const section = [`### ${suite.id}`, '', ...(result.version ? [`${suite.peer} at ${result.version}.${result.note ? ` Note: ${result.note}.` : ''}`, ''] : [])];
  for (const c of wrong) section.push(`- ${c.kind === 'valid' ? 'reported' : 'missed'} ${c.where}: \`${c.code.replace(/`/g, "'")}\`${c.note ? ` — ${c.note}` : ''}`);
  for (const o of outOfScope) section.push(`- out of scope (${o.count}): ${o.reason}`);
  if (wrong.length === 0 && outOfScope.length === 0) section.push('No differences.');
  written.set(suite.id, { row: rows.at(-1)!, section });
  if (details && (wrong.length > 0 || outOfScope.length > 0)) listing.push('', ...section);
}
console.log(rows.join('\n'));
if (listing.length) console.log(listing.join('\n'));
if (write) writeResults(write);
if (unexplained > 0) {
  console.error(`${unexplained} difference(s) without a reason (scripts/peers/typescriptEslintDifferences.ts, scripts/peers/pythonDifferences.ts)`);
  process.exitCode = 1;
}

/**
 * Rewrites the results between `<!-- results start -->` and `<!-- results end -->`: the rows and
 * details of the suites run now replace theirs; other suites' are kept, so each peer can be run apart.
 */
function writeResults(file: string): void {
  const doc = readFileSync(file, 'utf8');
  const start = doc.indexOf('<!-- results start -->');
  const end = doc.indexOf('<!-- results end -->');
  if (start < 0 || end < start) usage(`${file} has no <!-- results start --> ... <!-- results end --> markers`);
  const region = doc.slice(start, end);
  const kept = new Map<string, { row: string; section: string[] }>();
  for (const suite of suites) {
    const row = region.split('\n').find((l) => l.startsWith(`| ${suite.id}: `));
    const at = region.indexOf(`### ${suite.id}\n`);
    if (!row || at < 0) continue;
    const next = region.slice(at + 1).search(/\n### |\n<!--/);
    kept.set(suite.id, { row, section: region.slice(at, next < 0 ? undefined : at + 1 + next).trimEnd().split('\n') });
  }
  for (const [id, entry] of written) kept.set(id, entry);
  const ordered = suites.filter((s) => kept.has(s.id)).map((s) => kept.get(s.id)!);
  const body = ['<!-- results start -->', '', ...HEADER, ...ordered.map((e) => e.row), '', '## Differences, per suite', '', ...ordered.flatMap((e) => [...e.section, '']), ''];
  writeFileSync(file, doc.slice(0, start) + body.join('\n') + doc.slice(end));
  console.log(`wrote ${file}`);
}
export type { CaseResult };
