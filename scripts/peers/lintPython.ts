/** Lints one Python text with a chosen set of rules, the way the CLI does, for the peer suites. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveConfig, type LintSettings } from '../../server/src/core/config.ts';
import type { Finding } from '../../server/src/core/types.ts';
import { diskProbe } from '../../server/src/node/fileProbe.ts';
import { Linter } from '../../server/src/rules/engine.ts';
import { pythonRules } from '../../server/src/rules/index.ts';

let linter: Linter | undefined;
let prepared: Promise<void> | undefined;
let dir: string | undefined;
let counter = 0;

/** Findings of `rules` on `text`, written as `fileName` in a fresh folder (so imports of it resolve nowhere else). */
export async function lintPythonText(fileName: string, text: string, rules: readonly string[], options: Record<string, Record<string, unknown>> = {}): Promise<Finding[]> {
  linter ??= new Linter({
    files: diskProbe,
    readFile: (f) => {
      try {
        return readFileSync(f, 'utf8');
      } catch {
        return undefined;
      }
    },
    onRuleError: (id, f, e) => {
      throw new Error(`rule ${id} failed on ${f}: ${(e as Error).stack}`);
    },
  });
  prepared ??= linter.prepare();
  await prepared;
  dir ??= path.join(os.tmpdir(), `async-lint-peers-${process.pid}`);
  const folder = path.join(dir, `c${++counter}`);
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, path.basename(fileName));
  writeFileSync(file, text);
  const metas = pythonRules.map((r) => r.meta);
  const settings = { rules: Object.fromEntries(metas.map((m) => [m.id, rules.includes(m.id) ? [m.defaultSeverity, options[m.id] ?? {}] : 'off'])) } as LintSettings;
  const config = resolveConfig(metas, settings);
  const [result] = linter.lint([{ fileName: file, text }], () => config);
  return result!.findings.filter((f) => f.ruleId !== null && rules.includes(f.ruleId));
}

/** 1-based line of each finding's start. */
export function findingLines(text: string, findings: readonly Finding[]): number[] {
  const starts: number[] = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return findings.map((f) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= f.start) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  });
}
