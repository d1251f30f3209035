/** The Python rule API, mirroring rules/types.ts: one shared traversal, handlers keyed by node type. */
import type { RuleMeta } from '../../core/types.ts';
import type { PySemantics } from '../../languages/python/semantics.ts';
import type { Node } from '../../languages/python/syntax.ts';
import type { RuleContextBase } from '../types.ts';

export interface PyRuleContext extends RuleContextBase {
  /** The module node of the file's tree; valid only while the rule runs. */
  root: Node;
  /** What names and calls refer to, across the workspace's modules. */
  semantics: PySemantics;
  /** Text of another file (an open buffer, else the disk), e.g. the project's pyproject.toml; undefined when absent. */
  readFile(fileName: string): string | undefined;
}

export interface PyRuleVisitor {
  /** tree-sitter node type (`call`, `try_statement`, ...) → handler, called in document order. */
  visit?: Partial<Record<string, (node: Node) => void>>;
  finish?: () => void;
}

export interface PyRule {
  meta: RuleMeta;
  create(context: PyRuleContext): PyRuleVisitor;
}
