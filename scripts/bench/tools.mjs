// The tools of the benchmark: how each is run on a corpus and how its output becomes findings of
// one shape, { rule, file (relative to the corpus), line, endLine, message }.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * @param repo the async-lint checkout
 * @param peers installPeers(...) result
 * Returns the tools per corpus language; `reference` tools (a plain type-check) have no findings
 * and no target: they show what building the types alone costs.
 */
export function toolsFor(language, repo, peers) {
  const node = process.execPath;
  const asyncLint = {
    id: 'async-lint',
    label: 'async-lint',
    ours: true,
    command: (dir) => [node, [path.join(repo, 'bin/async-lint.mjs'), 'check', '--format', 'json', dir]],
    exitCodes: [0, 1], // 2: a file could not be read or parsed, or an internal error
    parse: parseEslintJson,
  };
  if (language === 'python') {
    return [
      asyncLint,
      {
        id: 'ruff-wasm',
        label: 'ruff (wasm) ASYNC, RUF006',
        command: (dir) => [node, [peers.file('ruff-wasm.mjs'), dir]],
        exitCodes: [0],
        parse: parseRuffWasm,
      },
      {
        id: 'pyright',
        label: 'pyright',
        command: () => [node, [peers.file('node_modules/pyright/index.js'), '--outputjson', '-p', 'pyrightconfig.json']],
        exitCodes: [0, 1],
        parse: parsePyright,
      },
    ];
  }
  return [
    asyncLint,
    {
      // The same run with the effect model of the awaits rules off: what the model costs (issue 13's
      // budget is 10% of async-lint's time). Timed only; its findings are not compared.
      id: 'async-lint-no-effects',
      label: 'async-lint, effect model off',
      variant: true,
      command: asyncLint.command,
      env: { ASYNC_LINT_EFFECT_MODEL: 'off' },
      exitCodes: [0, 1],
    },
    {
      id: 'oxlint',
      label: 'oxlint --type-aware',
      command: () => [node, [peers.file('node_modules/oxlint/bin/oxlint'), '-c', peers.file('oxlintrc.json'), '--type-aware', '--format', 'json', '.']],
      // The native type-aware linter comes from oxlint-tsgolint's platform package.
      env: { OXLINT_TSGOLINT_PATH: peers.file('node_modules/@oxlint-tsgolint/linux-x64/tsgolint') },
      exitCodes: [0, 1],
      parse: parseOxlint,
    },
    {
      id: 'eslint',
      label: 'ESLint + typescript-eslint',
      // --no-inline-config: the corpora's own eslint-disable comments name plugins not loaded here.
      command: () => [node, [peers.file('node_modules/eslint/bin/eslint.js'), '-c', peers.file('eslint.config.mjs'), '--no-inline-config', '--format', 'json', '.']],
      exitCodes: [0, 1],
      parse: parseEslintJson,
    },
    {
      id: 'tsgo',
      label: 'tsc 7 (tsgo) --noEmit',
      reference: true,
      command: () => [node, [path.join(repo, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', '.']],
      exitCodes: [0, 1, 2], // type errors: the corpora's optional dependencies (ws, ...) are not installed
      parse: () => [],
    },
    {
      id: 'tsc',
      label: 'tsc 5.9 --noEmit',
      reference: true,
      command: () => [node, [peers.file('node_modules/typescript/bin/tsc'), '--noEmit', '-p', '.']],
      exitCodes: [0, 1, 2],
      parse: () => [],
    },
  ];
}

const relative = (dir, file) => path.relative(dir, path.resolve(dir, file)).split(path.sep).join('/');

/** typescript-eslint's no-misused-promises is three checks; each is compared on its own. */
const MISUSED_PROMISES_CHECK = { conditional: 'conditional', predicate: 'conditional', spread: 'spread' };

function eslintRule(m) {
  if (!m.ruleId) return 'fatal';
  const rule = m.ruleId.replace(/^@typescript-eslint\//, '');
  if (rule === 'no-misused-promises') return `no-misused-promises (${MISUSED_PROMISES_CHECK[m.messageId] ?? 'void return'})`;
  return rule;
}

/** ESLint's JSON formatter, which async-lint's --format json also prints. */
export function parseEslintJson(stdout, dir) {
  const findings = [];
  for (const file of JSON.parse(stdout)) {
    for (const m of file.messages) {
      findings.push({ rule: eslintRule(m), file: relative(dir, file.filePath), line: m.line ?? 1, endLine: m.endLine ?? m.line ?? 1, message: m.message });
    }
  }
  return findings;
}

function oxlintRule(d) {
  const rule = /\(([^)]+)\)$/.exec(d.code ?? '')?.[1] ?? d.code ?? 'fatal';
  if (rule !== 'no-misused-promises') return rule;
  const check = /conditional|boolean/i.test(d.message) ? 'conditional' : /spread/i.test(d.message) ? 'spread' : 'void return';
  return `no-misused-promises (${check})`;
}

/** oxlint's JSON: spans are UTF-8 byte offsets; the unlabelled span is the reported node. */
export function parseOxlint(stdout, dir) {
  const texts = new Map();
  const lineAt = (file, offset) => {
    let buf = texts.get(file);
    if (!buf) texts.set(file, (buf = readFileSync(path.join(dir, file))));
    let line = 1;
    for (let i = 0; i < offset && i < buf.length; i++) if (buf[i] === 10) line++;
    return line;
  };
  return JSON.parse(stdout).diagnostics.map((d) => {
    const file = relative(dir, d.filename);
    const label = d.labels?.find((l) => !l.label) ?? d.labels?.[0];
    const line = label?.span.line ?? 1;
    const endLine = label ? lineAt(file, label.span.offset + Math.max(0, label.span.length - 1)) : line;
    return { rule: oxlintRule(d), file, line, endLine, message: d.message };
  });
}

export function parsePyright(stdout, dir) {
  return JSON.parse(stdout)
    .generalDiagnostics.filter((d) => d.rule === 'reportUnusedCoroutine')
    .map((d) => ({ rule: d.rule, file: relative(dir, d.file), line: d.range.start.line + 1, endLine: d.range.end.line + 1, message: d.message }));
}

export function parseRuffWasm(stdout, dir) {
  return JSON.parse(stdout).map((d) => ({ rule: d.code, file: relative(dir, d.file), line: d.line, endLine: d.endLine, message: d.message }));
}

/**
 * The rules that overlap, as pairs (async-lint rule ↔ a peer's rule). A pair shows in the
 * agreement table once async-lint has the rule, so rules being written appear when they land.
 * `covered`: every finding of the peer's rule must also be ours (a target of the benchmark).
 */
export const OVERLAPS = [
  { ours: 'floating-promise', tools: ['eslint', 'oxlint'], theirs: 'no-floating-promises', covered: ['eslint'] },
  { ours: 'await-non-thenable', tools: ['eslint', 'oxlint'], theirs: 'await-thenable' },
  { ours: 'async-callback', tools: ['eslint', 'oxlint'], theirs: 'no-misused-promises (void return)' },
  { ours: 'promise-condition', tools: ['eslint', 'oxlint'], theirs: 'no-misused-promises (conditional)' },
  { ours: 'return-await-in-try', tools: ['eslint', 'oxlint'], theirs: 'return-await' },
  { ours: 'async-promise-executor', tools: ['eslint', 'oxlint'], theirs: 'no-async-promise-executor' },
  { ours: 'blocking-call', tools: ['ruff-wasm'], theirs: /^ASYNC2\d\d$/, theirsLabel: 'ASYNC2xx' },
  { ours: 'unawaited-coroutine', tools: ['pyright'], theirs: 'reportUnusedCoroutine' },
  { ours: 'dangling-task', tools: ['ruff-wasm'], theirs: 'RUF006' },
];

export const theirsMatches = (overlap, rule) => (overlap.theirs instanceof RegExp ? overlap.theirs.test(rule) : overlap.theirs === rule);
export const theirsLabel = (overlap) => overlap.theirsLabel ?? overlap.theirs;
