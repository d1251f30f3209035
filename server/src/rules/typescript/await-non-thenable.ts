/**
 * await-non-thenable: `await` of a value whose type can never be a promise or other thenable
 * (typescript-eslint's await-thenable). Type-aware: without type information it reports nothing.
 */
import type { Fix } from '../../core/types.ts';
import { SyntaxKind, type AwaitExpression, type Node, type SourceFile } from '../../languages/typescript/ast.ts';
import type { TsRule, TsRuleContext } from '../types.ts';
import { isDeliberateYield, isPlainRead, removeAwaitEdits } from './support/await-removal.ts';
import { skipParens } from './support/promise-syntax.ts';

/** Longer printed types are left out of the message. */
const MAX_TYPE_IN_MESSAGE = 40;

function named(typeText: string): string {
  return typeText.length <= MAX_TYPE_IN_MESSAGE && typeText !== '?' ? ` (${typeText})` : '';
}

/** `await Promise.all(xs)`: waits for every promise of the array, in order, rejecting with the first rejection. */
function awaitAllFix(node: AwaitExpression, sourceFile: SourceFile): Fix {
  const operand = node.expression;
  const start = operand.getStart(sourceFile);
  return {
    title: 'Await all the promises with Promise.all',
    applicability: 'unsafe',
    edits: [
      { start, end: start, newText: 'Promise.all(' },
      { start: operand.end, end: operand.end, newText: ')' },
    ],
  };
}

function removeAwaitFix(node: AwaitExpression, ctx: TsRuleContext): Fix[] {
  const edits = removeAwaitEdits(node, ctx.sourceFile);
  if (!edits) return [];
  return [{ title: 'Remove the unneeded `await`', applicability: isPlainRead(node.expression) ? 'safe' : 'unsafe', edits }];
}

export const rule: TsRule = {
  // Every finding is an `await`.
  requiresText: 'await',
  meta: {
    id: 'await-non-thenable',
    languages: ['typescript'],
    defaultSeverity: 'warning',
    typeAware: true,
    hasFix: true,
    defaultOptions: {},
    docs: {
      summary: '`await` of a value that is never a promise.',
      what:
        'Reports `await x` when no member of the type of `x` can be a promise or another thenable (an object whose `then` ' +
        'method takes callbacks): numbers, strings, plain objects, arrays, functions. Types that might hold a promise are ' +
        'left alone: any, unknown, `{}`, `object`, type parameters without a promise-free constraint, unions with a ' +
        'promise (`T | Promise<T>`), `void` (a function typed to return void may return a promise at run time) and ' +
        '`never`. An awaited array of promises is reported with a hint to `Promise.all`. A statement that awaits a literal (`await null;`, `await 0;`, `await undefined;`) is a deliberate pause ' +
        'until the next microtask and is not reported. Awaiting a function is reported with a hint to call it. `for await` ' +
        'loops and `await using` declarations are not checked. It needs type information: without it nothing is reported.',
      why:
        '`await` on a value that is not a thenable returns the value itself, one microtask later. The `await` is either ' +
        'useless (the code reads as if something asynchronous happened) or hides a bug: the function that was meant to be ' +
        'awaited was not called (`await load` instead of `await load()`), or it does not return a promise (a callback-style ' +
        'API, a synchronous function, a missing `return` in a `.then` chain).',
      useInstead:
        'Remove the `await`; or call the function (`await load()`); or make the awaited function return its promise. To ' +
        'yield to other work on purpose, write it so it says so: `await null;` as a statement, or `await new Promise((r) => ' +
        'setImmediate(r))` for the event loop.',
      fixSafety:
        'The fix removes the `await` keyword (keeping the operand, its comments and what it binds to: `(await x).y` becomes ' +
        '`(x).y`; where the operand would begin a statement or an arrow body as a block or a declaration it is put in ' +
        'parentheses; where a statement starting with `(` or `[` would join the previous line there is no fix). Removing ' +
        'it means the code after it no longer waits for one microtask. It is safe when the operand is a plain read — a ' +
        'name, `this`, a literal, or property reads of those — since evaluating it starts no work that might rely on the ' +
        'pause; for anything else (a call, `new`, an operator) it is unsafe: the call may have queued work that the code ' +
        'after it expected to have run, which the pause allowed. A function operand gets no fix: it was most likely ' +
        'meant to be called. An array of promises gets the unsafe fix `await Promise.all(xs)`: it now waits for every ' +
        'promise and rejects with the first rejection (the array was awaited for nothing before, so its rejections went ' +
        'unhandled).',
      examples: [
        {
          language: 'typescript',
          bad: [
            'function readConfig(): { port: number } {',
            '  return { port: 8080 };',
            '}',
            '',
            'export async function start(): Promise<number> {',
            '  const config = await readConfig();',
            '  return config.port;',
            '}',
            '',
          ].join('\n'),
          good: [
            'function readConfig(): { port: number } {',
            '  return { port: 8080 };',
            '}',
            '',
            'export async function start(): Promise<number> {',
            '  const config = readConfig();',
            '  return config.port;',
            '}',
            '',
          ].join('\n'),
        },
      ],
    },
  },
  create(ctx) {
    if (!ctx.types.available) return {};
    const candidates: AwaitExpression[] = [];
    return {
      visit: {
        [SyntaxKind.AwaitExpression]: (node: Node) => {
          const awaited = node as AwaitExpression;
          // `await await x`: what an await produces is never a thenable, whatever its type says, so
          // the outer await is reported without a type query (one per level is quadratic in tsgo
          // on deep chains); only the innermost await's operand is typed.
          if (skipParens(awaited.expression).kind === SyntaxKind.AwaitExpression) {
            const message = 'This awaits the result of another `await`, which is never a promise, so it only delays the code after it by a microtask.';
            ctx.report({ start: awaited.getStart(ctx.sourceFile), end: awaited.end, message, fixes: removeAwaitFix(awaited, ctx) });
            return;
          }
          if (!isDeliberateYield(awaited)) candidates.push(awaited);
        },
      },
      finish() {
        if (candidates.length === 0) return;
        const types = ctx.types.typesOf(candidates.map((c) => c.expression));
        candidates.forEach((node, i) => {
          const type = types[i];
          if (!type || ctx.types.thenability(type) !== 'never') return;
          const typeText = named(ctx.types.typeToString(type));
          const range = { start: node.getStart(ctx.sourceFile), end: node.end };
          if (ctx.types.isArrayOfPromises(type, { thenables: true })) {
            const fixes = ctx.types.collectionKind(type) === 'array' ? [awaitAllFix(node, ctx.sourceFile)] : [];
            ctx.report({ ...range, message: `This awaits an array of promises${typeText}, which does not wait for them: use \`await Promise.all(...)\`.`, fixes });
          } else if (ctx.types.isCallable(type) === 'yes') {
            ctx.report({ ...range, message: `This awaits a function${typeText}, not a promise: did you mean to call it?`, fixes: [] });
          } else {
            const message = `This value${typeText} is never a promise, so \`await\` only delays the code after it by a microtask.`;
            ctx.report({ ...range, message, fixes: removeAwaitFix(node, ctx) });
          }
        });
      },
    };
  },
};
