/**
 * The workspace index: a scope summary per Python module, keyed by file and text, and which files
 * each linted file's analysis read (so the server can re-lint dependents when one changes). Reading
 * goes through the caller's `readFile` (editor buffers first, then disk): this layer does no I/O.
 */
import path from 'node:path';
import { buildScopes, type ScopeTable } from './scopes.ts';
import type { Node } from './syntax.ts';

export type ReadFile = (fileName: string) => string | undefined;

/** The syntax tree of a module's text (the caller caches it: the module may be linted next). */
export type ParseModule = (fileName: string, text: string) => Node;

export interface ModuleSummary {
  file: string;
  text: string;
  scopes: ScopeTable;
}

export class PythonWorkspace {
  private readonly summaries = new Map<string, ModuleSummary>();
  /** Linted file → module files its analysis read. */
  private readonly dependencies = new Map<string, Set<string>>();

  constructor(private readonly parse: ParseModule) {}

  /** The summary of `file` as `readFile` has it now; re-summarised when the text changed. */
  summaryOf(file: string, readFile: ReadFile): ModuleSummary | undefined {
    const text = readFile(file);
    if (text === undefined) {
      this.summaries.delete(file);
      return undefined;
    }
    return this.summarise(file, text);
  }

  /**
   * The summary of `file` with this text, which other files then see. The file being linted gets
   * its scopes here too: when another file's analysis read it first, they are already built.
   */
  summarise(file: string, text: string): ModuleSummary {
    const cached = this.summaries.get(file);
    if (cached && cached.text === text) return cached;
    const summary = { file, text, scopes: buildScopes(this.parse(file, text), file) };
    this.summaries.set(file, summary);
    return summary;
  }

  /** The syntax tree of a workspace module as `readFile` has it now (parsed through the caller's cache). */
  treeOf(file: string, readFile: ReadFile): Node | undefined {
    const text = readFile(file);
    return text === undefined ? undefined : this.parse(file, text);
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

  clear(): void {
    this.summaries.clear();
    this.dependencies.clear();
  }
}

/** How the import roots read the file system (through the caller: editor buffers first). */
export interface ImportFiles {
  exists(file: string): boolean;
  /** Text of a project file; undefined when there is none. Reading it makes it a dependency. */
  read(file: string): string | undefined;
}

const PROJECT_FILES = ['pyproject.toml', 'setup.cfg', 'setup.py'];

/**
 * Directories an absolute import is looked up from, in order: the file's own directory (a script
 * run directly); the first ancestor that is not a package (the root a package is imported from);
 * for a file under `src/`, that `src` (the src layout, where `src` is not itself a package); and
 * the nearest project folder (holding pyproject.toml, setup.cfg or setup.py), its `src/` and the
 * source folders its configuration declares, so tests and scripts beside `src/` resolve too.
 */
export function importRoots(file: string, files: ImportFiles): string[] {
  const own = path.dirname(file);
  const roots = [own];
  let dir = own;
  for (let i = 0; i < 32 && files.exists(path.join(dir, '__init__.py')); i++) {
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  roots.push(dir);
  for (let d = own, i = 0; i < 32 && path.dirname(d) !== d; d = path.dirname(d), i++) {
    if (path.basename(d) === 'src' && !files.exists(path.join(d, '__init__.py'))) {
      roots.push(d);
      break;
    }
  }
  const project = nearestProject(own, files);
  if (project) roots.push(project.dir, path.join(project.dir, 'src'), ...project.sourceDirs);
  return [...new Set(roots)];
}

function nearestProject(start: string, files: ImportFiles): { dir: string; sourceDirs: string[] } | undefined {
  for (let dir = start, i = 0; i < 32; dir = path.dirname(dir), i++) {
    const texts = PROJECT_FILES.map((name) => files.read(path.join(dir, name)));
    if (texts.some((t) => t !== undefined)) {
      const declared = texts.flatMap((text) => (text === undefined ? [] : declaredSourceDirs(text)));
      return { dir, sourceDirs: declared.map((d) => path.join(dir, d)) };
    }
    if (path.dirname(dir) === dir) break;
  }
  return undefined;
}

/**
 * Source folders a project's packaging or test configuration declares, relative to the project:
 * setuptools `package-dir = {"" = "src"}` / `package_dir = =src` / `where = ["src"]` /
 * `find_packages(where="src")`, Poetry `from = "src"`, Hatch `packages = ["src/pkg"]` and pytest
 * `pythonpath = ["src"]`. Read with patterns rather than a TOML/INI parser: a missed setting only
 * leaves the default roots.
 */
export function declaredSourceDirs(text: string): string[] {
  const dirs: string[] = [];
  const quoted = (list: string) => [...list.matchAll(/["']([^"'\n]*)["']/g)].map((m) => m[1]!);
  for (const m of text.matchAll(/^\s*(?:where|pythonpath)\s*=\s*\[([^\]]*)\]/gm)) dirs.push(...quoted(m[1]!));
  for (const m of text.matchAll(/^\s*(?:where|pythonpath)\s*=\s*([^\s\["'#;]+)\s*$/gm)) dirs.push(m[1]!);
  for (const m of text.matchAll(/package[-_]dir\s*[=:]\s*\{[^}]*?["']{2}\s*[=:]\s*["']([^"']+)["']/g)) dirs.push(m[1]!);
  for (const m of text.matchAll(/^\s*package_dir\s*=\s*\n?\s*=\s*(\S+)\s*$/gm)) dirs.push(m[1]!);
  for (const m of text.matchAll(/\bfrom\s*=\s*["']([^"']+)["']/g)) dirs.push(m[1]!);
  for (const m of text.matchAll(/find(?:_namespace)?_packages\(\s*(?:where\s*=\s*)?["']([^"']+)["']/g)) dirs.push(m[1]!);
  for (const m of text.matchAll(/^\s*packages\s*=\s*\[([^\]]*)\]/gm)) {
    for (const p of quoted(m[1]!)) if (p.includes('/')) dirs.push(path.posix.dirname(p));
  }
  // Only folders inside the project: an absolute path or `..` would reach outside what it declares.
  return [...new Set(dirs.map((d) => d.trim().replace(/\/+$/, '')))].filter((d) => d && d !== '.' && !path.isAbsolute(d) && !d.split(/[\\/]/).includes('..'));
}

/** The module file for a path stem (`/p/pkg/mod` → mod.py or mod/__init__.py). */
export function moduleFileOf(stem: string, exists: (file: string) => boolean): string | undefined {
  const file = `${stem}.py`;
  if (exists(file)) return file;
  const init = path.join(stem, '__init__.py');
  return exists(init) ? init : undefined;
}
