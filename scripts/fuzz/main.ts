/**
 * `npm run fuzz -- [--seed N] [--count M] [--corpus DIR]... [options]`: a longer fuzz run than the
 * one inside `npm test`. Prints a summary, writes every problem's input and output to a folder,
 * and exits 1 when a problem was found. `--help` lists the options.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildServer } from '../../test/lsp/lspClient.ts';
import { runFuzz, summarize } from './run.ts';

const USAGE = `Usage: npm run fuzz -- [options]
  --seed N              run seed (default 1); input i of seed N is always the same mutation
  --count M             inputs (default 2000)
  --corpus DIR          more seed files (repeatable): e.g. the bench's npm and Debian sources
  --max-corpus-files K  files taken from each corpus, spread over it (default 400)
  --cli-every K         every K-th input also through the CLI (default 10; 0: none)
  --lsp-every K         every K-th input also through the language server (default 20; 0: none)
  --type-budget K       fix outputs type-checked with tsgo (default 1000)
  --lint-bound MS       one lint slower than this is a problem (default 10000)
  --hang-bound MS       an input not done within this is a hang (default 60000)
  --out FILE            the full result as JSON
  --failures DIR        one folder per problem with the input, the output and what went wrong
                        (default: <tmp>/async-lint-fuzz-failures-<seed> when there are problems)
  --no-build            use dist/ as it is (default: build it first, as the tests do)`;

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    count: { type: 'string', default: '2000' },
    corpus: { type: 'string', multiple: true, default: [] },
    'max-corpus-files': { type: 'string', default: '400' },
    'cli-every': { type: 'string', default: '10' },
    'lsp-every': { type: 'string', default: '20' },
    'type-budget': { type: 'string', default: '1000' },
    'lint-bound': { type: 'string', default: '10000' },
    'hang-bound': { type: 'string', default: '60000' },
    out: { type: 'string' },
    failures: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  process.stdout.write(USAGE + '\n');
  process.exit(0);
}

const int = (name: keyof typeof values): number => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`fuzz: --${name} takes a whole number\n`);
    process.exit(2);
  }
  return n;
};

if (!values['no-build']) buildServer();
const seed = int('seed');
const result = await runFuzz({
  seed,
  count: int('count'),
  corpora: values.corpus,
  maxCorpusFiles: int('max-corpus-files'),
  cliEvery: int('cli-every'),
  lspEvery: int('lsp-every'),
  typeBudget: int('type-budget'),
  lintBoundMs: int('lint-bound'),
  hangBoundMs: int('hang-bound'),
  respawnEvery: 1000,
  log: (line) => process.stderr.write(line + '\n'),
});
process.stdout.write(summarize(result) + '\n');
if (values.out) writeFileSync(values.out, JSON.stringify(result, null, 1));
if (result.problems.length > 0) {
  const dir = path.resolve(values.failures ?? path.join(os.tmpdir(), `async-lint-fuzz-failures-${seed}`));
  result.problems.forEach((p, i) => {
    const d = path.join(dir, `${String(i + 1).padStart(3, '0')}-${p.kind}`);
    mkdirSync(d, { recursive: true });
    const ext = path.extname(p.fileName ?? '') || '.txt';
    if (p.input !== undefined) writeFileSync(path.join(d, `input${ext}`), p.input);
    if (p.output !== undefined) writeFileSync(path.join(d, `output${ext}`), p.output);
    writeFileSync(path.join(d, 'problem.txt'), `${p.kind}\ninput ${p.inputId} from ${p.seedName ?? '?'} linted as ${p.fileName ?? '?'}\nmutations: ${(p.ops ?? []).join('; ')}\n\n${p.detail}\n`);
  });
  process.stderr.write(`fuzz: ${result.problems.length} problems; inputs and outputs in ${dir}\n`);
  process.exitCode = 1;
}
