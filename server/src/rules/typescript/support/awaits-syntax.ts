/**
 * Translates TypeScript syntax into the language-neutral await model (rules/shared/awaits-model.ts):
 * what an awaited call reads, what a statement binds, and where test code is.
 */
import { SyntaxKind, ts, type CallExpression, type Expression, type Node, type SourceFile } from '../../../languages/typescript/ast.ts';
import { forEachDescendant, forEachNode, isFunctionBoundary } from '../../../languages/typescript/walk.ts';
import type { AwaitedCall, CallReferences } from '../../shared/awaits-model.ts';
import { isTransactionalDecorator, isTransactionCallee, SHARED_CONTEXT_NAMES, SHARED_CONTEXT_OPTIONS } from '../../shared/awaits-vocabulary.ts';

/** Functions whose callbacks are tests or test hooks (mocha, jest, vitest, node:test). */
const TEST_FUNCTIONS = new Set(['describe', 'it', 'test', 'suite', 'beforeEach', 'afterEach', 'beforeAll', 'afterAll', 'before', 'after']);

/** Promise combinators: awaiting one is already the concurrent form. */
const PROMISE_COMBINATORS = new Set(['all', 'allSettled', 'race', 'any']);

/** Whether `node` sits inside a callback passed to describe/it/test/... (at any depth). */
export function isInTestCallback(node: Node): boolean {
  for (let n: Node | undefined = node; n; n = n.parent) {
    if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && n.parent && ts.isCallExpression(n.parent)) {
      const call = n.parent;
      if (call.arguments.some((a) => a === n) && TEST_FUNCTIONS.has(rootName(call.expression) ?? '')) return true;
    }
  }
  return false;
}

/** Whether `node` is in the body of a `for await` loop of the same function. */
export function isInForAwait(node: Node): boolean {
  for (let n: Node | undefined = node.parent; n && !isFunctionBoundary(n); n = n.parent) {
    if (ts.isForOfStatement(n) && n.awaitModifier) return true;
  }
  return false;
}

/** The identifier a callee chain starts from: `it.only` → it, `test.each(t)` → test. */
function rootName(expr: Expression): string | undefined {
  let e: Node = expr;
  for (;;) {
    if (ts.isIdentifier(e)) return e.text;
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isCallExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
    else return undefined;
  }
}

/** Strips parentheses; reports whether a type-changing wrapper (`as`, `!`, `satisfies`, `<T>`) was crossed. */
export function unwrapExpression(expr: Expression): { inner: Expression; retyped: boolean } {
  let inner = expr;
  let retyped = false;
  for (;;) {
    if (ts.isParenthesizedExpression(inner)) inner = inner.expression;
    else if (ts.isAsExpression(inner) || ts.isNonNullExpression(inner) || ts.isSatisfiesExpression(inner) || ts.isTypeAssertion(inner)) {
      inner = inner.expression;
      retyped = true;
    } else return { inner, retyped };
  }
}

export interface AwaitedCallSite {
  call: CallExpression;
  /** The awaited value is re-typed (`as`, `!`): combining it would change a declared type. */
  retyped: boolean;
}

/**
 * `await call(...)` as the whole expression (optionally wrapped in parentheses, `as`, `!`), where
 * the call is not a Promise combinator and holds no other await or yield of its own.
 * Awaits of identifiers or property reads (promises already started) are not calls: undefined.
 */
export function awaitedCallOf(expr: Expression | undefined): AwaitedCallSite | undefined {
  if (!expr) return undefined;
  const outer = unwrapExpression(expr);
  if (!ts.isAwaitExpression(outer.inner)) return undefined;
  const operand = unwrapExpression(outer.inner.expression);
  if (!ts.isCallExpression(operand.inner) || operand.retyped) return undefined;
  const call = operand.inner;
  // `await import(...)` loads a module (usually loaded already): nothing to overlap.
  if (isPromiseCombinator(call) || containsSuspension(call) || call.expression.kind === SyntaxKind.ImportKeyword) return undefined;
  return { call, retyped: outer.retyped };
}

