/**
 * Whether an offset of a TypeScript/JavaScript file lies in a comment rather than in a string,
 * template or regular expression that merely contains comment-like text. Comments are trivia: they
 * sit before a node's first token or between a node's children, never inside a literal token.
 */
import { SyntaxKind, type Node, type SourceFile } from './ast.ts';

const LITERAL_TOKENS = new Set<number>([
  SyntaxKind.StringLiteral,
  SyntaxKind.NoSubstitutionTemplateLiteral,
  SyntaxKind.TemplateHead,
  SyntaxKind.TemplateMiddle,
  SyntaxKind.TemplateTail,
  SyntaxKind.RegularExpressionLiteral,
  SyntaxKind.JsxText,
]);

export function commentTest(sourceFile: SourceFile): (offset: number) => boolean {
  const text = sourceFile.text;
  return (offset) => {
    let node: Node = sourceFile;
    for (;;) {
      let inner: Node | undefined;
      node.forEachChild((child) => {
        if (!inner && child.pos <= offset && offset < child.end) inner = child;
      });
      if (!inner) break;
      node = inner;
    }
    if (!LITERAL_TOKENS.has(node.kind)) return true;
    // In a literal token: a comment only in the trivia before the token itself.
    return offset < tokenStart(text, node.pos, node.end);
  };
}

/** Skips whitespace and comments from `pos`. */
function tokenStart(text: string, pos: number, end: number): number {
  let i = pos;
  while (i < end) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || c === '\ufeff' || c === '\u00a0') i++;
    else if (text.startsWith('//', i)) {
      while (i < end && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? end : close + 2;
    } else break;
  }
  return i;
}
