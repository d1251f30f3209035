/** Every output format of `--format`, rendered from the CLI's results. */
import type { RuleMeta } from '../../core/types.ts';
import type { CliFileResult } from '../report.ts';
import { formatGithub } from './github.ts';
import { formatGitlab } from './gitlab.ts';
import { formatJunit } from './junit.ts';
import { formatSarif } from './sarif.ts';
import { formatStylish } from './stylish.ts';

export const FORMATS = ['stylish', 'json', 'sarif', 'github', 'gitlab', 'junit'] as const;
export type Format = (typeof FORMATS)[number];

export interface FormatContext {
  cwd: string;
  metas: readonly RuleMeta[];
  version: string;
  color: boolean;
}

export function formatResults(format: Format, results: readonly CliFileResult[], context: FormatContext): string {
  switch (format) {
    case 'json':
      return JSON.stringify(results) + '\n';
    case 'sarif':
      return formatSarif(results, context.cwd, context.metas, context.version);
    case 'github':
      return formatGithub(results, context.cwd);
    case 'gitlab':
      return formatGitlab(results, context.cwd);
    case 'junit':
      return formatJunit(results, context.cwd);
    case 'stylish':
      return formatStylish(results, context.cwd, context.color);
  }
}
