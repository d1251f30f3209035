/**
 * One fuzz run: `count` inputs mutated from the seed files, each through the engine API (in a
 * killable child process), every `cliEvery`-th also through the CLI and every `lspEvery`-th also
 * through the language server, then the Python outputs through Python's compiler. Returns what
 * was tried and every problem found, each with the input that shows it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allRuleMetas } from '../../server/src/rules/index.ts';
import { describe, type EngineReport, type Problem, type PyPair } from './check.ts';
import { runCliBatch } from './cliShare.ts';
import { dedupe, repoSeeds, seedsUnder, type Seed } from './corpus.ts';
import { donorTable, makeInput, type FuzzInput } from './inputs.ts';
import { runLspBatch } from './lspShare.ts';
import { brokenByFix } from './pyCompile.ts';
import { Sandbox, SandboxHang } from './sandbox.ts';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface FuzzOptions {
  seed: number;
  count: number;
  /** Extra corpus folders (the bench's sources); the in-repo seeds are always used. */
  corpora?: string[];
  /** At most this many files per extra corpus. */
  maxCorpusFiles?: number;
  /** Every n-th input also goes through the CLI (0: none). */
  cliEvery?: number;
  /** Every n-th input also goes through the language server (0: none). */
  lspEvery?: number;
  /** One lint slower than this is a problem. */
  lintBoundMs?: number;
  /** An input whose checks do not finish within this is a hang (its engine process is killed). */
  hangBoundMs?: number;
  /** How many fix outputs are type-checked with tsgo (two checks each). */
  typeBudget?: number;
  /** CLI inputs per CLI run. */
  cliBatch?: number;
  /** A fresh engine process every n inputs keeps memory bounded over long runs. */
  respawnEvery?: number;
  /** Progress lines. */
  log?: (line: string) => void;
  /** Keep the temp folder (written inputs) for inspection. */
  keepTemp?: boolean;
}

export interface ReportedProblem extends Problem {
  seedName?: string;
  ops?: string[];
  /** The input's text, to reproduce by hand. */
  input?: string;
  fileName?: string;
}

