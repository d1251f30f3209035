/**
 * Seed files for the fuzzer: the repository's fixtures and examples, the rule documentation's
 * examples, and any corpus folders named on the command line (the bench's npm and Debian
 * sources). Listed in a stable order so a seed number always means the same inputs.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { languageOf } from '../../server/src/core/files.ts';
import { allRuleMetas } from '../../server/src/rules/index.ts';
import type { FuzzLanguage } from './mutate.ts';

export interface Seed {
  /** How the report names it: a path relative to its corpus, or `docs:<rule>#<n>-bad.ts`. */
  name: string;
  /** The path the engine lints its mutations under (their text is served as an unsaved buffer). */
  fileName: string;
  text: string;
  language: FuzzLanguage;
}

const SKIP_DIRS = new Set(['node_modules', '.git', '__pycache__', 'dist', '.venv']);

export interface CorpusOptions {
  /** Larger files are left out (the fuzzer multiplies them). */
  maxBytes?: number;
  /** At most this many files per corpus, spread evenly over its sorted list. */
  maxFiles?: number;
  /** Folders (absolute) left out. */
  exclude?: string[];
}

/** Source files under `dir` that async-lint analyses, sorted by path. */
export function seedsUnder(dir: string, label: string, options: CorpusOptions = {}): Seed[] {
  const maxBytes = options.maxBytes ?? 200_000;
  const found: string[] = [];
  const walk = (d: string): void => {
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const p = path.join(d, name);
      let st;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) {
        if (!SKIP_DIRS.has(name) && !options.exclude?.includes(p)) walk(p);
      } else if (st.isFile() && languageOf(p) && st.size <= maxBytes) {
        found.push(p);
      }
    }
  };
  walk(dir);
  let chosen = found;
  if (options.maxFiles !== undefined && found.length > options.maxFiles) {
    const step = found.length / options.maxFiles;
    chosen = Array.from({ length: options.maxFiles }, (_, i) => found[Math.floor(i * step)]!);
  }
  const seeds: Seed[] = [];
  for (const fileName of chosen) {
    let text: string;
    try {
      text = readFileSync(fileName, 'utf8');
    } catch {
      continue;
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    seeds.push({ name: `${label}/${path.relative(dir, fileName)}`, fileName, text, language: languageOf(fileName)! });
  }
  return seeds;
}

/** The rule docs' bad/good examples, written as files into `dir` (a temp project). */
export function docsSeeds(dir: string): Seed[] {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), '{"name":"fuzz-docs","type":"module"}\n');
  const seeds: Seed[] = [];
  for (const meta of allRuleMetas()) {
    meta.docs.examples.forEach((example, i) => {
      for (const kind of ['bad', 'good'] as const) {
        const ext = example.language === 'python' ? 'py' : 'ts';
        const base = `${meta.id}-${i}-${kind}.${ext}`.replace(/-/g, '_');
        const fileName = path.join(dir, base);
        writeFileSync(fileName, example[kind]);
        seeds.push({ name: `docs:${base}`, fileName, text: example[kind], language: example.language });
      }
    });
  }
  return seeds;
}

/** The in-repository seeds: test/fixtures/** and examples/**, then the rule docs' examples. */
export function repoSeeds(repo: string, docsDir: string): Seed[] {
  return dedupe([
    // The rule fixtures (hundreds of small cases, most of them TypeScript) would crowd out the
    // Python seeds the bounded run's coverage counts rely on.
    ...seedsUnder(path.join(repo, 'test/fixtures'), 'test/fixtures', { exclude: [path.join(repo, 'test/fixtures/rules')] }),
    ...seedsUnder(path.join(repo, 'examples'), 'examples'),
    ...docsSeeds(docsDir),
  ]);
}

export function dedupe(seeds: Seed[]): Seed[] {
  const seen = new Set<string>();
  return seeds.filter((s) => {
    const key = `${s.language}\0${s.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
