/**
 * floating-promise: a promise-valued expression statement that nothing awaits, returns, `void`s or
 * gives a rejection handler (typescript-eslint's `no-floating-promises` semantics). Type-aware:
 * without type information it reports nothing.
 */
import type { Fix } from '../../core/types.ts';
import { SyntaxKind, ts, type ArrowFunction, type CallExpression, type Expression, type ExpressionStatement, type Node, type SourceFile, type VoidExpression } from '../../languages/typescript/ast.ts';
import type { Type } from '../../languages/typescript/typeFacts.ts';
import type { TsRule, TsRuleContext } from '../types.ts';
import { awaitAllFix, awaitFix, catchAllFix, catchFix, voidFix } from './support/promise-fixes.ts';
import { commaParts, isIife, parseSafeCalls, typedNodesOf, verdictOf, type Floating, type FloatingOptions } from './support/promise-floating.ts';
import { isInAsyncFunction, skipParens } from './support/promise-syntax.ts';

/** Longer printed types are left out of the message. */
const MAX_TYPE_IN_MESSAGE = 40;

function optionsOf(ctx: TsRuleContext): FloatingOptions {
  const o = ctx.options;
  return {
    ignoreVoid: o.ignoreVoid !== false,
    ignoreIIFE: o.ignoreIIFE === true,
    thenables: o.checkThenables === true,
    safeCalls: parseSafeCalls(o.allowForKnownSafeCalls),
    safePromises: parseSafeCalls(o.allowForKnownSafePromises),
  };
}

function message(verdict: Floating, typeText: string, options: FloatingOptions): string {
  const named = typeText.length <= MAX_TYPE_IN_MESSAGE && typeText !== '?' ? ` (${typeText})` : '';
  switch (verdict.reason) {
    case 'array':
      return `This array of promises${named} is not handled: await it with Promise.all(...) or give each promise a rejection handler.`;
    case 'handlerNotFunction':
      return `This promise${named} has a rejection handler that is not a function, so a rejection would go unhandled.`;
    case 'unhandled':
      return `This promise${named} is not awaited, returned${options.ignoreVoid ? ', voided' : ''} or given a rejection handler, so a rejection would go unhandled.`;
  }
}

/** In order of preference: `await` (async code only), a logging `.catch`, then `void` (which only silences it). */
function fixesFor(ctx: TsRuleContext, node: Expression, verdict: Floating, type: Type, options: FloatingOptions): Fix[] {
  const sf = ctx.sourceFile;
  const inAsync = isInAsyncFunction(node);
  const target = verdict.typeNode;
  const fixes: (Fix | undefined)[] = [];
  if (verdict.reason === 'array') {
    // Promise.all needs an iterable: a union such as `Promise<void>[] | undefined` gets no fix.
    if (ctx.types.collectionKind(type) === 'array') fixes.push(inAsync ? awaitAllFix(target, sf) : undefined, catchAllFix(target, sf));
  } else if (ts.isVoidExpression(node)) {
    // Reported only when `ignoreVoid` is off: `void p` becomes `await p`, or `void p.catch(...)`.
    if (inAsync) fixes.push(replaceVoidWithAwait(node, sf));
  } else if (inAsync) {
    fixes.push(awaitFix(target, sf));
  }
  // `.catch` exists on built-in promises; a union with undefined or a bare thenable may lack it.
  // It comes before `void`: it handles the rejection, where `void` only silences the finding.
  if (verdict.reason !== 'array' && ctx.types.promiseKindOfType(type, { thenables: false }) === 'promise') fixes.push(catchFix(target, sf));
  if (verdict.reason !== 'array' && !ts.isVoidExpression(node) && options.ignoreVoid) fixes.push(voidFix(target, sf));
  return fixes.filter((f): f is Fix => f !== undefined);
}

function replaceVoidWithAwait(node: VoidExpression, sf: SourceFile): Fix {
  return { title: 'Await the promise', applicability: 'unsafe', edits: [{ start: node.getStart(sf), end: node.expression.getStart(sf), newText: 'await ' }] };
}

