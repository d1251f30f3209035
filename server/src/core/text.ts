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