export interface FuzzResult {
  seed: number;
  seedFiles: number;
  inputs: number;
  engine: { checked: number; parsed: number; withFindings: number; findings: number; fixesChecked: number; fixLoopsApplied: number; typeChecks: number; maxLintMs: number };
  cli: { inputs: number; runs: number; filesChanged: number };
  lsp: { inputs: number; actionsChecked: number };
  pyCompiled: number;
  engineStarts: number;
  /** Failures of the oracles' own machinery (their tsgo), not findings about async-lint. */
  oracleErrors: string[];
  problems: ReportedProblem[];
  ms: number;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const lintBoundMs = options.lintBoundMs ?? 10_000;
  const hangBoundMs = options.hangBoundMs ?? 60_000;
  const cliEvery = options.cliEvery ?? 0;
  const lspEvery = options.lspEvery ?? 0;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'async-lint-fuzz-'));
  const seeds: Seed[] = dedupe([
    ...repoSeeds(REPO, path.join(tmp, 'docs')),
    ...(options.corpora ?? []).flatMap((dir) => seedsUnder(path.resolve(dir), path.basename(path.resolve(dir)), { maxFiles: options.maxCorpusFiles })),
  ]);
  const donors = donorTable(seeds);
  const input = (i: number): FuzzInput => makeInput(seeds, options.seed, i, donors);
  const sandbox = new Sandbox({ type: 'init', repo: REPO, lintBoundMs, typeBudget: options.typeBudget ?? 0 });
  const problems: ReportedProblem[] = [];
  const pyPairs: PyPair[] = [];
  const byId = new Map<string, FuzzInput>();
  const baseSyntaxErrors = new Map<string, number>();
  const result: FuzzResult = {
    seed: options.seed,
    seedFiles: seeds.length,
    inputs: 0,
    engine: { checked: 0, parsed: 0, withFindings: 0, findings: 0, fixesChecked: 0, fixLoopsApplied: 0, typeChecks: 0, maxLintMs: 0 },
    cli: { inputs: 0, runs: 0, filesChanged: 0 },
    lsp: { inputs: 0, actionsChecked: 0 },
    pyCompiled: 0,
    engineStarts: 0,
    oracleErrors: [],
    problems,
    ms: 0,
  };
  const report = (p: Problem): void => {
    const first = byId.get(p.inputId);
    problems.push({ ...p, ...(first ? { seedName: first.seedName, ops: first.ops, input: first.text, fileName: first.fileName } : {}) });
  };
  log(`seed ${options.seed}: ${options.count} inputs from ${seeds.length} seed files`);
  const cliInputs: FuzzInput[] = [];
  const lspInputs: FuzzInput[] = [];
  try {
    for (let i = 0; i < options.count; i++) {
      if (i > 0 && i % 100 === 0) log(`  ${i}/${options.count} inputs, ${problems.length} problems`);
      const inp = input(i);
      byId.set(inp.id, inp);
      result.inputs++;
      if (cliEvery > 0 && i % cliEvery === 0) cliInputs.push(inp);
      if (lspEvery > 0 && i % lspEvery === Math.floor(lspEvery / 2)) lspInputs.push(inp);
      if (options.respawnEvery && i > 0 && i % options.respawnEvery === 0) await sandbox.close();
      let r: EngineReport;
      try {
        r = await sandbox.check(inp, hangBoundMs);
      } catch (error) {
        report({ kind: error instanceof SandboxHang ? 'hang' : 'crash', inputId: inp.id, detail: `engine: ${describe(error)}` });
        continue;
      }
      result.engine.checked++;
      baseSyntaxErrors.set(inp.id, r.syntaxErrors);
      if (r.syntaxErrors === 0 && !r.fatal) result.engine.parsed++;
      if (r.findings > 0) result.engine.withFindings++;
      result.engine.findings += r.findings;
      result.engine.fixesChecked += r.fixesChecked;
      result.engine.fixLoopsApplied += r.fixAllApplied;
      result.engine.typeChecks += r.typeChecks;
      result.engine.maxLintMs = Math.max(result.engine.maxLintMs, r.maxLintMs);
      for (const p of r.problems) report(p);
      result.oracleErrors.push(...r.oracleErrors);
      pyPairs.push(...r.pyPairs);
    }

    if (cliInputs.length > 0) {
      const configFile = path.join(tmp, 'all-rules.json');
      writeFileSync(configFile, JSON.stringify({ includeTests: true, rules: Object.fromEntries(allRuleMetas().map((m) => [m.id, 'warning'])) }));
      const size = options.cliBatch ?? 25;
      for (let k = 0; k < cliInputs.length; k += size) {
        const batch = cliInputs.slice(k, k + size);
        const out = await runCliBatch(batch, {
          repo: REPO,
          dir: path.join(tmp, `cli-${k / size}`),
          configFile,
          timeoutMs: hangBoundMs + batch.length * 5_000,
          sandbox,
          lintBoundMs,
          baseSyntaxErrors,
        });
        result.cli.inputs += batch.length;
        result.cli.runs++;
        result.cli.filesChanged += out.filesChanged;
        out.problems.forEach(report);
        pyPairs.push(...out.pyPairs);
        log(`  CLI: ${result.cli.inputs} inputs (${out.filesChanged} files fixed) in ${(out.ms / 1000).toFixed(1)} s`);
      }
    }

    if (lspInputs.length > 0) {
      const seedText = new Map(seeds.map((s) => [s.name, s.text]));
      const lspDir = path.join(tmp, 'lsp');
      mkdirSync(lspDir, { recursive: true });
      const out = await runLspBatch(lspInputs, (inp) => seedText.get(inp.seedName) ?? '', {
        dir: lspDir,
        ruleIds: allRuleMetas().map((m) => m.id),
        timeoutMs: hangBoundMs,
        sandbox,
        lintBoundMs,
      });
      result.lsp.inputs = lspInputs.length;
      result.lsp.actionsChecked = out.actionsChecked;
      out.problems.forEach(report);
      pyPairs.push(...out.pyPairs);
      log(`  server: ${lspInputs.length} inputs, ${out.actionsChecked} code-action edits in ${(out.ms / 1000).toFixed(1)} s`);
    }

    const broken = brokenByFix(pyPairs);
    result.pyCompiled = pyPairs.length;
    for (const { pair, error } of broken) {
      report({ kind: 'fix-breaks-py-compile', inputId: pair.inputId, detail: `${pair.what}: the input compiled, the output does not: ${error}`, output: pair.after });
    }
  } finally {
    result.engineStarts = sandbox.starts;
    await sandbox.close();
    if (!options.keepTemp) rmSync(tmp, { recursive: true, force: true });
  }
  result.ms = performance.now() - started;
  return result;
}

/** One line per problem kind with its count, then the first problem of each kind in full. */
export function summarize(result: FuzzResult): string {
  const lines = [
    `seed ${result.seed}: ${result.inputs} inputs from ${result.seedFiles} seed files in ${(result.ms / 1000).toFixed(1)} s`,
    `  engine: ${result.engine.checked} checked, ${result.engine.parsed} parsed, ${result.engine.withFindings} with findings (${result.engine.findings} findings), ` +
      `${result.engine.fixesChecked} single fixes checked, ${result.engine.fixLoopsApplied} fixes applied by fix loops, ${result.engine.typeChecks} type-checked outputs, slowest lint ${result.engine.maxLintMs.toFixed(0)} ms`,
    `  CLI: ${result.cli.inputs} inputs in ${result.cli.runs} runs, ${result.cli.filesChanged} files rewritten by --fix`,
    `  server: ${result.lsp.inputs} inputs, ${result.lsp.actionsChecked} code-action edits checked`,
    `  Python outputs compiled: ${result.pyCompiled}; engine processes started: ${result.engineStarts}; oracle errors: ${result.oracleErrors.length}`,
    `  problems: ${result.problems.length}`,
  ];
  const byKind = new Map<string, ReportedProblem[]>();
  for (const p of result.problems) byKind.set(p.kind, [...(byKind.get(p.kind) ?? []), p]);
  for (const [kind, list] of byKind) {
    lines.push(`    ${kind}: ${list.length}`);
  }
  for (const [kind, list] of byKind) {
    const p = list[0]!;
    lines.push('', `--- ${kind} (first of ${list.length}) input ${p.inputId} from ${p.seedName ?? '?'} [${(p.ops ?? []).join('; ')}]`, p.detail);
  }
  return lines.join('\n');
}
