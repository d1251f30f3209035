/**
 * async-callback: an async function handed to code that ignores the promise it returns —
 * `forEach` (recognised by name), or, type-aware, any position whose type is a function returning
 * `void`: call arguments, JSX attributes, object properties and methods, return values, annotated
 * variables and assignments, and methods overriding a base-class or interface method that returns
 * void (typescript-eslint's `checksVoidReturn` reach). `new Promise(async ...)` belongs to
 * async-promise-executor.
 */
import { isJavaScriptPath } from '../../core/files.ts';
import { NodeFlags, SyntaxKind, ts, type CallExpression, type Expression, type Identifier, type NewExpression, type Node } from '../../languages/typescript/ast.ts';
import type { Type } from '../../languages/typescript/typeFacts.ts';
import type { TsRule } from '../types.ts';
import { asyncConstName, functionHeadRange, isAsyncConstDeclaration, isAsyncMethod, nameText, overridingAsyncMembers, slotOf, valuesOf, type OverridingMember } from './support/callback-slots.ts';
import { IGNORED, message, overrideMessage, type ArgumentCandidate, type Candidate, type MethodCandidate, type SlotCandidate } from './support/callback-candidates.ts';
import { forEachFixes, forEachStatement } from './support/promise-foreach.ts';
import { bodyOf, cannotReject, delegatedCalls, hasOwnAwait, ownExpressionStatements } from './support/async-bodies.ts';
import { commaParts, typedNodesOf, verdictOf, type FloatingOptions } from './support/promise-floating.ts';
import { declaresReturnType, hasPromiseLikeReturn, mayReturnPromise } from './support/promise-returning.ts';
import { isAsyncFunctionDeclaration, isAsyncFunctionExpression, memberCall, skipParens } from './support/promise-syntax.ts';

interface Overrides {
  bases: Expression[];
  members: OverridingMember[];
}

/** floating-promise's defaults: what it reports when it is on. */
const FLOATING_DEFAULTS: FloatingOptions = { ignoreVoid: true, ignoreIIFE: false, thenables: false, safeCalls: [], safePromises: [] };

/** The node naming what an assignment writes: `x` of `x = ...`, the `onload` of `el.onload = ...`. */
function assignmentName(target: Expression): Node {
  const node = skipParens(target);
  return ts.isPropertyAccessExpression(node) ? node.name : node;
}

/** A method (not async, not a generator) with a `return` that may hand back a promise. */
function isPlainMethodReturningValue(node: Node): boolean {
  if (!ts.isMethodDeclaration(node) || isAsyncMethod(node) || node.asteriskToken || !node.body) return false;
  return declaresReturnType(node) || hasPromiseLikeReturn(node.body);
}

function isPromiseConstructor(call: NewExpression): boolean {
  const callee = skipParens(call.expression);
  return ts.isIdentifier(callee) && callee.text === 'Promise';
}

