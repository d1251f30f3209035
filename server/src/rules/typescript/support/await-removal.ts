/**
 * Removing an `await` keyword so that what is left still parses and means the same expression:
 * the operand of `await` is a unary expression, so it can stand wherever `await x` stood, except
 * where the keyword kept two tokens apart (`a+await +b`), or where the operand would begin a
 * statement or an arrow body and read as something else (`{`, `function`, `class`, `let [`), or
 * where a statement beginning with `(`/`[` would join the line before it.
 */
import type { TextEdit } from '../../../core/types.ts';
import { SyntaxKind, ts, type Expression, type Node, type SourceFile } from '../../../languages/typescript/ast.ts';
import { canStartWithParen, skipParens } from './promise-syntax.ts';

/** Operand text that would be read as a declaration or a block at the start of a statement or arrow body. */
const MISREAD_AT_START = /^(?:\{|function\b|class\b|let\s*\[|async\s+function\b)/;
/** Operand text that continues the previous line's expression when a statement starts with it. */
const JOINS_PREVIOUS_LINE = /^[([`+\-/]/;
const JOINING_BEFORE = /[\w$+\-/]/;
const JOINING_AFTER = /[\w$+\-/*]/;

/** True when `node` begins the statement (or concise arrow body) that contains it. */
function startsEnclosing(node: Node, sourceFile: SourceFile): 'statement' | 'arrowBody' | undefined {
  const start = node.getStart(sourceFile);
  for (let current: Node = node; current.parent; current = current.parent) {
    const parent = current.parent;
    if (ts.isExpressionStatement(parent)) return parent.getStart(sourceFile) === start ? 'statement' : undefined;
    if (ts.isArrowFunction(parent) && parent.body === current) return 'arrowBody';
    if (parent.getStart(sourceFile) !== start || ts.isParenthesizedExpression(parent)) return undefined;
  }
  return undefined;
}

/** Edits turning `await operand` into `operand`, or undefined when no such edit is known to parse as the same code. */
export function removeAwaitEdits(awaitExpression: Node & { expression: Expression }, sourceFile: SourceFile): TextEdit[] | undefined {
  const text = sourceFile.text;
  const start = awaitExpression.getStart(sourceFile);
  const keywordEnd = start + 'await'.length;
  const operandStart = awaitExpression.expression.getStart(sourceFile);
  let end = operandStart;
  if (/\S/.test(text.slice(keywordEnd, operandStart))) {
    // A comment between `await` and its operand is kept. A line break before it would let
    // `return await\n x` become `return\n x`, which returns undefined: no fix then.
    if (/[\r\n\u2028\u2029]/.test(text.slice(keywordEnd, operandStart))) return undefined;
    end = keywordEnd;
    while (/[ \t]/.test(text[end] ?? '')) end++;
  }
  const before = text[start - 1] ?? '';
  const after = text[end] ?? '';
  const glue = JOINING_BEFORE.test(before) && JOINING_AFTER.test(after) ? ' ' : '';
  const removal: TextEdit = { start, end, newText: glue };

  const operandText = text.slice(operandStart, awaitExpression.end);
  const position = startsEnclosing(awaitExpression, sourceFile);
  if (!position) return [removal];
  if (MISREAD_AT_START.test(operandText)) {
    if (position === 'statement' && !canStartWithParen(text, start)) return undefined;
    const closeAt = leftmostEnd(awaitExpression.expression);
    return [
      { start, end, newText: '(' },
      { start: closeAt, end: closeAt, newText: ')' },
    ];
  }
  if (position === 'statement' && JOINS_PREVIOUS_LINE.test(operandText) && !canStartWithParen(text, start)) return undefined;
  return [removal];
}

/**
 * The end of the operand's leftmost primary expression (`{ a: 1 }` in `{ a: 1 }.a`), which is the
 * part to parenthesise: wrapping only it keeps the rest of the operand as it was.
 */
function leftmostEnd(operand: Expression): number {
  let node: Node = operand;
  for (;;) {
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node) || ts.isNonNullExpression(node)) node = node.expression;
    else if (ts.isTaggedTemplateExpression(node)) node = node.tag;
    else return node.end;
  }
}

/**
 * Operands whose evaluation starts nothing: names, `this`, literals, and property reads of them.
 * Removing `await` before them changes only when the code after it runs, never what was started
 * before the pause (a call might have queued work that relied on it).
 */
export function isPlainRead(expression: Expression): boolean {
  const node = skipParens(expression);
  switch (node.kind) {
    case SyntaxKind.Identifier:
    case SyntaxKind.ThisKeyword:
    case SyntaxKind.NullKeyword:
    case SyntaxKind.TrueKeyword:
    case SyntaxKind.FalseKeyword:
    case SyntaxKind.NumericLiteral:
    case SyntaxKind.BigIntLiteral:
    case SyntaxKind.StringLiteral:
    case SyntaxKind.NoSubstitutionTemplateLiteral:
      return true;
  }
  if (ts.isPropertyAccessExpression(node) || ts.isNonNullExpression(node)) return isPlainRead(node.expression);
  if (ts.isElementAccessExpression(node)) return isPlainRead(node.expression) && isPlainRead(node.argumentExpression);
  return false;
}

/** `await null;`, `await 0;`, `await undefined;`, `await void 0;` as a statement: a deliberate pause until the next microtask. */
export function isDeliberateYield(awaitExpression: Node & { expression: Expression }): boolean {
  const statement = awaitExpression.parent;
  if (!statement || !ts.isExpressionStatement(statement)) return false;
  const operand = skipParens(awaitExpression.expression);
  if (ts.isVoidExpression(operand)) return true;
  if (ts.isIdentifier(operand)) return operand.text === 'undefined';
  return isPlainRead(operand) && !ts.isPropertyAccessExpression(operand) && !ts.isElementAccessExpression(operand) && operand.kind !== SyntaxKind.ThisKeyword;
}
