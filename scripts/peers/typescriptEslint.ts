/**
 * typescript-eslint's RuleTester suites mapped to our rules. Each suite says which of the peer's
 * cases are in scope (by options and message ids), which of our rules answers them and with what
 * options; run.ts lints the cases and scores them.
 */
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { isFound, lintCases, tsconfigFor, type CaseOutcome } from './lintTypeScript.ts';
import { loadRuleTests, type PeerCase, type PeerError } from './loadRuleTester.ts';
import { caseId, type MappedCase } from './tsCases.ts';
import type { CaseResult, PeerSuite, SuiteResult } from './types.ts';
import { differences } from './typescriptEslintDifferences.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

const TESTS = 'packages/eslint-plugin/tests/rules';
const FIXTURES = 'packages/eslint-plugin/tests/fixtures';

/** The first option object of a case (typescript-eslint rules take one), or a string option. */
function firstOption(c: PeerCase): Record<string, unknown> {
  const o = c.options[0];
  return o && typeof o === 'object' ? (o as Record<string, unknown>) : {};
}

function fileNameOf(c: PeerCase): string {
  if (c.filename) return path.basename(c.filename);
  return c.jsx ? 'react.tsx' : 'file.ts';
}

type Mapper = (c: PeerCase, kind: 'valid' | 'invalid') => MappedCase;

function suiteOf(id: string, title: string, testFile: string, ourRule: string, map: Mapper, alsoFoundBy: string[] = []): PeerSuite {
  return {
    id,
    title,
    peer: 'typescript-eslint',
    async run(checkout) {
      const runs = await loadRuleTests(path.join(checkout, TESTS, testFile));
      const cases: MappedCase[] = [];
      for (const run of runs) {
        for (const kind of ['valid', 'invalid'] as const) {
          for (const c of run[kind]) cases.push(c.skip ? { ...map(c, kind), outOfScope: 'skipped by the peer itself' } : map(c, kind));
        }
      }
      const tsconfig = tsconfigFor(path.join(checkout, FIXTURES, 'tsconfig.json'), path.join(ROOT, 'node_modules/@types'));
      // Outside any node_modules: `from: "file"` specifiers tell project files by that.
      const scratch = path.join(os.tmpdir(), `async-lint-peers-${process.pid}`, id);
      const outcomes = lintCases(ourRule, alsoFoundBy, cases.filter((c) => !c.outOfScope), scratch, tsconfig);
      return judge(id, outcomes, cases.filter((c) => c.outOfScope), alsoFoundBy, peerVersion(checkout));
    },
  };
}