export const rule: TsRule = {
  meta: {
    id: 'floating-promise',
    languages: ['typescript'],
    defaultSeverity: 'error',
    typeAware: true,
    hasFix: true,
    defaultOptions: { ignoreVoid: true, ignoreIIFE: false, checkThenables: false, allowForKnownSafeCalls: [], allowForKnownSafePromises: [] },
    docs: {
      summary: 'A promise is created and dropped: nothing awaits it or handles its rejection.',
      what:
        'Reports an expression statement whose value is a promise (or a union with one, or an array of promises) that is not ' +
        'awaited, returned, marked with `void`, or given a rejection handler (`.catch(fn)` or `.then(onFulfilled, fn)`). ' +
        '`.then(fn)` alone does not handle rejections; `.finally(fn)` passes them on, so `p.finally(fn)` is as floating as `p`; ' +
        'each branch of `?:`, `&&`, `||` and `??` and each part of a comma expression is checked; assignments are not reported. ' +
        'It needs type information: without it, or when a type is `any`, nothing is reported. Options: `ignoreVoid` (default ' +
        'true: `void p` counts as handled), `ignoreIIFE` (default false: `(async () => { ... })();` is reported), `checkThenables` ' +
        '(default false: only the built-in Promise and classes extending it; true: any object with a callable `then`), ' +
        '`allowForKnownSafeCalls` (calls never reported, by function name or `{ "from": "file" | "lib" | "package", "name": ..., ' +
        '"package": ... }`), `allowForKnownSafePromises` (promise types never reported, by type or type-alias name or the same ' +
        'specifiers; an intersection matches when one of its parts does, a union when every member does). Both take ' +
        'typescript-eslint\'s specifiers; the `path` of a `file` specifier is accepted but not checked (any file of the project ' +
        'matches). An `await` expression is never floating (TypeScript types `await` of `Promise<T> & U` as the intersection), ' +
        'but an awaited array of promises is, since `await` does not wait for its elements. A spread at or before the ' +
        'rejection handler\'s slot (`p.then(...[], onRejected)`) moves the handler: no handler is counted. With `ignoreVoid` ' +
        'off, `() => void p` is reported too. Unlike typescript-eslint, a known-safe call stays safe through `.finally(fn)`, ' +
        'which only passes its settlement on.',
      why:
        'Nothing waits for a floating promise: the code after it runs before its work is done (a write not yet written, a ' +
        'request not yet answered), and the function returns while it still runs. If it rejects, nobody sees the error where ' +
        'it happened: Node reports an unhandled rejection and, since Node 15, exits the process.',
      useInstead:
        'In async code, `await` the promise (or `return` it). Where nothing can wait for it, handle its rejection with ' +
        '`.catch(...)`, or mark it as deliberately not awaited with `void` — `void` documents the intent but does not handle ' +
        'the rejection. For an array of promises, `await Promise.all(promises)`.',
      fixSafety:
        'Every fix is unsafe. `await` (offered only inside an async function) makes the function wait, so later statements run ' +
        'after the work instead of during it, and a rejection now propagates to the caller. `void` changes nothing at run time, ' +
        'which is exactly why it is not applied automatically: it silences the report without handling the rejection, so ' +
        '`--fix` must not hide bugs with it. `.catch((error) => { console.error(error); })` turns a crash into a logged error ' +
        'and continues. For arrays, `await Promise.all(...)` waits for all of them and rejects with the first rejection.',
      examples: [
        {
          language: 'typescript',
          bad: [
            'async function save(data: string): Promise<void> {',
            '  await Promise.resolve(data);',
            '}',
            '',
            'export async function onSubmit(data: string): Promise<void> {',
            '  save(data);',
            '}',
            '',
          ].join('\n'),
          good: [
            'async function save(data: string): Promise<void> {',
            '  await Promise.resolve(data);',
            '}',
            '',
            'export async function onSubmit(data: string): Promise<void> {',
            '  await save(data);',
            '}',
            '',
          ].join('\n'),
        },
      ],
    },
  },
  create(ctx) {
    if (!ctx.types.available) return {};
    const options = optionsOf(ctx);
    let candidates: Expression[] = [];
    return {
      visit: {
        // `() => void p`: with ignoreVoid off, a voided promise is floating in an arrow's body too.
        [SyntaxKind.ArrowFunction]: (node) => {
          const body = (node as ArrowFunction).body;
          if (!options.ignoreVoid && ts.isVoidExpression(body)) candidates.push(body);
        },
        [SyntaxKind.ExpressionStatement]: (node) => {
          for (const part of commaParts((node as ExpressionStatement).expression)) {
            if (options.ignoreIIFE && isIife(part)) continue;
            candidates.push(part);
          }
        },
      },
      finish() {
        if (candidates.length === 0) return;
        // Most statements are calls whose callee cannot return a promise: settle those from the
        // callee's signatures, and ask for the (costly) types of the calls only for the rest.
        const calls = candidates.flatMap((part) => {
          const node = skipParens(part);
          return ts.isCallExpression(node) ? [node as unknown as CallExpression] : [];
        });
        const mayBePromises = ctx.types.callsMayReturnPromises(calls, options);
        const settled = new Set<Node>(calls.filter((_, i) => !mayBePromises[i]));
        candidates = candidates.filter((part) => !settled.has(skipParens(part)));
        const typed: Node[] = [];
        for (const part of candidates) typedNodesOf(part, options, typed);
        const unique = [...new Set(typed)];
        const types = ctx.types.typesOf(unique);
        const typeByNode = new Map(unique.map((n, i) => [n, types[i]]));
        const typeOf = (n: Node) => typeByNode.get(n);
        for (const node of candidates) {
          const verdict = verdictOf(node, options, typeOf, ctx.types);
          if (!verdict.floating) continue;
          const type = typeOf(verdict.typeNode);
          if (!type) continue;
          ctx.report({
            start: node.getStart(ctx.sourceFile),
            end: node.end,
            message: message(verdict, ctx.types.typeToString(type), options),
            fixes: fixesFor(ctx, node, verdict, type, options),
          });
        }
      },
    };
  },
};
