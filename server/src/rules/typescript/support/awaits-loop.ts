/**
 * `await-in-loop` for TypeScript: recognises `for...of` loops whose body is one awaited call (bare,
 * `out.push(await f(x))`, or `const r = await f(x); out.push(r);`), builds the neutral loop model
 * (rules/shared/awaits-loops.ts) and writes the Promise.all rewrite.
 */
import { freeName, identifiersIn, lineBreakOf, indentationAt } from '../../../core/text.ts';
import type { Fix } from '../../../core/types.ts';
import {
  NodeFlags,
  SyntaxKind,
  ts,
  type CallExpression,
  type Expression,
  type ForOfStatement,
  type Node,
  type SourceFile,
  type Statement,
  type VariableDeclaration,
} from '../../../languages/typescript/ast.ts';
import type { LoopModel } from '../../shared/awaits-loops.ts';
import { commentsOutsideKept, withCommentsAbove } from './awaits-comments.ts';
import { forEachDescendant, isFunctionBoundary } from '../../../languages/typescript/walk.ts';
import { awaitedCallOf, bindingNamesOf, describeCall } from './awaits-syntax.ts';

export interface LoopCandidate {
  loop: ForOfStatement;
  declaration: VariableDeclaration;
  call: CallExpression;
  /** The list results are pushed into, for the collecting forms. */
  collector?: Expression;
  /** The last statement of the body: its `;` decides the rewrite's. */
  lastStatement: Statement;
  model: LoopModel;
  /**
   * The tutorials' loop: `const data = await f(x);` followed by statements that only log what it got.
   * The rewrite awaits every call first, then runs the same loop over the results, so output keeps its order.
   */
  result?: VariableDeclaration;
}

/** The loop's shape and model, or undefined when it is not a one-awaited-call `for...of` loop. */
export function loopCandidateOf(loop: ForOfStatement, sf: SourceFile): LoopCandidate | undefined {
  if (loop.awaitModifier || ts.isLabeledStatement(loop.parent)) return undefined;
  const list = loop.initializer;
  // `var` and bare identifiers outlive the loop with the last item: the rewrite would not assign them.
  if (!ts.isVariableDeclarationList(list) || list.declarations.length !== 1 || !(list.flags & (NodeFlags.Const | NodeFlags.Let))) return undefined;
  if (list.flags & NodeFlags.Using) return undefined;
  const declaration = list.declarations[0]!;
  const body = ts.isBlock(loop.statement) ? [...loop.statement.statements] : [loop.statement];
  const shape = bodyShape(body);
  if (!shape) return undefined;
  const collectorFacts = shape.collector ? collectorRootOf(shape.collector) : undefined;
  if (shape.collector && !collectorFacts) return undefined;
  const callModel = describeCall(shape.call, sf);
  // A collector on `this` is read by any method of the instance: treat any instance use as reading it.
  if (collectorFacts?.root === 'this' && (callModel.passesInstance || callModel.instanceCalls.length > 0 || callModel.instanceReads.includes(collectorFacts.field!))) {
    return undefined;
  }
  const model: LoopModel = {
    loopVariables: bindingNamesOf(declaration.name).binds,
    call: callModel,
    iterableText: loop.expression.getText(sf),
    collectorRoot: collectorFacts?.root === 'this' ? undefined : collectorFacts?.root,
    assignedInBody: assignedNames(loop.statement),
    exitsEarly: exitsEarly(loop.statement),
  };
  return { loop, declaration, call: shape.call, collector: shape.collector, lastStatement: body[body.length - 1]!, model, result: shape.result };
}

