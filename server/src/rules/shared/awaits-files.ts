/**
 * Which files the awaits rules (sequential-awaits, await-in-loop) analyse. Test files and callbacks
 * are skipped unless `includeTests` is set (top level or per rule, `["warning", {"includeTests":
 * true}]`); migrations, ordered scripts by design, unless `includeMigrations` is.
 */
import { isMigrationPath } from '../../core/files.ts';
import type { RuleContextBase } from '../types.ts';

export interface AwaitsScope {
  /** The rule analyses nothing in this file. */
  skipFile: boolean;
  /** Test callbacks (describe/it/test, pytest fixtures) are analysed too. */
  includeTests: boolean;
}

export function awaitsScopeOf(ctx: RuleContextBase): AwaitsScope {
  const includeTests = ctx.options.includeTests === true;
  const skipMigration = ctx.options.includeMigrations !== true && isMigrationPath(ctx.fileName);
  // The engine skips test paths by the top-level setting only; the rule's own option also counts.
  return { skipFile: (ctx.skipTests && !includeTests) || skipMigration, includeTests };
}
