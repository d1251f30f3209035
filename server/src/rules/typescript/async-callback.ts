/**
 * async-callback: an async function passed where the callee ignores the returned promise —
 * `forEach` (recognised by name), or any argument whose contextual type is a function returning
 * `void` (type-aware: event handlers, timers, ...). `new Promise(async ...)` belongs to
 * async-promise-executor.
 */
import { SyntaxKind, ts, type CallExpression, type Expression, type Identifier, type NewExpression, type Node } from '../../languages/typescript/ast.ts';
import type { Type } from '../../languages/typescript/typeFacts.ts';
import type { TsRule, TsRuleContext } from '../types.ts';
import { forEachFixes, forEachStatement } from './support/promise-foreach.ts';
import { calleeName, isAsyncFunctionDeclaration, isAsyncFunctionExpression, memberCall, skipParens } from './support/promise-syntax.ts';

interface Candidate {
  call: CallExpression | NewExpression;
  /** The argument as written (an async function expression, or a name of an async function declaration). */
  argument: Expression;
  viaForEach: boolean;
}

const FOR_EACH_MESSAGE =
  'Async callback passed to forEach: forEach ignores the promises it returns, so nothing waits for them and their rejections go unhandled.';

function voidMessage(call: CallExpression | NewExpression): string {
  const name = ts.isCallExpression(call) ? calleeName(call) : undefined;
  return `Async function passed ${name ? `to ${name} ` : ''}where a function returning void is expected: the promise it returns is ignored, so nothing waits for it and a rejection goes unhandled.`;
}

/** The function's head (`async (x) =>`, `async function (x)`), so a long body is not underlined. */
function reportRange(argument: Expression, ctx: TsRuleContext): { start: number; end: number } {
  const start = argument.getStart(ctx.sourceFile);
  const fn = skipParens(argument);
  if (ts.isArrowFunction(fn)) return { start, end: fn.equalsGreaterThanToken.end };
  if (ts.isFunctionExpression(fn)) {
    let end = fn.body.getStart(ctx.sourceFile);
    while (end > start && /\s/.test(ctx.text[end - 1]!)) end--;
    return { start, end };
  }
  return { start, end: argument.end };
}

function isPromiseConstructor(call: NewExpression): boolean {
  const callee = skipParens(call.expression);
  return ts.isIdentifier(callee) && callee.text === 'Promise';
}

