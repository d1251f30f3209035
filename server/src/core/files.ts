/** Path facts shared by every language. */

const TEST_PATH = /(^|[\\/])(tests?|__tests__|__fixtures__|__mocks__|spec|e2e)[\\/]|\.(test|spec|e2e)\.[cm]?[jt]sx?$|(^|[\\/])test_[^\\/]*\.py$|_test\.py$|(^|[\\/])conftest\.py$/;

export function isTestPath(fileName: string): boolean {
  return TEST_PATH.test(fileName);
}

/** Files under a `migrations/` (or `migration/`) folder: database migrations, ordered scripts by design. */
const MIGRATION_PATH = /(^|[\\/])(migrations?|db[\\/]migrate)[\\/]/i;

export function isMigrationPath(fileName: string): boolean {
  return MIGRATION_PATH.test(fileName);
}

export const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
export const PY_EXTENSIONS = ['.py', '.pyi'];

/**
 * How the analysis asks whether paths exist without doing I/O itself: the CLI and the server pass
 * the disk's answers (node/fileProbe.ts), tests may pass their own.
 */
export interface FileProbe {
  /** A file or folder is at `path`. */
  exists(path: string): boolean;
  /** A regular file is at `path`. */
  isFile(path: string): boolean;
}

export type FileLanguage = 'typescript' | 'python';

/** A JavaScript file (.js, .jsx, .mjs, .cjs), as opposed to TypeScript among the 'typescript' language's files. */
export function isJavaScriptPath(fileName: string): boolean {
  return /\.[cm]?jsx?$/i.test(fileName);
}

export function languageOf(fileName: string): FileLanguage | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.d.ts') || lower.endsWith('.d.mts') || lower.endsWith('.d.cts')) return undefined;
  if (TS_EXTENSIONS.some((e) => lower.endsWith(e))) return 'typescript';
  if (PY_EXTENSIONS.some((e) => lower.endsWith(e)) && !lower.endsWith('.pyi')) return 'python';
  return undefined;
}

/** Text that a person would not call source code: NUL bytes or invalid UTF-8 replacement runs. */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8000);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}
