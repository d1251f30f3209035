// `npm run accuracy [-- --corpus NAME | --language L] [--unjudged-out FILE] [--findings-out FILE]
// [--cli PATH] [--no-docs]`: rebuilds each judged
// corpus (cached in .accuracy-cache/), runs the built CLI on it with every rule on (tests and
// migrations at their defaults), scores the findings against accuracy/judgments/*.jsonl and
// prints the table; a full run also rewrites docs/accuracy.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeSource, loadCorpora, prepareCorpus, REPO } from './corpora.mjs';
import { parseJudgments, score } from './score.ts';
import { renderReport, renderTable } from './report.mjs';
import { areaOf } from './candidates.mjs';

let BIN = path.join(REPO, 'bin/async-lint.mjs');

function option(args, name) {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  if (i + 1 >= args.length) throw new Error(`${name} needs a value`);
  return args[i + 1];
}

/** Rule ids as the built CLI lists them (first column of `async-lint rules`). */
function ruleIds() {
  const r = spawnSync(process.execPath, [BIN, 'rules'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`async-lint rules failed: ${r.stderr}`);
  return r.stdout
    .split('\n')
    .map((l) => l.split(/\s+/)[0])
    .filter((id) => /^[a-z][a-z-]+$/.test(id));
}

function version() {
  const sha = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' });
  return sha.status === 0 ? sha.stdout.trim() : 'unknown';
}

/** Runs the CLI on the corpus root; returns findings with files relative to the root. */
function lintCorpus(corpus, root, rules) {
  // Excludes go through a config file next to the root, whose globs are relative to it.
  const configFile = path.join(root, '.async-lint-accuracy.json');
  writeFileSync(configFile, JSON.stringify({ ignores: corpus.exclude ?? [] }, null, 2) + '\n');
  const args = [BIN, root, '--format', 'json', '--config', configFile, ...rules.flatMap((id) => ['--rule', `${id}=warning`])];
  const started = Date.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 29 });
  const seconds = (Date.now() - started) / 1000;
  // Exit 1 (findings) and 2 with a full report (a file that cannot be parsed) still give results.
  let results;
  try {
    results = JSON.parse(r.stdout);
  } catch {
    throw new Error(`${corpus.name}: async-lint exited with ${r.status} and no JSON report:\n${r.stderr}`);
  }
  const findings = [];
  let files = 0;
  const fatal = [];
  for (const result of results) {
    files += 1;
    const file = path.relative(root, result.filePath).split(path.sep).join('/');
    for (const m of result.messages) {
      if (!m.ruleId) {
        fatal.push(`${file}:${m.line} ${m.message}`); // could not be read or parsed: not a rule's finding
        continue;
      }
      findings.push({ corpus: corpus.name, rule: m.ruleId, file, line: m.line, endLine: m.endLine ?? m.line, message: m.message, area: areaOf(file, '') });
    }
  }
  if (files === 0) throw new Error(`${corpus.name}: async-lint linted no file in ${root} (ignored by a .gitignore or "exclude"?)`);
  const notices = r.stderr.split('\n').filter((l) => l.trim() !== '');
  return { findings, files, seconds, notices: [...new Set(notices)], fatal };
}

function loadJudgments() {
  const dir = path.join(REPO, 'accuracy/judgments');
  const rows = [];
  const problems = [];
  for (const f of existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort() : []) {
    const parsed = parseJudgments(readFileSync(path.join(dir, f), 'utf8'), `accuracy/judgments/${f}`);
    rows.push(...parsed.rows);
    problems.push(...parsed.problems);
  }
  return { rows, problems };
}

function withContext(finding, root, radius = 6) {
  const lines = readFileSync(path.join(root, finding.file), 'utf8').split('\n');
  const from = Math.max(1, finding.line - radius);
  const to = Math.min(lines.length, finding.endLine + radius);
  const body = [];
  for (let n = from; n <= to; n++) body.push(`${String(n).padStart(5)}${n >= finding.line && n <= finding.endLine ? '>' : ' '} ${lines[n - 1]}`);
  return `## ${finding.corpus} ${finding.file}:${finding.line} ${finding.rule}\n${finding.message}\n\n\`\`\`\n${body.join('\n')}\n\`\`\`\n`;
}

async function main(args) {
  const only = option(args, '--corpus');
  const language = option(args, '--language');
  // --cli PATH scores another build of the linter (a colleague's checkout) against these judgments.
  const cli = option(args, '--cli');
  if (cli) BIN = path.resolve(cli);
  const started = Date.now();
  const unjudgedOut = option(args, '--unjudged-out');
  const findingsOut = option(args, '--findings-out');
  const all = loadCorpora();
  const corpora = all.filter((c) => (!only || c.name === only) && (!language || c.language === language));
  if (corpora.length === 0) throw new Error(`no corpus matches ${only ?? language}; known: ${all.map((c) => c.name).join(', ')}`);
  const { rows, problems } = loadJudgments();
  if (problems.length > 0) throw new Error(`judgment rows that cannot be read:\n${problems.join('\n')}`);
  const rules = ruleIds();
  const findings = [];
  const runs = [];
  const roots = new Map();
  for (const corpus of corpora) {
    const prepared = prepareCorpus(corpus, (m) => console.error(m));
    roots.set(corpus.name, prepared.root);
    console.error(`${corpus.name}: linting ${path.relative(REPO, prepared.root)}`);
    const run = lintCorpus(corpus, prepared.root, rules);
    findings.push(...run.findings);
    runs.push({ corpus, source: describeSource(corpus), files: run.files, findings: run.findings.length, seconds: run.seconds, installSeconds: prepared.installSeconds, notices: run.notices, fatal: run.fatal });
    for (const f of run.fatal) console.error(`${corpus.name}: not analysed completely: ${f}`);
    console.error(`${corpus.name}: ${run.files} files, ${run.findings.length} findings in ${run.seconds.toFixed(1)} s`);
  }
  const names = new Set(corpora.map((c) => c.name));
  const result = score({ corpora, findings, rows: rows.filter((r) => names.has(r.corpus)) });
  console.log(renderTable(result));
  if (result.unjudged.length > 0) {
    console.log(`\nUnjudged findings (${result.unjudged.length}):`);
    for (const f of result.unjudged) console.log(`  ${f.corpus} ${f.file}:${f.line} ${f.rule} ${f.message.split('. ')[0]}`);
  }
  if (findingsOut) writeFileSync(findingsOut, JSON.stringify(findings, null, 1) + '\n');
  if (unjudgedOut) {
    writeFileSync(unjudgedOut, result.unjudged.map((f) => withContext(f, roots.get(f.corpus))).join('\n'));
    console.error(`wrote ${result.unjudged.length} unjudged findings with context to ${unjudgedOut}`);
  }
  const seconds = (Date.now() - started) / 1000;
  console.error(`accuracy: ${corpora.length} corpora in ${seconds.toFixed(0)} s`);
  if (!only && !language && !cli && !args.includes('--no-docs')) {
    const samples = readdirSync(path.join(REPO, 'accuracy/samples'))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => ({ file: f, sample: JSON.parse(readFileSync(path.join(REPO, 'accuracy/samples', f), 'utf8')) }));
    const methodFile = path.join(REPO, 'accuracy/METHOD.md');
    const method = existsSync(methodFile) ? readFileSync(methodFile, 'utf8') : '';
    writeFileSync(path.join(REPO, 'docs/accuracy.md'), renderReport({ result, runs, rows, samples, method, commit: version(), seconds }));
    console.error('wrote docs/accuracy.md');
  }
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error.message);
  process.exit(2);
});
