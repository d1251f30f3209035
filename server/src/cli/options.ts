/** The command line of `async-lint [check]`: its usage text, its options, and usage errors. */
import { parseArgs } from 'node:util';
import { parseRuleFlag } from '../core/config.ts';
import type { Severity } from '../core/types.ts';
import { FORMATS, type Format } from './formatters/index.ts';

export const USAGE = `Usage:
  async-lint [check] [paths...]   lint files and folders (default: .), honouring .gitignore
      -f, --format stylish|json|sarif|github|gitlab|junit   output format (default: stylish);
                                   gitlab is the Code Climate JSON of GitLab's code quality reports
      -o, --output-file FILE       write the report to FILE instead of stdout
      --fix                        write safe fixes back to files
      --unsafe-fixes               with --fix, also apply unsafe fixes (the preferred fix of each finding)
      --stdin                      lint the text read from stdin (needs --stdin-filename); with
                                   --fix, print the fixed text to stdout and the report to stderr
      --stdin-filename PATH        lint stdin as if it were the file PATH: its project, config
                                   and language come from PATH
      --rule ID=off|hint|info|warning|error   set a rule's severity (repeatable)
      -c, --config FILE            also apply this config file (async-lint.json, or a pyproject.toml's
                                   [tool.async-lint]) over the config files found upward from each file
      --max-warnings N             exit 1 when there are more than N warnings
      --concurrency N|auto|off     threads for TypeScript/JavaScript files, each with its own
                                   tsgo (default: auto, one per 64 files and per core, ≤ 4)
      --color / --no-color         colours in stylish output (default: when stdout is a terminal)
  async-lint lsp [--stdio]        run the language server on stdio
  async-lint rules                list the rules
  async-lint explain ID           print a rule's documentation
Config: async-lint.json, or [tool.async-lint] in pyproject.toml, found upward from each file.
Exit status (as ESLint and Ruff):
  0  no finding at error severity, and no more warnings than --max-warnings
  1  findings at error severity, including files that cannot be parsed or read as text, or
     more warnings than --max-warnings
  2  async-lint could not do its job: a usage error, a broken config file, a path that does
     not exist, a report that cannot be written, or an internal error`;

/** A mistake on the command line: reported with the usage text, exit 2. */
export class UsageError extends Error {}

export interface CheckOptions {
  paths: string[];
  format: Format;
  outputFile: string | undefined;
  fix: boolean;
  unsafeFixes: boolean;
  /** Lint stdin as this file (absolute or relative to the working folder). */
  stdinFilename: string | undefined;
  rules: Record<string, Severity>;
  config: string | undefined;
  /** -1: no limit. */
  maxWarnings: number;
  color: boolean | undefined;
  concurrency: number | 'auto' | 'off';
}

export function parseCheckOptions(argv: string[]): CheckOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    allowNegative: true,
    options: {
      format: { type: 'string', short: 'f', default: 'stylish' },
      'output-file': { type: 'string', short: 'o' },
      fix: { type: 'boolean', default: false },
      'unsafe-fixes': { type: 'boolean', default: false },
      stdin: { type: 'boolean', default: false },
      'stdin-filename': { type: 'string' },
      rule: { type: 'string', multiple: true, default: [] },
      config: { type: 'string', short: 'c' },
      'max-warnings': { type: 'string' },
      color: { type: 'boolean' },
      concurrency: { type: 'string', default: 'auto' },
    },
  });
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  let maxWarnings = -1;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError('--max-warnings takes a whole number ≥ 0');
  }
  if (values.stdin && values['stdin-filename'] === undefined) {
    throw new UsageError('--stdin needs --stdin-filename PATH: the path says which project, config and language the text belongs to');
  }
  if (!values.stdin && values['stdin-filename'] !== undefined) throw new UsageError('--stdin-filename is only used with --stdin');
  if (values.stdin && positionals.length > 0) throw new UsageError('--stdin lints stdin only: give no paths with it');
  if (values['output-file'] === '') throw new UsageError('--output-file needs a file name');
  const rules: Record<string, Severity> = {};
  for (const flag of values.rule ?? []) {
    const [id, severity] = parseRuleFlag(flag);
    rules[id] = severity;
  }
  return {
    paths: positionals,
    format,
    outputFile: values['output-file'],
    fix: values.fix === true,
    unsafeFixes: values['unsafe-fixes'] === true,
    stdinFilename: values.stdin ? values['stdin-filename'] : undefined,
    rules,
    config: values.config,
    maxWarnings,
    color: values.color,
    concurrency: parseConcurrency(values.concurrency!),
  };
}

function parseConcurrency(value: string): number | 'auto' | 'off' {
  if (value === 'auto' || value === 'off') return value;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError('--concurrency takes a whole number ≥ 1, auto or off');
  return n;
}