export const rule: TsRule = {
  meta: {
    id: 'async-callback',
    languages: ['typescript'],
    defaultSeverity: 'warning',
    typeAware: true,
    hasFix: true,
    defaultOptions: {},
    docs: {
      summary: 'An async function is passed where its promise is ignored (forEach, event handlers, timers).',
      what:
        'Reports an async function (an `async` arrow or function expression, or the name of an `async function` declared in ' +
        'the same file) passed to `.forEach(...)`, or passed as an argument whose parameter type is a function returning ' +
        '`void` (`emitter.on("x", async () => ...)`, `setTimeout(async () => ...)`). Parameters typed to accept a promise ' +
        '(`() => void | Promise<void>`, `() => unknown`, any) are not reported, nor is `new Promise(async ...)` (see ' +
        'async-promise-executor). The `forEach` case is recognised by name and reported even without type information, ' +
        'unless the types show that this `forEach` accepts promise-returning callbacks (as Node streams\' `forEach` does); ' +
        'the others need type information.',
      why:
        'A callee that expects `void` drops the promise: `forEach` returns before any callback finishes, so the code after ' +
        'it runs too early and the callbacks all run at once; an event emitter or timer calls the function and moves on. A ' +
        'rejection inside the callback then reaches nobody: Node reports an unhandled rejection and, since Node 15, exits.',
      useInstead:
        'For `forEach`: `for (const x of xs) { await f(x); }` to run the callbacks one after another, or ' +
        '`await Promise.all(xs.map(async (x) => { await f(x); }))` to run them together and wait for all. For event ' +
        'handlers and timers, which cannot wait: handle errors inside the callback (`try`/`catch` around the body), or pass a ' +
        'plain function that starts the work and handles its rejection: `() => { work().catch(reportError); }` (or ' +
        '`() => { void (async () => { ... })(); }` if something else handles errors).',
      fixSafety:
        'Fixes exist only for a `forEach` statement on an Array, Set or Map inside an async function, and both are unsafe: ' +
        'the enclosing function now waits for the callbacks, and a rejection propagates to its caller instead of being ' +
        'unhandled. The `for...of` rewrite runs the callbacks one at a time, in order — slower when they were independent, ' +
        'and different if they relied on running together; it is offered only for a single-parameter inline callback without ' +
        '`return` or `var` (and, for a `function` expression, without `this`/`arguments`), since those would mean something ' +
        'else in a loop body. Unlike forEach, for...of visits the holes of a sparse array and the elements added while ' +
        'looping. The `Promise.all` rewrite keeps them concurrent (map passes the callback the same arguments) and waits for ' +
        'all; it rejects with the first rejection while the other callbacks keep running. Unbounded concurrency over a large ' +
        'array can overload a server or a pool. Other void callbacks get no fix: whether to wait, log or retry is a design ' +
        'decision.',
      examples: [
        {
          language: 'typescript',
          bad: [
            'async function send(id: number): Promise<void> {',
            '  await Promise.resolve(id);',
            '}',
            '',
            'export async function sendAll(ids: number[]): Promise<void> {',
            '  ids.forEach(async (id) => {',
            '    await send(id);',
            '  });',
            '}',
            '',
          ].join('\n'),
          good: [
            'async function send(id: number): Promise<void> {',
            '  await Promise.resolve(id);',
            '}',
            '',
            'export async function sendAll(ids: number[]): Promise<void> {',
            '  for (const id of ids) {',
            '    await send(id);',
            '  }',
            '}',
            '',
          ].join('\n'),
        },
      ],
    },
  },
  create(ctx) {
    const candidates: Candidate[] = [];
    /** Names passed as arguments, kept until we know which name an async function declaration. */
    const references: Candidate[] = [];
    const asyncDeclarationNames = new Set<string>();

    const collect = (call: CallExpression | NewExpression, viaForEach: (index: number) => boolean) => {
      call.arguments?.forEach((argument, index) => {
        const value = skipParens(argument);
        const candidate = { call, argument, viaForEach: viaForEach(index) };
        if (isAsyncFunctionExpression(value)) candidates.push(candidate);
        else if (ts.isIdentifier(value) && ctx.types.available) references.push(candidate);
      });
    };

    return {
      visit: {
        [SyntaxKind.FunctionDeclaration]: (node) => {
          const name = (node as { name?: Identifier }).name;
          if (name && isAsyncFunctionDeclaration(node)) asyncDeclarationNames.add(name.text);
        },
        [SyntaxKind.CallExpression]: (node) => {
          const call = node as CallExpression;
          const isForEach = memberCall(call)?.name === 'forEach';
          collect(call, (index) => isForEach && index === 0);
        },
        [SyntaxKind.NewExpression]: (node) => {
          if (!isPromiseConstructor(node as NewExpression)) collect(node as NewExpression, () => false);
        },
      },
      finish() {
        const named = references.filter((r) => asyncDeclarationNames.has((skipParens(r.argument) as Identifier).text));
        const declarations = ctx.types.localDeclarationsOf(named.map((r) => skipParens(r.argument)));
        named.forEach((r, i) => {
          const declaration = declarations[i];
          if (declaration && isAsyncFunctionDeclaration(declaration)) candidates.push(r);
        });
        candidates.sort((a, b) => a.argument.pos - b.argument.pos);

        // One request for the callees' types. The overloads are checked first: cached per callee,
        // they settle most calls (every `it(...)` of a test file) without a contextual-type request.
        const plain = candidates.filter((c) => !c.viaForEach);
        const calleeTypes = new Map(ctx.types.typesOf(plain.map((c) => c.call.expression)).map((t, i) => [plain[i]!, t]));
        const reported = candidates.filter((c) => {
          const argument = skipParens(c.argument);
          if (c.viaForEach) return ctx.types.callbackReturnExpectation(argument) !== 'value';
          const calleeType = calleeTypes.get(c);
          const index = c.call.arguments!.indexOf(c.argument);
          if (calleeType && ctx.types.someOverloadUsesResult(calleeType, index, ts.isNewExpression(c.call))) return false;
          return ctx.types.callbackReturnExpectation(argument) === 'void';
        });
        const sites = reported.map((c) => (c.viaForEach && ts.isCallExpression(c.call) ? forEachStatement(c.call) : undefined));
        const receivers = sites.filter((s) => s !== undefined).map((s) => s.receiver);
        const receiverTypes = new Map<Node, Type | undefined>();
        ctx.types.typesOf(receivers).forEach((t, i) => receiverTypes.set(receivers[i]!, t));

        reported.forEach((c, i) => {
          const site = sites[i];
          const receiverType = site ? receiverTypes.get(site.receiver) : undefined;
          ctx.report({
            ...reportRange(c.argument, ctx),
            message: c.viaForEach ? FOR_EACH_MESSAGE : voidMessage(c.call),
            fixes: site && receiverType ? forEachFixes(site, ctx.types.collectionKind(receiverType), ctx.sourceFile) : [],
          });
        });
      },
    };
  },
};
