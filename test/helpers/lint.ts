/** Test harness: lint a snippet as a real file on disk (in a temp project) and apply its fixes. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveConfig, type LintSettings } from '../../server/src/core/config.ts';
import { applyEdits } from '../../server/src/core/fixes.ts';
import type { Finding } from '../../server/src/core/types.ts';
import { Linter, type LintResult } from '../../server/src/rules/engine.ts';
import { allRuleMetas } from '../../server/src/rules/index.ts';
import { diskProbe } from '../../server/src/node/fileProbe.ts';

let shared: Linter | undefined;
let root: string | undefined;
let counter = 0;

export function sharedLinter(): Linter {
  shared ??= new Linter({
    files: diskProbe,
    onRuleError: (id, f, e) => {
      throw new Error(`rule ${id} failed on ${f}: ${(e as Error).stack}`);
    },
    // Python rules read the project's other modules (and its pyproject.toml) through this.
    readFile: (f) => {
      try {
        return readFileSync(f, 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  return shared;
}

/** A fresh folder per call, inside one temp root with a package.json (so it is its own project root). */
export function tempProject(files: Record<string, string> = {}): string {
  root ??= mkdtempSync(path.join(os.tmpdir(), 'async-lint-test-'));
  const dir = path.join(root, `p${++counter}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), '{"name":"fixture","type":"module"}\n');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

export interface LintSnippetOptions {
  /** File name inside the temp project; default `snippet.ts`. */
  fileName?: string;
  /** Only these rules run (others off). */
  rules?: string[];
  settings?: LintSettings;
  /** Other files of the project (e.g. a tsconfig.json, modules it imports). */
  files?: Record<string, string>;
}

export function lintSnippet(code: string, options: LintSnippetOptions = {}): LintResult {
  const dir = tempProject({ ...options.files, [options.fileName ?? 'snippet.ts']: code });
  const fileName = path.join(dir, options.fileName ?? 'snippet.ts');
  const metas = allRuleMetas();
  const only: LintSettings | undefined = options.rules
    ? { rules: Object.fromEntries(metas.map((m) => [m.id, options.rules!.includes(m.id) ? m.defaultSeverity : 'off'])) }
    : undefined;
  const config = resolveConfig(metas, only, options.settings);
  return sharedLinter().lint([{ fileName, text: code }], () => config)[0]!;
}

/** Findings of one rule, as compact `line:col message` strings are easy to assert on. */
export function findingsOf(code: string, ruleId: string, options: LintSnippetOptions = {}): Finding[] {
  return lintSnippet(code, { rules: [ruleId], ...options }).findings.filter((f) => f.ruleId === ruleId);
}

/** 1-based line numbers of findings. */
export function linesOf(code: string, findings: readonly Finding[]): number[] {
  return findings.map((f) => code.slice(0, f.start).split('\n').length);
}

/** The full text after applying fix `fixIndex` of `finding`. */
export function applyFix(code: string, finding: Finding, fixIndex = 0): string {
  const fix = finding.fixes[fixIndex];
  if (!fix) throw new Error(`finding "${finding.message}" has no fix #${fixIndex}`);
  return applyEdits(code, fix.edits);
}

/** Syntax errors of a TS/JS text, by linting it as a file. */
export function syntaxErrorsOf(code: string, fileName = 'check.ts'): number {
  return lintSnippet(code, { fileName, rules: [] }).syntaxErrors.length;
}

/** `line: reported text` per finding of `ruleId`. */
export function reportedText(code: string, ruleId: string, options: LintSnippetOptions = {}): string[] {
  const findings = findingsOf(code, ruleId, options);
  return linesOf(code, findings).map((line, i) => `${line}: ${code.slice(findings[i]!.start, findings[i]!.end)}`);
}

/** The single finding of `ruleId` (fails when there are none or several). */
export function onlyFinding(code: string, ruleId: string, options: LintSnippetOptions = {}): Finding {
  const findings = findingsOf(code, ruleId, options);
  assert.equal(findings.length, 1, `expected one finding, got ${findings.map((f) => f.message).join(' / ')}`);
  return findings[0]!;
}

/** The text after fix `fixIndex` of `finding`, which must still parse. */
export function fixedText(code: string, finding: Finding, fixIndex = 0): string {
  const text = applyFix(code, finding, fixIndex);
  assert.equal(syntaxErrorsOf(text), 0, `fixed text has syntax errors:\n${text}`);
  return text;
}

/** `applicability: title` of each fix, in order. */
export function fixTitles(finding: Finding): string[] {
  return finding.fixes.map((x) => `${x.applicability}: ${x.title}`);
}
