/**
 * Runs the rules over files: one traversal per file shared by all rules, batched type queries,
 * directives, and the guarantee that fixes never touch a region with a syntax error.
 * Used by both the CLI and the language server; it does no I/O of its own.
 */
import type { ResolvedConfig } from '../core/config.ts';
import { isJavaScriptPath, languageOf, type FileProbe } from '../core/files.ts';
import { identifiersIn, wellFormed } from '../core/text.ts';
import type { Finding, RuleMeta, TextEdit } from '../core/types.ts';
import { PythonHost } from '../languages/python/host.ts';
import { targetPythonOf, type PythonVersion } from '../languages/python/version.ts';
import { NodeFlags, SyntaxKind, type Node } from '../languages/typescript/ast.ts';
import { commentTest } from '../languages/typescript/comments.ts';
import { TsHost, type SyntaxError, type TsFile } from '../languages/typescript/host.ts';
import { TypeFacts } from '../languages/typescript/typeFacts.ts';
import { forEachNode } from '../languages/typescript/walk.ts';
import { walk as walkPython, type Node as PyNode } from '../languages/python/syntax.ts';
import { allRuleMetas, pythonRules, typescriptRules } from './index.ts';
import type { PyRuleContext } from './python/types.ts';
import { finishFindings, runRules } from './lintFile.ts';
import type { TsRuleContext } from './types.ts';

export interface LintInput {
  fileName: string;
  text: string;
  /**
   * Optional, Python only: the editor's changes since the text last linted for this file, in LSP
   * order (each edit's offsets refer to the text the previous ones produced). Without them the
   * changed span is found by comparing texts; either way the reparse is incremental.
   */
  edits?: readonly TextEdit[];
}

export interface LintResult {
  fileName: string;
  text: string;
  findings: Finding[];
  syntaxErrors: SyntaxError[];
  /** The file could not be analysed at all (the reason); findings are then empty. */
  fatal?: string;
}

export interface LinterOptions {
  /** Finds project files (tsconfig, package.json, the grammar's .wasm): the engine itself does no I/O. */
  files: FileProbe;
  /** One-line notices for the user (adjusted tsconfig, restarted backend), with the tsconfig concerned. */
  notice?: (message: string, project?: string) => void;
  /** A rule threw: it is logged and the other rules still report. */
  onRuleError?: (ruleId: string, fileName: string, error: unknown) => void;
  /** Reads a file that has no text set (another Python module); the engine itself does no I/O. */
  readFile?: (fileName: string) => string | undefined;
  /**
   * False when every text given to `lint` is the file's content on disk, as the CLI reads it
   * without `--fix`: the TypeScript backend then reads files itself. Default true.
   */
  textsMayDifferFromDisk?: boolean;
  /** Variables added to the environment of the TypeScript backend (tsgo) when it starts. */
  backendEnvironment?: Readonly<Record<string, string>>;
  /**
   * False turns off the effect model of the awaits rules (TypeScript): they fall back on names.
   * Only the benchmark does this, to measure what the model costs (ASYNC_LINT_EFFECT_MODEL=off).
   */
  effectModel?: boolean;
}

const PARSE_ERROR_FLAGS = NodeFlags.ThisNodeHasError | NodeFlags.ThisNodeOrAnySubNodesHasError;

/** Files longer than this on one line are minified bundles: skipped with a notice. */
const MAX_ANALYSED_BYTES = 2_000_000;

export interface CancellationToken {
  readonly isCancellationRequested: boolean;
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

export class Linter {
  private readonly texts = new Map<string, string>();
  readonly ts: TsHost;
  readonly python: PythonHost;

  constructor(private readonly options: LinterOptions) {
    this.python = new PythonHost(options.files);
    this.ts = new TsHost({
      files: options.files,
      readOverlay: (f) => this.texts.get(f),
      overlays: options.textsMayDifferFromDisk !== false,
      notice: options.notice,
      environment: options.backendEnvironment,
    });
  }

  get ruleMetas(): RuleMeta[] {
    return allRuleMetas();
  }

  /** Loads what analysis needs asynchronously (the Python grammar); await it before `lint`. */
  async prepare(): Promise<void> {
    await this.python.prepare();
  }

  /** The text the analysis sees for a file (an editor buffer or what the CLI read). */
  setText(fileName: string, rawText: string | undefined): void {
    this.storeText(fileName, rawText === undefined ? undefined : wellFormed(rawText));
  }

  private storeText(fileName: string, text: string | undefined): void {
    const before = this.texts.get(fileName);
    if (text === undefined) this.texts.delete(fileName);
    else this.texts.set(fileName, text);
    if (before === text) return;
    if (languageOf(fileName) === 'python') {
      if (text === undefined) this.python.forget(fileName);
    } else {
      this.ts.fileChanged(fileName);
    }
  }

