/** The Python rule API: the shared rule shape of rules/types.ts over the copied tree-sitter tree (syntaxTree.ts). */
import type { PySemantics } from '../../languages/python/semantics.ts';
import type { Node } from '../../languages/python/syntax.ts';
import type { PythonVersion } from '../../languages/python/version.ts';
import type { Rule, RuleContextBase, RuleVisitor } from '../types.ts';

export interface PyRuleContext extends RuleContextBase {
  /** The module node of the file's syntax tree. */
  root: Node;
  /** What names and calls refer to, across the workspace's modules. */
  semantics: PySemantics;
  /**
   * The oldest Python the project supports (`requires-python` of the nearest pyproject.toml),
   * read on first use; undefined when the project does not say.
   */
  readonly targetPython: PythonVersion | undefined;
  /** Every identifier-like word of the file (computed on first use): names a fix must not reuse. */
  readonly identifiers: ReadonlySet<string>;
  /** Text of another file (an open buffer, else the disk), e.g. the project's pyproject.toml; undefined when absent. */
  readFile(fileName: string): string | undefined;
}

/** Handlers keyed by tree-sitter node type (`call`, `try_statement`, ...). */
export type PyRuleVisitor = RuleVisitor<string, Node>;
export type PyRule = Rule<PyRuleContext, PyRuleVisitor>;