function bodyShape(body: readonly Statement[]): { call: CallExpression; collector?: Expression; result?: VariableDeclaration } | undefined {
  const [first, second] = body;
  // const data = await f(x); console.log(...data...);
  if (body.length >= 2 && first && ts.isVariableStatement(first) && body.slice(1).every(isLogStatement)) {
    const decls = first.declarationList.declarations;
    const decl = decls.length === 1 ? decls[0]! : undefined;
    const site = awaitedCallOf(decl?.initializer);
    if (decl && site && !site.retyped && !decl.type && ts.isIdentifier(decl.name) && !(first.declarationList.flags & NodeFlags.Using)) {
      return { call: site.call, result: decl };
    }
  }
  if (body.length === 1 && first && ts.isExpressionStatement(first)) {
    const bare = awaitedCallOf(first.expression);
    if (bare) return { call: bare.call };
    const push = pushOf(first);
    const pushed = push && awaitedCallOf(push.argument);
    if (push && pushed && !pushed.retyped) return { call: pushed.call, collector: push.collector };
    return undefined;
  }
  // const r = await f(x); out.push(r);
  if (body.length === 2 && first && second && ts.isVariableStatement(first)) {
    const decls = first.declarationList.declarations;
    const decl = decls.length === 1 ? decls[0]! : undefined;
    const site = awaitedCallOf(decl?.initializer);
    const push = pushOf(second);
    if (!decl || !site || site.retyped || decl.type || !ts.isIdentifier(decl.name) || !push) return undefined;
    if (!ts.isIdentifier(push.argument) || push.argument.text !== decl.name.text) return undefined;
    return { call: site.call, collector: push.collector };
  }
  return undefined;
}

const LOG_RECEIVERS = new Set(['console', 'logger', 'log']);

/** `console.log(...)`, `logger.info(...)`: output whose order the rewrite keeps, with no await or assignment inside. */
function isLogStatement(statement: Statement): boolean {
  if (!ts.isExpressionStatement(statement) || !ts.isCallExpression(statement.expression)) return false;
  const callee = statement.expression.expression;
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const receiver = callee.expression;
  const name = ts.isIdentifier(receiver) ? receiver.text : ts.isPropertyAccessExpression(receiver) && receiver.expression.kind === SyntaxKind.ThisKeyword ? receiver.name.text : '';
  if (!LOG_RECEIVERS.has(name)) return false;
  let impure = false;
  forEachDescendant(statement, (n) => {
    if (ts.isAwaitExpression(n) || ts.isYieldExpression(n) || (ts.isBinaryExpression(n) && n.operatorToken.kind >= SyntaxKind.FirstAssignment && n.operatorToken.kind <= SyntaxKind.LastAssignment)) impure = true;
    return !impure;
  });
  return !impure;
}

/** `collector.push(argument);` */
function pushOf(statement: Statement): { collector: Expression; argument: Expression } | undefined {
  if (!ts.isExpressionStatement(statement) || !ts.isCallExpression(statement.expression)) return undefined;
  const call = statement.expression;
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'push' || call.arguments.length !== 1) return undefined;
  return { collector: callee.expression, argument: call.arguments[0]! };
}

/** `out`, `this.results`, `state.items`: a name or a property chain on a name or `this`. */
function collectorRootOf(collector: Expression): { root: string; field?: string } | undefined {
  let e: Node = collector;
  let field: string | undefined;
  while (ts.isPropertyAccessExpression(e)) {
    field = e.name.text;
    e = e.expression;
  }
  if (ts.isIdentifier(e)) return { root: e.text };
  if (ts.isThisExpression(e) && field !== undefined) return { root: 'this', field };
  return undefined;
}

/** Variables assigned or updated anywhere in the body (nested callbacks included: they may run meanwhile). */
function assignedNames(body: Node): string[] {
  const names: string[] = [];
  forEachDescendant(body, (n) => {
    let target: Node | undefined;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind >= SyntaxKind.FirstAssignment && n.operatorToken.kind <= SyntaxKind.LastAssignment) target = n.left;
    else if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) && (n.operator === SyntaxKind.PlusPlusToken || n.operator === SyntaxKind.MinusMinusToken)) {
      target = n.operand;
    }
    if (target) names.push(target.getText().replace(/\s+/g, ''));
  });
  return names;
}

/** `break`/`continue`/`return`/`throw` in the body outside nested functions. */
function exitsEarly(body: Node): boolean {
  let found = false;
  forEachDescendant(body, (n) => {
    if (found || isFunctionBoundary(n)) return false;
    if (ts.isBreakStatement(n) || ts.isContinueStatement(n) || ts.isReturnStatement(n) || ts.isThrowStatement(n)) found = true;
    return !found;
  });
  return found;
}

