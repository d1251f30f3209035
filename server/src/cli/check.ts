/**
 * `async-lint [check]`: lints files and folders (or stdin as one file), optionally fixes them, and
 * writes one report. Returns the exit status: 0 clean, 1 findings at error severity (fatal ones
 * included) or too many warnings. Whatever stops the run itself throws (exit 2, see main.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import packageJson from '../../../package.json' with { type: 'json' };
import type { ResolvedConfig } from '../core/config.ts';
import { ConfigResolver } from '../core/configResolver.ts';
import { languageOf } from '../core/files.ts';
import { Linter, type LintResult } from '../rules/engine.ts';
import { allRuleMetas } from '../rules/index.ts';
import { discoverFiles, MissingPathError, type DiscoveredFile } from '../node/discover.ts';
import { decodeSource, readSourceFile, readTextIfPresent } from '../node/readSource.ts';
import { diskProbe } from '../node/fileProbe.ts';
import { batchBackendEnvironment } from './backendEnvironment.ts';
import { fixFiles, fixText } from './fixWriter.ts';
import { formatResults } from './formatters/index.ts';
import { UsageError, type CheckOptions } from './options.ts';
import { Notices } from './notices.ts';
import { lintInParallel, threadsFor, type ThreadOptions } from './parallelLint.ts';
import { fatalMessage, ignoredMessage, toCliResult, withCounts, type CliFileResult } from './report.ts';

/** The run could not finish its job (a report that cannot be written, rules that crashed): exit 2. */
export class RunError extends Error {}

export async function check(options: CheckOptions, cwd: string, stdin: () => Buffer = () => readFileSync(0)): Promise<number> {
  const metas = allRuleMetas();
  const resolver = new ConfigResolver(metas, { readFile: readTextIfPresent });
  const explicitConfig = options.config ? resolver.loadExplicit(path.resolve(cwd, options.config)) : undefined;
  const above = [explicitConfig, { rules: options.rules }];

  const fromStdin = options.stdinFilename !== undefined;
  let listed: DiscoveredFile[];
  try {
    listed = fromStdin ? [{ fileName: path.resolve(cwd, options.stdinFilename!), explicit: true }] : discoverFiles(options.paths, cwd, ['typescript', 'python']);
  } catch (error) {
    if (error instanceof MissingPathError) throw new UsageError(error.message);
    throw error;
  }
  // Every file's settings before any output, so that a broken config file stops the run (exit 2).
  const configs = new Map<string, ResolvedConfig>();
  const results: CliFileResult[] = [];
  const files = listed.filter((file) => {
    const resolved = resolver.forFile(file.fileName, above);
    if (resolved.ignored) {
      if (file.explicit) results.push(withCounts(file.fileName, [ignoredMessage()]));
      return false;
    }
    configs.set(file.fileName, resolved.config);
    return true;
  });
  const configFor = (fileName: string) => configs.get(fileName)!;

  const notices = new Notices();
  const ruleErrors: string[] = [];
  const threads = fromStdin ? 1 : threadsFor(files.filter((f) => languageOf(f.fileName) === 'typescript').length, options.concurrency);
  const backendEnvironment = batchBackendEnvironment(threads);
  const linter = new Linter({
    files: diskProbe,
    notice: (message, project) => notices.add(message, project),
    onRuleError: (id, file, error) => ruleErrors.push(`rule ${id} failed on ${file}: ${(error as Error).message}`),
    readFile: readTextIfPresent,
    // The benchmark's measure of the effect model's cost (scripts/bench/tools.mjs).
    effectModel: process.env.ASYNC_LINT_EFFECT_MODEL !== 'off',
    // Without --fix every text is what the file holds on disk; fixes in progress and stdin are not.
    textsMayDifferFromDisk: options.fix || fromStdin,
    backendEnvironment,
  });
  let stdout: string | Buffer = '';
  try {
    await linter.prepare();
    if (fromStdin) {
      const bytes = stdin();
      const fixedText = await lintStdin(linter, files[0], bytes, configFor, options, results);
      // Ruff's and ESLint's stdin fixing: the text goes to stdout (unchanged when nothing applied,
      // also for an ignored file or unreadable input), the report elsewhere.
      if (options.fix) stdout = fixedText ?? bytes;
    } else {
      const readable = [];
      for (const file of files) {
        const source = readSourceFile(file.fileName);
        if ('error' in source) results.push(withCounts(file.fileName, [fatalMessage(source.error)]));
        else readable.push(source);
      }
      let lintResults = await lintAll(linter, readable, configFor, { threads, backendEnvironment }, (message, project) => notices.add(message, project), ruleErrors);
      if (options.fix) {
        const outcome = await fixFiles(linter, readable, lintResults, configFor, { unsafe: options.unsafeFixes });
        lintResults = outcome.results;
        for (const n of outcome.notices) notices.add(n);
      }
      results.push(...lintResults.map(toCliResult));
    }
  } finally {
    linter.dispose();
    // tsgo is signalled to end; a CLI that exits first leaves it running after the run.
    await linter.backendsExited();
  }
  results.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));

  const reportStream = fromStdin && options.fix ? process.stderr : process.stdout;
  const color = options.color ?? (options.outputFile === undefined && reportStream.isTTY === true && !process.env.NO_COLOR);
  const report = formatResults(options.format, results, { cwd, metas, version: packageJson.version, color });
  if (options.outputFile !== undefined) writeReport(path.resolve(cwd, options.outputFile), report);
  else if (reportStream === process.stdout) stdout = report;
  else process.stderr.write(report);
  await writeStdout(stdout);
  for (const n of notices.lines()) process.stderr.write(`async-lint: ${n}\n`);
  for (const e of ruleErrors) process.stderr.write(`async-lint: internal error: ${e}\n`);
  if (ruleErrors.length > 0) {
    throw new RunError(`${ruleErrors.length} rule failure${ruleErrors.length === 1 ? '' : 's'} (above): the report is incomplete`);
  }

  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  if (errors > 0) return 1;
  if (options.maxWarnings >= 0 && warnings > options.maxWarnings) {
    process.stderr.write(`async-lint: too many warnings (${warnings}, the maximum is ${options.maxWarnings}).\n`);
    return 1;
  }
  return 0;
}

