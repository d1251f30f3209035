/**
 * `unused-directive`: the metadata and docs of the check that core/directives.ts performs while
 * applying directives (it needs every rule's findings of the file, so it is not a visitor rule).
 */
import { UNUSED_DIRECTIVE_RULE } from '../core/directives.ts';
import type { RuleMeta } from '../core/types.ts';

export const unusedDirectiveMeta: RuleMeta = {
  id: UNUSED_DIRECTIVE_RULE,
  languages: ['typescript', 'python'],
  defaultSeverity: 'warning',
  typeAware: false,
  hasFix: true,
  defaultOptions: {},
  docs: {
    summary: 'An async-lint-disable directive, or a rule id in one, that silences nothing.',
    what:
      'Reports an `async-lint-disable-next-line`, `async-lint-disable-line` or `async-lint-disable` comment that did not ' +
      'silence any finding, and each rule id in such a comment that did not, as ESLint does with ' +
      '`reportUnusedDisableDirectives`. An id is judged only when its rule ran on the file (it is on and applies to the ' +
      "file's language); an id that names no rule is reported as unknown. Directives of other tools " +
      '(`eslint-disable…`, `# noqa`, `# pyright: ignore`) are never reported: those tools judge their own.',
    why:
      'A directive outlives the code it was written for. Left behind, it silently hides the next real problem on that ' +
      'line, and a misspelt rule id silences nothing while looking as if it did.',
    useInstead: 'Remove the directive, or the ids in it that no longer apply.',
    fixSafety:
      'Safe: removing a directive that silences nothing changes no finding and no code. The whole comment line goes ' +
      'when the directive stands alone on it; otherwise only the comment or the unused id.',
    examples: [
      {
        language: 'typescript',
        bad: '// async-lint-disable-next-line floating-promise\nconst total = 1 + 2;\n',
        good: 'const total = 1 + 2;\n',
      },
      {
        language: 'python',
        bad: 'import asyncio\n\n\nasync def main():\n    # async-lint-disable-next-line blocking-call\n    await asyncio.sleep(1)\n',
        good: 'import asyncio\n\n\nasync def main():\n    await asyncio.sleep(1)\n',
      },
    ],
  },
};
