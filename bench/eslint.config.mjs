// ESLint + typescript-eslint with the rules that correspond to async-lint's TypeScript rules.
// `npm run bench` copies this file next to the installed peers (~/.cache/async-lint-bench/peers)
// and runs ESLint with the corpus as its working directory. Type information comes from the
// corpus's tsconfig.json (parserOptions.project: one program for the whole corpus; the project
// service measured the same within noise on the openai corpus — set BENCH_ESLINT_PROJECT_SERVICE=1
// to use it instead).
import tseslint from 'typescript-eslint';

const projectService = process.env.BENCH_ESLINT_PROJECT_SERVICE === '1';

export default [
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: projectService
        ? { projectService: true, tsconfigRootDir: process.cwd() }
        : { project: './tsconfig.json', tsconfigRootDir: process.cwd() },
    },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: true, checksConditionals: true, checksSpreads: false }],
      '@typescript-eslint/return-await': ['error', 'error-handling-correctness-only'],
      'no-async-promise-executor': 'error',
    },
  },
];
