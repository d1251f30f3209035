/**
 * Loads web-tree-sitter and the prebuilt tree-sitter-python grammar once per process. Node offsets
 * (`startIndex`/`endIndex`) are UTF-16 code units, the same as the rest of the engine.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Language, Parser, type Tree } from 'web-tree-sitter';
import type { FileProbe } from '../../core/files.ts';

let loading: Promise<void> | undefined;
let parser: Parser | undefined;

/**
 * A `.wasm` file: the copy scripts/build.mjs puts in dist/ (this module is bundled into dist/ or
 * dist/chunks/; the .vsix carries those copies), else the one in the installed package (running
 * from source).
 */
function wasmPath(files: FileProbe, fileName: string, packageSpecifier: string): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const dir of [here, path.dirname(here)]) {
    const candidate = path.join(dir, fileName);
    if (files.isFile(candidate)) return candidate;
  }
  return createRequire(import.meta.url).resolve(packageSpecifier);
}

/**
 * Idempotent; concurrent callers share the same load. The parser is per process (it holds no
 * per-file state); `files` finds the .wasm copies.
 */
export function initPythonParser(files: FileProbe): Promise<void> {
  loading ??= (async () => {
    const runtime = wasmPath(files, 'tree-sitter.wasm', 'web-tree-sitter/tree-sitter.wasm');
    await Parser.init({ locateFile: (file: string) => (file === 'tree-sitter.wasm' ? runtime : file) });
    const language = await Language.load(wasmPath(files, 'tree-sitter-python.wasm', 'tree-sitter-python/tree-sitter-python.wasm'));
    const p = new Parser();
    p.setLanguage(language);
    parser = p;
  })();
  loading.catch(() => {
    loading = undefined; // let a later call retry
  });
  return loading;
}

export function isPythonParserReady(): boolean {
  return parser !== undefined;
}

/** Parses `text`, reusing `oldTree` (already `edit`ed to match) when given. The caller owns the result. */
export function parsePython(text: string, oldTree?: Tree): Tree {
  if (!parser) throw new Error('the Python parser is not loaded: await Linter.prepare() first');
  const tree = parser.parse(parserInput(text), oldTree ?? null);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/**
 * What the parser reads for `text`, and what node texts are slices of. tree-sitter-python does not
 * take a lone \r (classic Mac line breaks, which Python accepts) as a line break inside indented
 * blocks: it reads a copy with \n there (same length, same offsets).
 */
export function parserInput(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}
