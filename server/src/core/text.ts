/** Offsets <-> line/character conversion, in UTF-16 code units like JS strings and LSP. */

export interface LineCharacter {
  line: number;
  character: number;
}

/** How many of the ascending `sorted` are below `value` (the index of the first one at or above it). */
export function countBelow(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Where `word` starts in `text`, in order. */
export function occurrencesOf(text: string, word: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) found.push(at);
  return found;
}

export class LineIndex {
  private readonly starts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): LineCharacter {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    // The last line starting at or before the offset (line 0 starts at 0).
    const line = countBelow(this.starts, clamped + 1) - 1;
    return { line, character: clamped - this.starts[line]! };
  }

  offset(pos: LineCharacter): number {
    if (pos.line >= this.starts.length) return this.text.length;
    const lineStart = this.starts[Math.max(0, pos.line)]!;
    const nextStart = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1]! : this.text.length;
    return Math.min(lineStart + Math.max(0, pos.character), nextStart);
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))]!;
  }

  /** The line's text without its line break. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = line + 1 < this.starts.length ? this.starts[line + 1]! : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$|\r$/, '');
  }
}

/**
 * The file's line break, so inserted lines match it: that of its first \n (\n or \r\n), or a lone
 * \r for a file that has no \n but breaks its lines with \r (classic Mac).
 */
export function lineBreakOf(text: string): string {
  const i = text.indexOf('\n');
  if (i < 0) return text.includes('\r') ? '\r' : '\n';
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

/** Where the line holding `offset` starts (after the previous \n, \r\n or \r). */
export function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/** Where the line holding `offset` ends (before its line break, or at the end of the text). */
export function lineEndOf(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

/** Every word of `text` made of ASCII letters, digits and `_`: names a fix must not reuse or hide. */
export function identifiersIn(text: string): Set<string> {
  return new Set(text.match(/[A-Za-z_][A-Za-z0-9_]*/g));
}

/**
 * `base` when `taken` lacks it, else the first `variant(2)`, `variant(3)`, ... it lacks: a name a
 * fix can introduce without shadowing anything. Each language spells the variants its own way.
 */
export function freeName(base: string, taken: ReadonlySet<string>, variant: (n: number) => string = (n) => `${base}_${n}`): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = variant(n);
    if (!taken.has(candidate)) return candidate;
  }
}

/** Leading whitespace of the line containing `offset`. */
export function indentationAt(text: string, offset: number): string {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  let end = start;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return text.slice(start, end);
}

/**
 * Replaces lone UTF-16 surrogates (a broken paste, a mis-decoded buffer) with U+FFFD, one code
 * unit for one, so every offset stays the same. tsgo cannot take them over its JSON pipe and dies
 * on every restart while such a text is served.
 */
export function wellFormed(text: string): string {
  // Native since Node 20 (ES2024), and a scan without allocation for the usual well-formed text.
  return text.isWellFormed() ? text : text.toWellFormed();
}
