/**
 * One syntax tree per file, keyed by its text, and its copy the analysis reads (syntaxTree.ts). A
 * new text of a known file is parsed incrementally: the old tree is `edit`ed (with the edits the
 * caller got from the editor, or else with the single changed span found by comparing the texts)
 * and handed to the parser.
 */
import type { Edit, Point, Tree } from 'web-tree-sitter';
import { LineIndex } from '../../core/text.ts';
import type { TextEdit } from '../../core/types.ts';
import { parsePython, parserInput } from './parser.ts';
import { copyTree, type PySyntaxTree } from './syntaxTree.ts';

interface Entry {
  text: string;
  tree: Tree;
  /** Copied on first use. */
  syntax?: PySyntaxTree;
}

export interface ParseStats {
  full: number;
  incremental: number;
}

export class PythonParseCache {
  private readonly entries = new Map<string, Entry>();
  readonly stats: ParseStats = { full: 0, incremental: 0 };

  constructor(private readonly maxEntries = 200) {}

  /**
   * The tree of `text`. `edits`, when given, lead from the previously cached text to `text` in the
   * LSP's order: each one's offsets refer to the text the previous ones produced. The tree stays
   * owned by the cache: do not delete it, and do not keep its nodes past the next call for this file.
   */
  get(fileName: string, text: string, edits?: readonly TextEdit[]): Tree {
    return this.entry(fileName, text, edits).tree;
  }

  /** The copy of the tree of `text` (see `get`), made once per parse; it stays valid after later calls. */
  syntax(fileName: string, text: string, edits?: readonly TextEdit[]): PySyntaxTree {
    const entry = this.entry(fileName, text, edits);
    entry.syntax ??= copyTree(entry.tree, parserInput(text));
    return entry.syntax;
  }

  private entry(fileName: string, text: string, edits?: readonly TextEdit[]): Entry {
    const entry = this.entries.get(fileName);
    if (entry && entry.text === text) {
      this.touch(fileName, entry);
      return entry;
    }
    let tree: Tree;
    if (entry) {
      const steps = edits && applyInOrder(entry.text, edits) === text ? treeEdits(entry.text, edits) : [diffEdit(entry.text, text)];
      const old = entry.tree;
      try {
        for (const step of steps) old.edit(step);
        tree = parsePython(text, old);
        this.stats.incremental++;
      } finally {
        old.delete();
        this.entries.delete(fileName);
      }
    } else {
      tree = parsePython(text);
      this.stats.full++;
    }
    const created = { text, tree };
    this.touch(fileName, created);
    return created;
  }

  forget(fileName: string): void {
    const entry = this.entries.get(fileName);
    if (!entry) return;
    entry.tree.delete();
    this.entries.delete(fileName);
  }

  clear(): void {
    for (const name of [...this.entries.keys()]) this.forget(name);
  }

  /** Most recently used last; the oldest is dropped beyond `maxEntries`. */
  private touch(fileName: string, entry: Entry): void {
    this.entries.delete(fileName);
    this.entries.set(fileName, entry);
    while (this.entries.size > this.maxEntries) this.forget(this.entries.keys().next().value!);
  }
}

function applyInOrder(text: string, edits: readonly TextEdit[]): string {
  let current = text;
  for (const e of edits) {
    if (e.start < 0 || e.end < e.start || e.end > current.length) return '\u0000invalid';
    current = current.slice(0, e.start) + e.newText + current.slice(e.end);
  }
  return current;
}

function treeEdits(text: string, edits: readonly TextEdit[]): Edit[] {
  const out: Edit[] = [];
  let current = text;
  for (const e of edits) {
    const next = current.slice(0, e.start) + e.newText + current.slice(e.end);
    out.push(toTreeEdit(current, next, e.start, e.end, e.start + e.newText.length));
    current = next;
  }
  return out;
}

/** The one span that differs between two texts (common prefix and suffix excluded). */
function diffEdit(before: string, after: string): Edit {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let oldEnd = before.length;
  let newEnd = after.length;
  while (oldEnd > start && newEnd > start && before.charCodeAt(oldEnd - 1) === after.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return toTreeEdit(before, after, start, oldEnd, newEnd);
}

function toTreeEdit(before: string, after: string, start: number, oldEnd: number, newEnd: number): Edit {
  const oldIndex = new LineIndex(before);
  const newIndex = new LineIndex(after);
  const point = (index: LineIndex, offset: number): Point => {
    const p = index.position(offset);
    return { row: p.line, column: p.character };
  };
  return {
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition: point(oldIndex, start),
    oldEndPosition: point(oldIndex, oldEnd),
    newEndPosition: point(newIndex, newEnd),
  };
}