function isPromiseCombinator(call: CallExpression): boolean {
  const callee = call.expression;
  return (
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === 'Promise' &&
    PROMISE_COMBINATORS.has(callee.name.text)
  );
}

/** An `await` or `yield` outside nested functions: moving the call would move that suspension. */
export function containsSuspension(node: Node): boolean {
  let found = false;
  forEachDescendant(node, (child) => {
    if (found || isFunctionBoundary(child)) return false;
    if (ts.isAwaitExpression(child) || ts.isYieldExpression(child)) found = true;
    return !found;
  });
  return found;
}

/** The neutral description of an awaited call. */
export function describeCall(call: CallExpression, sf: SourceFile): AwaitedCall {
  const refs = collectReferences(call);
  return {
    calleeNames: calleeNamesOf(call),
    calleeKey: call.expression.getText(sf),
    argumentKeys: call.arguments.map((a) => a.getText(sf)),
    stringArguments: stringArgumentsOf(call),
    ...refs,
    sharedContext: sharedContextOf(call),
  };
}

/**
 * What shows that a call runs on a transaction, connection or session it shares with its
 * neighbours: a receiver or argument named like one (`trx`, `manager`, `queryRunner`), a
 * `{ transaction }` option, the parameter of a `.transaction(async (t) => ...)` callback, or a
 * transactional decorator on the enclosing method.
 */
export function sharedContextOf(call: CallExpression): string | undefined {
  const root = rootName(call.expression);
  if (root !== undefined && SHARED_CONTEXT_NAMES.has(root)) return `runs on \`${root}\``;
  const onChain = transactionOnChain(call.expression);
  if (onChain) return onChain;
  const transactionParams = transactionParametersAround(call);
  if (root !== undefined && transactionParams.has(root)) return `runs on the transaction \`${root}\``;
  // `const repo = tx.getRepository(Role); await repo.find()`: a repository or builder of the transaction.
  const source = root !== undefined ? localInitializerRoot(call, root) : undefined;
  if (source !== undefined && (SHARED_CONTEXT_NAMES.has(source) || transactionParams.has(source))) return `runs on \`${root}\`, made from \`${source}\``;
  for (const arg of call.arguments) {
    // `session` passed along is as often an HTTP session as a database one: only options and receivers count.
    if (ts.isIdentifier(arg) && ((SHARED_CONTEXT_NAMES.has(arg.text) && arg.text !== 'session') || transactionParams.has(arg.text))) return `passes \`${arg.text}\``;
    if (ts.isObjectLiteralExpression(arg)) {
      for (const p of arg.properties) {
        const name = (p as { name?: Node }).name;
        const key = name && (ts.isIdentifier(name) || ts.isStringLiteral(name)) ? name.text : undefined;
        if (key !== undefined && SHARED_CONTEXT_OPTIONS.has(key)) return `passes \`{ ${key} }\``;
      }
    }
  }
  // Bookshelf and Sequelize pass the transaction inside an options object: `findAll(options)` where the
  // function reads `options.transacting` is on the caller's transaction.
  for (const arg of call.arguments) {
    if (ts.isIdentifier(arg) && optionsCarryTransaction(call, arg.text)) return `passes \`${arg.text}\`, which carries a transaction`;
  }
  const decorator = transactionalDecoratorAround(call);
  return decorator ? `runs in one transaction (\`@${decorator}\`)` : undefined;
}

/** Names of a transaction kept on an object (`this.transaction`, `ctx.trx`): a `manager` there is often the global one. */
const TRANSACTION_MEMBERS = new Set(['transaction', 'trx', 'tx', 'txn', 'queryRunner', 'transactionManager']);

