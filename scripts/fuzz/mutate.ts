/**
 * The mutation engine: turns a real source file into a damaged or unusual one — spans cut,
 * brackets, quotes, `await`/`async` inserted or removed, stray Unicode and NUL, truncation, lines
 * duplicated/deleted/swapped/re-indented or spliced in from another file, deep nesting, CRLF or
 * lone-CR line breaks, a BOM, invalid UTF-8 bytes. Pure and deterministic: the same text and
 * generator state give the same mutation.
 */
import type { Random } from './random.ts';

export type FuzzLanguage = 'typescript' | 'python';

/** What a mutation produced. `bytes` is the file as written to disk (the CLI reads it). */
export interface Mutated {
  /** The text an editor or the CLI hands the engine: no leading BOM, invalid bytes decoded as U+FFFD. */
  text: string;
  /** The file's bytes: a BOM when the mutation added one, raw invalid UTF-8 where the text has its U+FFFD. */
  bytes: Buffer;
  bom: boolean;
  /** Names of the operators applied, in order (for the report and for reproducing by hand). */
  ops: string[];
}

export interface MutationContext {
  language: FuzzLanguage;
  /** Texts of other seed files of the same language (for splicing lines in). */
  donors: readonly string[];
}

interface State {
  text: string;
  bom: boolean;
  /** Offsets (in `text`) of characters that stand for invalid UTF-8 bytes on disk. */
  invalidAt: number[];
}

type Operator = (s: State, r: Random, ctx: MutationContext) => string | undefined;

const BRACKETS: Record<FuzzLanguage, string[]> = {
  typescript: ['(', ')', '{', '}', '[', ']', '<', '>', '${', '=>', ';', ','],
  python: ['(', ')', '[', ']', '{', '}', ':', ',', '\\'],
};

const QUOTES: Record<FuzzLanguage, string[]> = {
  typescript: ["'", '"', '`', '/*', '*/', '//', '/', '`${'],
  python: ["'", '"', '"""', "'''", '#', 'f"', 'b"', 'r"', '\\'],
};

const KEYWORDS: Record<FuzzLanguage, string[]> = {
  typescript: ['await ', 'async ', 'await', 'async () => ', 'async function f() ', 'yield ', 'void ', 'return ', 'new ', '.then(', 'for await (const x of y) ', '@', 'using '],
  python: ['await ', 'async ', 'async def f():', 'yield ', 'lambda: ', 'return ', 'async with x:', 'async for x in y:', 'nonlocal x', 'global x', 'del ', 'print '],
};

/** Characters that trip up scanners, offset conversions and JSON pipes. */
const STRAY = [
  '\u0000',
  '\ufeff',
  '\u200b',
  '\u2028',
  '\u2029',
  '\u00a0',
  '\ud800',
  '\udfff',
  '\ud83d\ude00',
  '\u0301',
  '\u202e',
  '\ufffd',
  '\uffff',
  '\u000b',
  '\u000c',
  '\r',
  '\t',
  '𝒳',
  'ℌ',
  '\u0085',
];

function lines(text: string): string[] {
  return text.split(/(?<=\n)/);
}