function peerVersion(dir: string): string {
  try {
    return execFileSync('git', ['-C', dir, 'rev-parse', '--short=12', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown version';
  }
}

function firstLine(code: string): string {
  const line = code.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? '';
  return line.length > 70 ? `${line.slice(0, 67)}...` : line;
}

/** Each case as the runner counts it; a difference carries its reason from typescriptEslintDifferences.ts, or UNEXPLAINED. */
function judge(suiteId: string, outcomes: CaseOutcome[], outOfScope: MappedCase[], alsoFoundBy: string[], version: string): SuiteResult {
  const reasons = differences[suiteId] ?? {};
  const cases: CaseResult[] = outcomes.map((o) => {
    const c = o.case;
    const ok = !o.error && (c.kind === 'valid' ? o.findings.length === 0 : isFound(o));
    const id = caseId(c);
    const where = `${c.kind} #${c.index} ${id}`;
    if (ok) return { where, kind: c.kind, ok, code: firstLine(c.code) };
    const lines = c.kind === 'invalid' ? `peer lines ${c.expected.map((e) => e.line ?? '?').join(', ')}; ours ${o.lines.join(', ') || 'none'}` : `ours: line ${o.lines.join(', ')}`;
    return { where, kind: c.kind, ok, code: firstLine(c.code), note: `(${lines}) ${o.error ? `error: ${o.error}` : (reasons[id] ?? 'UNEXPLAINED')}` };
  });
  const counts = new Map<string, number>();
  for (const c of outOfScope) counts.set(`${c.kind}: ${c.outOfScope}`, (counts.get(`${c.kind}: ${c.outOfScope}`) ?? 0) + 1);
  return { cases, outOfScope: [...counts].sort().map(([reason, count]) => ({ reason, count })), version, note: alsoFoundBy.length ? `invalid cases also count findings of ${alsoFoundBy.join(', ')}` : undefined };
}

function base(c: PeerCase, kind: 'valid' | 'invalid', errors: PeerError[], options: Record<string, unknown>, outOfScope?: string): MappedCase {
  return { kind, index: c.index, code: c.code, fileName: fileNameOf(c), options, expected: kind === 'invalid' ? errors : [], outOfScope };
}

const floating: Mapper = (c, kind) => {
  const o = firstOption(c);
  const known = new Set(['ignoreVoid', 'ignoreIIFE', 'checkThenables', 'allowForKnownSafeCalls', 'allowForKnownSafePromises']);
  const unknown = Object.keys(o).filter((k) => !known.has(k));
  return base(c, kind, c.errors, o, unknown.length > 0 ? `option ${unknown.join(', ')} not offered` : undefined);
};

const VOID_RETURN = /^voidReturn/;

/** checksVoidReturn: on unless false; sub-options we do not offer put a case out of scope when they turn a check off. */
const voidReturn: Mapper = (c, kind) => {
  const o = firstOption(c);
  const setting = o.checksVoidReturn;
  if (setting === false) return base(c, kind, [], {}, 'checksVoidReturn is off');
  const off = setting && typeof setting === 'object' ? Object.entries(setting).filter(([, v]) => v === false).map(([k]) => k) : [];
  if (off.length > 0) return base(c, kind, [], {}, `checksVoidReturn.${off.join(', ')}: false is not offered (always on)`);
  const errors = c.errors.filter((e) => VOID_RETURN.test(e.messageId ?? ''));
  if (kind === 'invalid' && errors.length === 0) return base(c, kind, [], {}, outOfScopeReason(c.errors));
  return base(c, kind, errors, {});
};

const CONDITIONAL = new Set(['conditional', 'predicate']);

const conditional: Mapper = (c, kind) => {
  const o = firstOption(c);
  if (o.checksConditionals === false) return base(c, kind, [], {}, 'checksConditionals is off');
  const errors = c.errors.filter((e) => CONDITIONAL.has(e.messageId ?? ''));
  if (kind === 'invalid' && errors.length === 0) return base(c, kind, [], {}, outOfScopeReason(c.errors));
  return base(c, kind, errors, {});
};

function outOfScopeReason(errors: PeerError[]): string {
  const ids = [...new Set(errors.map((e) => e.messageId ?? '?'))];
  return `reports ${ids.join(', ')}, not in this suite`;
}

/** await-thenable's `await` message; its other checks (for-await, await using, Promise.all inputs) have no rule here. */
const awaitThenable: Mapper = (c, kind) => {
  const errors = c.errors.filter((e) => e.messageId === 'await');
  if (kind === 'invalid' && errors.length === 0) return base(c, kind, [], {}, outOfScopeReason(c.errors));
  return base(c, kind, errors, {});
};

/**
 * return-await inside try: the default `in-try-catch` (and `error-handling-correctness-only`,
 * which requires the same there) asks for `return await` in try/catch/finally; `always` valid
 * cases are silent for us too. Cases without try or using say nothing about this rule.
 */
const returnAwait: Mapper = (c, kind) => {
  const option = typeof c.options[0] === 'string' ? (c.options[0] as string) : 'in-try-catch';
  if (!/\btry\b|\busing\b/.test(c.code)) return base(c, kind, [], {}, 'no try or using');
  if (option === 'never') return base(c, kind, [], {}, 'option never');
  if (kind === 'valid') return base(c, kind, [], {});
  const errors = c.errors.filter((e) => e.messageId === 'requiredPromiseAwait');
  if (errors.length === 0) return base(c, kind, [], {}, outOfScopeReason(c.errors));
  // `always` asks for it outside try too: those cases stay in scope only when every report is inside try or after using.
  if (option === 'always' && errors.some((e) => !insideTryOrUsing(c.code, e.line))) return base(c, kind, [], {}, 'option always, reported outside try and using');
  return base(c, kind, errors, {});
};

/**
 * Whether a line is in a block opened by `try {` or holding a `using` declaration before it, read
 * from indentation (the peer's cases are formatted by Prettier): a cheap test for `always` cases.
 */
function insideTryOrUsing(code: string, line: number | undefined): boolean {
  if (line === undefined) return false;
  const lines = code.split('\n').slice(0, line - 1);
  const indent = (l: string) => l.length - l.trimStart().length;
  return lines.some((l, i) => {
    if (!/^\s+(try\b|(await\s+)?using\s)/.test(l)) return false;
    // A `try {` opens a block one level in; a `using` is in the block it belongs to.
    const level = indent(l) + (l.trimStart().startsWith('try') ? 1 : 0);
    return lines.slice(i + 1).every((later) => later.trim() === '' || indent(later) >= level);
  });
}

export const typescriptEslintSuites: PeerSuite[] = [
  suiteOf('typescript-eslint-floating', 'no-floating-promises → floating-promise', 'no-floating-promises.test.ts', 'floating-promise', floating),
  suiteOf('typescript-eslint-void-return', 'no-misused-promises, void return → async-callback', 'no-misused-promises.test.ts', 'async-callback', voidReturn, ['async-promise-executor']),
  suiteOf('typescript-eslint-conditional', 'no-misused-promises, conditional → promise-condition', 'no-misused-promises.test.ts', 'promise-condition', conditional),
  suiteOf('typescript-eslint-await-thenable', 'await-thenable → await-non-thenable', 'await-thenable.test.ts', 'await-non-thenable', awaitThenable),
  suiteOf('typescript-eslint-return-await', 'return-await, inside try → return-await-in-try', 'return-await.test.ts', 'return-await-in-try', returnAwait),
];
