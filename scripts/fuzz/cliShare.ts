/**
 * Inputs through the real CLI: written as files (BOM, CRLF and invalid bytes as they are), linted
 * and fixed with `--fix --unsafe-fixes` in one run per batch, then checked: the run ends within
 * its bound with exit 0/1/2 and no internal error, every file has a result, and every file it
 * rewrote kept its BOM, mode and line breaks, was reported as fixed, still parses if it parsed,
 * and left no temporary file behind.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { keepsLineBreaks, lineBreaksOf, type Problem, type PyPair } from './check.ts';
import type { FuzzInput } from './inputs.ts';
import type { Sandbox } from './sandbox.ts';

export interface CliBatchOptions {
  repo: string;
  dir: string;
  /** A config file turning every rule on, test files included. */
  configFile: string;
  timeoutMs: number;
  sandbox: Sandbox;
  lintBoundMs: number;
  /** Syntax errors the engine found in each input (by id), when it answered. */
  baseSyntaxErrors: Map<string, number>;
}

export interface CliBatchResult {
  problems: Problem[];
  pyPairs: PyPair[];
  filesChanged: number;
  ms: number;
}

const MODES = [0o644, 0o600, 0o755, 0o640];

export async function runCliBatch(inputs: readonly FuzzInput[], o: CliBatchOptions): Promise<CliBatchResult> {
  const started = performance.now();
  const problems: Problem[] = [];
  const pyPairs: PyPair[] = [];
  const all = inputs.map((i) => i.id).join(',');
  mkdirSync(o.dir, { recursive: true });
  writeFileSync(path.join(o.dir, 'package.json'), '{"name":"fuzz-cli","type":"module"}\n');
  const files = inputs.map((input) => {
    const file = path.join(o.dir, `in-${String(input.index).padStart(5, '0')}${input.ext}`);
    writeFileSync(file, input.bytes);
    const mode = MODES[input.index % MODES.length]!;
    chmodSync(file, mode);
    return { input, file, mode };
  });
  const bin = path.join(o.repo, 'bin/async-lint.mjs');
  const run = () =>
    spawnSync(process.execPath, [bin, '--format', 'json', '--fix', '--unsafe-fixes', '--config', o.configFile, o.dir], {
      cwd: o.dir,
      encoding: 'utf8',
      timeout: o.timeoutMs,
      killSignal: 'SIGKILL',
      maxBuffer: 1 << 28,
      env: { ...process.env, NO_COLOR: '1' },
    });
  let r = run();
  if (r.status !== null && /ERR_MODULE_NOT_FOUND[\s\S]*dist[\\/]/.test(r.stderr)) {
    // dist/ was being rebuilt (another test run's build): once more when it is back.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    r = run();
  }
  const problem = (kind: string, inputId: string, detail: string, output?: string) =>
    problems.push({ kind: `cli-${kind}`, inputId, detail, ...(output !== undefined ? { output } : {}) });
  if (r.error || r.signal) {
    problem('hang', all, `the CLI did not finish within ${o.timeoutMs} ms (${r.error?.message ?? r.signal})`);
    return { problems, pyPairs, filesChanged: 0, ms: performance.now() - started };
  }
  if (r.status === null || ![0, 1, 2].includes(r.status) || /internal error/.test(r.stderr)) {
    problem('crash', all, `exit ${r.status}; stderr: ${r.stderr.slice(0, 2000)}`);
  }
  let results: { filePath: string; messages: unknown[] }[] = [];
  try {
    results = JSON.parse(r.stdout) as typeof results;
  } catch (error) {
    problem('bad-output', all, `stdout is not JSON (${(error as Error).message}): ${r.stdout.slice(0, 500)}; stderr: ${r.stderr.slice(0, 1000)}`);
  }
  const byPath = new Map(results.map((x) => [x.filePath, x]));
  let filesChanged = 0;
  for (const { input, file, mode } of files) {
    if (results.length > 0 && !byPath.has(file)) problem('no-result', input.id, `no result for ${path.basename(file)}`);
    const after = readFileSync(file);
    if (Buffer.compare(after, input.bytes) === 0) continue;
    filesChanged++;
    const hasBom = after[0] === 0xef && after[1] === 0xbb && after[2] === 0xbf;
    if (hasBom !== input.bom) problem('bom', input.id, `BOM ${input.bom ? 'lost' : 'added'} by --fix`);
    const nowMode = statSync(file).mode & 0o7777;
    if (nowMode !== mode) problem('mode', input.id, `mode ${mode.toString(8)} became ${nowMode.toString(8)}`);
    if (!r.stderr.includes(`in ${file}`)) problem('unreported-change', input.id, `${path.basename(file)} was rewritten but the CLI did not report it: ${r.stderr.slice(0, 500)}`);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(after).replace(/^\ufeff/, '');
    if (!keepsLineBreaks(input.text, text)) problem('line-endings', input.id, `line breaks ${lineBreaksOf(input.text)} → ${lineBreaksOf(text)}`, text);
    const base = o.baseSyntaxErrors.get(input.id);
    const fixed = await o.sandbox.lint(input.fileName, text, o.lintBoundMs * 3);
    if (base === 0 && fixed.syntaxErrors > 0) problem('fix-breaks-parse', input.id, `the input parsed; after --fix it has ${fixed.syntaxErrors} syntax error(s)`, text);
    else if (base !== undefined && fixed.syntaxErrors > base) problem('fix-adds-syntax-errors', input.id, `${base} → ${fixed.syntaxErrors} syntax errors after --fix`, text);
    if (input.language === 'python') pyPairs.push({ inputId: input.id, what: 'CLI --fix --unsafe-fixes', before: input.text, after: text });
  }
  const leftovers = readdirSync(o.dir).filter((n) => /\.tmp$/.test(n));
  if (leftovers.length > 0) problem('temp-left', all, `temporary files left: ${leftovers.join(', ')}`);
  return { problems, pyPairs, filesChanged, ms: performance.now() - started };
}
