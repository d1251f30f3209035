// Lists the findings of chosen rules on a folder with a few lines of context, for reading and
// judging by hand (the precision figures in the closing notes come from this).
//   node scripts/corpus-findings.mjs DIR rule-id[,rule-id] [--sample N] > findings.md
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [dir, rules, ...rest] = process.argv.slice(2);
if (!dir || !rules) {
  console.error('usage: node scripts/corpus-findings.mjs DIR rule-id[,rule-id] [--sample N] [--seed S]');
  process.exit(2);
}
const sample = rest.includes('--sample') ? Number(rest[rest.indexOf('--sample') + 1]) : Infinity;
let seed = rest.includes('--seed') ? Number(rest[rest.indexOf('--seed') + 1]) : 1;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '../bin/async-lint.mjs');
const wanted = rules.split(',');
const r = spawnSync(process.execPath, [bin, dir, '--format', 'json', '--rule', 'sequential-awaits=warning'], { encoding: 'utf8', maxBuffer: 1 << 28 });
if (!r.stdout) {
  console.error(r.stderr);
  process.exit(2);
}
let findings = [];
for (const file of JSON.parse(r.stdout)) {
  for (const m of file.messages) if (wanted.includes(m.ruleId)) findings.push({ file: file.filePath, ...m });
}
const total = findings.length;
if (findings.length > sample) {
  findings = findings.map((f) => [random(), f]).sort((a, b) => a[0] - b[0]).slice(0, sample).map(([, f]) => f);
  findings.sort((a, b) => (a.file + a.line).localeCompare(b.file + b.line));
}
console.log(`# ${total} findings of ${wanted.join(', ')} in ${dir}${findings.length < total ? ` (sample of ${findings.length})` : ''}\n`);
findings.forEach((f, i) => {
  const lines = readFileSync(f.file, 'utf8').split('\n');
  const from = Math.max(0, f.line - 4);
  const to = Math.min(lines.length, f.endLine + 3);
  const body = lines.slice(from, to).map((l, k) => `${String(from + k + 1).padStart(5)}${from + k + 1 >= f.line && from + k + 1 <= f.endLine ? '>' : ' '} ${l}`).join('\n');
  console.log(`## ${i + 1}. ${path.relative(dir, f.file)}:${f.line} ${f.ruleId}\n${f.message}\n\n\`\`\`\n${body}\n\`\`\`\n\nverdict: \n`);
});