function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/** A position where a word could start: the start of a line's code or just after a space/operator. */
function tokenBoundary(text: string, r: Random): number {
  if (text.length === 0) return 0;
  if (r.chance(0.5)) {
    const ls = lines(text);
    const i = r.int(ls.length);
    const before = ls.slice(0, i).join('').length;
    return before + indentOf(ls[i]!).length;
  }
  const candidates: number[] = [];
  const re = /[\s(=,[{:;!?&|]+(?=[\w$])/g;
  for (let m = re.exec(text); m; m = re.exec(text)) candidates.push(m.index + m[0].length);
  return candidates.length > 0 ? r.pick(candidates) : r.int(text.length + 1);
}

function insertAt(s: State, at: number, piece: string): void {
  s.text = s.text.slice(0, at) + piece + s.text.slice(at);
  s.invalidAt = s.invalidAt.map((o) => (o >= at ? o + piece.length : o));
}

function removeSpan(s: State, start: number, end: number): void {
  s.text = s.text.slice(0, start) + s.text.slice(end);
  s.invalidAt = s.invalidAt.filter((o) => o < start || o >= end).map((o) => (o >= end ? o - (end - start) : o));
}

/** Line-level rewrites drop invalid-byte markers (they are rare and only matter for the bytes). */
function setLines(s: State, ls: string[]): void {
  s.text = ls.join('');
  s.invalidAt = [];
}

const operators: Record<string, Operator> = {
  'cut-span': (s, r) => {
    if (s.text.length === 0) return undefined;
    const start = r.int(s.text.length);
    const end = Math.min(s.text.length, start + r.between(1, r.chance(0.8) ? 20 : 200));
    removeSpan(s, start, end);
    return `cut ${start}-${end}`;
  },
  bracket: (s, r, ctx) => {
    const piece = r.pick(BRACKETS[ctx.language]);
    const at = r.int(s.text.length + 1);
    insertAt(s, at, piece);
    return `insert ${JSON.stringify(piece)} at ${at}`;
  },
  quote: (s, r, ctx) => {
    const piece = r.pick(QUOTES[ctx.language]);
    const at = r.int(s.text.length + 1);
    insertAt(s, at, piece);
    return `insert ${JSON.stringify(piece)} at ${at}`;
  },
  keyword: (s, r, ctx) => {
    const piece = r.pick(KEYWORDS[ctx.language]);
    const at = tokenBoundary(s.text, r);
    insertAt(s, at, piece);
    return `insert ${JSON.stringify(piece)} at ${at}`;
  },
  'remove-keyword': (s, r) => {
    const found: [number, number][] = [];
    const re = /\b(await|async|return|void|yield)\b\s*/g;
    for (let m = re.exec(s.text); m; m = re.exec(s.text)) found.push([m.index, m.index + m[0].length]);
    if (found.length === 0) return undefined;
    const [start, end] = r.pick(found);
    const word = s.text.slice(start, end).trim();
    removeSpan(s, start, end);
    return `remove ${word} at ${start}`;
  },
  'stray-unicode': (s, r) => {
    const piece = r.pick(STRAY);
    const at = r.int(s.text.length + 1);
    insertAt(s, at, piece);
    return `insert U+${piece.codePointAt(0)!.toString(16).padStart(4, '0')} at ${at}`;
  },
  nul: (s, r) => {
    const at = r.int(s.text.length + 1);
    insertAt(s, at, '\u0000'.repeat(r.between(1, 4)));
    return `insert NUL at ${at}`;
  },
  truncate: (s, r) => {
    const at = r.int(s.text.length + 1);
    removeSpan(s, at, s.text.length);
    return `truncate at ${at}`;
  },
  'duplicate-lines': (s, r) => {
    const ls = lines(s.text);
    if (ls.length === 0) return undefined;
    const i = r.int(ls.length);
    const n = Math.min(ls.length - i, r.between(1, 6));
    const copy = ls.slice(i, i + n);
    if (!/\n$/.test(copy[copy.length - 1]!)) copy[copy.length - 1] += '\n';
    setLines(s, [...ls.slice(0, i + n), ...copy, ...ls.slice(i + n)]);
    return `duplicate lines ${i + 1}-${i + n}`;
  },
  'delete-lines': (s, r) => {
    const ls = lines(s.text);
    if (ls.length === 0) return undefined;
    const i = r.int(ls.length);
    const n = Math.min(ls.length - i, r.between(1, 4));
    setLines(s, [...ls.slice(0, i), ...ls.slice(i + n)]);
    return `delete lines ${i + 1}-${i + n}`;
  },
  'swap-lines': (s, r) => {
    const ls = lines(s.text);
    if (ls.length < 2) return undefined;
    const i = r.int(ls.length - 1);
    // The contents swap; each position keeps its own line break (the last line may have none).
    const [a, b] = [ls[i]!, ls[i + 1]!].map((l) => /^(.*?)(\r?\n)?$/s.exec(l)!) as [RegExpExecArray, RegExpExecArray];
    const out = [...ls];
    out[i] = b[1]! + (a[2] ?? '');
    out[i + 1] = a[1]! + (b[2] ?? '');
    setLines(s, out);
    return `swap lines ${i + 1}-${i + 2}`;
  },
  reindent: (s, r) => {
    const ls = lines(s.text);
    if (ls.length === 0) return undefined;
    const i = r.int(ls.length);
    const line = ls[i]!;
    const indent = indentOf(line);
    const how = r.pick(['tab', 'spaces-to-tab', 'less', 'more', 'mixed']);
    const rest = line.slice(indent.length);
    const next =
      how === 'tab'
        ? '\t' + line
        : how === 'spaces-to-tab'
          ? indent.replace(/ {4}/g, '\t') + rest
          : how === 'less'
            ? indent.slice(Math.min(indent.length, r.between(1, 4))) + rest
            : how === 'more'
              ? indent + ' '.repeat(r.between(1, 4)) + rest
              : indent.replace(/ {4}$/, ' \t') + rest;
    const out = [...ls];
    out[i] = next;
    setLines(s, out);
    return `reindent line ${i + 1} (${how})`;
  },
  splice: (s, r, ctx) => {
    const donor = ctx.donors.length > 0 ? r.pick(ctx.donors) : s.text;
    const dl = lines(donor);
    if (dl.length === 0) return undefined;
    const from = r.int(dl.length);
    const taken = dl.slice(from, from + r.between(1, 8));
    const ls = lines(s.text);
    const at = r.int(ls.length + 1);
    const targetIndent = indentOf(ls[at] ?? ls[at - 1] ?? '');
    const common = taken.filter((l) => l.trim()).map(indentOf).reduce((a, b) => (a.length <= b.length ? a : b), indentOf(taken[0]!));
    const moved = taken.map((l) => (l.trim() ? targetIndent + l.slice(Math.min(common.length, indentOf(l).length)) : l));
    if (!/\n$/.test(moved[moved.length - 1]!)) moved[moved.length - 1] += '\n';
    if (at > 0 && !/\n$/.test(ls[at - 1]!)) ls[at - 1] += '\n';
    setLines(s, [...ls.slice(0, at), ...moved, ...ls.slice(at)]);
    return `splice ${moved.length} donor lines at line ${at + 1}`;
  },
  nest: (s, r, ctx) => {
    const ls = lines(s.text);
    const candidates = ls.map((l, i) => [l, i] as const).filter(([l]) => /(=|return|await)\s+\S/.test(l));
    if (candidates.length === 0) return undefined;
    const [line, i] = r.pick(candidates);
    const m = /(=|return|await)\s+/.exec(line)!;
    const start = m.index + m[0].length;
    const body = line.replace(/\r?\n$/, '');
    const end = ctx.language === 'typescript' && body.endsWith(';') ? body.length - 1 : body.length;
    const depth = r.chance(0.9) ? r.between(2, 60) : r.between(500, 3000);
    const out = [...ls];
    out[i] = line.slice(0, start) + '('.repeat(depth) + line.slice(start, end) + ')'.repeat(depth) + line.slice(end);
    setLines(s, out);
    return `nest line ${i + 1} in ${depth} parentheses`;
  },
  repeat: (s, r) => {
    const n = r.between(2, 12);
    const sep = s.text.endsWith('\n') ? '' : '\n';
    setLines(s, [Array.from({ length: n }, () => s.text).join(sep)]);
    return `repeat the text ${n} times`;
  },
  crlf: (s) => {
    setLines(s, [s.text.replace(/\r?\n/g, '\r\n')]);
    return 'CRLF line breaks';
  },
  'lone-cr': (s) => {
    setLines(s, [s.text.replace(/\r?\n/g, '\r')]);
    return 'CR line breaks';
  },
  'mixed-eol': (s, r) => {
    setLines(s, [s.text.replace(/\r?\n/g, () => (r.chance(0.5) ? '\r\n' : '\n'))]);
    return 'mixed LF and CRLF';
  },
  bom: (s) => {
    if (s.bom) return undefined;
    s.bom = true;
    return 'BOM';
  },
  'invalid-utf8': (s, r) => {
    const at = r.int(s.text.length + 1);
    insertAt(s, at, '\ufffd');
    s.invalidAt.push(at);
    return `invalid UTF-8 byte at ${at}`;
  },
};

/** Operator weights: the gentler ones (that often keep the file parsing) come up most. */
const WEIGHTS: [number, string][] = [
  [8, 'cut-span'],
  [6, 'bracket'],
  [5, 'quote'],
  [12, 'keyword'],
  [10, 'remove-keyword'],
  [5, 'stray-unicode'],
  [1, 'nul'],
  [3, 'truncate'],
  [10, 'duplicate-lines'],
  [8, 'delete-lines'],
  [6, 'swap-lines'],
  [6, 'reindent'],
  [10, 'splice'],
  [3, 'nest'],
  [2, 'repeat'],
  [7, 'crlf'],
  [1, 'lone-cr'],
  [1, 'mixed-eol'],
  [5, 'bom'],
  [1, 'invalid-utf8'],
];

export const OPERATOR_NAMES = Object.keys(operators);

/** Applies 1–5 operators (mostly one or two) to `text`. */
export function mutate(text: string, r: Random, ctx: MutationContext): Mutated {
  const s: State = { text, bom: false, invalidAt: [] };
  const count = r.weighted<number>([
    [50, 1],
    [30, 2],
    [14, 3],
    [6, 5],
  ]);
  const ops: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = r.weighted(WEIGHTS);
    const did = operators[name]!(s, r, ctx);
    if (did) ops.push(`${name}: ${did}`);
  }
  return { text: s.text, bytes: encode(s), bom: s.bom, ops };
}

function encode(s: State): Buffer {
  const parts: Buffer[] = [];
  if (s.bom) parts.push(Buffer.from([0xef, 0xbb, 0xbf]));
  let cursor = 0;
  for (const at of [...new Set(s.invalidAt)].sort((a, b) => a - b)) {
    parts.push(Buffer.from(s.text.slice(cursor, at), 'utf8'), Buffer.from([0xc3]));
    cursor = at + 1;
  }
  parts.push(Buffer.from(s.text.slice(cursor), 'utf8'));
  return Buffer.concat(parts);
}
