/**
 * Rewrites of `xs.forEach(async (x) => { ... });` that wait for the callbacks: a sequential
 * `for...of` loop, or `await Promise.all(xs.map(...))`. Both only as a whole statement inside an
 * async function, and only on Array/Set/Map receivers, whose iteration order is known.
 */
import type { Fix } from '../../../core/types.ts';
import {
  NodeFlags,
  SyntaxKind,
  ts,
  type ArrowFunction,
  type CallExpression,
  type Expression,
  type ExpressionStatement,
  type FunctionExpression,
  type Node,
  type SourceFile,
} from '../../../languages/typescript/ast.ts';
import type { CollectionKind } from '../../../languages/typescript/typeFacts.ts';
import { forEachInSameFunction, forEachInSameThisScope, forEachNode } from '../../../languages/typescript/walk.ts';
import { asUnaryOperand, isAsyncFunctionExpression, isInAsyncFunction, isOptionalChain, skipParens } from './promise-syntax.ts';

export interface ForEachStatement {
  statement: ExpressionStatement;
  call: CallExpression;
  receiver: Expression;
  /** The `forEach` name of the property access. */
  nameNode: Node;
}

/** `recv.forEach(cb);` as a whole statement of an async function (where `await` can be added). */
export function forEachStatement(call: CallExpression): ForEachStatement | undefined {
  const statement = call.parent;
  const callee = call.expression;
  if (!statement || !ts.isExpressionStatement(statement) || statement.expression !== call) return undefined;
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.name) || callee.name.text !== 'forEach') return undefined;
  if (isOptionalChain(call) || !isInAsyncFunction(call)) return undefined;
  return { statement, call, receiver: callee.expression, nameNode: callee.name };
}

/** Fixes in order of preference: the sequential loop (same order, one at a time), then Promise.all (concurrent). */
export function forEachFixes(site: ForEachStatement, collection: CollectionKind, sf: SourceFile): Fix[] {
  if (collection === 'other') return [];
  // forEach gives a Map's callback its values; for...of and Array.from would give [key, value] entries.
  const iterable = site.receiver.getText(sf) + (collection === 'map' ? '.values()' : '');
  return [forOfFix(site, iterable, sf), promiseAllFix(site, collection, iterable, sf)].filter((f): f is Fix => f !== undefined);
}

function forOfFix(site: ForEachStatement, iterable: string, sf: SourceFile): Fix | undefined {
  const callback = inlineCallback(site.call);
  if (!callback || callback.parameters.length !== 1 || !movableIntoLoop(callback)) return undefined;
  const param = callback.parameters[0]!;
  if (param.dotDotDotToken || param.initializer || param.type || param.questionToken) return undefined;
  const names = boundNames(param.name);
  // `for (const x of x.items)` reads `x` before it is initialised.
  if (identifiersIn(site.receiver).some((n) => names.has(n))) return undefined;
  const body = callback.body;
  // Only the parameter, the receiver and the body are carried over: a comment anywhere else would be lost.
  const statementStart = site.statement.getStart(sf);
  const outsideBody = sf.text.slice(statementStart, body.getStart(sf)) + sf.text.slice(body.end, site.statement.end);
  if (/\/[/*]/.test(outsideBody)) return undefined;
  const keyword = assignsAny(body, names) ? 'let' : 'const';
  const block = ts.isBlock(body)
    ? body.getText(sf)
    : `{ ${ts.isAwaitExpression(skipParens(body)) ? body.getText(sf) : `await ${asUnaryOperand(body, sf)}`}; }`;
  return {
    title: 'Run the callbacks one after another in a for...of loop',
    applicability: 'unsafe',
    edits: [{ start: statementStart, end: site.statement.end, newText: `for (${keyword} ${param.name.getText(sf)} of ${iterable}) ${block}` }],
  };
}

function promiseAllFix(site: ForEachStatement, collection: CollectionKind, iterable: string, sf: SourceFile): Fix | undefined {
  const { call } = site;
  const title = 'Run the callbacks concurrently and await them all with Promise.all';
  const start = call.getStart(sf);
  if (collection === 'array') {
    // Array#map passes the callback the same arguments (and thisArg) as forEach.
    return {
      title,
      applicability: 'unsafe',
      edits: [
        { start, end: start, newText: 'await Promise.all(' },
        { start: site.nameNode.getStart(sf), end: site.nameNode.end, newText: 'map' },
        { start: call.end, end: call.end, newText: ')' },
      ],
    };
  }
  // Array.from passes (value, index), not forEach's (value, key, collection): one parameter only.
  const callback = inlineCallback(call);
  if (!callback || callback.parameters.length > 1 || call.arguments.length !== 1) return undefined;
  const argument = call.arguments[0]!;
  return {
    title,
    applicability: 'unsafe',
    edits: [
      { start, end: argument.getStart(sf), newText: `await Promise.all(Array.from(${iterable}, ` },
      { start: argument.end, end: call.end, newText: '))' },
    ],
  };
}

function inlineCallback(call: CallExpression): ArrowFunction | FunctionExpression | undefined {
  if (call.arguments.length !== 1) return undefined;
  const callback = skipParens(call.arguments[0]!);
  return isAsyncFunctionExpression(callback) ? callback : undefined;
}

/**
 * Whether the callback's body means the same as a loop body: no `return` (it would leave the
 * enclosing function), no `var` (it would move to the enclosing function), and for a `function`
 * expression no `this`, `arguments` or self-reference by name.
 */
function movableIntoLoop(callback: ArrowFunction | FunctionExpression): boolean {
  let movable = true;
  forEachInSameFunction(callback.body, (node) => {
    if (ts.isReturnStatement(node)) movable = false;
    if (ts.isVariableDeclarationList(node) && (node.flags & (NodeFlags.Let | NodeFlags.Const | NodeFlags.Using)) === 0) movable = false;
  });
  if (ts.isFunctionExpression(callback)) {
    if (callback.name) return false;
    forEachInSameThisScope(callback.body, (node) => {
      if (node.kind === SyntaxKind.ThisKeyword || node.kind === SyntaxKind.MetaProperty) movable = false;
      if (ts.isIdentifier(node) && node.text === 'arguments') movable = false;
    });
  }
  return movable;
}

function boundNames(name: Node): Set<string> {
  const names = new Set<string>();
  forEachNode(name, (node) => {
    // Of a binding element only the bound name: not the property it is read from, nor its default.
    const parent = node.parent;
    if (node !== name && parent && ts.isBindingElement(parent) && parent.name !== node) return false;
    if (ts.isIdentifier(node)) names.add(node.text);
  });
  return names;
}

function identifiersIn(node: Node): string[] {
  const out: string[] = [];
  forEachNode(node, (n) => {
    if (ts.isIdentifier(n)) out.push(n.text);
  });
  return out;
}

/** A plain assignment, compound assignment or `++`/`--` to one of `names` (by name; shadowing only makes us pick `let`). */
function assignsAny(body: Node, names: Set<string>): boolean {
  let found = false;
  const isTarget = (n: Expression) => ts.isIdentifier(skipParens(n)) && names.has((skipParens(n) as { text: string } & Expression).text);
  forEachNode(body, (n) => {
    if (ts.isBinaryExpression(n) && n.operatorToken.kind >= SyntaxKind.FirstAssignment && n.operatorToken.kind <= SyntaxKind.LastAssignment) {
      if (isTarget(n.left) || ts.isObjectLiteralExpression(n.left) || ts.isArrayLiteralExpression(n.left)) found = true;
    }
    if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) && isTarget(n.operand)) found = true;
  });
  return found;
}