/** `this.transaction('t').select()`, `knex('t').transacting(trx).select()`: the chain runs in a transaction. */
function transactionOnChain(callee: Expression): string | undefined {
  let e: Node = callee;
  for (;;) {
    if (ts.isPropertyAccessExpression(e)) {
      if (TRANSACTION_MEMBERS.has(e.name.text) && e !== callee) return `runs on \`${e.getText()}\``;
      e = e.expression;
    } else if (ts.isCallExpression(e)) {
      const name = ts.isPropertyAccessExpression(e.expression) ? e.expression.name.text : '';
      if (name === 'transacting') return 'runs in a transaction (`.transacting(...)`)';
      e = e.expression;
    } else if (ts.isNonNullExpression(e) || ts.isParenthesizedExpression(e) || ts.isElementAccessExpression(e)) {
      e = e.expression;
    } else return undefined;
  }
}

/** The root name of the initializer of `const name = ...` in the functions around `node`, if declared there. */
/** What the transaction checks need of a function, read once per function (every awaited call in it asks). */
interface FunctionFacts {
  /** `const name = <root>...` declared in the function: name → root of the initializer ('' when it has none). */
  initializerRoots: Map<string, string>;
  /** Names read as `name.transacting` / `name.transaction` in the function. */
  transactionCarriers: Set<string>;
}

const functionFacts = new WeakMap<Node, FunctionFacts>();

function factsOf(fn: Node): FunctionFacts {
  let facts = functionFacts.get(fn);
  if (!facts) {
    const initializerRoots = new Map<string, string>();
    forEachNode(fn, (d) => {
      if (ts.isVariableDeclaration(d) && ts.isIdentifier(d.name) && d.initializer && !initializerRoots.has(d.name.text)) {
        initializerRoots.set(d.name.text, rootName(d.initializer) ?? '');
      }
    });
    const transactionCarriers = new Set([...fn.getText().matchAll(/([\w$]+)\??\.(?:transacting|transaction)\b/g)].map((m) => m[1]!));
    facts = { initializerRoots, transactionCarriers };
    functionFacts.set(fn, facts);
  }
  return facts;
}

/** The root name of the initializer of `const name = ...` in the functions around `node`, if declared there. */
function localInitializerRoot(node: Node, name: string): string | undefined {
  for (let n: Node | undefined = node.parent; n; n = n.parent) {
    if (!isFunctionBoundary(n)) continue;
    const root = factsOf(n).initializerRoots.get(name);
    if (root !== undefined) return root || undefined;
  }
  return undefined;
}

function optionsCarryTransaction(node: Node, name: string): boolean {
  for (let n: Node | undefined = node.parent; n; n = n.parent) {
    if (isFunctionBoundary(n)) return factsOf(n).transactionCarriers.has(name);
  }
  return false;
}

/** Parameters of enclosing callbacks handed to a transaction callee (`db.transaction(async (t) => ...)`). */
function transactionParametersAround(node: Node): Set<string> {
  const names = new Set<string>();
  for (let n: Node | undefined = node.parent; n; n = n.parent) {
    if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && n.parent && ts.isCallExpression(n.parent) && n.parent.arguments.some((a) => a === n)) {
      const callee = n.parent.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
      if (isTransactionCallee(name)) for (const p of n.parameters) if (ts.isIdentifier(p.name)) names.add(p.name.text);
    }
  }
  return names;
}

function transactionalDecoratorAround(node: Node): string | undefined {
  for (let n: Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isMethodDeclaration(n) || ts.isFunctionDeclaration(n)) {
      for (const m of (n as { modifiers?: readonly Node[] }).modifiers ?? []) {
        if (!ts.isDecorator(m)) continue;
        let e: Node = m.expression;
        if (ts.isCallExpression(e)) e = e.expression;
        const name = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : '';
        if (isTransactionalDecorator(name)) return name;
      }
      return undefined;
    }
  }
  return undefined;
}

/** Names of the calls along a callee chain, innermost first: `db.tx().query()` → [tx, query]. */
function calleeNamesOf(call: CallExpression): string[] {
  const names: string[] = [];
  let e: Node = call;
  while (!ts.isIdentifier(e)) {
    if (ts.isCallExpression(e)) {
      names.unshift(memberName(e.expression));
      e = e.expression;
    } else if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isNonNullExpression(e) || ts.isParenthesizedExpression(e)) {
      e = e.expression;
    } else break;
  }
  return names.filter((n) => n !== '');
}

