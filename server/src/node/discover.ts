/**
 * Finds the files to lint: walks folders, honours every .gitignore on the way, skips node_modules.
 * Shared by the CLI and the language server's workspace lint.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { languageOf, type FileLanguage } from '../core/files.ts';

const ALWAYS_SKIPPED = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface DiscoveredFile {
  fileName: string;
  /** Named on the command line (linted even if its extension is unknown). */
  explicit: boolean;
}

interface IgnoreScope {
  base: string;
  matcher: Ignore;
}

/** A path given to lint does not exist (the CLI reports it as a usage error). */
export class MissingPathError extends Error {}

export function discoverFiles(paths: readonly string[], cwd: string, languages: readonly FileLanguage[]): DiscoveredFile[] {
  const out: DiscoveredFile[] = [];
  const seen = new Set<string>();
  const add = (fileName: string, explicit: boolean) => {
    if (!seen.has(fileName)) {
      seen.add(fileName);
      out.push({ fileName, explicit });
    }
  };
  for (const p of paths.length > 0 ? paths : ['.']) {
    const abs = path.resolve(cwd, p);
    let stats;
    try {
      stats = statSync(abs);
    } catch {
      throw new MissingPathError(`No such file or folder: ${p}`);
    }
    if (stats.isFile()) add(abs, true);
    else if (stats.isDirectory()) walk(abs, scopesAbove(abs), (f) => add(f, false), languages);
  }
  return out;
}

/** .gitignore files between the repository root (or filesystem root) and `dir`, outermost first. */
function scopesAbove(dir: string): IgnoreScope[] {
  const chain: string[] = [];
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    chain.unshift(d);
    if (safeExists(path.join(d, '.git')) || path.dirname(d) === d) break;
  }
  return chain.flatMap((d) => readIgnore(d));
}

function readIgnore(dir: string): IgnoreScope[] {
  try {
    const text = readFileSync(path.join(dir, '.gitignore'), 'utf8');
    return [{ base: dir, matcher: ignore().add(text) }];
  } catch {
    return [];
  }
}

function isIgnored(scopes: readonly IgnoreScope[], abs: string, isDir: boolean): boolean {
  for (const s of scopes) {
    const rel = path.relative(s.base, abs).split(path.sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    if (s.matcher.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

function walk(dir: string, parentScopes: IgnoreScope[], add: (f: string) => void, languages: readonly FileLanguage[]): void {
  const scopes = [...parentScopes, ...readIgnore(dir)];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (ALWAYS_SKIPPED.has(e.name) || isIgnored(scopes, abs, true)) continue;
      walk(abs, scopes, add, languages);
    } else if (e.isFile()) {
      const language = languageOf(e.name);
      if (language && languages.includes(language) && !isIgnored(scopes, abs, false)) add(abs);
    }
  }
}

function safeExists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}