  lint(inputs: readonly LintInput[], configFor: (fileName: string) => ResolvedConfig, token?: CancellationToken): LintResult[] {
    inputs = inputs.map((i) => ({ ...i, text: wellFormed(i.text) }));
    for (const input of inputs) this.storeText(input.fileName, input.text);
    const results = new Map<string, LintResult>();
    const tsInputs: LintInput[] = [];
    for (const input of inputs) {
      const language = languageOf(input.fileName);
      if (input.text.length > MAX_ANALYSED_BYTES) {
        results.set(input.fileName, fatal(input, `skipped: ${Math.round(input.text.length / 1e6)} MB is larger than async-lint analyses (2 MB)`));
      } else if (language === 'typescript') {
        tsInputs.push(input);
      } else if (language === 'python') {
        results.set(input.fileName, this.lintPython(input, configFor(input.fileName)));
      } else {
        results.set(input.fileName, fatal(input, 'not a TypeScript, JavaScript or Python file'));
      }
    }
    if (tsInputs.length > 0) {
      let files: (TsFile | undefined)[];
      try {
        files = this.ts.getFiles(tsInputs.map((i) => i.fileName));
      } catch (error) {
        files = tsInputs.map(() => undefined);
        this.options.notice?.(`TypeScript backend unavailable: ${(error as Error).message}`);
      }
      tsInputs.forEach((input, i) => {
        if (token?.isCancellationRequested) throw new CancelledError();
        const file = files[i];
        results.set(
          input.fileName,
          file ? this.lintTsFile(input, file, configFor(input.fileName)) : fatal(input, 'the TypeScript backend could not load this file'),
        );
      });
    }
    return inputs.map((i) => results.get(i.fileName)!);
  }

  /** Stops tsgo and frees every Python tree and summary of this linter. */
  dispose(): void {
    this.ts.dispose();
    this.python.dispose();
  }

  /** Resolves when the backend processes ended by `dispose` have exited (a CLI waits for them). */
  backendsExited(): Promise<void> {
    return this.ts.exited();
  }

  private lintPython(input: LintInput, config: ResolvedConfig): LintResult {
    if (!this.python.ready) return fatal(input, 'Python analysis is not loaded (Linter.prepare() was not awaited)');
    const { fileName, text } = input;
    const readFile = (f: string) => this.texts.get(f) ?? this.options.readFile?.(f);
    const file = this.python.file(fileName, text, readFile, input.edits);
    let targetPython: PythonVersion | undefined | null = null;
    let identifiers: ReadonlySet<string> | undefined;
    const runner = runRules<PyRuleContext, PyNode>(pythonRules, input, config, this.options.onRuleError, (common) => ({
      ...common,
      root: file.root,
      semantics: file.semantics,
      readFile,
      get targetPython() {
        if (targetPython === null) targetPython = targetPythonOf(fileName, readFile);
        return targetPython;
      },
      get identifiers() {
        identifiers ??= identifiersIn(text);
        return identifiers;
      },
    }));
    if (runner.hasHandlers) walkPython(file.root, (node) => runner.enter(node.type, node), undefined, { namedOnly: true });
    runner.finish();
    file.recordDependencies();
    return finishFindings(runner, input, config, {
      isComment: file.isComment,
      syntaxErrors: file.syntaxErrors(),
      protectedRegion: file.protectedRegion,
    });
  }

  private lintTsFile(input: LintInput, file: TsFile, config: ResolvedConfig): LintResult {
    const { sourceFile } = file;
    const text = sourceFile.text;
    const types = new TypeFacts(file.checker, { effectModel: this.options.effectModel !== false });
    const tsInput = { fileName: input.fileName, text };
    const runner = runRules<TsRuleContext, Node>(typescriptRules, tsInput, config, this.options.onRuleError, (common) => ({
      ...common,
      sourceFile,
      types,
    }));
    // Type annotations and declarations are much of a TypeScript file (most of openai's): when no
    // rule looks at their kinds, their nodes are not even decoded.
    const skipTypes = !TYPE_ONLY_KINDS.some((kind) => runner.handles(kind));
    forEachNode(
      sourceFile,
      skipTypes
        ? (node) => {
            if (TYPE_ONLY.has(node.kind)) return false;
            runner.enter(node.kind, node);
          }
        : (node) => {
            runner.enter(node.kind, node);
          },
    );
    runner.finish();

    // The parser marks the node at every error it reports and each of its ancestors, so a TypeScript
    // file whose root is unmarked has none, and one request per file is saved. JavaScript files
    // also get errors for TypeScript syntax (`declare`, annotations) that mark nothing: always asked.
    const mayHaveSyntaxErrors = (sourceFile.flags & PARSE_ERROR_FLAGS) !== 0 || isJavaScriptPath(input.fileName);
    return finishFindings(runner, tsInput, config, {
      isComment: commentTest(sourceFile),
      syntaxErrors: mayHaveSyntaxErrors ? safe(() => file.syntaxErrors(), []) : [],
      protectedRegion: (error) => protectedRegionOf(sourceFile, error),
    });
  }
}

function fatal(input: LintInput, reason: string): LintResult {
  return { fileName: input.fileName, text: input.text, findings: [], syntaxErrors: [], fatal: reason };
}

function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

const TYPE_ONLY_KINDS: SyntaxKind[] = [SyntaxKind.InterfaceDeclaration, SyntaxKind.TypeAliasDeclaration];
for (let kind = SyntaxKind.FirstTypeNode; kind <= SyntaxKind.LastTypeNode; kind++) TYPE_ONLY_KINDS.push(kind);
/** Type syntax: no value, call or statement is ever inside it. */
const TYPE_ONLY = new Set(TYPE_ONLY_KINDS);

/** The region no fix may edit because of a syntax error: the top-level statement that holds it. */
function protectedRegionOf(sourceFile: { statements: readonly Node[] }, e: SyntaxError): [number, number] {
  // A truncated file's error sits after every statement: the last statement before it is unclosed.
  const holder =
    sourceFile.statements.find((s) => s.pos <= e.start && e.start <= s.end) ??
    [...sourceFile.statements].reverse().find((s) => s.pos <= e.start);
  return holder ? [holder.pos, Math.max(holder.end, e.end)] : [e.start, e.end];
}
