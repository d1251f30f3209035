import type { RuleConfig, RuleMeta, Severity } from './types.ts';
import { SEVERITIES } from './types.ts';

export type RulesSetting = Record<string, Severity | [Severity, Record<string, unknown>]>;

/**
 * What a user can set, in an async-lint.json, VS Code settings or on the command line: severities
 * or [severity, options] per rule, and whether test files are linted.
 */
export interface LintSettings {
  rules?: RulesSetting;
  includeTests?: boolean;
}

export interface ResolvedConfig {
  rules: Map<string, RuleConfig>;
  includeTests: boolean;
}

export class ConfigError extends Error {}

/** Later settings win. Unknown rule ids and bad severities are errors that name the problem. */
export function resolveConfig(metas: readonly RuleMeta[], ...layers: (LintSettings | undefined)[]): ResolvedConfig {
  const rules = new Map<string, RuleConfig>();
  for (const m of metas) rules.set(m.id, { severity: m.defaultSeverity, options: { ...m.defaultOptions } });
  let includeTests = false;
  for (const layer of layers) {
    if (!layer) continue;
    if (layer.includeTests !== undefined) includeTests = layer.includeTests;
    for (const [id, value] of Object.entries(layer.rules ?? {})) {
      const current = rules.get(id);
      if (!current) throw new ConfigError(`unknown rule "${id}"`);
      const [severity, options] = Array.isArray(value) ? value : [value, undefined];
      if (!SEVERITIES.includes(severity)) {
        throw new ConfigError(`rule "${id}": severity must be one of ${SEVERITIES.join(', ')}, not ${JSON.stringify(severity)}`);
      }
      rules.set(id, { severity, options: { ...current.options, ...(options ?? {}) } });
    }
  }
  // The top-level switch reaches the rules that take the option, so they also analyse test callbacks
  // (describe/it/test) in files that are not test files by path; a rule's own option wins.
  if (includeTests) {
    for (const [id, rule] of rules) {
      const meta = metas.find((m) => m.id === id);
      if (meta && 'includeTests' in meta.defaultOptions && !ruleSetsIncludeTests(layers, id)) rules.set(id, { ...rule, options: { ...rule.options, includeTests: true } });
    }
  }
  return { rules, includeTests };
}

function ruleSetsIncludeTests(layers: readonly (LintSettings | undefined)[], id: string): boolean {
  return layers.some((layer) => {
    const value = layer?.rules?.[id];
    return Array.isArray(value) && value[1] !== undefined && 'includeTests' in value[1];
  });
}

/** Parses `ID=severity` as given to `--rule`. */
export function parseRuleFlag(flag: string): [string, Severity] {
  const m = /^([a-z0-9-]+)=([a-z]+)$/.exec(flag.trim());
  if (!m || !SEVERITIES.includes(m[2] as Severity)) {
    throw new ConfigError(`--rule expects ID=${SEVERITIES.join('|')}, got "${flag}"`);
  }
  return [m[1]!, m[2] as Severity];
}
