/**
 * Lints mapped peer cases with async-lint's own engine, one case per file, each in its own folder
 * (with the suite's tsconfig) so declarations of one case never meet another's.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { resolveConfig } from '../../server/src/core/config.ts';
import type { Finding } from '../../server/src/core/types.ts';
import { Linter } from '../../server/src/rules/engine.ts';
import { allRuleMetas } from '../../server/src/rules/index.ts';
import type { MappedCase } from './tsCases.ts';
import { diskProbe } from '../../server/src/node/fileProbe.ts';

export interface CaseOutcome {
  case: MappedCase;
  findings: Finding[];
  /** 1-based start lines of the findings. */
  lines: number[];
  /** A rule crashed or the case did not parse: its result says nothing. */
  error?: string;
}

/**
 * Compiler options of a peer's tsconfig, with `types` kept to those this repository has installed
 * (in `typesRoot`, which the cases' folders outside the repository find through `typeRoots`).
 */
export function tsconfigFor(peerConfig: string | undefined, typesRoot: string): string {
  const installed = existsSync(typesRoot) ? readdirSync(typesRoot) : [];
  const options = peerConfig ? (JSON.parse(readFileSync(peerConfig, 'utf8')) as { compilerOptions?: Record<string, unknown> }).compilerOptions ?? {} : {};
  const types = Array.isArray(options.types) ? (options.types as string[]).filter((t) => installed.includes(t)) : undefined;
  return JSON.stringify({ compilerOptions: { ...options, ...(types ? { types } : {}), typeRoots: [typesRoot], noEmit: true }, include: ['*.ts', '*.tsx', '*.js'] }, null, 2);
}

/** `also`: rules whose findings count for invalid cases only (a valid case speaks of `ruleId` alone). */
export function lintCases(ruleId: string, also: readonly string[], cases: readonly MappedCase[], scratch: string, tsconfig: string | undefined): CaseOutcome[] {
  rmSync(scratch, { recursive: true, force: true });
  const linter = new Linter({ files: diskProbe, onRuleError: (id, file, error) => { throw new Error(`rule ${id} failed on ${file}: ${(error as Error).message}`); } });
  const metas = allRuleMetas();
  try {
    return cases.map((c, i) => {
      const dir = path.join(scratch, `${c.kind}-${c.index}-${i}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'package.json'), '{"name":"peer-case"}\n');
      if (tsconfig) writeFileSync(path.join(dir, 'tsconfig.json'), tsconfig);
      const fileName = path.join(dir, c.fileName);
      writeFileSync(fileName, c.code);
      const counted = c.kind === 'invalid' ? [ruleId, ...also] : [ruleId];
      const only = Object.fromEntries(
        metas.map((m) => [m.id, m.id === ruleId ? (['error', c.options] as ['error', Record<string, unknown>]) : counted.includes(m.id) ? ('error' as const) : ('off' as const)]),
      );
      const config = resolveConfig(metas, { rules: only });
      try {
        const result = linter.lint([{ fileName, text: c.code }], () => config)[0]!;
        const findings = result.findings.filter((f) => counted.includes(f.ruleId));
        return { case: c, findings, lines: findings.map((f) => c.code.slice(0, f.start).split('\n').length) };
      } catch (error) {
        return { case: c, findings: [], lines: [], error: (error as Error).message };
      }
    });
  } finally {
    linter.dispose?.();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Found: every expected line has a finding (a case naming no line needs one finding). */
export function isFound(outcome: CaseOutcome): boolean {
  const expected = outcome.case.expected;
  if (outcome.findings.length === 0) return false;
  return expected.every((e) => e.line === undefined || outcome.lines.includes(e.line));
}
