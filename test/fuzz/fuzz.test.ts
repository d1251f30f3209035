/**
 * The seeded mutation fuzzer (scripts/fuzz/): its engine and oracle, and a bounded run with a
 * fixed seed. `npm run fuzz -- --seed N --count M [--corpus DIR]` runs longer.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveConfig } from '../../server/src/core/config.ts';
import type { Finding } from '../../server/src/core/types.ts';
import { Linter, type LintInput, type LintResult } from '../../server/src/rules/engine.ts';
import { allRuleMetas } from '../../server/src/rules/index.ts';
import { checkInput, keepsLineBreaks, lineBreaksOf, type CheckEnv } from '../../scripts/fuzz/check.ts';
import { repoSeeds } from '../../scripts/fuzz/corpus.ts';
import { donorTable, makeInput, type FuzzInput } from '../../scripts/fuzz/inputs.ts';
import { mutate, OPERATOR_NAMES } from '../../scripts/fuzz/mutate.ts';
import { brokenByFix } from '../../scripts/fuzz/pyCompile.ts';
import { caseRandom, Random } from '../../scripts/fuzz/random.ts';
import { REPO, runFuzz, summarize } from '../../scripts/fuzz/run.ts';
import { Sandbox, SandboxHang } from '../../scripts/fuzz/sandbox.ts';
import { TypeOracle } from '../../scripts/fuzz/typeOracle.ts';
import { buildServer } from '../lsp/lspClient.ts';
import { diskProbe } from '../../server/src/node/fileProbe.ts';

/** The bounded run inside `npm test`: fixed seed, hundreds of inputs, a share through the CLI and the server. */
export const BOUNDED = { seed: 20251121, count: 800, cliEvery: 10, lspEvery: 25, typeBudget: 300 };

describe('fuzz: the mutation engine', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'async-lint-fuzz-test-'));
  const seeds = repoSeeds(REPO, path.join(tmp, 'docs'));
  const donors = donorTable(seeds);
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('takes its seeds from the fixtures, the examples and the rule docs, in both languages', () => {
    const names = seeds.map((s) => s.name);
    assert.ok(names.some((n) => n.startsWith('test/fixtures/python/')), names.join(', '));
    assert.ok(names.some((n) => n.startsWith('test/fixtures/runnable/')));
    assert.ok(names.some((n) => n.startsWith('examples/src/')));
    assert.ok(names.some((n) => n.startsWith('docs:') && n.endsWith('.py')));
    assert.ok(seeds.length >= 40, `${seeds.length} seeds`);
  });

  it('is deterministic: input i of seed s is the same every time, and another seed gives other inputs', () => {
    const a = Array.from({ length: 50 }, (_, i) => makeInput(seeds, 7, i, donors));
    const b = Array.from({ length: 50 }, (_, i) => makeInput(seeds, 7, i, donors));
    assert.deepEqual(a, b);
    const c = Array.from({ length: 50 }, (_, i) => makeInput(seeds, 8, i, donors));
    assert.ok(a.filter((x, i) => x.text === c[i]!.text).length < 10, 'seed 8 gives other inputs');
    assert.equal(caseRandom(3, 4).next(), caseRandom(3, 4).next());
  });

  it('uses every operator, and writes BOMs, CRLF and invalid UTF-8 into the bytes', () => {
    const used = new Set<string>();
    let bom = 0;
    let invalid = 0;
    let crlf = 0;
    for (let i = 0; i < 2000; i++) {
      const input = makeInput(seeds, 11, i, donors);
      for (const op of input.ops) used.add(op.split(':')[0]!);
      if (input.bom) {
        bom++;
        assert.deepEqual([...input.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      }
      if (lineBreaksOf(input.text) === 'crlf') crlf++;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(input.bytes);
      } catch {
        invalid++;
      }
    }
    assert.deepEqual([...used].sort(), [...OPERATOR_NAMES].sort());
    assert.ok(bom > 20 && crlf > 20 && invalid > 5, `bom ${bom}, crlf ${crlf}, invalid UTF-8 ${invalid}`);
  });

  it('mutates only through its generator (same state, same result)', () => {
    const text = 'async function f() {\n  await g();\n}\n';
    const ctx = { language: 'typescript' as const, donors: [text] };
    assert.deepEqual(mutate(text, new Random(5), ctx), mutate(text, new Random(5), ctx));
  });
});

