/**
 * The oracle for one input through the engine API: the lint must not throw and must return a
 * result for the file within the time bound; every fix of every finding, applied on its own, the
 * safe fix-all pass and the `--fix --unsafe-fixes` loop must leave a text that parses when the
 * input parsed (and add no syntax error when it did not), keep the file's line breaks, and — for
 * TypeScript that type-checked — add no type error. Python outputs are handed back for
 * `py_compile` in one batch.
 */
import type { ResolvedConfig } from '../../server/src/core/config.ts';
import { applyEdits, chooseNonOverlappingFixes, fixUntilStable } from '../../server/src/core/fixes.ts';
import { wellFormed } from '../../server/src/core/text.ts';
import type { Fix } from '../../server/src/core/types.ts';
import type { Linter, LintResult } from '../../server/src/rules/engine.ts';
import type { FuzzInput } from './inputs.ts';
import type { TypeOracle } from './typeOracle.ts';

export type ProblemKind =
  | 'crash'
  | 'hang'
  | 'slow'
  | 'no-result'
  | 'rule-error'
  | 'backend-failure'
  | 'bad-edit'
  | 'fix-breaks-parse'
  | 'fix-adds-syntax-errors'
  | 'fix-line-endings'
  | 'fix-adds-type-errors'
  | 'fix-breaks-py-compile'
  | 'fix-all-unstable'
  | `cli-${string}`
  | `lsp-${string}`;

export interface Problem {
  kind: ProblemKind;
  inputId: string;
  detail: string;
  /** The text that shows the problem (a fix's output), when there is one. */
  output?: string;
}

/** A Python text before and after a fix, compiled in one batch by the parent (`compile()` as py_compile does). */
export interface PyPair {
  inputId: string;
  what: string;
  before: string;
  after: string;
}

export interface EngineReport {
  inputId: string;
  ms: number;
  maxLintMs: number;
  fatal?: string;
  syntaxErrors: number;
  findings: number;
  fixesChecked: number;
  fixAllApplied: number;
  typeChecks: number;
  problems: Problem[];
  pyPairs: PyPair[];
  /** Failures of the oracles themselves (their own tsgo), not of the code under test. */
  oracleErrors: string[];
}

export interface CheckEnv {
  linter: Linter;
  config: ResolvedConfig;
  /** A single lint slower than this is a problem (a hang bound, not a performance target). */
  lintBoundMs: number;
  /** Type-checks left for this run (each costs two tsgo checks); undefined: no type oracle. */
  types?: { oracle: TypeOracle; budget: number };
  /** Rule errors and notices the linter reported since the last call (cleared by the caller). */
  drainEvents(): { ruleErrors: string[]; notices: string[] };
}

export type LineBreaks = 'lf' | 'crlf' | 'cr' | 'mixed' | 'none';

export function lineBreaksOf(text: string): LineBreaks {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  const cr = (text.match(/\r/g) ?? []).length - crlf;
  const kinds = [crlf > 0, lf > 0, cr > 0].filter(Boolean).length;
  if (kinds === 0) return 'none';
  if (kinds > 1) return 'mixed';
  return crlf > 0 ? 'crlf' : lf > 0 ? 'lf' : 'cr';
}

/** A fix keeps a consistent file consistent: LF stays LF, CRLF stays CRLF. */
export function keepsLineBreaks(before: string, after: string): boolean {
  const b = lineBreaksOf(before);
  if (b !== 'lf' && b !== 'crlf') return true;
  const a = lineBreaksOf(after);
  return a === b || a === 'none';
}

/** An input as the engine process gets it (its bytes stay with the parent). */
export type CheckedInput = Omit<FuzzInput, 'bytes'>;

