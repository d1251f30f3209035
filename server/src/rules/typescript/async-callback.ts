/**
 * async-callback: an async function handed to code that ignores the promise it returns —
 * `forEach` (recognised by name), or, type-aware, any position whose type is a function returning
 * `void`: call arguments, JSX attributes, object properties and methods, return values, annotated
 * variables and assignments, and methods overriding a base-class or interface method that returns
 * void (typescript-eslint's `checksVoidReturn` reach). `new Promise(async ...)` belongs to
 * async-promise-executor.
 */
import { isJavaScriptPath } from '../../core/files.ts';
import { SyntaxKind, ts, type CallExpression, type Expression, type Identifier, type NewExpression, type Node } from '../../languages/typescript/ast.ts';
import type { Type } from '../../languages/typescript/typeFacts.ts';
import type { TsRule } from '../types.ts';
import { asyncConstName, functionHeadRange, isAsyncConstDeclaration, isAsyncMethod, nameText, overridingAsyncMembers, slotOf, valuesOf, type OverridingMember, type Slot } from './support/callback-slots.ts';
import { forEachFixes, forEachStatement } from './support/promise-foreach.ts';
import { calleeName, isAsyncFunctionDeclaration, isAsyncFunctionExpression, memberCall, skipParens } from './support/promise-syntax.ts';

interface ArgumentCandidate {
  kind: 'argument';
  call: CallExpression | NewExpression;
  /** The argument as written; `value` is the function in it (itself, or a branch of `?:`). */
  argument: Expression;
  value: Expression;
  viaForEach: boolean;
}

/** An async function (or a name of one) in a position other than a call argument. */
interface SlotCandidate {
  kind: 'slot';
  slot: Slot;
  value: Expression;
}

/** An async method of an object literal, checked against the literal's contextual type. */
interface MethodCandidate {
  kind: 'method';
  method: Node;
  literal: Expression;
  name: string;
}

/** Where the async function was found, and what the rule must ask about it. */
type Candidate = ArgumentCandidate | SlotCandidate | MethodCandidate;

interface Overrides {
  bases: Expression[];
  members: OverridingMember[];
}

const IGNORED = 'the promise it returns is ignored, so nothing waits for it and a rejection goes unhandled.';
const FOR_EACH =
  'Async callback passed to forEach: forEach ignores the promises it returns, so nothing waits for them and their rejections go unhandled.';

function message(c: Candidate): string {
  if (c.kind === 'argument') {
    if (c.viaForEach) return FOR_EACH;
    const name = ts.isCallExpression(c.call) ? calleeName(c.call) : undefined;
    return `Async function passed ${name ? `to ${name} ` : ''}where a function returning void is expected: ${IGNORED}`;
  }
  if (c.kind === 'method') return `Async method ${c.name} given where its object's type expects a method returning void: ${IGNORED}`;
  switch (c.slot.kind) {
    case 'attribute':
      return `Async function passed to the ${c.slot.name} attribute, which expects a function returning void: ${IGNORED}`;
    case 'property':
      return `Async function given as property ${c.slot.name}, which expects a function returning void: ${IGNORED}`;
    case 'return':
      return `Async function returned where a function returning void is expected: ${IGNORED}`;
    case 'variable':
      return `Async function assigned ${c.slot.name ? `to ${c.slot.name} ` : ''}where a function returning void is expected: ${IGNORED}`;
  }
}

function overrideMessage(name: string, base: string): string {
  return `Async method ${name} overrides ${base}'s ${name}, which returns void: callers through ${base} ignore the promise it returns, so nothing waits for it and a rejection goes unhandled.`;
}

/** The node naming what an assignment writes: `x` of `x = ...`, the `onload` of `el.onload = ...`. */
function assignmentName(target: Expression): Node {
  const node = skipParens(target);
  return ts.isPropertyAccessExpression(node) ? node.name : node;
}

