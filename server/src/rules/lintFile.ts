/**
 * The steps of linting one file that do not depend on its language, shared by the TypeScript and
 * Python engines (engine.ts): creating the enabled rules (test-file skipping, the required-keyword
 * pre-check), then, after the language's traversal, directives, sorting, and dropping the fixes
 * that would edit a region holding a syntax error.
 */
import type { ResolvedConfig } from '../core/config.ts';
import { applyDirectives, type CommentTest } from '../core/directives.ts';
import { isTestPath } from '../core/files.ts';
import type { Finding } from '../core/types.ts';
import { knownRuleIds } from './index.ts';
import { RuleRunner, type CommonContext } from './ruleRunner.ts';
import type { Rule, RuleContextBase, RuleVisitor } from './types.ts';

export interface FileText {
  fileName: string;
  text: string;
}

export interface SyntaxErrorSpan {
  start: number;
  end: number;
  message: string;
}

/** What the language tells the shared last steps about the file. */
export interface FileFacts<E extends SyntaxErrorSpan> {
  isComment: CommentTest;
  syntaxErrors: E[];
  /** The region no fix may edit because of `error` (the top-level statement that holds it). */
  protectedRegion(error: E): [number, number];
}

/** Creates the enabled `rules` for the file, each with the context `contextFor` completes. */
export function runRules<C extends RuleContextBase, N>(
  rules: readonly Rule<C, RuleVisitor<string | number, N>>[],
  file: FileText,
  config: ResolvedConfig,
  onRuleError: ((ruleId: string, fileName: string, error: unknown) => void) | undefined,
  contextFor: (base: RuleContextBase) => C,
): RuleRunner<N> {
  const { fileName, text } = file;
  const skipTests = isTestPath(fileName) && !config.includeTests;
  const runner = new RuleRunner<N>(fileName, onRuleError);
  runner.createRules<C>(rules, config, (common: CommonContext) => contextFor({ ...common, fileName, text, skipTests }), text);
  return runner;
}

/** The findings the rules reported, after directives, in document order, without fixes near syntax errors. */
export function finishFindings<N, E extends SyntaxErrorSpan>(
  runner: RuleRunner<N>,
  file: FileText,
  config: ResolvedConfig,
  facts: FileFacts<E>,
): { fileName: string; text: string; findings: Finding[]; syntaxErrors: E[] } {
  const directives = runner.directiveOptions(config, facts.isComment, knownRuleIds);
  const kept = applyDirectives(file.text, runner.findings, directives).sort((a, b) => a.start - b.start || a.end - b.end);
  dropFixesIn(kept, facts.syntaxErrors.map((e) => facts.protectedRegion(e)));
  return { fileName: file.fileName, text: file.text, findings: kept, syntaxErrors: facts.syntaxErrors };
}

/** A fix must not edit a region the parser could not read. The finding stays; its fixes go. */
function dropFixesIn(findings: Finding[], regions: readonly [number, number][]): void {
  if (regions.length === 0) return;
  for (const f of findings) {
    f.fixes = f.fixes.filter((fix) => !fix.edits.some((ed) => regions.some(([s, e]) => ed.start <= e && ed.end >= s)));
  }
}
