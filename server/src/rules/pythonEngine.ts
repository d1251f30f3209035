/**
 * Runs the Python rules over a file: one tree walk shared by all rules (handlers keyed by node
 * type), directives, syntax errors, and the guarantee that fixes never touch a top-level
 * statement that holds a syntax error. Trees are parsed incrementally per file; other modules are
 * read through the caller's `readFile` (open buffers first, then disk), never by this layer.
 */
import type { ResolvedConfig } from '../core/config.ts';
import { applyDirectives } from '../core/directives.ts';
import { isTestPath } from '../core/files.ts';
import type { Finding, TextEdit } from '../core/types.ts';
import { PythonParseCache } from '../languages/python/parseCache.ts';
import { initPythonParser, isPythonParserReady } from '../languages/python/parser.ts';
import { PySemantics } from '../languages/python/semantics.ts';
import { findSyntaxErrors, topLevelStatementAt, walk, type Node, type PySyntaxError } from '../languages/python/syntax.ts';
import { PythonWorkspace } from '../languages/python/workspace.ts';
import type { LintResult } from './engine.ts';
import { rule as blockingCall } from './python/blocking-call.ts';
import { rule as danglingTask } from './python/dangling-task.ts';
import { rule as eventLoopMisuse } from './python/event-loop-misuse.ts';
import { rule as swallowedCancellation } from './python/swallowed-cancellation.ts';
import { rule as unawaitedCoroutine } from './python/unawaited-coroutine.ts';
import { rule as sequentialAwaits } from './python/sequential-awaits.ts';
import { rule as awaitInLoop } from './python/await-in-loop.ts';
import { rule as abandonedTasks } from './python/abandoned-tasks.ts';
import type { PyRule, PyRuleContext } from './python/types.ts';
import { RuleRunner } from './ruleRunner.ts';
// A cycle (index lists these rules), harmless: knownRuleIds is only called while linting.
import { knownRuleIds } from './index.ts';

export const pythonRules: readonly PyRule[] = [unawaitedCoroutine, danglingTask, blockingCall, swallowedCancellation, eventLoopMisuse, sequentialAwaits, awaitInLoop, abandonedTasks];

export interface PythonLintInput {
  fileName: string;
  text: string;
  /**
   * Optional: the editor's changes since the text last linted for this file, in LSP order (each
   * edit's offsets refer to the text the previous ones produced). Without them the changed span is
   * found by comparing texts; either way the reparse is incremental.
   */
  edits?: readonly TextEdit[];
}

export interface PythonLintEnv {
  /** Text of another module: an open buffer, else the disk; undefined when it does not exist. */
  readFile(fileName: string): string | undefined;
  onRuleError?(ruleId: string, fileName: string, error: unknown): void;
}

const parseCache = new PythonParseCache();
// Modules read for their summaries share the cache: one parse serves the summary and the file's own lint.
const workspace = new PythonWorkspace((file, text) => parseCache.syntax(file, text).root);

/** Loads the tree-sitter runtime and grammar; call (and await) once before `lintPythonFile`. */
export async function preparePython(): Promise<void> {
  await initPythonParser();
}

export function lintPythonFile(input: PythonLintInput, config: ResolvedConfig, env: PythonLintEnv): LintResult {
  if (!isPythonParserReady()) throw new Error('lintPythonFile before preparePython() finished');
  const { fileName, text } = input;
  // Parsed first with the editor's edits; the workspace then finds this tree in the cache.
  const root = parseCache.syntax(fileName, text, input.edits).root;
  const { scopes } = workspace.summarise(fileName, text);
  const semantics = new PySemantics(workspace, fileName, scopes, env.readFile);
  const skipTests = isTestPath(fileName) && !config.includeTests;
  const runner = new RuleRunner<Node>(fileName, env.onRuleError);
  runner.createRules<PyRuleContext>(pythonRules, config, (common) => ({
    ...common,
    fileName,
    text,
    skipTests,
    root,
    semantics,
    readFile: env.readFile,
  }));
  if (runner.hasHandlers) walk(root, (node) => runner.enter(node.type, node), undefined, { namedOnly: true });
  runner.finish();
  const findings = runner.findings;
  workspace.recordDependencies(fileName, semantics.touchedFiles);

  const syntaxErrors = findSyntaxErrors(root);
  const isComment = (offset: number) => root.descendantForIndex(offset)?.type === 'comment';
  const directives = runner.directiveOptions(config, isComment, knownRuleIds());
  const kept = applyDirectives(text, findings, directives).sort((a, b) => a.start - b.start || a.end - b.end);
  dropFixesNearSyntaxErrors(root, kept, syntaxErrors);
  return { fileName, text, findings: kept, syntaxErrors };
}

/** Open files whose last analysis read `fileName` (an imported module): re-lint them when it changes. */
export function pythonDependentsOf(fileName: string): string[] {
  return workspace.dependentsOf(fileName);
}

/** Frees the tree and index entry of a file that was closed or deleted. */
export function forgetPythonFile(fileName: string): void {
  parseCache.forget(fileName);
  workspace.forget(fileName);
}

/** How many parses were full and how many incremental (for tests and the server's trace). */
export function pythonParseStats(): { full: number; incremental: number } {
  return { ...parseCache.stats };
}

/** The top-level statement holding a syntax error is a region no fix may edit; the finding stays. */
function dropFixesNearSyntaxErrors(root: Node, findings: Finding[], errors: PySyntaxError[]): void {
  if (errors.length === 0) return;
  const regions: [number, number][] = errors.map((e) => {
    const holder = topLevelStatementAt(root, e.start);
    return holder ? [holder.startIndex, holder.endIndex] : [e.start, e.end];
  });
  for (const f of findings) {
    f.fixes = f.fixes.filter((fix) => !fix.edits.some((ed) => regions.some(([s, e]) => ed.start <= e && ed.end >= s)));
  }
}