function isPromiseConstructor(call: NewExpression): boolean {
  const callee = skipParens(call.expression);
  return ts.isIdentifier(callee) && callee.text === 'Promise';
}

export const rule: TsRule = {
  // Every candidate is an async function, method or member.
  requiresText: 'async',
  meta: {
    id: 'async-callback',
    languages: ['typescript'],
    defaultSeverity: 'warning',
    typeAware: true,
    hasFix: true,
    defaultOptions: {},
    docs: {
      summary: 'An async function is passed where its promise is ignored (forEach, event handlers, timers, void callbacks).',
      what:
        'Reports an async function (an `async` arrow or function expression, an `async` method, or the name of an `async ' +
        'function` or of a `const` holding an async function, declared in the same file) given where the promise it returns ' +
        'is ignored: passed to `.forEach(...)`; or, type-aware, placed where the type is a function returning `void` — a call ' +
        'argument (`emitter.on("x", async () => ...)`, `setTimeout(async () => ...)`), a JSX attribute (`onClick={async () => ' +
        '...}`), an object property or method, a return value, a variable or assignment whose type is such a function, and a ' +
        'class method (or property holding an async function) overriding a method of its base class or an implemented ' +
        'interface that returns `void`. Both branches of `?:` are checked. Types that accept a promise (`() => void | ' +
        'Promise<void>`, `() => unknown`, any, a type parameter), type assertions, static members and callees with another ' +
        'overload that takes promise-returning functions (mocha\'s `it`) are not reported, nor is `new Promise(async ...)` (see ' +
        'async-promise-executor). The `forEach` case is recognised by name and reported even without type information, ' +
        'unless the types show that this `forEach` accepts promise-returning callbacks (as Node streams\' `forEach` does); ' +
        'the others need type information.',
      why:
        'Code that expects `void` drops the promise: `forEach` returns before any callback finishes, so the code after ' +
        'it runs too early and the callbacks all run at once; an event emitter, a timer or a UI framework calls the function ' +
        'and moves on; a caller that knows the object only through its base type or interface does not wait for the ' +
        'override. A rejection inside the function then reaches nobody: Node reports an unhandled rejection and, since ' +
        'Node 15, exits.',
      useInstead:
        'For `forEach`: `for (const x of xs) { await f(x); }` to run the callbacks one after another, or ' +
        '`await Promise.all(xs.map(async (x) => { await f(x); }))` to run them together and wait for all. For event ' +
        'handlers, timers and other callbacks that cannot wait: handle errors inside the callback (`try`/`catch` around the ' +
        'body), or pass a plain function that starts the work and handles its rejection: `() => { work().catch(reportError); }` ' +
        '(or `() => { void (async () => { ... })(); }` if something else handles errors). Where you own the type, declare it ' +
        'to return `Promise<void>` (or `void | Promise<void>`) and await the result where it is called.',
      fixSafety:
        'Fixes exist only for a `forEach` statement on an Array, Set or Map inside an async function, and both are unsafe: ' +
        'the enclosing function now waits for the callbacks, and a rejection propagates to its caller instead of being ' +
        'unhandled. The `for...of` rewrite runs the callbacks one at a time, in order — slower when they were independent, ' +
        'and different if they relied on running together; it is offered only for a single-parameter inline callback without ' +
        '`return` or `var` (and, for a `function` expression, without `this`/`arguments`), since those would mean something ' +
        'else in a loop body. Unlike forEach, for...of visits the holes of a sparse array and the elements added while ' +
        'looping. The `Promise.all` rewrite keeps them concurrent (map passes the callback the same arguments) and waits for ' +
        'all; it rejects with the first rejection while the other callbacks keep running. Unbounded concurrency over a large ' +
        'array can overload a server or a pool. Other positions get no fix: whether to wait, log or retry is a design ' +
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
        {
          language: 'typescript',
          bad: [
            'interface ShutdownHooks {',
            '  onExit(): void;',
            '}',
            '',
            'declare function flush(): Promise<void>;',
            '',
            'export const hooks: ShutdownHooks = {',
            '  onExit: async () => {',
            '    await flush();',
            '  },',
            '};',
            '',
          ].join('\n'),
          good: [
            'interface ShutdownHooks {',
            '  onExit(): void;',
            '}',
            '',
            'declare function flush(): Promise<void>;',
            '',
            'export const hooks: ShutdownHooks = {',
            '  onExit: () => {',
            '    flush().catch((error) => console.error(error));',
            '  },',
            '};',
            '',
          ].join('\n'),
        },
      ],
    },
  },
  create(ctx) {
    const sf = ctx.sourceFile;
    const isJavaScript = isJavaScriptPath(ctx.fileName);
    const candidates: Candidate[] = [];
    /** Names in candidate positions, kept until we know which name an async function. */
    const references: (ArgumentCandidate | SlotCandidate)[] = [];
    const asyncNames = new Set<string>();
    const overrides: Overrides[] = [];

    const consider = (candidate: ArgumentCandidate | SlotCandidate) => {
      if (isAsyncFunctionExpression(candidate.value)) candidates.push(candidate);
      else if (ts.isIdentifier(candidate.value) && ctx.types.available) references.push(candidate);
    };
    const collectOverrides = (node: Node) => {
      const found = ctx.types.available ? overridingAsyncMembers(node) : undefined;
      if (found) overrides.push(found);
    };
    const collectArguments = (call: CallExpression | NewExpression, viaForEach: (index: number) => boolean) => {
      call.arguments?.forEach((argument, index) => {
        // forEach's callback is checked as written; other arguments through `?:` too.
        const values = viaForEach(index) ? [skipParens(argument)] : valuesOf(argument);
        for (const value of values) consider({ kind: 'argument', call, argument, value, viaForEach: viaForEach(index) });
      });
    };
    const collectSlot = (node: Node) => {
      if (!ctx.types.available) return;
      const found = slotOf(node, sf, isJavaScript);
      if (found) for (const value of valuesOf(found.value)) consider({ kind: 'slot', slot: found.slot, value });
    };

    return {
      visit: {
        [SyntaxKind.FunctionDeclaration]: (node) => {
          const name = (node as { name?: Identifier }).name;
          if (name && isAsyncFunctionDeclaration(node)) asyncNames.add(name.text);
        },
        [SyntaxKind.VariableDeclaration]: (node) => {
          const name = asyncConstName(node);
          if (name) asyncNames.add(name);
          collectSlot(node);
        },
        [SyntaxKind.CallExpression]: (node) => {
          const call = node as CallExpression;
          const isForEach = memberCall(call)?.name === 'forEach';
          collectArguments(call, (index) => isForEach && index === 0);
        },
        [SyntaxKind.NewExpression]: (node) => {
          if (!isPromiseConstructor(node as NewExpression)) collectArguments(node as NewExpression, () => false);
        },
        [SyntaxKind.JsxAttribute]: collectSlot,
        [SyntaxKind.PropertyAssignment]: collectSlot,
        [SyntaxKind.ShorthandPropertyAssignment]: collectSlot,
        [SyntaxKind.ReturnStatement]: collectSlot,
        [SyntaxKind.ArrowFunction]: collectSlot,
        [SyntaxKind.PropertyDeclaration]: collectSlot,
        [SyntaxKind.BinaryExpression]: collectSlot,
        [SyntaxKind.MethodDeclaration]: (node) => {
          const literal = node.parent;
          if (!ctx.types.available || !literal || !ts.isObjectLiteralExpression(literal) || !isAsyncMethod(node)) return;
          const name = nameText((node as { name?: Node }).name, sf);
          if (name) candidates.push({ kind: 'method', method: node, literal, name });
        },
        [SyntaxKind.ClassDeclaration]: collectOverrides,
        [SyntaxKind.ClassExpression]: collectOverrides,
      },
      finish() {
        const named = references.filter((r) => asyncNames.has((r.value as Identifier).text));
        const declarations = ctx.types.localDeclarationsOf(named.map((r) => r.value));
        named.forEach((r, i) => {
          const declaration = declarations[i];
          if (declaration && (isAsyncFunctionDeclaration(declaration) || isAsyncConstDeclaration(declaration))) candidates.push(r);
        });

        // One request for the callees' types. The overloads are checked first: cached per callee,
        // they settle most calls (every `it(...)` of a test file) without a contextual-type request.
        const plain = candidates.filter((c): c is ArgumentCandidate => c.kind === 'argument' && !c.viaForEach);
        const calleeTypes = new Map(ctx.types.typesOf(plain.map((c) => c.call.expression)).map((t, i) => [plain[i]!, t]));
        // `let onTick = () => {}; onTick = async () => ...`: a void inferred from a no-op first value is no contract.
        const assigned = candidates.flatMap((c) => (c.kind === 'slot' && c.slot.kind === 'variable' && c.slot.target ? [{ c, target: assignmentName(c.slot.target) }] : []));
        const untyped = new Set<Candidate>(ctx.types.writtenTypes(assigned.map((a) => a.target)).flatMap((written, i) => (written ? [] : [assigned[i]!.c])));
        const literalTypes = new Map<Node, Type | undefined>();
        /** Whether the position ignores the function's result (the contextual-type requests, candidates only). */
        const ignoresResult = (c: Candidate): boolean => {
          if (untyped.has(c)) return false;
          if (c.kind === 'method') {
            if (!literalTypes.has(c.literal)) literalTypes.set(c.literal, ctx.types.contextualTypeOf(c.literal));
            const container = literalTypes.get(c.literal);
            return container !== undefined && ctx.types.propertyReturnExpectation(container, c.name) === 'void';
          }
          if (c.kind === 'argument') {
            if (c.viaForEach) return ctx.types.callbackReturnExpectation(c.value) !== 'value';
            const calleeType = calleeTypes.get(c);
            const index = c.call.arguments!.indexOf(c.argument);
            if (calleeType && ctx.types.someOverloadUsesResult(calleeType, index, ts.isNewExpression(c.call))) return false;
          }
          return ctx.types.callbackReturnExpectation(c.value) === 'void';
        };
        const reported = candidates.filter(ignoresResult);

        const sites = reported.map((c) => (c.kind === 'argument' && c.viaForEach && ts.isCallExpression(c.call) ? forEachStatement(c.call) : undefined));
        const receivers = sites.filter((s) => s !== undefined).map((s) => s.receiver);
        const receiverTypes = new Map<Node, Type | undefined>();
        ctx.types.typesOf(receivers).forEach((t, i) => receiverTypes.set(receivers[i]!, t));
        reported.forEach((c, i) => {
          const site = sites[i];
          const receiverType = site ? receiverTypes.get(site.receiver) : undefined;
          ctx.report({
            ...functionHeadRange(c.kind === 'method' ? c.method : c.value, sf),
            message: message(c),
            fixes: site && receiverType ? forEachFixes(site, ctx.types.collectionKind(receiverType), sf) : [],
          });
        });
        reportOverrides();
      },
    };

    /** One request for every base type in the file, then a property lookup per async member. */
    function reportOverrides(): void {
      const bases = overrides.flatMap((o) => o.bases);
      const baseTypes = new Map(ctx.types.typesOf(bases).map((t, i) => [bases[i]!, t]));
      for (const { bases: own, members } of overrides) {
        for (const { member, name } of members) {
          const base = own.find((b) => {
            const type = baseTypes.get(b);
            return type !== undefined && ctx.types.propertyReturnExpectation(type, name) === 'void';
          });
          if (!base) continue;
          const baseName = nameText(base, sf) ?? 'the base type';
          ctx.report({ ...functionHeadRange(member, sf), message: overrideMessage(name, baseName), fixes: [] });
        }
      }
    }
  },
};