export const rule: TsRule = {
  // No keyword gate: a plain function returning a promise (`cb(() => Promise.resolve(x))`) needs no `async`.
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
        'function` or of a `const` holding an async function, declared in the same file), or, type-aware, any other ' +
        'function whose type returns a promise (`() => Promise.resolve(x)`, a method returning one, a function passed by ' +
        'name or member, `...callbacks` spread into a call), given where the promise it returns is ignored: passed to ' +
        '`.forEach(...)`; or placed where the type is a function returning `void` — a call argument (`emitter.on("x", ' +
        'async () => ...)`, `setTimeout(async () => ...)`, with explicit type arguments too), a JSX attribute (`onClick={async ' +
        '() => ...}`), an object property or method, a return value, a variable or assignment whose type is such a function ' +
        '(an index signature such as `Record<string, () => void>` included), and a class or interface member overriding a ' +
        'member of a base class or interface that returns `void` — methods, properties and auto-accessors, and also ' +
        'declarations without a body (abstract members, interface and type members that say `Promise<void>` where the base ' +
        'says `void`: decided so because callers through the base type ignore the promise whatever the implementation). ' +
        'A `[Symbol.dispose]` method returning a promise is reported where `using` (not `await using`) or a variable\'s ' +
        'declared type disposes synchronously. Both branches of `?:` are checked. Types that accept a promise (`() => void | ' +
        'Promise<void>`, `() => unknown`, any, a type parameter), type assertions, static members and callees with another ' +
        'overload whose callback may return a promise (mocha\'s `it`; an overload taking `() => number` does not count) are ' +
        'not reported, nor `Promise.prototype.finally(async () => ...)` (finally waits for its callback), nor `new ' +
        'Promise(async ...)` (see async-promise-executor). Decided: a body that cannot reject is not reported, since nothing ' +
        'is lost by dropping its promise — one that ends in a `try`/`catch` whose catch (and finally) never throws, after ' +
        'statements that neither await nor throw (guards such as `if (busy) return;`), or one whose work is calls of ' +
        'functions of the same file with such a body (`() => this.shutdown()`, `async () => { await this.refresh(); }`) — ' +
        'except for `forEach`, whose caller still runs on before the callbacks finish. An async function that never awaits but ' +
        'leaves a promise floating in its body (`setTimeout(async () => { this.job(); })`) is left to floating-promise, ' +
        'which reports that statement: one finding per problem. The `forEach` case is recognised by name and reported even ' +
        'without type information, unless the types show that this `forEach` accepts promise-returning callbacks (as Node ' +
        'streams\' `forEach` does); the others need type information.',
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
    /** `using r = { async [Symbol.dispose]() {} }`, and annotated variables whose type disposes synchronously. */
    const disposables: { initializer: Expression; annotated: Node | undefined; using: boolean }[] = [];
    const collectDisposable = (node: Node) => {
      if (!ctx.types.available || !ts.isVariableDeclaration(node) || !node.initializer) return;
      const flags = node.parent?.flags ?? 0;
      // `await using` awaits what its dispose method returns: only plain `using` ignores it.
      const using = (flags & NodeFlags.AwaitUsing) === NodeFlags.Using;
      if (using || node.type) disposables.push({ initializer: node.initializer, annotated: node.type ? node.name : undefined, using });
    };

    /** Not async, yet maybe returning a promise: their types decide, in one request. */
    const typed: (ArgumentCandidate | SlotCandidate | MethodCandidate)[] = [];
    const consider = (candidate: ArgumentCandidate | SlotCandidate) => {
      const value = candidate.value;
      if (isAsyncFunctionExpression(value)) candidates.push(candidate);
      else if (!ctx.types.available) return;
      else if (ts.isIdentifier(value)) references.push(candidate);
      else if (mayReturnPromise(value) && (candidate.kind === 'argument' || !ts.isSpreadElement(value))) typed.push(candidate);
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
          collectDisposable(node);
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
          if (!ctx.types.available || !literal || !ts.isObjectLiteralExpression(literal)) return;
          const name = nameText((node as { name?: Node }).name, sf);
          if (!name) return;
          if (isAsyncMethod(node)) candidates.push({ kind: 'method', method: node, literal, name });
          else if (isPlainMethodReturningValue(node)) typed.push({ kind: 'method', method: node, literal, name, promiseReturning: true });
        },
        [SyntaxKind.ClassDeclaration]: collectOverrides,
        [SyntaxKind.ClassExpression]: collectOverrides,
        [SyntaxKind.InterfaceDeclaration]: collectOverrides,
      },
      finish() {
        const named = references.filter((r) => asyncNames.has((r.value as Identifier).text));
        const declarations = ctx.types.localDeclarationsOf(named.map((r) => r.value));
        const local = new Set<Candidate>();
        named.forEach((r, i) => {
          const declaration = declarations[i];
          if (declaration && (isAsyncFunctionDeclaration(declaration) || isAsyncConstDeclaration(declaration))) local.add(r);
        });
        candidates.push(...local);
        typed.push(...references.filter((r) => !local.has(r)));
        // One request for the types of the plain candidates: only those that return a promise go on.
        const typedValues = typed.map((c) => (c.kind === 'method' ? (c.method as unknown as { name: Node }).name : c.value));
        ctx.types.typesOf(typedValues).forEach((type, i) => {
          if (type && ctx.types.returnsThenable(type)) candidates.push({ ...typed[i]!, promiseReturning: true });
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
            const construct = ts.isNewExpression(c.call);
            // `p.finally(async () => ...)` waits for the callback's promise (and passes on its rejection).
            if (calleeType && ctx.types.libNameOf(calleeType) === 'finally') return false;
            if (calleeType && ctx.types.someOverloadUsesResult(calleeType, index, construct)) return false;
            // A spread has no contextual function type: the parameters it lands on decide (`...fns: Array<() => void>`).
            if (ts.isSpreadElement(c.value)) return calleeType !== undefined && ctx.types.parameterReturnExpectation(calleeType, index, construct) === 'void';
          }
          return ctx.types.callbackReturnExpectation(c.value) === 'void';
        };
        const reported = withoutOtherFindings(candidates.filter(ignoresResult));

        // The loop rewrites await the callback's body: they are for async callbacks only.
        const sites = reported.map((c) => (c.kind === 'argument' && c.viaForEach && !c.promiseReturning && ts.isCallExpression(c.call) ? forEachStatement(c.call) : undefined));
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
        reportDisposables();
      },
    };

    /**
     * Leaves out functions whose dropped promise loses nothing or is another rule's finding:
     * a body that cannot reject (one try/catch that never throws), except for forEach, whose
     * caller still runs on before the callbacks finish; and an async function that never awaits
     * but leaves a promise floating in its body (`setTimeout(async () => { this.job(); })`):
     * floating-promise reports that statement, the one thing to mend.
     */
    function withoutOtherFindings(found: Candidate[]): Candidate[] {
      const calleeNameNode = (call: CallExpression): Node | undefined => {
        const callee = skipParens(call.expression);
        return ts.isIdentifier(callee) ? callee : ts.isPropertyAccessExpression(callee) ? callee.name : undefined;
      };
      const fnOf = (c: Candidate): Node | undefined => (c.kind === 'method' ? c.method : ts.isIdentifier(c.value) || ts.isSpreadElement(c.value) ? undefined : c.value);
      const notForEach = (c: Candidate) => !(c.kind === 'argument' && c.viaForEach);
      let kept = found.filter((c) => {
        const fn = fnOf(c);
        return !(fn && notForEach(c) && cannotReject(bodyOf(fn)));
      });
      // `() => this.shutdown()`, `async () => { await this.refresh(); }`: the work is done by
      // functions of this file that cannot reject themselves.
      const delegating = kept.flatMap((c) => {
        const fn = fnOf(c);
        const calls = fn && notForEach(c) ? delegatedCalls(fn) : undefined;
        return calls ? [{ c, calls }] : [];
      });
      if (delegating.length > 0) {
        const callees = delegating.flatMap((d) => d.calls.map((call) => calleeNameNode(call)));
        const declarations = ctx.types.localDeclarationsOf(callees.filter((n): n is Node => n !== undefined));
        const byName = new Map<Node, Node | undefined>();
        callees.filter((n): n is Node => n !== undefined).forEach((n, i) => byName.set(n, declarations[i]));
        const safe = new Set(
          delegating
            .filter((d) =>
              d.calls.every((call) => {
                const name = calleeNameNode(call);
                const declaration = name && byName.get(name);
                return declaration !== undefined && cannotReject(bodyOf(declaration));
              }),
            )
            .map((d) => d.c),
        );
        kept = kept.filter((c) => !safe.has(c));
      }
      const awaitless = kept.filter((c) => {
        const body = fnOf(c) && !c.promiseReturning ? bodyOf(fnOf(c)!) : undefined;
        return body !== undefined && ts.isBlock(body) && !hasOwnAwait(body);
      });
      if (awaitless.length === 0) return kept;
      const parts = new Map(awaitless.map((c) => [c, ownExpressionStatements(bodyOf(fnOf(c)!)!).flatMap(commaParts)]));
      const typedNodes: Node[] = [];
      for (const list of parts.values()) for (const part of list) typedNodesOf(part, FLOATING_DEFAULTS, typedNodes);
      const unique = [...new Set(typedNodes)];
      const types = new Map(ctx.types.typesOf(unique).map((t, i) => [unique[i]!, t]));
      const yields = new Set(awaitless.filter((c) => parts.get(c)!.some((part) => verdictOf(part, FLOATING_DEFAULTS, (n) => types.get(n), ctx.types).floating)));
      return kept.filter((c) => !yields.has(c));
    }

    /** A dispose method returning a promise where `using`, or the variable's declared type, disposes synchronously. */
    function reportDisposables(): void {
      if (disposables.length === 0) return;
      const initializerTypes = ctx.types.typesOf(disposables.map((d) => d.initializer));
      const thenable = disposables.filter((_, i) => initializerTypes[i] !== undefined && ctx.types.disposeReturns(initializerTypes[i]!) === 'thenable');
      const annotated = thenable.filter((d) => !d.using);
      const declaredTypes = new Map(ctx.types.typesOf(annotated.map((d) => d.annotated!)).map((t, i) => [annotated[i]!, t]));
      for (const d of thenable) {
        const declared = declaredTypes.get(d);
        if (!d.using && !(declared && ctx.types.disposeReturns(declared) === 'void')) continue;
        ctx.report({
          start: d.initializer.getStart(sf),
          end: d.initializer.end,
          message: `This value's [Symbol.dispose] returns a promise, but ${d.using ? '`using` disposes synchronously (use `await using` and [Symbol.asyncDispose])' : 'the declared type disposes synchronously'}: ${IGNORED}`,
          fixes: [],
        });
      }
    }

    /** One request for every base type in the file, then a property lookup per async member. */
    function reportOverrides(): void {
      const bases = overrides.flatMap((o) => o.bases);
      const baseTypes = new Map(ctx.types.typesOf(bases).map((t, i) => [bases[i]!, t]));
      // Declarations and plain functions: only those whose type returns a promise.
      const plain = overrides.flatMap((o) => o.members.filter((m) => m.plain));
      const plainTypes = ctx.types.typesOf(plain.map((m) => (m.member as unknown as { name: Node }).name));
      const promiseReturning = new Set(plain.filter((_, i) => plainTypes[i] !== undefined && ctx.types.returnsThenable(plainTypes[i]!)));
      for (const { bases: own, members } of overrides) {
        for (const overriding of members) {
          const { member, name } = overriding;
          if (overriding.plain && !promiseReturning.has(overriding)) continue;
          const base = own.find((b) => {
            const type = baseTypes.get(b);
            return type !== undefined && ctx.types.propertyReturnExpectation(type, name) === 'void';
          });
          if (!base) continue;
          const baseName = nameText(base, sf) ?? 'the base type';
          ctx.report({ ...functionHeadRange(member, sf), message: overrideMessage(name, baseName, overriding.plain), fixes: [] });
        }
      }
    }
  },
};