/** Lints stdin as `file` (undefined when its path is ignored); returns the fixed text with --fix. */
async function lintStdin(
  linter: Linter,
  file: DiscoveredFile | undefined,
  bytes: Buffer,
  configFor: (fileName: string) => ResolvedConfig,
  options: CheckOptions,
  results: CliFileResult[],
): Promise<string | undefined> {
  if (!file) return undefined;
  const decoded = decodeSource(bytes);
  if ('error' in decoded) {
    results.push(withCounts(file.fileName, [fatalMessage(decoded.error)]));
    return undefined;
  }
  let result = linter.lint([{ fileName: file.fileName, text: decoded.text }], configFor)[0]!;
  if (options.fix) result = (await fixText(linter, result, configFor, { unsafe: options.unsafeFixes })).result;
  results.push(toCliResult(result));
  return options.fix ? (decoded.bom ? '\ufeff' : '') + result.text : undefined;
}

/** Lints every file: TypeScript/JavaScript on as many threads as warranted, the rest here. */
async function lintAll(
  linter: Linter,
  sources: readonly { fileName: string; text: string }[],
  configFor: (fileName: string) => ResolvedConfig,
  threading: ThreadOptions,
  notice: (message: string, project?: string) => void,
  ruleErrors: string[],
): Promise<LintResult[]> {
  const inputs = sources.map((s) => ({ fileName: s.fileName, text: s.text }));
  const typescript = inputs.filter((i) => languageOf(i.fileName) === 'typescript');
  const others = inputs.filter((i) => languageOf(i.fileName) !== 'typescript');
  const byFile = new Map<string, LintResult>();
  const lintOthers = () => {
    for (const r of linter.lint(others, configFor)) byFile.set(r.fileName, r);
  };
  const threaded = await lintInParallel(linter, typescript, configFor, threading, { notice, ruleError: (m) => ruleErrors.push(m) }, lintOthers);
  for (const r of threaded) byFile.set(r.fileName, r);
  return inputs.map((i) => byFile.get(i.fileName)!);
}

function writeReport(fileName: string, report: string): void {
  try {
    mkdirSync(path.dirname(fileName), { recursive: true });
    writeFileSync(fileName, report);
  } catch (error) {
    throw new RunError(`cannot write the report to ${fileName}: ${(error as Error).message}`);
  }
}

function writeStdout(text: string | Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (text.length === 0) resolve();
    else process.stdout.write(text, () => resolve());
  });
}