function memberName(callee: Expression): string {
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isElementAccessExpression(callee) && ts.isStringLiteral(callee.argumentExpression)) return callee.argumentExpression.text;
  return '';
}

function literalText(node: Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  // `${name}?` ends like its last literal part.
  if (ts.isTemplateExpression(node)) return node.templateSpans[node.templateSpans.length - 1]?.literal.text;
  return undefined;
}

/** String arguments, and string values of an object-literal argument (`{ message: 'Name?' }`). */
function stringArgumentsOf(call: CallExpression): string[] {
  const out: string[] = [];
  for (const arg of call.arguments) {
    forEachNode(arg, (node) => {
      const text = literalText(node);
      if (text !== undefined) out.push(text);
      // SQL starts in a template's head (`INSERT INTO ${table} ...`); a prompt ends in its last part.
      if (ts.isTemplateExpression(node)) out.push(node.head.text + node.templateSpans.map((s) => `?${s.literal.text}`).join(''));
    });
  }
  return out;
}

export type References = Omit<CallReferences, 'attributeOwners'>;

/** The `super` member calls count as calls of a method the class body does not define. */
export const SUPER_MEMBER = '<super>';

/** Names `node` reads (value and type positions alike: extra names only make it more cautious). */
export function collectReferences(node: Node): References {
  const refs: References = { reads: [], passesInstance: false, instanceCalls: [], instanceReads: [] };
  const visit = (n: Node): void => {
    if (ts.isIdentifier(n)) {
      if (!isNamePosition(n)) refs.reads.push(n.text);
    } else if (ts.isThisExpression(n)) {
      const access = n.parent;
      if (access && ts.isPropertyAccessExpression(access) && access.expression === n) {
        const name = access.name.text;
        const called = access.parent && ts.isCallExpression(access.parent) && access.parent.expression === access;
        (called ? refs.instanceCalls : refs.instanceReads).push(name);
      } else {
        refs.passesInstance = true;
      }
    } else if (ts.isSuperExpression(n)) {
      refs.instanceCalls.push(SUPER_MEMBER);
    }
  };
  forEachNode(node, (n) => {
    visit(n);
  });
  return refs;
}

/** Identifiers that name a member or a key rather than read a variable. */
function isNamePosition(id: Node): boolean {
  const p = id.parent;
  if (!p) return false;
  if (ts.isPropertyAccessExpression(p)) return p.name === id;
  if (ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p)) return p.name === id;
  if (ts.isGetAccessorDeclaration(p) || ts.isSetAccessorDeclaration(p)) return p.name === id;
  if (ts.isBindingElement(p)) return p.propertyName === id;
  if (ts.isLabeledStatement(p) || ts.isBreakStatement(p) || ts.isContinueStatement(p)) return true;
  return false;
}

/** The names a binding pattern or identifier declares, and what its defaults and computed keys read. */
export function bindingNamesOf(name: Node): { binds: string[]; reads: string[] } {
  const binds: string[] = [];
  const reads: string[] = [];
  // A worklist in document order, not recursion: patterns may nest deep.
  const pending: Node[] = [name];
  while (pending.length > 0) {
    const n = pending.pop()!;
    if (ts.isIdentifier(n)) binds.push(n.text);
    else if (ts.isObjectBindingPattern(n) || ts.isArrayBindingPattern(n)) {
      for (let i = n.elements.length - 1; i >= 0; i--) pending.push(n.elements[i]!);
    } else if (ts.isBindingElement(n)) {
      if (n.propertyName && ts.isComputedPropertyName(n.propertyName)) reads.push(...collectReferences(n.propertyName).reads);
      if (n.initializer) reads.push(...collectReferences(n.initializer).reads);
      if (n.name) pending.push(n.name);
    }
  }
  return { binds, reads };
}
