/** Python test harness: lint snippets written to a temp folder, through one Linter that reads other modules from the disk. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveConfig, type LintSettings } from '../../../server/src/core/config.ts';
import { applyEdits } from '../../../server/src/core/fixes.ts';
import type { Finding } from '../../../server/src/core/types.ts';
import { diskProbe } from '../../../server/src/node/fileProbe.ts';
import { Linter, type LintInput, type LintResult } from '../../../server/src/rules/engine.ts';
import { pythonRules } from '../../../server/src/rules/index.ts';
import type { ResolvedConfig } from '../../../server/src/core/config.ts';

let root: string | undefined;
let counter = 0;
let linter: Linter | undefined;

/** The linter every Python test shares (its parse cache and workspace index are this linter's). */
export function pyLinter(): Linter {
  linter ??= new Linter({
    files: diskProbe,
    readFile: readDisk,
    onRuleError: (id, f, e) => {
      throw new Error(`rule ${id} failed on ${f}: ${(e as Error).stack}`);
    },
  });
  return linter;
}

export function preparePython(): Promise<void> {
  return pyLinter().prepare();
}

/** Lints one file with `config` (its text as given, other modules from the disk). */
export function lintPyFile(input: LintInput, config: ResolvedConfig): LintResult {
  return pyLinter().lint([input], () => config)[0]!;
}

export function readDisk(fileName: string): string | undefined {
  try {
    return readFileSync(fileName, 'utf8');
  } catch {
    return undefined;
  }
}

/** A fresh folder with these files (relative paths). */
export function pyProject(files: Record<string, string> = {}): string {
  root ??= mkdtempSync(path.join(os.tmpdir(), 'async-lint-py-'));
  const dir = path.join(root, `p${++counter}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

export interface PyLintOptions {
  fileName?: string;
  /** Only these rules run. */
  rules?: string[];
  settings?: LintSettings;
  /** Other modules of the project. */
  files?: Record<string, string>;
}

export function configFor(rules?: string[], settings?: LintSettings) {
  const metas = pythonRules.map((r) => r.meta);
  const only: LintSettings | undefined = rules ? { rules: Object.fromEntries(metas.map((m) => [m.id, rules.includes(m.id) ? m.defaultSeverity : 'off'])) } : undefined;
  return resolveConfig(metas, only, settings);
}

export function lintPy(code: string, options: PyLintOptions = {}): LintResult {
  const name = options.fileName ?? 'snippet.py';
  const dir = pyProject({ ...options.files, [name]: code });
  return lintPyFile({ fileName: path.join(dir, name), text: code }, configFor(options.rules, options.settings));
}

export function pyFindings(code: string, ruleId: string, options: PyLintOptions = {}): Finding[] {
  return lintPy(code, { rules: [ruleId], ...options }).findings.filter((f) => f.ruleId === ruleId);
}

/** `line: message` per finding, 1-based lines: easy to assert on. */
export function describe1(code: string, findings: readonly Finding[]): string[] {
  return findings.map((f) => `${code.slice(0, f.start).split('\n').length}: ${f.message}`);
}

export function lines(code: string, findings: readonly Finding[]): number[] {
  return findings.map((f) => code.slice(0, f.start).split('\n').length);
}

export function applyPyFix(code: string, finding: Finding, fixIndex = 0): string {
  const fix = finding.fixes[fixIndex];
  if (!fix) throw new Error(`finding "${finding.message}" has no fix #${fixIndex}`);
  return applyEdits(code, fix.edits);
}

/** Syntax errors tree-sitter finds in a Python text. */
export function pySyntaxErrors(code: string): number {
  return lintPy(code, { rules: [], fileName: 'check.py' }).syntaxErrors.length;
}
