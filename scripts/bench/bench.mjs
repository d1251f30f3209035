// `npm run bench`: async-lint against ESLint + typescript-eslint, oxlint --type-aware, pyright and
// Ruff (wasm) on the same real code, in the same run, interleaved, several times; then the editor
// latency of `async-lint lsp --stdio`. Writes docs/benchmarks.md (between its generated-results
// markers) and the charts docs/images/bench-wall.svg and bench-memory.svg.
//
//   npm run bench [-- --reps N] [--only openai,npm,python,editor] [--edits N] [--quick]
//                 [--no-references] [--no-build] [--no-write] [--cache DIR]
//
// Everything fetched or installed goes to the cache (default ~/.cache/async-lint-bench, or
// $ASYNC_LINT_BENCH_CACHE): the corpora (npm registry, Debian's archive) and the peer tools
// (bench/package.json + its lockfile). Raw results: <cache>/results/*.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { agreement, loadExplanations } from './agreement.mjs';
import { prepareCorpus } from './corpora.mjs';
import { runEditorBench } from './lsp-latency.mjs';
import { measure } from './measure.mjs';
import { installPeers } from './peers.mjs';
import { writeReport } from './report.mjs';
import { toolsFor } from './tools.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BENCH_DIR = path.join(REPO, 'bench');
const ALL = ['openai', 'npm', 'python', 'editor'];

const { values } = parseArgs({
  options: {
    reps: { type: 'string' },
    only: { type: 'string', default: ALL.join(',') },
    edits: { type: 'string' },
    quick: { type: 'boolean', default: false },
    'no-references': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    cache: { type: 'string', default: process.env.ASYNC_LINT_BENCH_CACHE ?? path.join(os.homedir(), '.cache/async-lint-bench') },
  },
});
const reps = Number(values.reps ?? (values.quick ? 1 : 3));
const edits = Number(values.edits ?? (values.quick ? 200 : 1000));
const only = values.only.split(',').map((s) => s.trim());
for (const o of only) if (!ALL.includes(o)) throw new Error(`--only takes ${ALL.join(', ')}; got ${o}`);
const cacheDir = path.resolve(values.cache);
const started = Date.now();
const log = (m) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${m}\n`);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function git(args) {
  try {
    return execFileSync('git', args, { cwd: REPO, encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

function ourRules() {
  const out = execFileSync(process.execPath, [path.join(REPO, 'bin/async-lint.mjs'), 'rules'], { encoding: 'utf8' });
  return new Set(out.split('\n').map((l) => l.split(/\s+/)[0]).filter(Boolean));
}

if (!values['no-build']) {
  log('building async-lint (npm run build)');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
}
mkdirSync(cacheDir, { recursive: true });
const peers = installPeers(BENCH_DIR, cacheDir, log);
const rules = ourRules();
const corpora = only.filter((c) => c !== 'editor').map((name) => prepareCorpus(name, cacheDir, log));
const editorCorpus = only.includes('editor') ? (corpora.find((c) => c.name === 'openai') ?? prepareCorpus('openai', cacheDir, log)) : undefined;
const outDir = path.join(cacheDir, 'results', new Date(started).toISOString().replace(/[:.]/g, '-'));
mkdirSync(outDir, { recursive: true });

const suites = corpora.map((corpus) => ({
  corpus,
  tools: toolsFor(corpus.language, REPO, peers)
    .filter((t) => !t.reference || !values['no-references'])
    .map((t) => ({ ...t, runs: [], findings: undefined, failures: [] })),
}));

// Interleaved: every repetition runs every tool once on every corpus, in an order that rotates,
// so load from other work on the machine spreads over all tools. Reference type-checks run once.
for (let rep = 0; rep < reps; rep++) {
  for (const suite of suites) {
    const order = suite.tools.map((_, i) => suite.tools[(i + rep) % suite.tools.length]);
    for (const tool of order) {
      if (tool.reference && rep > 0) continue;
      const [command, args] = tool.command(suite.corpus.dir);
      const stdoutFile = path.join(outDir, `${suite.corpus.name}-${tool.id}-${rep}.out`);
      const r = await measure(command, args, { cwd: suite.corpus.dir, env: { ...process.env, ...tool.env }, stdoutFile });
      let ok = tool.exitCodes.includes(r.exitCode);
      if (!ok) tool.failures.push(`exit ${r.exitCode}; stderr: ${r.stderr.slice(0, 2000)}`);
      if (ok && !tool.reference && !tool.variant) {
        try {
          const findings = tool.parse(readFileSync(stdoutFile, 'utf8'), suite.corpus.dir);
          tool.findings ??= findings;
        } catch (error) {
          ok = false;
          tool.failures.push(`exit ${r.exitCode}: ${error.message}; stderr: ${r.stderr.slice(0, 2000)}`);
        }
      }
      if (ok) tool.runs.push({ wallSeconds: r.wallSeconds, peakRssMb: r.peakRssMb, cpuSeconds: r.cpuSeconds, exitCode: r.exitCode });
      log(`${suite.corpus.name} #${rep + 1} ${tool.label}: ${r.wallSeconds.toFixed(2)} s, ${r.peakRssMb.toFixed(0)} MB${ok ? '' : ' (FAILED: see results)'}`);
    }
  }
}

const explanations = loadExplanations(path.join(BENCH_DIR, 'differences.json'));
const results = {
  date: new Date(started).toISOString(),
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverage: os.loadavg() },
  asyncLint: { commit: git(['rev-parse', '--short', 'HEAD']), uncommittedChanges: (git(['status', '--porcelain']) ?? '') !== '', rules: [...rules] },
  peers: peers.versions,
  reps,
  corpora: suites.map(({ corpus, tools }) => {
    const ours = tools.find((t) => t.ours);
    const findings = Object.fromEntries(tools.filter((t) => t.findings).map((t) => [t.id, t.findings]));
    return {
      ...corpus,
      tools: tools.map((t) => ({
        id: t.id,
        label: t.label,
        ours: t.ours ?? false,
        reference: t.reference ?? false,
        variant: t.variant ?? false,
        runs: t.runs,
        failures: t.failures,
        median: {
          wallSeconds: median(t.runs.map((r) => r.wallSeconds)),
          peakRssMb: median(t.runs.map((r) => r.peakRssMb)),
          cpuSeconds: median(t.runs.map((r) => r.cpuSeconds)),
        },
        findingCounts: t.findings ? countBy(t.findings, (f) => f.rule) : undefined,
      })),
      ourTool: ours?.id,
      agreement: agreement(corpus.name, findings, rules, explanations),
    };
  }),
};

if (editorCorpus) {
  log(`editor latency: ${edits} edits`);
  results.editor = await runEditorBench({ repo: REPO, corpusDir: editorCorpus.dir, edits, log });
}

writeFileSync(path.join(outDir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
const report = writeReport(results, { repo: REPO, write: !values['no-write'] });
process.stdout.write(report.summary + '\n');
log(`raw results: ${path.join(outDir, 'results.json')}${values['no-write'] ? '' : '; wrote docs/benchmarks.md and docs/images/bench-*.svg'}`);

function countBy(items, key) {
  const counts = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
