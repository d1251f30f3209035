import type { Finding, RuleMeta, Severity } from '../core/types.ts';
import type { Node, SourceFile, SyntaxKind } from '../languages/typescript/ast.ts';
import type { TypeFacts } from '../languages/typescript/typeFacts.ts';

export type ReportedFinding = Omit<Finding, 'ruleId' | 'severity'> & { severity?: Finding['severity'] };

export interface RuleContextBase {
  fileName: string;
  text: string;
  options: Record<string, unknown>;
  severity: Exclude<Severity, 'off'>;
  /** The file is a test file (by path) and the config does not ask to include tests. */
  skipTests: boolean;
  report(finding: ReportedFinding): void;
}

export interface TsRuleContext extends RuleContextBase {
  sourceFile: SourceFile;
  /** Batched type questions; `types.available` is false when no checker could be had. */
  types: TypeFacts;
}

/**
 * What a rule returns for one file, in every language. All rules share one traversal of the file:
 * `visit` maps node kinds to handlers called in document order; `finish` runs after the
 * traversal, where candidates collected during it are checked (TypeScript: batched type queries).
 */
export interface RuleVisitor<K extends string | number, N> {
  visit?: Partial<Record<K, (node: N) => void>>;
  finish?: () => void;
}

export interface Rule<C, V> {
  meta: RuleMeta;
  /**
   * A keyword every finding of the rule needs in the file's text (`async`, `await`): in a file
   * without it the rule is not run at all. Keywords cannot be written with escapes, so the text
   * test is exact; comments and strings only make it run when it need not.
   */
  requiresText?: string;
  create(context: C): V;
}

export type TsRuleVisitor = RuleVisitor<SyntaxKind, Node>;
export type TsRule = Rule<TsRuleContext, TsRuleVisitor>;