export const LOOP_FIX_TITLE = 'Run the iterations together with Promise.all (unbounded concurrency)';

/** `await Promise.all(xs.map((x) => f(x)));`, or with `Array.from(xs, ...)` when `xs` is not known to be an array. */
export function loopFix(sf: SourceFile, candidate: LoopCandidate, iterableIsArray: boolean): Fix | undefined {
  if (candidate.result) return iterableIsArray ? resultsLoopFix(sf, candidate, candidate.result) : undefined;
  const { loop, declaration, call, collector } = candidate;
  const text = sf.text;
  const iterable = loop.expression.getText(sf);
  const mapper = `(${declaration.name.getText(sf)}) => ${call.getText(sf)}`;
  const mapped = iterableIsArray
    ? `${needsParentheses(loop.expression) ? `(${iterable})` : iterable}.map(${mapper})`
    : `Array.from(${iterable}, ${mapper})`;
  const semicolon = candidate.lastStatement.getText(sf).endsWith(';') ? ';' : '';
  const statement = collector
    ? `${collector.getText(sf)}.push(...(await Promise.all(${mapped})))${semicolon}`
    : `await Promise.all(${mapped})${semicolon}`;
  const kept = new Set<Node>([call, declaration.name, loop.expression, ...(collector ? [collector] : [])]);
  const comments = commentsOutsideKept(sf, [loop], kept);
  const indent = indentationAt(text, loop.getStart(sf));
  return {
    title: LOOP_FIX_TITLE,
    applicability: 'unsafe',
    edits: [{ start: loop.getStart(sf), end: loop.end, newText: withCommentsAbove(comments, statement, indent, lineBreakOf(text)) }],
  };
}

/**
 * `const results = await Promise.all(xs.map((x) => f(x)));` above the loop, which then runs over
 * `xs.entries()` and reads `results[i]`: the calls overlap and the output keeps its order. Arrays
 * only: the iterable is read twice.
 */
function resultsLoopFix(sf: SourceFile, candidate: LoopCandidate, result: VariableDeclaration): Fix {
  const { loop, declaration, call } = candidate;
  const text = sf.text;
  const iterable = loop.expression.getText(sf);
  const list = needsParentheses(loop.expression) ? `(${iterable})` : iterable;
  const taken = identifiersIn(text);
  const fresh = (base: string) => {
    const name = freeName(base, taken, (n) => `${base}${n}`);
    taken.add(name);
    return name;
  };
  const results = fresh(`${(result.name as Node).getText(sf)}List`);
  const index = fresh('i');
  const indent = indentationAt(text, loop.getStart(sf));
  const gather = `const ${results} = await Promise.all(${list}.map((${declaration.name.getText(sf)}) => ${call.getText(sf)}));`;
  return {
    title: 'Run the calls together with Promise.all, then the same loop over the results (unbounded concurrency)',
    applicability: 'unsafe',
    edits: [
      { start: loop.getStart(sf), end: loop.getStart(sf), newText: `${gather}${lineBreakOf(text)}${indent}` },
      { start: declaration.name.getStart(sf), end: declaration.name.end, newText: `[${index}, ${declaration.name.getText(sf)}]` },
      { start: loop.expression.getStart(sf), end: loop.expression.end, newText: `${list}.entries()` },
      { start: result.initializer!.getStart(sf), end: result.initializer!.end, newText: `${results}[${index}]` },
    ],
  };
}

/** Whether `.map` can follow the expression as written (a member access binds tighter than most operators). */
function needsParentheses(expr: Expression): boolean {
  return !(
    ts.isIdentifier(expr) ||
    ts.isPropertyAccessExpression(expr) ||
    ts.isElementAccessExpression(expr) ||
    ts.isCallExpression(expr) ||
    ts.isParenthesizedExpression(expr) ||
    ts.isArrayLiteralExpression(expr) ||
    ts.isThisExpression(expr)
  );
}
