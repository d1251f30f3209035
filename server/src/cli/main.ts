/**
 * `async-lint [check] [paths...]`, `async-lint lsp`, `async-lint rules`, `async-lint explain ID`.
 * Exit codes: 0 clean, 1 findings at error severity or over --max-warnings, 2 usage or internal
 * error (including a file that could not be read or parsed).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import packageJson from '../../../package.json' with { type: 'json' };
import { ConfigError, parseRuleFlag, type ResolvedConfig } from '../core/config.ts';
import { ConfigResolver } from '../core/configResolver.ts';
import { renderRuleDocs } from '../core/docs.ts';
import type { Severity } from '../core/types.ts';
import { languageOf } from '../core/files.ts';
import { Linter, type LintResult } from '../rules/engine.ts';
import { allRuleMetas } from '../rules/index.ts';
import { discoverFiles, UsageError } from './discover.ts';
import { fixFiles } from './fixWriter.ts';
import { batchBackendEnvironment } from './backendEnvironment.ts';
import { lintInParallel, threadsFor, type ThreadOptions } from './parallelLint.ts';
import { formatGithub } from './formatters/github.ts';
import { formatSarif } from './formatters/sarif.ts';
import { formatStylish } from './formatters/stylish.ts';
import { readSourceFile, readTextIfPresent } from './readSource.ts';
import { fatalMessage, ignoredMessage, toCliResult, withCounts, type CliFileResult } from './report.ts';

const USAGE = `Usage:
  async-lint [check] [paths...]   lint files and folders (default: .), honouring .gitignore
      --format stylish|json|sarif|github   output format (default: stylish)
      --fix                        write safe fixes back to files
      --unsafe-fixes               with --fix, also apply unsafe fixes (the preferred fix of each finding)
      --rule ID=off|hint|info|warning|error   set a rule's severity (repeatable)
      --config FILE                also apply this config file (async-lint.json format), over the
                                   async-lint.json files found upward from each linted file
      --max-warnings N             exit 1 when there are more than N warnings
      --concurrency N|auto|off     threads for TypeScript/JavaScript files, each with its own
                                   tsgo (default: auto, one per 64 files and per core, ≤ 4)
  async-lint lsp [--stdio]        run the language server on stdio
  async-lint rules                list the rules
  async-lint explain ID           print a rule's documentation
Exit: 0 clean, 1 findings at error severity or over --max-warnings, 2 usage or internal error.`;

type Format = 'stylish' | 'json' | 'sarif' | 'github';
const FORMATS: readonly Format[] = ['stylish', 'json', 'sarif', 'github'];

export async function main(argv: string[], cwd = process.cwd()): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'lsp') {
    const { startServer } = await import('../lsp/server.ts');
    startServer();
    return new Promise<number>(() => {
      // The server owns the process from here; it exits on the client's `exit` notification.
    });
  }
  if (command === 'rules') return listRules();
  if (command === 'explain') return explain(rest[0]);
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(packageJson.version + '\n');
    return 0;
  }
  return check(command === 'check' ? rest : argv, cwd);
}

function listRules(): number {
  const metas = allRuleMetas();
  const width = Math.max(...metas.map((m) => m.id.length));
  for (const m of metas) {
    const langs = m.languages.join(', ');
    process.stdout.write(`${m.id.padEnd(width)}  ${m.defaultSeverity.padEnd(7)}  ${(m.hasFix ? 'fix' : '').padEnd(3)}  ${langs.padEnd(22)}  ${m.docs.summary}\n`);
  }
  return 0;
}

function explain(id: string | undefined): number {
  const meta = allRuleMetas().find((m) => m.id === id);
  if (!meta) {
    process.stderr.write(`async-lint: unknown rule ${JSON.stringify(id ?? '')}; \`async-lint rules\` lists them.\n`);
    return 2;
  }
  process.stdout.write(renderRuleDocs(meta));
  return 0;
}

async function check(argv: string[], cwd: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f', default: 'stylish' },
      fix: { type: 'boolean', default: false },
      'unsafe-fixes': { type: 'boolean', default: false },
      rule: { type: 'string', multiple: true, default: [] },
      config: { type: 'string', short: 'c' },
      'max-warnings': { type: 'string' },
      color: { type: 'boolean' },
      concurrency: { type: 'string', default: 'auto' },
    },
  });
  const concurrency = parseConcurrency(values.concurrency!);
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  let maxWarnings = -1;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError('--max-warnings takes a whole number ≥ 0');
  }
  const metas = allRuleMetas();
  const flagRules: Record<string, Severity> = {};
  for (const flag of values.rule ?? []) {
    const [id, severity] = parseRuleFlag(flag);
    flagRules[id] = severity;
  }
  const resolver = new ConfigResolver(metas, { readFile: readTextIfPresent });
  const explicitConfig = values.config ? resolver.loadExplicit(path.resolve(cwd, values.config)) : undefined;
  const above = [explicitConfig, { rules: flagRules }];

  // Every file's settings before any output, so that a broken config file stops the run (exit 2).
  const configs = new Map<string, ResolvedConfig>();
  const results: CliFileResult[] = [];
  const files = discoverFiles(positionals, cwd, ['typescript', 'python']).filter((file) => {
    const resolved = resolver.forFile(file.fileName, above);
    if (resolved.ignored) {
      if (file.explicit) results.push(withCounts(file.fileName, [ignoredMessage()]));
      return false;
    }
    configs.set(file.fileName, resolved.config);
    return true;
  });
  const notices: string[] = [];
  const threads = threadsFor(files.filter((f) => languageOf(f.fileName) === 'typescript').length, concurrency);
  const backendEnvironment = batchBackendEnvironment(threads);
  const linter = new Linter({
    notice: (m) => notices.push(m),
    onRuleError: (id, file, error) => notices.push(`rule ${id} failed on ${file}: ${(error as Error).message}`),
    readFile: readTextIfPresent,
    // Without --fix every text is what the file holds on disk; fixes in progress are not.
    textsMayDifferFromDisk: values.fix === true,
    backendEnvironment,
  });
  try {
    await linter.prepare();
    const readable = [];
    for (const file of files) {
      const source = readSourceFile(file.fileName);
      if ('error' in source) results.push(withCounts(file.fileName, [fatalMessage(source.error)]));
      else readable.push(source);
    }
    const configFor = (fileName: string) => configs.get(fileName)!;
    let lintResults = await lintAll(linter, readable, configFor, { threads, backendEnvironment }, (m) => notices.push(m));
    if (values.fix) {
      const outcome = await fixFiles(linter, readable, lintResults, configFor, { unsafe: values['unsafe-fixes'] });
      lintResults = outcome.results;
      notices.push(...outcome.notices);
    }
    results.push(...lintResults.map(toCliResult));
    results.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));

    const color = values.color ?? (process.stdout.isTTY === true && !process.env.NO_COLOR);
    const output =
      format === 'json'
        ? JSON.stringify(results) + '\n'
        : format === 'sarif'
          ? formatSarif(results, cwd, metas, packageJson.version)
          : format === 'github'
            ? formatGithub(results, cwd)
            : formatStylish(results, cwd, color);
    await writeStdout(output);
    for (const n of notices) process.stderr.write(`async-lint: ${n}\n`);

    const fatal = results.reduce((n, r) => n + r.fatalErrorCount, 0);
    if (fatal > 0) {
      process.stderr.write(`async-lint: ${fatal} file${fatal === 1 ? '' : 's'} could not be read or parsed completely (see the messages above).\n`);
      return 2;
    }
    const errors = results.reduce((n, r) => n + r.errorCount, 0);
    const warnings = results.reduce((n, r) => n + r.warningCount, 0);
    if (errors > 0) return 1;
    if (maxWarnings >= 0 && warnings > maxWarnings) {
      process.stderr.write(`async-lint: too many warnings (${warnings}, the maximum is ${maxWarnings}).\n`);
      return 1;
    }
    return 0;
  } finally {
    linter.dispose();
  }
}

function parseConcurrency(value: string): number | 'auto' | 'off' {
  if (value === 'auto' || value === 'off') return value;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError('--concurrency takes a whole number ≥ 1, auto or off');
  return n;
}

/** Lints every file: TypeScript/JavaScript on as many threads as warranted, the rest here. */
async function lintAll(
  linter: Linter,
  sources: readonly { fileName: string; text: string }[],
  configFor: (fileName: string) => ResolvedConfig,
  threading: ThreadOptions,
  notice: (message: string) => void,
): Promise<LintResult[]> {
  const inputs = sources.map((s) => ({ fileName: s.fileName, text: s.text }));
  const typescript = inputs.filter((i) => languageOf(i.fileName) === 'typescript');
  const others = inputs.filter((i) => languageOf(i.fileName) !== 'typescript');
  const byFile = new Map<string, LintResult>();
  const lintOthers = () => {
    for (const r of linter.lint(others, configFor)) byFile.set(r.fileName, r);
  };
  for (const r of await lintInParallel(linter, typescript, configFor, threading, notice, lintOthers)) byFile.set(r.fileName, r);
  return inputs.map((i) => byFile.get(i.fileName)!);
}

function writeStdout(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (text === '') resolve();
    else process.stdout.write(text, () => resolve());
  });
}

/** The program: runs `main` on process.argv and sets the exit code. */
export async function run(): Promise<void> {
  let code: number;
  try {
    code = await main(process.argv.slice(2));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`async-lint: ${error.message}\n`);
    } else if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`async-lint: ${(error as Error).message}\n\n${USAGE}\n`);
    } else {
      process.stderr.write(`async-lint: internal error: ${(error as Error).stack ?? String(error)}\n`);
    }
    code = 2;
  }
  process.exitCode = code;
}