describe('fuzz: the oracle', function () {
  this.timeout(120_000);
  const linter = new Linter({ files: diskProbe });
  const metas = allRuleMetas();
  const config = resolveConfig(metas, { includeTests: true, rules: Object.fromEntries(metas.map((m) => [m.id, 'warning'])) });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'async-lint-oracle-'));
  writeFileSync(path.join(dir, 'package.json'), '{"name":"oracle","type":"module"}\n');
  before(() => linter.prepare());
  after(() => {
    linter.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * The real linter, plus (on the input's own text) one finding whose fix is `edit`: a buggy rule.
   * Or an engine that throws.
   */
  function envWith(input: FuzzInput, edit: { start: number; end: number; newText: string } | 'throw', types?: CheckEnv['types']): CheckEnv {
    const wrapped = {
      lint(inputs: LintInput[], configFor: () => typeof config): LintResult[] {
        if (edit === 'throw') throw new Error('injected engine failure');
        return linter.lint(inputs, configFor).map((r) => (r.text === input.text ? { ...r, findings: [...r.findings, finding(edit)] } : r));
      },
      setText: (f: string, t: string | undefined) => linter.setText(f, t),
    } as unknown as Linter;
    return { linter: wrapped, config, lintBoundMs: 30_000, types, drainEvents: () => ({ ruleErrors: [], notices: [] }) };
  }

  function input(name: string, text: string): FuzzInput {
    return { id: `t:${name}`, index: 0, seedName: name, fileName: path.join(dir, name), language: name.endsWith('.py') ? 'python' : 'typescript', ext: path.extname(name), text, bytes: Buffer.from(text), bom: false, ops: [] };
  }

  const finding = (fix: { start: number; end: number; newText: string }): Finding => ({
    ruleId: 'injected',
    start: 0,
    end: 0,
    message: 'injected',
    severity: 'warning',
    fixes: [{ title: 'injected fix', applicability: 'safe', edits: [fix] }],
  });

  it('reports an engine that throws as a crash', async () => {
    const a = input('a.ts', 'export const a = 1;\n');
    const report = await checkInput(envWith(a, 'throw'), a);
    assert.deepEqual(report.problems.map((p) => p.kind), ['crash']);
    assert.match(report.problems[0]!.detail, /injected engine failure/);
  });

  it('reports a fix that makes a parsing file not parse, on its own and in the fix-all loop', async () => {
    const b = input('b.ts', 'export const b = 1;\n');
    const report = await checkInput(envWith(b, { start: 0, end: 0, newText: '(' }), b);
    const kinds = report.problems.map((p) => p.kind);
    assert.ok(kinds.includes('fix-breaks-parse'), kinds.join(', '));
    assert.ok(report.problems.every((p) => p.output?.startsWith('(')));
  });

  it('reports a fix that adds a syntax error to a file that had one', async () => {
    const c = input('c.ts', 'export const c = ;\n');
    const report = await checkInput(envWith(c, { start: 0, end: 0, newText: 'let = ;\n' }), c);
    assert.ok(report.problems.some((p) => p.kind === 'fix-adds-syntax-errors'));
  });

  it('reports a fix that mixes LF into a CRLF file, and accepts one that keeps CRLF', async () => {
    const text = 'export const d = 1;\r\nexport const e = 2;\r\n';
    const d = input('d.ts', text);
    const bad = await checkInput(envWith(d, { start: 0, end: 0, newText: '// x\n' }), d);
    assert.ok(bad.problems.some((p) => p.kind === 'fix-line-endings'));
    const e = input('e.ts', text);
    const good = await checkInput(envWith(e, { start: 0, end: 0, newText: '// x\r\n' }), e);
    assert.deepEqual(good.problems, []);
    assert.equal(keepsLineBreaks('a\nb\n', 'a\nb'), true);
    assert.equal(keepsLineBreaks('a\r\nb\r\n', 'a\r\nb\nc\r\n'), false);
  });

  it('reports a fix that adds a type error to a file that type-checked', async () => {
    const oracle = new TypeOracle(path.join(REPO, 'node_modules/@types'));
    try {
      const types = { oracle, budget: 10 };
      const bad = { start: 0, end: 0, newText: "const n: number = 'x';\n" };
      const f = input('f.ts', 'export const f = 1;\n');
      const report = await checkInput(envWith(f, bad), f);
      assert.equal(report.typeChecks, 0, 'no oracle, no type checks');
      const g = input('g.ts', 'export const g = 1;\n');
      const typed = await checkInput(envWith(g, bad, types), g);
      assert.ok(typed.typeChecks > 0);
      const problem = typed.problems.find((p) => p.kind === 'fix-adds-type-errors');
      assert.ok(problem, JSON.stringify(typed.problems));
      assert.match(problem.detail, /2322/);
    } finally {
      oracle.dispose();
    }
  });

  it('hands Python outputs to py_compile, which finds what tree-sitter accepts but Python rejects', async () => {
    const h = input('h.py', 'import asyncio\n');
    const report = await checkInput(envWith(h, { start: 0, end: 0, newText: 'return 1\n' }), h);
    assert.ok(report.pyPairs.length > 0);
    const broken = brokenByFix(report.pyPairs);
    assert.ok(broken.length > 0);
    assert.match(broken[0]!.error, /SyntaxError: 'return' outside function/);
  });

  it('a stalled engine process is a hang: it is killed and the next input gets a fresh one', async () => {
    const sandbox = new Sandbox({ type: 'init', repo: REPO, lintBoundMs: 30_000, typeBudget: 0 });
    try {
      const file = path.join(dir, 'i.ts');
      assert.equal((await sandbox.lint(file, 'export const i = ;\n', 60_000)).syntaxErrors, 1);
      const stalled = sandbox.pid!;
      await assert.rejects(sandbox.request({ type: 'block', ms: 120_000 }, 1_000), SandboxHang);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.throws(() => process.kill(stalled, 0), /ESRCH/, 'the stalled process is gone');
      assert.equal((await sandbox.lint(file, 'export const i = 1;\n', 60_000)).syntaxErrors, 0);
      assert.equal(sandbox.starts, 2);
    } finally {
      await sandbox.close();
    }
  });
});

describe('fuzz: bounded run (fixed seed)', function () {
  this.timeout(600_000);

  it(`${BOUNDED.count} mutated inputs through the engine (every ${BOUNDED.cliEvery}th also the CLI, every ${BOUNDED.lspEvery}th the server): no crash, hang or broken fix`, async () => {
    buildServer();
    const result = await runFuzz({ ...BOUNDED, lintBoundMs: 15_000, hangBoundMs: 90_000 });
    const summary = summarize(result);
    // What the run covered, so a change that makes it test less shows up here.
    assert.equal(result.engine.checked, BOUNDED.count, summary);
    assert.equal(result.cli.inputs, BOUNDED.count / BOUNDED.cliEvery, summary);
    assert.equal(result.lsp.inputs, BOUNDED.count / BOUNDED.lspEvery, summary);
    assert.ok(result.engine.parsed >= 300, summary);
    assert.ok(result.engine.withFindings >= 300, summary);
    assert.ok(result.engine.fixesChecked >= 500, summary);
    assert.ok(result.engine.typeChecks >= 60, summary);
    assert.ok(result.pyCompiled >= 300, summary);
    assert.ok(result.cli.filesChanged >= 15, summary);
    assert.ok(result.lsp.actionsChecked >= 25, summary);
    // Fails today with one problem, input 20251121:495 (a truncated file whose last statement is
    // left open): the engine's fix guard misses syntax errors at the end of the file; see
    // test/unit/hostile-input.test.ts "no fix edits a statement ... leaves open".
    assert.deepEqual(result.problems.map((p) => `${p.kind} ${p.inputId}: ${p.detail.split('\n')[0]}`), [], summary);
  });
});
