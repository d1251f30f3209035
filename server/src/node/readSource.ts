/** Reading source files from disk as the analysis sees them; shared by the CLI and the language server. */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { looksBinary } from '../core/files.ts';

export interface SourceText {
  fileName: string;
  text: string;
  /** The file started with a UTF-8 byte order mark (kept when fixes are written). */
  bom: boolean;
  mtimeMs: number;
  mode: number;
  /** A digest of the bytes read: `--fix` writes only over exactly these bytes. */
  digest: string;
}

export function digestOf(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/** Reads a source file as UTF-8 text, or says why it cannot be linted. */
export function readSourceFile(fileName: string): SourceText | { error: string } {
  let bytes: Buffer;
  let stats;
  try {
    stats = statSync(fileName);
    bytes = readFileSync(fileName);
  } catch (error) {
    return { error: `Cannot read file: ${(error as Error).message}` };
  }
  const decoded = decodeSource(bytes);
  if ('error' in decoded) return decoded;
  return { fileName, ...decoded, mtimeMs: stats.mtimeMs, mode: stats.mode, digest: digestOf(bytes) };
}

/** Source bytes as text (UTF-8, BOM removed), or why they are not linted: for files and for stdin alike. */
export function decodeSource(bytes: Uint8Array): { text: string; bom: boolean } | { error: string } {
  if (looksBinary(bytes)) return { error: 'Binary file: it contains NUL bytes, so it is not linted as source code.' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { error: 'Not valid UTF-8 text: async-lint reads source files as UTF-8.' };
  }
  const bom = text.charCodeAt(0) === 0xfeff;
  return { text: bom ? text.slice(1) : text, bom };
}

/**
 * A file's text as the analysis reads it (UTF-8, BOM removed), or undefined when it is missing or
 * not text: other modules, project and config files, for the CLI and the server alike.
 */
export function readTextIfPresent(fileName: string): string | undefined {
  const source = readSourceFile(fileName);
  return 'error' in source ? undefined : source.text;
}
