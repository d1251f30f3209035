/**
 * Where an async function can be handed to code that ignores the promise it returns (the reach
 * of typescript-eslint's `checksVoidReturn`): call arguments, JSX attributes, object properties,
 * return values, annotated variables and assignments, and class members overriding a method
 * that returns void. Syntax only: whether the position expects `void` is a type question the
 * rule asks afterwards, for these candidates only.
 */
import { ModifierFlags, NodeFlags, SyntaxKind, ts, type Expression, type Node, type SourceFile } from '../../../languages/typescript/ast.ts';
import { isAsyncFunctionExpression, skipParens } from './promise-syntax.ts';
import { declaresReturnType, hasPromiseLikeReturn, mayReturnPromise } from './promise-returning.ts';

/** A position whose contextual type says what is done with a function's result. */
export type Slot =
  | { kind: 'attribute'; name: string }
  | { kind: 'property'; name: string }
  | { kind: 'return' }
  /** `target`: the left side of an assignment, whose type must be written, not inferred from its first value. */
  | { kind: 'variable'; name: string | undefined; target?: Expression };

/** Names longer than this are left out of messages. */
const MAX_NAME_IN_MESSAGE = 40;

/**
 * The values a position receives: the expression itself, or both branches of a `?:` (through
 * parentheses). Type assertions stop the search: `fn as () => void` says the author chose.
 */
export function valuesOf(expression: Expression): Expression[] {
  const value = skipParens(expression);
  if (ts.isConditionalExpression(value)) return [...valuesOf(value.whenTrue), ...valuesOf(value.whenFalse)];
  return [value];
}

/** A property or attribute name as written, when it is short and plain. */
export function nameText(name: Node | undefined, sourceFile: SourceFile): string | undefined {
  if (!name) return undefined;
  const text = ts.isStringLiteral(name) ? name.text : name.getText(sourceFile);
  return text.length <= MAX_NAME_IN_MESSAGE && !text.includes('\n') ? text : undefined;
}

/**
 * The slot `node` opens and the expression it receives, for the node kinds that open one.
 * Variables count only with a type annotation, or a JSDoc comment in JavaScript (nothing else gives
 * them a contextual type), which also spares a type request per plain `const f = async () => ...`.
 */
export function slotOf(node: Node, sourceFile: SourceFile, isJavaScript: boolean): { slot: Slot; value: Expression } | undefined {
  if (ts.isJsxAttribute(node)) {
    const initializer = node.initializer;
    if (!initializer || !ts.isJsxExpression(initializer) || !initializer.expression) return undefined;
    return { slot: { kind: 'attribute', name: node.name.getText(sourceFile) }, value: initializer.expression };
  }
  if (ts.isPropertyAssignment(node)) {
    return { slot: { kind: 'property', name: nameText(node.name, sourceFile) ?? 'of this object' }, value: node.initializer };
  }
  if (ts.isShorthandPropertyAssignment(node) && ts.isIdentifier(node.name)) {
    return { slot: { kind: 'property', name: node.name.text }, value: node.name };
  }
  if (ts.isReturnStatement(node)) return node.expression ? { slot: { kind: 'return' }, value: node.expression } : undefined;
  if (ts.isArrowFunction(node)) return ts.isBlock(node.body) ? undefined : { slot: { kind: 'return' }, value: node.body as Expression };
  if (ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node)) {
    if (!node.initializer || !(node.type || (isJavaScript && hasJsDoc(node)))) return undefined;
    return { slot: { kind: 'variable', name: nameText(node.name, sourceFile) }, value: node.initializer };
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === SyntaxKind.EqualsToken) {
    return { slot: { kind: 'variable', name: nameText(node.left, sourceFile), target: node.left }, value: node.right };
  }
  return undefined;
}

/** A JSDoc comment (a `@type` tag, say) on the declaration or on its statement. */
function hasJsDoc(node: Node): boolean {
  return [node, node.parent, node.parent?.parent].some((n) => n !== undefined && (n.flags & NodeFlags.HasJSDoc) !== 0);
}

function modifierFlagsOf(node: Node): number {
  return (node as { modifierFlags?: ModifierFlags }).modifierFlags ?? 0;
}

