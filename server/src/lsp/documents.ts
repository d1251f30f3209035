/** Which editor documents the server analyses, and the file name the engine knows each one by. */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const EXTENSION_OF_LANGUAGE_ID: Record<string, string> = {
  typescript: '.ts',
  typescriptreact: '.tsx',
  javascript: '.js',
  javascriptreact: '.jsx',
  python: '.py',
};

/**
 * The path the engine analyses a document under: the file's own path, or for an unsaved
 * `untitled:` buffer a path in a folder that does not exist (its text only ever comes from the
 * buffer), with the extension of its language so the engine picks the right parser.
 */
export function fileNameOf(uri: string, languageId: string): string | undefined {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  }
  if (uri.startsWith('untitled:')) {
    const extension = EXTENSION_OF_LANGUAGE_ID[languageId];
    if (!extension) return undefined;
    const name = decodeURIComponent(uri.slice('untitled:'.length)).replace(/[^\w.-]+/g, '_') || 'untitled';
    const withExtension = path.extname(name) === extension ? name : name + extension;
    return path.join(os.tmpdir(), 'async-lint-untitled', withExtension);
  }
  return undefined;
}

/** Files whose changes on disk can change the analysis of open documents (imports, project configs). */
export const WATCHED_GLOBS = ['**/*.{ts,tsx,js,jsx,mjs,cjs,mts,cts}', '**/{tsconfig,jsconfig}*.json', '**/async-lint.json', '**/pyproject.toml'];
