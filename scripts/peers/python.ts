/**
 * The Python peer suites: Ruff's flake8_async and RUF006 fixtures (expected diagnostics in their
 * snapshot files) and flake8-async's eval files (expected diagnostics in `# ASYNCxxx: ...` and
 * `# error: ...` comments). A case is a line: an invalid case is a line the peer expects a
 * diagnostic on (found when async-lint's mapped rule reports as many on it); a valid case is any
 * other line with a call on it in a checked file (silent when the mapped rule reports nothing).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findingLines, lintPythonText } from './lintPython.ts';
import { pythonDifference } from './pythonDifferences.ts';
import type { CaseResult, PeerSuite, SuiteResult } from './types.ts';

/** Peer codes and the async-lint rule that covers each. */
const BLOCKING = ['ASYNC210', 'ASYNC211', 'ASYNC212', 'ASYNC220', 'ASYNC221', 'ASYNC222', 'ASYNC230', 'ASYNC231', 'ASYNC232', 'ASYNC240', 'ASYNC250', 'ASYNC251'];
const RULE_OF_CODE: Record<string, string> = {
  ...Object.fromEntries(BLOCKING.map((c) => [c, 'blocking-call'])),
  ASYNC103: 'swallowed-cancellation',
  ASYNC300: 'dangling-task',
  RUF006: 'dangling-task',
};

/** Why the peer's other checks are not run: none is an asyncio pitfall of the catalogue. */
const UNMAPPED: Record<string, string> = {
  ASYNC100: 'cancel scope without a checkpoint: trio/anyio cancel scopes (asyncio.timeout is covered by no rule)',
  ASYNC101: 'yield inside a cancel scope or nursery: trio/anyio structured concurrency',
  ASYNC102: 'await inside finally/critical except without a shielded scope: trio/anyio cancel scopes',
  ASYNC104: 'a cancellation exception replaced by another exception or a return: not in the catalogue',
  ASYNC105: 'trio async function called without await: trio-only',
  ASYNC106: 'import style of trio/anyio',
  ASYNC109: 'async function with a timeout parameter: a style rule, not in the catalogue',
  ASYNC110: 'busy-wait loop with sleep: not in the catalogue',
  ASYNC111: 'nursery/task-group variable used in a nested context manager: trio/anyio nurseries',
  ASYNC112: 'nursery/task group with a single call: style, not in the catalogue',
  ASYNC113: 'start_soon in __aenter__: trio/anyio nurseries',
  ASYNC114: 'startable function not in the list: trio/anyio',
  ASYNC115: 'sleep(0): trio/anyio style (asyncio.sleep(0) is the documented yield)',
  ASYNC116: 'long sleep: trio/anyio style',
  ASYNC118: 'cancelled exception class stored in a variable: anyio',
  ASYNC119: 'yield in a context manager in an async generator: not in the catalogue',
  ASYNC120: 'await in an except handler that may be cancelled: trio/anyio cancel scopes',
  ASYNC121: 'control flow in a task group: not in the catalogue',
  ASYNC122: 'move_on_after/fail_after with a relative deadline: trio/anyio',
  ASYNC123: 'exception group raised from a handler: not in the catalogue',
  ASYNC124: 'async function without await: not in the catalogue',
  ASYNC125: 'constant absolute deadline: trio/anyio',
  ASYNC126: 'exception group subclass: not in the catalogue',
  ASYNC127: 'trio.lowlevel: trio-only',
  ASYNC128: 'not in the catalogue',
  ASYNC200: 'user-configured blocking calls (--async200-blocking-calls): a configuration the peer test supplies',
  ASYNC400: 'ExceptionGroup attribute access: not in the catalogue',
  ASYNC401: 'not in the catalogue',
  ASYNC900: 'async generator: not in the catalogue',
  ASYNC910: 'checkpoint analysis: trio/anyio checkpoints',
  ASYNC911: 'checkpoint analysis: trio/anyio checkpoints',
  ASYNC912: 'checkpoint analysis: trio/anyio checkpoints',
  ASYNC913: 'checkpoint analysis: trio/anyio checkpoints',
};

/** The peers' ASYNC220 and ASYNC240 checks are ours behind these options (blocking-call docs). */
const PEER_OPTIONS = { 'blocking-call': { fileMetadata: true, processStart: true } };

