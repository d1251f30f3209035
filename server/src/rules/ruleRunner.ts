/**
 * Runs one language's rules over a file: enabled rules only, their handlers dispatched by node
 * kind from a single traversal, `finish` steps after it, and a rule that throws isolated (logged
 * once through `onRuleError`, the others keep reporting). Shared by the TypeScript and Python engines.
 */
import type { ResolvedConfig } from '../core/config.ts';
import { UNUSED_DIRECTIVE_RULE, type CommentTest, type DirectiveOptions } from '../core/directives.ts';
import type { Finding } from '../core/types.ts';
import type { Rule, RuleContextBase, RuleVisitor } from './types.ts';

/** The part of a rule context the runner fills in; each engine adds its language's fields. */
export type CommonContext = Pick<RuleContextBase, 'options' | 'severity' | 'report'>;

export class RuleRunner<N> {
  readonly findings: Finding[] = [];
  /** By node kind as the traversal passes it: a number (TypeScript) or a string (tree-sitter). */
  private readonly handlers = new Map<string | number, { ruleId: string; visit: (node: N) => void }[]>();
  private readonly finishers: [string, () => void][] = [];
  private readonly failed = new Set<string>();
  private readonly created: string[] = [];

  constructor(
    private readonly fileName: string,
    private readonly onRuleError?: (ruleId: string, fileName: string, error: unknown) => void,
  ) {}

  /**
   * Creates every enabled rule with the context `contextFor` builds around the common part. A rule
   * whose required keyword is not in `text` is not created, and counts as having run without a
   * finding (so a directive naming it is judged as before).
   */
  createRules<C>(
    rules: readonly Rule<C, RuleVisitor<string | number, N>>[],
    config: ResolvedConfig,
    contextFor: (common: CommonContext) => C,
    text?: string,
  ): void {
    const inText = new Map<string, boolean>();
    const lacks = (keyword: string) => {
      if (text === undefined) return false;
      if (!inText.has(keyword)) inText.set(keyword, text.includes(keyword));
      return !inText.get(keyword);
    };
    for (const rule of rules) {
      const ruleConfig = config.rules.get(rule.meta.id);
      if (!ruleConfig || ruleConfig.severity === 'off') continue;
      const severity = ruleConfig.severity;
      const id = rule.meta.id;
      this.created.push(id);
      if (rule.requiresText !== undefined && lacks(rule.requiresText)) continue;
      const context = contextFor({
        options: ruleConfig.options,
        severity,
        report: (f) => this.findings.push({ ...f, ruleId: id, severity: f.severity ?? severity }),
      });
      let visitor: RuleVisitor<string | number, N> = {};
      this.guard(id, () => {
        visitor = rule.create(context);
      });
      for (const [name, handler] of Object.entries(visitor.visit ?? {})) {
        // Object keys are strings; a SyntaxKind is looked up as the number the traversal passes.
        const kind = /^\d+$/.test(name) ? Number(name) : name;
        const list = this.handlers.get(kind) ?? [];
        list.push({ ruleId: id, visit: handler! });
        this.handlers.set(kind, list);
      }
      if (visitor.finish) this.finishers.push([id, visitor.finish]);
    }
  }

  /** Rules that ran to the end on this file: only they can tell that a directive naming them is unused. */
  get completedRules(): Set<string> {
    return new Set(this.created.filter((id) => !this.failed.has(id)));
  }

  /** How directives are applied to this run's findings: which rules can be judged unused, and how severely. */
  directiveOptions(config: ResolvedConfig, isComment: CommentTest, knownRules: ReadonlySet<string>): DirectiveOptions {
    return {
      isComment,
      unusedSeverity: config.rules.get(UNUSED_DIRECTIVE_RULE)?.severity,
      activeRules: this.completedRules,
      knownRules,
    };
  }

  /** Whether some rule has a handler for this node kind. */
  handles(kind: string | number): boolean {
    return this.handlers.has(kind);
  }

  get hasHandlers(): boolean {
    return this.handlers.size > 0;
  }

  /** Called by the traversal for each node, with its kind (SyntaxKind or tree-sitter type). */
  enter(kind: string | number, node: N): void {
    const list = this.handlers.get(kind);
    if (!list) return;
    // The guard inlined: this runs for every node of every file.
    for (const handler of list) {
      if (this.failed.has(handler.ruleId)) continue;
      try {
        handler.visit(node);
      } catch (error) {
        this.fail(handler.ruleId, error);
      }
    }
  }

  finish(): void {
    for (const [ruleId, finish] of this.finishers) this.guard(ruleId, finish);
  }

  private guard(ruleId: string, fn: () => void): void {
    if (this.failed.has(ruleId)) return;
    try {
      fn();
    } catch (error) {
      this.fail(ruleId, error);
    }
  }

  private fail(ruleId: string, error: unknown): void {
    this.failed.add(ruleId);
    this.onRuleError?.(ruleId, this.fileName, error);
  }
}
