/**
 * The workspace index: a scope summary per Python module, keyed by file and text, and which files
 * each linted file's analysis read (so the server can re-lint dependents when one changes). Reading
 * goes through the caller's `readFile` (editor buffers first, then disk): this layer does no I/O.
 */
import path from 'node:path';
import { parsePython } from './parser.ts';
import { buildScopes, type ScopeTable } from './scopes.ts';

export type ReadFile = (fileName: string) => string | undefined;

export interface ModuleSummary {
  file: string;
  text: string;
  scopes: ScopeTable;
}

export class PythonWorkspace {
  private readonly summaries = new Map<string, ModuleSummary>();
  /** Linted file → module files its analysis read. */
  private readonly dependencies = new Map<string, Set<string>>();

  /** The summary of `file` as `readFile` has it now; re-summarised when the text changed. */
  summaryOf(file: string, readFile: ReadFile): ModuleSummary | undefined {
    const text = readFile(file);
    if (text === undefined) {
      this.summaries.delete(file);
      return undefined;
    }
    const cached = this.summaries.get(file);
    if (cached && cached.text === text) return cached;
    const tree = parsePython(text);
    try {
      return this.store(file, text, buildScopes(tree.rootNode, file));
    } finally {
      tree.delete();
    }
  }

  /** The file being linted summarises itself from its live tree; other files then see this text. */
  store(file: string, text: string, scopes: ScopeTable): ModuleSummary {
    const summary = { file, text, scopes };
    this.summaries.set(file, summary);
    return summary;
  }

  recordDependencies(importer: string, files: Iterable<string>): void {
    const set = new Set(files);
    set.delete(importer);
    this.dependencies.set(importer, set);
  }

  /** Linted files whose last analysis read `file`: re-lint them when it changes. */
  dependentsOf(file: string): string[] {
    const out: string[] = [];
    for (const [importer, files] of this.dependencies) if (files.has(file)) out.push(importer);
    return out;
  }

  forget(file: string): void {
    this.summaries.delete(file);
    this.dependencies.delete(file);
  }
}

/**
 * Directories an absolute import is looked up from: the file's own directory (a script run
 * directly) and the first ancestor that is not a package (the root a package is imported from).
 */
export function importRoots(file: string, exists: (file: string) => boolean): string[] {
  const own = path.dirname(file);
  let dir = own;
  for (let i = 0; i < 32 && exists(path.join(dir, '__init__.py')); i++) {
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return dir === own ? [own] : [own, dir];
}

/** The module file for a path stem (`/p/pkg/mod` → mod.py or mod/__init__.py). */
export function moduleFileOf(stem: string, exists: (file: string) => boolean): string | undefined {
  const file = `${stem}.py`;
  if (exists(file)) return file;
  const init = path.join(stem, '__init__.py');
  return exists(init) ? init : undefined;
}
