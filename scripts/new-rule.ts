// Scaffolds a rule: `npm run new-rule -- ID --language ts|python` (as Ruff's scripts/add_rule.py).
// Writes the rule file (metadata, a docs stub and a placeholder check that works), adds it to the
// registry, creates its fixture folder with one reported and one silent case, writes their
// expectations with the fixture driver, and regenerates the docs. CONTRIBUTING.md says what next.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rulesDir = path.join(repo, 'server/src/rules');

type Language = 'ts' | 'python';

function usage(message: string): never {
  process.stderr.write(`new-rule: ${message}\nusage: npm run new-rule -- ID --language ts|python   (ID in kebab-case, e.g. unawaited-lock)\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): { id: string; language: Language } {
  let id: string | undefined;
  let language: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--language' || arg === '-l') language = argv[++i];
    else if (arg.startsWith('--language=')) language = arg.slice('--language='.length);
    else if (arg.startsWith('-')) usage(`unknown option ${arg}`);
    else if (id === undefined) id = arg;
    else usage(`one rule id, not ${id} and ${arg}`);
  }
  if (!id) usage('the rule id is missing');
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id)) usage(`"${id}" is not a kebab-case id`);
  if (language !== 'ts' && language !== 'python') usage(`--language must be ts or python, not ${language ?? 'missing'}`);
  return { id, language };
}

const camel = (id: string) => id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function tsRule(id: string): string {
  return `/**
 * ${id}: TODO say in one sentence what this rule reports.
 *
 * The scaffold's placeholder check reports every call of a function named \`legacyCall\`: replace it.
 */
import { SyntaxKind, ts, type CallExpression } from '../../languages/typescript/ast.ts';
import type { TsRule } from '../types.ts';

const MESSAGE = 'TODO say what is wrong here and what to do instead.';

export const rule: TsRule = {
  meta: {
    id: '${id}',
    languages: ['typescript'],
    defaultSeverity: 'warning',
    typeAware: false,
    hasFix: false,
    defaultOptions: {},
    docs: {
      summary: 'TODO one line for the rule table.',
      what: 'TODO what is reported, precisely (today: every call of a function named \`legacyCall\`).',
      why: 'TODO why it is a problem, with the consequence a user would see.',
      useInstead: 'TODO what to write instead.',
      fixSafety: 'TODO there is no fix yet; when there is one, say whether it is safe (keeps meaning) or unsafe.',
      examples: [
        {
          language: 'typescript',
          bad: 'declare function legacyCall(): void;\\n\\nlegacyCall();\\n',
          good: 'declare function modernCall(): void;\\n\\nmodernCall();\\n',
        },
      ],
    },
  },
  create(ctx) {
    return {
      visit: {
        [SyntaxKind.CallExpression]: (node) => {
          const call = node as CallExpression;
          if (!ts.isIdentifier(call.expression) || call.expression.text !== 'legacyCall') return;
          ctx.report({ start: call.getStart(ctx.sourceFile), end: call.end, message: MESSAGE, fixes: [] });
        },
      },
    };
  },
};
`;
}

function pythonRule(id: string): string {
  return `/**
 * ${id}: TODO say in one sentence what this rule reports.
 *
 * The scaffold's placeholder check reports every call of a function named \`legacy_call\`: replace it.
 */
import type { PyRule } from './types.ts';

const MESSAGE = 'TODO say what is wrong here and what to do instead.';

export const rule: PyRule = {
  meta: {
    id: '${id}',
    languages: ['python'],
    defaultSeverity: 'warning',
    typeAware: false,
    hasFix: false,
    defaultOptions: {},
    docs: {
      summary: 'TODO one line for the rule table.',
      what: 'TODO what is reported, precisely (today: every call of a function named \`legacy_call\`).',
      why: 'TODO why it is a problem, with the consequence a user would see.',
      useInstead: 'TODO what to write instead.',
      fixSafety: 'TODO there is no fix yet; when there is one, say whether it is safe (keeps meaning) or unsafe.',
      examples: [
        {
          language: 'python',
          bad: 'from legacy import legacy_call\\n\\nlegacy_call()\\n',
          good: 'from modern import modern_call\\n\\nmodern_call()\\n',
        },
      ],
    },
  },
  create(ctx) {
    return {
      visit: {
        call(call) {
          const callee = call.childForFieldName('function');
          if (callee?.type !== 'identifier' || callee.text !== 'legacy_call') return;
          ctx.report({ start: call.startIndex, end: call.endIndex, message: MESSAGE, fixes: [] });
        },
      },
    };
  },
};
`;
}

/**
 * Adds `import { rule as NAME } from './FOLDER/ID.ts'` after the last rule import of that folder,
 * and NAME at the end of the list `export const LIST ... = [ ... ];`, in whichever registry file
 * holds that list.
 */
function register(id: string, language: Language): string {
  const list = language === 'ts' ? 'typescriptRules' : 'pythonRules';
  const folder = language === 'ts' ? 'typescript' : 'python';
  const name = language === 'ts' ? camel(id) : `py${camel(id)[0]!.toUpperCase()}${camel(id).slice(1)}`;
  const declaration = new RegExp(`export const ${list}\\b[^=]*=\\s*\\[([^\\]]*)\\];`);
  const file = readdirSync(rulesDir)
    .filter((n) => n.endsWith('.ts'))
    .map((n) => path.join(rulesDir, n))
    .find((f) => declaration.test(readFileSync(f, 'utf8')));
  if (!file) throw new Error(`no file in server/src/rules declares "export const ${list} = [...]": update scripts/new-rule.ts to the registry's shape`);
  let text = readFileSync(file, 'utf8');
  const imports = [...text.matchAll(new RegExp(`^import \\{ rule as \\w+ \\} from '\\./${folder}/[^']+';$`, 'gm'))];
  const last = imports.at(-1);
  if (!last) throw new Error(`${path.relative(repo, file)} imports no rule from ./${folder}/: update scripts/new-rule.ts to the registry's shape`);
  const at = last.index! + last[0].length;
  text = `${text.slice(0, at)}\nimport { rule as ${name} } from './${folder}/${id}.ts';${text.slice(at)}`;
  text = text.replace(declaration, (whole, items: string) => {
    const multiline = items.includes('\n');
    const trimmed = items.replace(/[\s,]+$/, '');
    const entries = multiline ? `${trimmed},\n  ${name},\n` : `${trimmed}, ${name}`;
    return whole.replace(`[${items}]`, `[${entries}]`);
  });
  writeFileSync(file, text);
  return file;
}

