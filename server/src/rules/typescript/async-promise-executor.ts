/**
 * async-promise-executor: `new Promise(async (resolve, reject) => ...)` — an async function as the
 * executor of a Promise (ESLint's no-async-promise-executor). Syntax only: it needs no types.
 */
import { SyntaxKind, ts, type NewExpression } from '../../languages/typescript/ast.ts';
import type { TsRule } from '../types.ts';
import { functionHeadRange } from './support/callback-slots.ts';
import { isAsyncFunctionExpression, skipParens } from './support/promise-syntax.ts';

const MESSAGE =
  'Async function used as a Promise executor: if it throws, the error rejects a promise nobody holds (an unhandled rejection) instead of this one, which may then never settle.';

export const rule: TsRule = {
  // The executor is an async function.
  requiresText: 'async',
  meta: {
    id: 'async-promise-executor',
    languages: ['typescript'],
    defaultSeverity: 'error',
    typeAware: false,
    hasFix: false,
    defaultOptions: {},
    docs: {
      summary: 'An async function is the executor of `new Promise(...)`.',
      what:
        'Reports `new Promise(async (resolve, reject) => { ... })` and `new Promise(async function (resolve, reject) ' +
        '{ ... })`, also in parentheses. It is recognised by syntax (a `new` of the name `Promise`) and needs no type ' +
        'information. An async function passed to anything else that expects a void callback is async-callback\'s.',
      why:
        'The Promise constructor calls the executor and ignores what it returns, so the promise of an async executor is ' +
        'dropped. An error thrown inside it — after an `await`, or before, since an async function turns every throw into ' +
        'a rejection — does not reject the new promise: it becomes an unhandled rejection (which exits Node since ' +
        'version 15), and the new promise stays pending forever unless `resolve`/`reject` was already called. And an ' +
        'executor that needs `await` is usually wrapping a promise that could be used directly.',
      useInstead:
        'Use the promise you are awaiting directly, or an async function instead of the constructor: `async function ' +
        'load() { const data = await read(); return parse(data); }`. When a callback API must be wrapped, keep the ' +
        'executor synchronous and do the async work outside it: `const raw = await new Promise((resolve, reject) => ' +
        'stream.once("end", resolve).once("error", reject));`.',
      fixSafety:
        'There is no fix: a correct rewrite depends on what the executor does (return the awaited promise, move the ' +
        'awaits out of the executor, or add a `try`/`catch` that calls `reject`), which a tool cannot choose.',
      examples: [
        {
          language: 'typescript',
          bad: [
            'declare function readFile(path: string): Promise<string>;',
            '',
            'export function readJson(path: string): Promise<unknown> {',
            '  return new Promise(async (resolve) => {',
            '    const text = await readFile(path);',
            '    resolve(JSON.parse(text));',
            '  });',
            '}',
            '',
          ].join('\n'),
          good: [
            'declare function readFile(path: string): Promise<string>;',
            '',
            'export async function readJson(path: string): Promise<unknown> {',
            '  const text = await readFile(path);',
            '  return JSON.parse(text);',
            '}',
            '',
          ].join('\n'),
        },
      ],
    },
  },
  create(ctx) {
    return {
      visit: {
        [SyntaxKind.NewExpression]: (node) => {
          const call = node as NewExpression;
          const callee = skipParens(call.expression);
          const executor = call.arguments?.[0];
          if (!ts.isIdentifier(callee) || callee.text !== 'Promise' || !executor) return;
          const fn = skipParens(executor);
          if (isAsyncFunctionExpression(fn)) ctx.report({ ...functionHeadRange(fn, ctx.sourceFile), message: MESSAGE, fixes: [] });
        },
      },
    };
  },
};
