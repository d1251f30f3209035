/**
 * Loads web-tree-sitter and the prebuilt tree-sitter-python grammar once per process. Node offsets
 * (`startIndex`/`endIndex`) are UTF-16 code units, the same as the rest of the engine.
 */
import { createRequire } from 'node:module';
import { Language, Parser, type Tree } from 'web-tree-sitter';

let loading: Promise<void> | undefined;
let parser: Parser | undefined;

/** Resolves the grammar next to the installed package, so it also works from the bundle in dist/. */
function grammarPath(): string {
  return createRequire(import.meta.url).resolve('tree-sitter-python/tree-sitter-python.wasm');
}

/** Idempotent; concurrent callers share the same load. */
export function initPythonParser(): Promise<void> {
  loading ??= (async () => {
    await Parser.init();
    const language = await Language.load(grammarPath());
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
  if (!parser) throw new Error('the Python parser is not loaded: await preparePython() first');
  const tree = parser.parse(text, oldTree ?? null);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}
