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
 * A TypeScript rule. All rules share one traversal of the file: `visit` maps node kinds to
 * handlers called in document order; `finish` runs after the traversal, where candidates
 * collected during it are checked with batched type queries.
 */
export interface TsRuleVisitor {
  visit?: Partial<Record<SyntaxKind, (node: Node) => void>>;
  finish?: () => void;
}

export interface TsRule {
  meta: RuleMeta;
  create(context: TsRuleContext): TsRuleVisitor;
}
