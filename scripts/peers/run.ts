/**
 * Runs peers' own test suites through async-lint and prints, per suite, how many of the peer's
 * valid cases stay silent and how many of its invalid cases are found (docs/peers.md records it).
 *
 *   node --import tsx scripts/peers/run.ts ruff=/path/to/ruff flake8-async=/path/to/flake8-async [--details] [--suite ID]
 *
 * Each `peer=path` is a checkout of that peer's repository; suites of peers not given are skipped.
 * No peer code is part of this repository: the suites read the peer's files from the path given.
 */
import { existsSync } from 'node:fs';
import { pythonSuites } from './python.ts';
import type { CaseResult, PeerSuite } from './types.ts';

const suites: PeerSuite[] = [...pythonSuites];

function usage(message: string): never {
  console.error(`${message}\nusage: node --import tsx scripts/peers/run.ts PEER=PATH... [--details] [--suite ID]\npeers: ${[...new Set(suites.map((s) => s.peer))].join(', ')}`);
  process.exit(2);
}

const checkouts = new Map<string, string>();
let details = false;
const only: string[] = [];
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!;
  if (arg === '--details') details = true;
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
const rows: string[] = ['| suite | valid cases silent | invalid cases found | out of scope |', '|---|---|---|---|'];
const listing: string[] = [];
for (const suite of suites) {
  const checkout = checkouts.get(suite.peer);
  if (!checkout || (only.length > 0 && !only.includes(suite.id))) continue;
  const { cases, outOfScope } = await suite.run(checkout);
  const valid = cases.filter((c) => c.kind === 'valid');
  const invalid = cases.filter((c) => c.kind === 'invalid');
  const skipped = outOfScope.reduce((n, o) => n + o.count, 0);
  rows.push(`| ${suite.id}: ${suite.title} | ${percent(valid.filter((c) => c.ok).length, valid.length)} | ${percent(invalid.filter((c) => c.ok).length, invalid.length)} | ${skipped} |`);
  const wrong = cases.filter((c) => !c.ok);
  if (details && (wrong.length > 0 || outOfScope.length > 0)) {
    listing.push('', `## ${suite.id}`);
    for (const c of wrong) listing.push(`- ${c.kind === 'valid' ? 'reported' : 'missed'} ${c.where}: \`${c.code}\`${c.note ? ` — ${c.note}` : ''}`);
    for (const o of outOfScope) listing.push(`- out of scope (${o.count}): ${o.reason}`);
  }
}
console.log(rows.join('\n'));
if (listing.length) console.log(listing.join('\n'));
export type { CaseResult };