const HAS_CALL = /[\w)\]]\s*\(/;

/** The peer check a blocking-call finding corresponds to, from its message: a fixture runs only some checks. */
const FAMILIES: [RegExp, string[]][] = [
  [/opens the file/, ['ASYNC230', 'ASYNC231']],
  [/aiofiles\.os/, ['ASYNC240']],
  [/for the whole file work/, ['ASYNC232']],
  [/HTTP|connection pool/, ['ASYNC210', 'ASYNC211', 'ASYNC212']],
  [/process|shell command/, ['ASYNC220', 'ASYNC221', 'ASYNC222']],
  [/standard input/, ['ASYNC250']],
  [/sleeps/, ['ASYNC251']],
];

function peerChecksOf(message: string): string[] | undefined {
  return FAMILIES.find(([pattern]) => pattern.test(message))?.[1];
}

interface Expected {
  line: number;
  codes: string[];
}

interface FileCases {
  fileName: string;
  text: string;
  rule: string;
  /** Expected diagnostics of the mapped codes, per line. */
  expected: Map<number, number>;
  /** Lines left out: expected diagnostics of codes we do not map, or the peer's own false negatives. */
  excluded: Map<number, string>;
  /** The peer checks run on this file: a finding that belongs to another one is not judged. */
  checks: string[];
}

async function judge(suite: string, file: FileCases, out: CaseResult[], label: string, notRun: (n: number) => void): Promise<void> {
  const all = await lintPythonText(file.fileName, file.text, [file.rule], PEER_OPTIONS);
  const lines0 = findingLines(file.text, all);
  const ends0 = findingLines(file.text, all.map((f) => ({ ...f, start: f.end })));
  const findings = all.filter((f, i) => {
    const family = file.rule === 'blocking-call' ? peerChecksOf(f.message) : undefined;
    const judged = !family || family.some((c) => file.checks.includes(c)) || file.expected.has(lines0[i]!);
    if (!judged) notRun(1);
    return judged;
  });
  // A finding counts on its first line, or on a line it spans that the peer expects (a multi-line
  // `except (...)` the peer reports at the line of `BaseException`).
  const perLine = new Map<number, number>();
  const spans = findings.map((f) => [lines0[all.indexOf(f)]!, ends0[all.indexOf(f)]!] as const);
  const startLines = new Set(spans.map(([a]) => a));
  for (const [first, last] of spans) {
    let line = first;
    if (!file.expected.has(first)) for (let l = first; l <= last; l++) if (file.expected.has(l) && !startLines.has(l)) { line = l; break; }
    perLine.set(line, (perLine.get(line) ?? 0) + 1);
  }
  const lines = file.text.split(/\r?\n/);
  lines.forEach((code, i) => {
    const line = i + 1;
    if (file.excluded.has(line)) return;
    const expected = file.expected.get(line) ?? 0;
    const found = perLine.get(line) ?? 0;
    const where = `${label}:${line}`;
    if (expected > 0) {
      const why = () => pythonDifference(suite, label, code);
      for (let k = 0; k < expected; k++) out.push({ where, kind: 'invalid', ok: k < found, code: code.trim(), note: k < found ? undefined : why() });
      if (found > expected) out.push({ where, kind: 'valid', ok: false, code: code.trim(), note: `${found - expected} more findings than expected: ${why()}` });
    } else if (HAS_CALL.test(code.replace(/#.*$/, '')) || found > 0) {
      const message = found > 0 ? findings[spans.findIndex(([a]) => a === line)]?.message : undefined;
      out.push({ where, kind: 'valid', ok: found === 0, code: code.trim(), note: message && pythonDifference(suite, label, code) });
    }
  });
}

function tally(outOfScope: Map<string, number>): SuiteResult['outOfScope'] {
  return [...outOfScope].map(([reason, count]) => ({ reason, count }));
}

// ---- Ruff ----

const RUFF_FIXTURES = 'crates/ruff_linter/resources/test/fixtures';
const RUFF_SNAPSHOTS = 'crates/ruff_linter/src/rules';

/** `CODE message` then ` --> FILE:LINE:COL` (Ruff 0.12+), or `FILE:LINE:COL: CODE message` (older). */
function ruffDiagnostics(snapshot: string): { code: string; line: number }[] {
  const out: { code: string; line: number }[] = [];
  for (const m of snapshot.matchAll(/^([A-Z]+\d+) .*\n\s*--> [^:\n]+:(\d+):\d+/gm)) out.push({ code: m[1]!, line: Number(m[2]) });
  for (const m of snapshot.matchAll(/^[^\s:]+\.py:(\d+):\d+: ([A-Z]+\d+) /gm)) out.push({ code: m[2]!, line: Number(m[1]) });
  return out;
}

const OWN_LIMITS = /false negative|not handled|not implemented|unhandled|should error|aren't tracked|nor is assigning|don't handle/i;

/**
 * Lines of cases the fixture itself says its peer gets wrong: the case (up to a blank line) under a
 * comment block such as `# OK (false negative)`, `# not handled`, `# ... we don't handle`, or a line
 * marked `# should error`.
 */
function peerOwnLimits(text: string): Set<number> {
  const out = new Set<number>();
  let inside = false;
  let inHeader = false;
  text.split(/\r?\n/).forEach((line, i) => {
    if (/^\s*#/.test(line)) {
      // Consecutive comment lines (blank lines between them too) are one header.
      inside = (inHeader && inside) || OWN_LIMITS.test(line);
      inHeader = true;
      return;
    }
    if (line.trim() === '') {
      if (!inHeader) inside = false; // a case ends at the first blank line after its code
      return;
    }
    inHeader = false;
    if (inside || /#.*should error/i.test(line)) out.add(i + 1);
  });
  return out;
}

const OWN = 'lines of cases the fixture marks as its peer\'s own false negatives or unhandled cases';
const NOT_RUN = 'findings of a peer check the fixture does not run (e.g. open() in a file testing only ASYNC232)';

async function runRuff(suite: string, checkout: string, rule: string, fixtures: string[], snapshotDir: string, snapshotPrefix: string): Promise<SuiteResult> {
  const cases: CaseResult[] = [];
  const outOfScope = new Map<string, number>();
  const count = (reason: string, n: number) => n > 0 && outOfScope.set(reason, (outOfScope.get(reason) ?? 0) + n);
  const snapshots = readdirSync(path.join(checkout, RUFF_SNAPSHOTS, snapshotDir));
  for (const fixture of fixtures) {
    const text = readFileSync(path.join(checkout, RUFF_FIXTURES, fixture), 'utf8');
    const base = path.basename(fixture);
    const expected = new Map<number, number>();
    const excluded = new Map<number, string>();
    const checks: string[] = [];
    for (const snap of snapshots.filter((s) => s.startsWith(snapshotPrefix) && s.endsWith(`_${base}.snap`))) {
      checks.push(/__tests__([A-Z]+\d+)_/.exec(snap)?.[1] ?? '');
      for (const d of ruffDiagnostics(readFileSync(path.join(checkout, RUFF_SNAPSHOTS, snapshotDir, snap), 'utf8'))) {
        const mapped = RULE_OF_CODE[d.code];
        if (mapped !== rule) continue;
        expected.set(d.line, (expected.get(d.line) ?? 0) + 1);
      }
    }
    for (const line of peerOwnLimits(text)) {
      excluded.set(line, OWN);
      count(OWN, 1);
      expected.delete(line);
    }
    await judge(suite, { fileName: base, text, rule, expected, excluded, checks }, cases, base, (n) => count(NOT_RUN, n));
  }
  return { cases, outOfScope: tally(outOfScope) };
}

const RUFF_BLOCKING = ['ASYNC210', 'ASYNC212', 'ASYNC22x', 'ASYNC230', 'ASYNC240', 'ASYNC250', 'ASYNC251'];

// ---- flake8-async ----

const EVAL_FILES = 'tests/eval_files';

function markers(text: string): Set<string> {
  return new Set([...text.matchAll(/# (NOANYIO|NOTRIO|NOASYNCIO|ANYIO_NO_ERROR|TRIO_NO_ERROR|ASYNCIO_NO_ERROR|BASE_LIBRARY)/g)].map((m) => m[1]!));
}

/** flake8-async's `replace_library`: its tests run a trio-written file under asyncio by renaming the library. */
function replaceLibrary(text: string, from: string, to: string): string {
  return text.replace(new RegExp(`(?<!-)(?:\\b|(?<=_))${from}\\b`, 'g'), to);
}

function enabledCodes(fileName: string, text: string): string[] {
  let enabled = [fileName.split('_')[0]!.replace(/\.py$/, '').toUpperCase()];
  for (const m of text.matchAll(/ARG --enable=(\S+)/g)) enabled = m[1]!.split(',');
  return enabled.filter((c) => /^ASYNC\d\d\d$/.test(c));
}

/** Expected errors per line, parsed as flake8-async's `_parse_eval_file` does. */
function evalExpectations(text: string, testCode: string): Expected[] {
  const out: Expected[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#') || !line.includes('#')) return;
    const codes = [...line.matchAll(/(error|ASYNC...)(_[^:]*)?:([^#]*)(?=#|$)/g)].map((m) => (m[1] === 'error' ? testCode : m[1]!));
    if (codes.length) out.push({ line: i + 1, codes });
  });
  return out;
}

/**
 * ASYNC103's cases are module-level `try: ... except BaseException:` with nothing awaited; async-lint
 * looks only in coroutines, where cancellation can arrive (at an await). This puts the file's code
 * in a coroutine (and its functions coroutines) and makes each `try: ...` body await, so the
 * cases test the handler analysis.
 */
export function inCoroutine(text: string): string {
  const lines = text.split('\n');
  const out = ['import asyncio', 'async def _peer_case():'];
  lines.forEach((line, i) => {
    const tryBody = /^\s*\.\.\.\s*$/.test(line) && /^\s*try\s*:\s*$/.test(lines[i - 1] ?? '');
    const adapted = tryBody ? line.replace('...', 'await asyncio.sleep(0)') : line.replace(/^(\s*)def /, '$1async def ');
    out.push(line.trim() === '' ? line : `    ${adapted}`);
  });
  return out.join('\n');
}

async function runFlake8Async(suite: string, checkout: string, codes: string[], adapt?: (text: string) => string): Promise<SuiteResult> {
  const cases: CaseResult[] = [];
  const outOfScope = new Map<string, number>();
  const count = (reason: string, n: number) => n > 0 && outOfScope.set(reason, (outOfScope.get(reason) ?? 0) + n);
  const dir = path.join(checkout, EVAL_FILES);
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.py')).sort()) {
    let text = readFileSync(path.join(dir, name), 'utf8');
    const enabled = enabledCodes(name, text);
    const mapped = enabled.filter((c) => codes.includes(c));
    if (mapped.length === 0) continue;
    const testCode = name.split('_')[0]!.replace(/\.py$/, '').toUpperCase();
    const marks = markers(text);
    const expectedHere = evalExpectations(text, testCode);
    const mappedCount = expectedHere.flatMap((e) => e.codes).filter((c) => mapped.includes(c)).length;
    if (marks.has('NOASYNCIO')) {
      count('files the peer does not run under asyncio (NOASYNCIO: trio/anyio-specific)', mappedCount);
      continue;
    }
    const base = /# BASE_LIBRARY (\w+)/.exec(text)?.[1] ?? 'trio';
    if (base !== 'asyncio') text = replaceLibrary(text, base, 'asyncio');
    if (adapt) text = adapt(text);
    const rule = RULE_OF_CODE[mapped[0]!]!;
    const expected = new Map<number, number>();
    const excluded = new Map<number, string>();
    for (const line of peerOwnLimits(text)) {
      excluded.set(line, OWN);
      count(OWN, 1);
    }
    if (!marks.has('ASYNCIO_NO_ERROR')) {
      for (const e of evalExpectations(text, testCode)) {
        const ours = e.codes.filter((c) => mapped.includes(c)).length;
        if (excluded.has(e.line)) continue;
        if (ours > 0) expected.set(e.line, ours);
        else {
          excluded.set(e.line, 'a check not mapped');
          for (const c of e.codes) count(`${c}: ${UNMAPPED[c] ?? 'not in the catalogue'}`, 1);
        }
      }
    }
    await judge(suite, { fileName: name, text, rule, expected, excluded, checks: enabled }, cases, name, (n) => count(NOT_RUN, n));
  }
  return { cases, outOfScope: tally(outOfScope) };
}

export const pythonSuites: PeerSuite[] = [
  {
    id: 'ruff-flake8-async',
    peer: 'ruff',
    title: "Ruff's flake8_async fixtures (ASYNC210-251) → blocking-call",
    run: (checkout) => runRuff('ruff-flake8-async', checkout, 'blocking-call', RUFF_BLOCKING.map((f) => `flake8_async/${f}.py`), 'flake8_async/snapshots', 'ruff_linter__rules__flake8_async__tests__ASYNC'),
  },
  {
    id: 'ruff-RUF006',
    peer: 'ruff',
    title: "Ruff's RUF006 fixture → dangling-task",
    run: (checkout) => runRuff('ruff-RUF006', checkout, 'dangling-task', ['ruff/RUF006.py'], 'ruff/snapshots', 'ruff_linter__rules__ruff__tests__RUF006'),
  },
  {
    id: 'flake8-async-blocking',
    peer: 'flake8-async',
    title: "flake8-async's eval files for ASYNC210-251 → blocking-call",
    run: (checkout) => runFlake8Async('flake8-async-blocking', checkout, BLOCKING),
  },
  {
    id: 'flake8-async-ASYNC103-in-coroutine',
    peer: 'flake8-async',
    title: "flake8-async's eval files for ASYNC103, their code in a coroutine whose try bodies await → swallowed-cancellation",
    run: (checkout) => runFlake8Async('flake8-async-ASYNC103-in-coroutine', checkout, ['ASYNC103'], inCoroutine),
  },
  {
    id: 'flake8-async-ASYNC300',
    peer: 'flake8-async',
    title: "flake8-async's eval files for ASYNC300 → dangling-task",
    run: (checkout) => runFlake8Async('flake8-async-ASYNC300', checkout, ['ASYNC300']),
  },
];

export const pythonUnmappedChecks = UNMAPPED;
