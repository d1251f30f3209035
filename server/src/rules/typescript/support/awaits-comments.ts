/**
 * Comments a rewrite would drop. Between the children of a node there is only punctuation,
 * keywords and trivia (strings, templates, regular expressions and JSX text are child nodes), so
 * `//` and `/*` found there are comments.
 */
import type { Node, SourceFile } from '../../../languages/typescript/ast.ts';

/** Comments in `text[start, end)`, a stretch holding no literals. */
function commentsInGap(text: string, start: number, end: number): string[] {
  const out: string[] = [];
  let i = start;
  while (i < end - 1) {
    if (text[i] === '/' && text[i + 1] === '/') {
      let j = i + 2;
      while (j < end && text[j] !== '\n' && text[j] !== '\r') j++;
      out.push(text.slice(i, j).trimEnd());
      i = j;
    } else if (text[i] === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const j = close < 0 || close + 2 > end ? end : close + 2;
      out.push(text.slice(i, j));
      i = j;
    } else i++;
  }
  return out;
}

/**
 * Comments inside and between `nodes` (siblings, in order), except inside the `kept` nodes whose
 * text the rewrite copies verbatim.
 */
export function commentsOutsideKept(sf: SourceFile, nodes: readonly Node[], kept: ReadonlySet<Node>): string[] {
  const text = sf.text;
  const out: string[] = [];
  interface Frame {
    node: Node;
    children: Node[];
    next: number;
    cursor: number;
  }
  const open = (node: Node): Frame | undefined => {
    if (kept.has(node)) return undefined;
    const children: Node[] = [];
    node.forEachChild((c) => {
      children.push(c);
    });
    return children.length === 0 ? undefined : { node, children, next: 0, cursor: node.getStart(sf) };
  };
  // An explicit stack, not recursion: expressions may nest 20,000 deep.
  const visit = (root: Node): void => {
    const stack: Frame[] = [];
    const first = open(root);
    if (first) stack.push(first);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      if (frame.next === frame.children.length) {
        out.push(...commentsInGap(text, frame.cursor, frame.node.end));
        stack.pop();
        continue;
      }
      const child = frame.children[frame.next++]!;
      const start = child.getStart(sf);
      if (start >= frame.cursor) out.push(...commentsInGap(text, frame.cursor, start));
      frame.cursor = Math.max(frame.cursor, child.end);
      const inner = open(child);
      if (inner) stack.push(inner);
    }
  };
  nodes.forEach((node, i) => {
    if (i > 0) out.push(...commentsInGap(text, nodes[i - 1]!.end, node.getStart(sf)));
    visit(node);
  });
  return out;
}

/** The file's indentation step: a tab, or the smallest run of leading spaces (2 by default). */
export function indentUnitOf(text: string): string {
  let smallest = Infinity;
  for (const m of text.matchAll(/^([ \t]+)\S/gm)) {
    if (m[1]!.startsWith('\t')) return '\t';
    smallest = Math.min(smallest, m[1]!.length);
  }
  return ' '.repeat(smallest >= 2 && smallest <= 8 ? smallest : 2);
}

/** Comments each on its own line, followed by `statement`, all at `indent` (the first line's indentation is already in place). */
export function withCommentsAbove(comments: readonly string[], statement: string, indent: string, lineBreak: string): string {
  return [...comments, statement].join(lineBreak + indent);
}

/** Comments just above the first of `nodes`, between them and inside them: what the author said about them. */
export function commentsAboutNodes(sf: SourceFile, nodes: readonly Node[]): string[] {
  const first = nodes[0];
  if (!first) return [];
  return [...commentsInGap(sf.text, first.pos, first.getStart(sf)), ...commentsOutsideKept(sf, nodes, new Set())];
}
