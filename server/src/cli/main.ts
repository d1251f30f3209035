/**
 * `async-lint [check] [paths...]`, `async-lint rules`, `async-lint explain ID` (`async-lint lsp` is
 * dispatched by bin/async-lint.mjs to the server bundle, so the CLI never loads the server).
 * Exit status as ESLint and Ruff: 0 clean, 1 findings at error severity (files that cannot be
 * parsed or read included) or over --max-warnings, 2 when async-lint could not do its job.
 */
import packageJson from '../../../package.json' with { type: 'json' };
import { ConfigError } from '../core/config.ts';
import { renderRuleDocs } from '../core/docs.ts';
import { allRuleMetas } from '../rules/index.ts';
import { check, RunError } from './check.ts';
import { parseCheckOptions, UsageError, USAGE } from './options.ts';

export async function main(argv: string[], cwd = process.cwd()): Promise<number> {
  const [command, ...rest] = argv;
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
  return check(parseCheckOptions(command === 'check' ? rest : argv), cwd);
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

/** The program: runs `main` on process.argv and sets the exit code. */
export async function run(): Promise<void> {
  let code: number;
  try {
    code = await main(process.argv.slice(2));
  } catch (error) {
    if (error instanceof ConfigError || error instanceof RunError) {
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
