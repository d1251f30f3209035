/**
 * What Python analysis keeps between lints, owned by one `Linter` (as `TsHost` is for TypeScript):
 * the parse cache (incremental reparses), the workspace index of module summaries and the files each
 * analysis read. Two linters in one process share none of it; `dispose` frees the trees.
 */
import type { FileProbe } from '../../core/files.ts';
import type { TextEdit } from '../../core/types.ts';
import { PythonParseCache, type ParseStats } from './parseCache.ts';
import { initPythonParser, isPythonParserReady } from './parser.ts';
import { PySemantics } from './semantics.ts';
import { findSyntaxErrors, topLevelStatementAt, type Node, type PySyntaxError } from './syntax.ts';
import { PythonWorkspace, type ReadFile } from './workspace.ts';

/** One file, parsed and summarised, ready for the rules. */
export interface PythonFile {
  root: Node;
  semantics: PySemantics;
  syntaxErrors(): PySyntaxError[];
  /** Whether `offset` is inside a comment (directives are only read from comments). */
  isComment(offset: number): boolean;
  /** The region no fix may edit because of `error`: the top-level statement that holds it. */
  protectedRegion(error: PySyntaxError): [number, number];
  /** After the rules ran: remembers which modules the analysis read (for `dependentsOf`). */
  recordDependencies(): void;
}

export class PythonHost {
  private readonly parseCache = new PythonParseCache();
  // Modules read for their summaries share the cache: one parse serves the summary and the file's own lint.
  private readonly workspace = new PythonWorkspace((file, text) => this.parseCache.syntax(file, text).root);

  /** `files`: finds the runtime's and the grammar's .wasm files (the caller probes the disk). */
  constructor(private readonly files: FileProbe) {}

  /** Loads the tree-sitter runtime and grammar; await it once before `file`. */
  async prepare(): Promise<void> {
    await initPythonParser(this.files);
  }

  get ready(): boolean {
    return isPythonParserReady();
  }

  /**
   * Parses `text` (incrementally when `edits` lead to it from the last text of the file) and builds
   * its scopes; other modules are read through `readFile` (open buffers first, then disk).
   */
  file(fileName: string, text: string, readFile: ReadFile, edits?: readonly TextEdit[]): PythonFile {
    // Parsed first with the editor's edits; the workspace then finds this tree in the cache.
    const root = this.parseCache.syntax(fileName, text, edits).root;
    const { scopes } = this.workspace.summarise(fileName, text);
    const semantics = new PySemantics(this.workspace, fileName, scopes, readFile);
    return {
      root,
      semantics,
      syntaxErrors: () => findSyntaxErrors(root),
      isComment: (offset) => root.descendantForIndex(offset)?.type === 'comment',
      protectedRegion: (error) => {
        const holder = topLevelStatementAt(root, error.start);
        return holder ? [holder.startIndex, holder.endIndex] : [error.start, error.end];
      },
      recordDependencies: () => this.workspace.recordDependencies(fileName, semantics.touchedFiles),
    };
  }

  /** Files whose last analysis read `fileName` (an imported module): re-lint them when it changes. */
  dependentsOf(fileName: string): string[] {
    return this.workspace.dependentsOf(fileName);
  }

  /** Frees the tree and index entry of a file that was closed or deleted. */
  forget(fileName: string): void {
    this.parseCache.forget(fileName);
    this.workspace.forget(fileName);
  }

  /** How many parses were full and how many incremental (for tests and the server's trace). */
  get parseStats(): ParseStats {
    return { ...this.parseCache.stats };
  }

  dispose(): void {
    this.parseCache.clear();
    this.workspace.clear();
  }
}