/** `const name = async () => ...` (or `async function`): a name that always holds an async function. */
export function asyncConstName(node: Node): string | undefined {
  if (!ts.isVariableDeclaration(node) || !ts.isIdentifier(node.name) || !node.initializer) return undefined;
  const list = node.parent;
  if (!list || !(list.flags & NodeFlags.Const)) return undefined;
  return isAsyncFunctionExpression(skipParens(node.initializer)) ? node.name.text : undefined;
}

/** True for `const name = async ...` declarations (the node a reference's symbol resolves to). */
export function isAsyncConstDeclaration(node: Node): boolean {
  return asyncConstName(node) !== undefined;
}

/** An `async` method (not a generator) of an object literal or class: `async run() {}`. */
export function isAsyncMethod(node: Node): boolean {
  return ts.isMethodDeclaration(node) && (modifierFlagsOf(node) & ModifierFlags.Async) !== 0 && !node.asteriskToken && node.body !== undefined;
}

export interface OverridingMember {
  /** The method, or the property whose initializer is an async function. */
  member: Node;
  name: string;
  /** Not async: a declaration (abstract, interface or type member) or a plain function, which only its type can show returns a promise. */
  plain: boolean;
}

/**
 * Instance members of a class or interface that has `extends`/`implements` clauses and may return
 * a promise: async methods, unannotated properties initialised with an async function (an
 * annotation is checked as a variable), and, to be confirmed by their types, declarations that say
 * so (`abstract run(): Promise<void>`, interface members) and plain functions returning a value.
 */
export function overridingAsyncMembers(node: Node): { bases: Expression[]; members: OverridingMember[] } | undefined {
  if (!ts.isClassDeclaration(node) && !ts.isClassExpression(node) && !ts.isInterfaceDeclaration(node)) return undefined;
  const bases = (node.heritageClauses ?? []).flatMap((clause) => [...clause.types]);
  if (bases.length === 0) return undefined;
  const members: OverridingMember[] = [];
  for (const member of node.members) {
    if (modifierFlagsOf(member) & ModifierFlags.Static) continue;
    const name = (member as { name?: Node }).name;
    if (!name || !(ts.isIdentifier(name) || ts.isStringLiteral(name))) continue;
    const initializer = ts.isPropertyDeclaration(member) ? member.initializer : undefined;
    const isAsyncProperty = ts.isPropertyDeclaration(member) && !member.type && initializer !== undefined && isAsyncFunctionExpression(skipParens(initializer));
    if (isAsyncMethod(member) || isAsyncProperty) members.push({ member, name: name.text, plain: false });
    else if (mayOverrideWithPromise(member)) members.push({ member, name: name.text, plain: true });
  }
  return members.length > 0 ? { bases, members } : undefined;
}

function mayOverrideWithPromise(member: Node): boolean {
  if (member.kind === SyntaxKind.MethodSignature || member.kind === SyntaxKind.PropertySignature) return declaresReturnType(member);
  if (ts.isMethodDeclaration(member)) return !member.asteriskToken && (declaresReturnType(member) || (member.body !== undefined && hasPromiseLikeReturn(member.body)));
  if (ts.isPropertyDeclaration(member)) {
    // `abstract accessor run: () => Promise<void>`: a declaration without a value says it by its type.
    if (member.type) return member.initializer === undefined;
    const initializer = member.initializer && skipParens(member.initializer);
    return initializer !== undefined && (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) && mayReturnPromise(initializer);
  }
  return false;
}

/**
 * The part of a function worth underlining: its head (`async (x) =>`, `async function f(x)`,
 * `async run()`), so a long body is not; any other expression whole.
 */
export function functionHeadRange(node: Node, sourceFile: SourceFile): { start: number; end: number } {
  const start = node.getStart(sourceFile);
  const fn = ts.isParenthesizedExpression(node) ? skipParens(node) : node;
  if (ts.isArrowFunction(fn)) return { start, end: fn.equalsGreaterThanToken.end };
  if (ts.isPropertyDeclaration(fn) && fn.initializer) return { start, end: functionHeadRange(fn.initializer, sourceFile).end };
  if ((ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn)) && fn.body) {
    let end = fn.body.getStart(sourceFile);
    while (end > start && /\s/.test(sourceFile.text[end - 1]!)) end--;
    return { start, end };
  }
  return { start, end: node.end };
}