function run(command: string, args: string[], env: Record<string, string> = {}): void {
  const r = spawnSync(command, args, { cwd: repo, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status ?? r.signal})`);
}

function main(): void {
  const { id, language } = parseArgs(process.argv.slice(2));
  const folder = language === 'ts' ? 'typescript' : 'python';
  const ext = language === 'ts' ? 'ts' : 'py';
  const ruleFile = path.join(rulesDir, folder, `${id}.ts`);
  if (existsSync(ruleFile)) usage(`${path.relative(repo, ruleFile)} exists already`);
  writeFileSync(ruleFile, language === 'ts' ? tsRule(id) : pythonRule(id));
  const registry = register(id, language);

  const fixtures = path.join(repo, 'test/fixtures/rules', id);
  mkdirSync(fixtures, { recursive: true });
  const [reported, silent] =
    language === 'ts'
      ? ['declare function legacyCall(): void;\n\nexport function run() {\n  legacyCall();\n}\n', 'declare function modernCall(): void;\n\nexport function run() {\n  modernCall();\n}\n']
      : ['from legacy import legacy_call\n\n\ndef run():\n    legacy_call()\n', 'from modern import modern_call\n\n\ndef run():\n    modern_call()\n'];
  writeFileSync(path.join(fixtures, `reports-placeholder.${ext}`), reported);
  writeFileSync(path.join(fixtures, `allows-placeholder.${ext}`), silent);

  // The driver writes the annotations from what the rule reports; then the docs are regenerated.
  const mocha = path.join(repo, 'node_modules/mocha/bin/mocha.js');
  run(process.execPath, [mocha, '--no-config', '--import=tsx', '--timeout', '60000', '--reporter', 'dot', 'test/unit/rule-fixtures.test.ts', '-g', `^rule fixtures \\(updating\\) ${id} `], {
    UPDATE_FIXTURES: '1',
  });
  run(process.execPath, ['--import', 'tsx', 'scripts/gen-docs.ts']);

  const rel = (f: string) => path.relative(repo, f);
  process.stdout.write(
    [
      `Created ${rel(ruleFile)} and ${rel(fixtures)}/; registered in ${rel(registry)}; docs regenerated.`,
      'Next (CONTRIBUTING.md, "Adding a rule"):',
      `  1. ${rel(ruleFile)}: the check, its message and fixes, and the docs (every TODO).`,
      `  2. ${rel(fixtures)}/: the cases, reported and not (replace the placeholders).`,
      `  3. npm run test:update-fixtures -- -g ${id} && npm run docs, then read git diff; npm run test:fixtures -- -g ${id}.`,
      '',
    ].join('\n'),
  );
}

main();
