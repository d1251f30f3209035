/** Language-neutral model shared by every rule, the CLI and the language server. Offsets are UTF-16 code units. */

export type Language = 'typescript' | 'python';

export type Severity = 'off' | 'hint' | 'info' | 'warning' | 'error';
export const SEVERITIES: readonly Severity[] = ['off', 'hint', 'info', 'warning', 'error'];

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** `safe` keeps the program's meaning; `unsafe` changes timing, ordering or error behaviour. */
export type Applicability = 'safe' | 'unsafe';

export interface Fix {
  title: string;
  applicability: Applicability;
  /** Non-overlapping edits against the text the finding was computed on. */
  edits: TextEdit[];
}

export interface Finding {
  ruleId: string;
  start: number;
  end: number;
  message: string;
  /** Resolved from configuration by the engine; a rule may lower it (e.g. bare awaits are hints). */
  severity: Exclude<Severity, 'off'>;
  /** Ordered by preference: the first applicable fix is the one `--fix` applies. */
  fixes: Fix[];
}

export interface RuleExample {
  /** Code that must report exactly one finding of this rule. */
  bad: string;
  /** The same code written as the rule recommends: no finding. */
  good: string;
  language: Language;
}

export interface RuleDocs {
  summary: string;
  what: string;
  why: string;
  useInstead: string;
  fixSafety: string;
  examples: RuleExample[];
}

export interface RuleMeta {
  id: string;
  languages: Language[];
  defaultSeverity: Exclude<Severity, 'off'>;
  /** Whether the rule needs type information; it still runs, degraded, without it. */
  typeAware: boolean;
  hasFix: boolean;
  docs: RuleDocs;
  /** Option defaults; configuration merges over them. */
  defaultOptions: Record<string, unknown>;
}

export interface RuleConfig {
  severity: Severity;
  options: Record<string, unknown>;
}