export async function checkInput(env: CheckEnv, input: CheckedInput): Promise<EngineReport> {
  const started = performance.now();
  const problems: Problem[] = [];
  const pyPairs: PyPair[] = [];
  const report: EngineReport = {
    inputId: input.id,
    ms: 0,
    maxLintMs: 0,
    syntaxErrors: 0,
    findings: 0,
    fixesChecked: 0,
    fixAllApplied: 0,
    typeChecks: 0,
    problems,
    pyPairs,
    oracleErrors: [],
  };
  const problem = (kind: ProblemKind, detail: string, output?: string) => problems.push({ kind, inputId: input.id, detail, ...(output !== undefined ? { output } : {}) });
  const cache = new Map<string, LintResult>();
  /** Lints `text` as the input's file; undefined (and a problem) when the engine throws. */
  const lint = (text: string, what: string): LintResult | undefined => {
    const known = cache.get(text);
    if (known) return known;
    const t0 = performance.now();
    let result: LintResult | undefined;
    try {
      result = env.linter.lint([{ fileName: input.fileName, text }], () => env.config)[0];
    } catch (error) {
      problem('crash', `${what}: ${describe(error)}`, text);
      return undefined;
    }
    const ms = performance.now() - t0;
    report.maxLintMs = Math.max(report.maxLintMs, ms);
    if (ms > env.lintBoundMs) problem('slow', `${what}: one lint took ${ms.toFixed(0)} ms (bound ${env.lintBoundMs} ms)`, text);
    if (!result || result.fileName !== input.fileName) {
      problem('no-result', `${what}: no result for ${input.fileName}`);
      return undefined;
    }
    cache.set(text, result);
    return result;
  };

  try {
    const base = lint(input.text, 'the input');
    if (!base) return report;
    report.fatal = base.fatal;
    report.syntaxErrors = base.syntaxErrors.length;
    report.findings = base.findings.length;
    const parsed = base.syntaxErrors.length === 0 && !base.fatal;
    const typeBaseline = { known: false, clean: false };

    /** Checks one output of the fixes; `what` names the fix(es) for the report. */
    const checkOutput = (after: string, what: string): void => {
      if (after === input.text) return;
      const result = lint(after, what);
      if (!result) return;
      if (parsed && result.syntaxErrors.length > 0) {
        problem('fix-breaks-parse', `${what}: the input parsed, the fixed text has ${result.syntaxErrors.length} syntax error(s): ${result.syntaxErrors[0]!.message}`, after);
      } else if (!parsed && result.syntaxErrors.length > base.syntaxErrors.length) {
        problem('fix-adds-syntax-errors', `${what}: ${base.syntaxErrors.length} → ${result.syntaxErrors.length} syntax errors`, after);
      }
      if (!keepsLineBreaks(input.text, after)) {
        problem('fix-line-endings', `${what}: line breaks ${lineBreaksOf(input.text)} → ${lineBreaksOf(after)}`, after);
      }
      if (input.language === 'python') {
        pyPairs.push({ inputId: input.id, what, before: base.text, after });
      } else if (parsed && result.syntaxErrors.length === 0 && env.types && env.types.budget > 0) {
        // The oracle is a tool, not the code under test: when its own tsgo fails, it starts afresh
        // and the output goes unchecked.
        try {
          if (!typeBaseline.known) {
            typeBaseline.known = true;
            typeBaseline.clean = env.types.oracle.typeErrors(input.fileName, base.text).length === 0;
          }
          if (typeBaseline.clean) {
            env.types.budget--;
            report.typeChecks++;
            const errors = env.types.oracle.typeErrors(input.fileName, wellFormed(after));
            if (errors.length > 0) problem('fix-adds-type-errors', `${what}: the input type-checked; now ${errors.join(' | ')}`, after);
          }
        } catch (error) {
          env.types.oracle.dispose();
          report.oracleErrors.push(`type oracle: ${describe(error)}`);
        }
      }
    };

    for (const finding of base.findings) {
      if (finding.start < 0 || finding.end < finding.start || finding.end > base.text.length) {
        problem('bad-edit', `${finding.ruleId}: finding range ${finding.start}-${finding.end} outside the text (${base.text.length})`);
      }
      for (const fix of finding.fixes) {
        const what = `fix "${fix.title}" of ${finding.ruleId}`;
        const after = applyOne(base.text, fix, (message) => problem('bad-edit', `${what}: ${message}`));
        if (after === undefined) continue;
        report.fixesChecked++;
        checkOutput(after, what);
      }
    }

    if (base.findings.some((f) => f.fixes.length > 0)) {
      // The editor's fix-all: every safe fix that does not overlap another, in one pass.
      const safe = chooseNonOverlappingFixes(base.findings, false);
      if (safe.length > 0) {
        let all: string | undefined;
        try {
          all = applyEdits(base.text, safe.flatMap((f) => f.edits));
        } catch (error) {
          problem('bad-edit', `safe fix-all: ${describe(error)}`);
        }
        if (all !== undefined) checkOutput(all, `safe fix-all (${safe.length} fixes)`);
      }
      // The CLI's --fix --unsafe-fixes loop, guarded as the CLI guards it.
      let loop: Awaited<ReturnType<typeof fixUntilStable>> | undefined;
      try {
        loop = await fixUntilStable(base.text, async (text) => lint(text, 'fix loop')?.findings ?? [], {
          unsafe: true,
          isValid: async (text) => (lint(text, 'fix loop')?.syntaxErrors.length ?? Infinity) <= base.syntaxErrors.length,
        });
      } catch (error) {
        problem('crash', `fix loop: ${describe(error)}`);
      }
      if (loop) {
        report.fixAllApplied = loop.applied;
        const final = lint(loop.text, 'fix loop result');
        if (final && chooseNonOverlappingFixes(final.findings, true).length > 0 && loop.passes >= 10) problem('fix-all-unstable', `--fix --unsafe-fixes still had fixes to apply after ${loop.passes} passes`, loop.text);
        checkOutput(loop.text, `--fix --unsafe-fixes loop (${loop.applied} fixes)`);
      }
    }
  } finally {
    const { ruleErrors, notices } = env.drainEvents();
    for (const e of ruleErrors) problem('rule-error', e);
    for (const n of notices) if (/backend (failed|unavailable)|could not load/i.test(n)) problem('backend-failure', n);
    try {
      env.linter.setText(input.fileName, undefined);
    } catch (error) {
      problem('crash', `restoring the file: ${describe(error)}`);
    }
    report.ms = performance.now() - started;
  }
  return report;
}

function applyOne(text: string, fix: Fix, bad: (message: string) => void): string | undefined {
  if (fix.edits.length === 0) {
    bad('a fix without edits');
    return undefined;
  }
  try {
    return applyEdits(text, fix.edits);
  } catch (error) {
    bad(describe(error));
    return undefined;
  }
}

export function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message).split('\n').slice(0, 6).join('\n') : String(error);
}
