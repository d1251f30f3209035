/**
 * return-await-in-try: `return promise` without `await` where an error handler of the same async
 * function is meant to cover it — in a `try` block (its `catch` never sees the rejection, its
 * `finally` runs before the promise settles), in a `catch` that has a `finally`, or after a
 * `using` declaration (its resource is disposed of before the promise settles). Type-aware:
 * without type information it reports nothing.
 */
import { ModifierFlags, NodeFlags, SyntaxKind, ts, type Expression, type Node, type ReturnStatement } from '../../languages/typescript/ast.ts';
import type { TsRule } from '../types.ts';
import { awaitFix } from './support/promise-fixes.ts';
import { isFunctionBoundary } from '../../languages/typescript/walk.ts';
import { skipParens } from './support/promise-syntax.ts';

/** The handler a returned promise escapes from, innermost first. */
type Escape = 'catch' | 'finally' | 'catchFinally' | 'using';

interface Candidate {
  /** The returned expression, or one branch of a returned `?:`. */
  value: Expression;
  escape: Escape;
}

const CONSEQUENCES: Record<Escape, string> = {
  catch: 'inside `try`: if it rejects, the `catch` below never sees the error, which goes to the caller instead.',
  finally: 'inside `try`: the `finally` block runs before the promise settles, not after.',
  catchFinally: 'inside a `catch` that has a `finally`: the `finally` block runs before the promise settles, not after.',
  using: 'after a `using` declaration: the resource is disposed of before the promise settles, not after.',
};

function message(escape: Escape, certain: boolean): string {
  return `${certain ? 'This promise' : 'This value, which may be a promise,'} is returned without \`await\` ${CONSEQUENCES[escape]}`;
}

/**
 * The innermost handler a `return` at `node` is inside, when the nearest enclosing function is
 * async and not a generator (an async generator's `return` awaits its operand by itself).
 */
function escapeOf(node: Node): Escape | undefined {
  let escape: Escape | undefined;
  for (let child: Node = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (isFunctionBoundary(parent)) {
      const flags = (parent as { modifierFlags?: ModifierFlags }).modifierFlags ?? 0;
      const generator = (parent as { asteriskToken?: Node }).asteriskToken !== undefined;
      return flags & ModifierFlags.Async && !generator ? escape : undefined;
    }
    if (escape) continue;
    // `using r = ...` disposes of `r` when its block exits, as a `finally` would.
    if (followsUsing(parent, child)) escape = 'using';
    if (escape || !ts.isTryStatement(parent)) continue;
    if (child === parent.tryBlock) escape = parent.catchClause ? 'catch' : 'finally';
    else if (child === parent.catchClause && parent.finallyBlock) escape = 'catchFinally';
  }
  return undefined;
}

/** Whether `child`, a statement of the block `parent`, comes after a `using` or `await using` declaration there. */
function followsUsing(parent: Node, child: Node): boolean {
  const statements = (parent as { statements?: readonly Node[] }).statements;
  if (!statements) return false;
  for (const statement of statements) {
    if (statement === child) return false;
    if (ts.isVariableStatement(statement) && statement.declarationList.flags & NodeFlags.Using) return true;
  }
  return false;
}

/** The expressions a `return` hands back: itself, or each branch of a `?:`; already awaited ones are not candidates. */
function returnedValues(expression: Expression): Expression[] {
  const value = skipParens(expression);
  if (ts.isConditionalExpression(value)) return [...returnedValues(value.whenTrue), ...returnedValues(value.whenFalse)];
  return ts.isAwaitExpression(value) ? [] : [value];
}

/** Kinds that never produce a promise, so they need no type request. */
const NEVER_A_PROMISE = new Set<SyntaxKind>([
  SyntaxKind.NumericLiteral,
  SyntaxKind.StringLiteral,
  SyntaxKind.NoSubstitutionTemplateLiteral,
  SyntaxKind.TemplateExpression,
  SyntaxKind.TrueKeyword,
  SyntaxKind.FalseKeyword,
  SyntaxKind.NullKeyword,
  SyntaxKind.ArrayLiteralExpression,
  SyntaxKind.ObjectLiteralExpression,
  SyntaxKind.ArrowFunction,
  SyntaxKind.FunctionExpression,
  SyntaxKind.PrefixUnaryExpression,
  SyntaxKind.TypeOfExpression,
  SyntaxKind.VoidExpression,
]);

export const rule: TsRule = {
  // Only returns in an async function are reported.
  requiresText: 'async',
  meta: {
    id: 'return-await-in-try',
    languages: ['typescript'],
    defaultSeverity: 'error',
    typeAware: true,
    hasFix: true,
    defaultOptions: {},
    docs: {
      summary: 'A promise is returned without `await` inside `try`, so the `catch` never sees its rejection.',
      what:
        'Reports `return promise` (without `await`) in an async function or async arrow, where the promise escapes an ' +
        'error handler of that function: inside a `try` block (with a `catch` or a `finally`), or inside a `catch` block ' +
        'whose `try` has a `finally`, or after a `using` / `await using` declaration in the same or an enclosing block ' +
        '(which disposes of its resource when the block exits, as a `finally` would). Each branch of a returned `?:` is checked on its own. Only when the returned value ' +
        'is a promise or another thenable (or a union with one); any and unknown are not reported. A `return` in a ' +
        'nested non-async function, in an async generator (whose `return` awaits by itself) or in a `finally` block ' +
        '(nothing of that `try` is left to run) is not reported. It needs type information: without it nothing is reported.',
      why:
        'An async function that returns a promise hands it to its caller unsettled: the function\'s `try` is already ' +
        'over by the time the promise rejects. So the `catch` block that looks like it handles the failure never runs — ' +
        'the rejection goes straight to the caller — and a `finally` block (releasing a lock, closing a connection, ' +
        'stopping a timer) runs while the work is still in progress. `return await promise` keeps the function inside ' +
        'the `try` until the promise settles.',
      useInstead:
        'Write `return await promise` inside `try` and inside a `catch` that has a `finally`. Outside `try`, plain ' +
        '`return promise` is fine.',
      fixSafety:
        'The fix, `return await ...`, is unsafe. It is what the code means, but it changes behaviour: a rejection is now ' +
        'handled by the `catch` block (which may log it, retry, or return a fallback value instead of rejecting), and the ' +
        '`finally` block now runs after the promise settles instead of before. Both are usually the bug being fixed, but ' +
        'the caller sees a different result for a failing call, so it is applied only with `--unsafe-fixes` (typescript-' +
        'eslint\'s return-await likewise only suggests it there).',
      examples: [
        {
          language: 'typescript',
          bad: [
            'declare function fetchUser(id: string): Promise<string>;',
            '',
            'export async function userName(id: string): Promise<string> {',
            '  try {',
            '    return fetchUser(id);',
            '  } catch {',
            '    return "unknown";',
            '  }',
            '}',
            '',
          ].join('\n'),
          good: [
            'declare function fetchUser(id: string): Promise<string>;',
            '',
            'export async function userName(id: string): Promise<string> {',
            '  try {',
            '    return await fetchUser(id);',
            '  } catch {',
            '    return "unknown";',
            '  }',
            '}',
            '',
          ].join('\n'),
        },
      ],
    },
  },
  create(ctx) {
    if (!ctx.types.available) return {};
    const candidates: Candidate[] = [];
    return {
      visit: {
        [SyntaxKind.ReturnStatement]: (node) => {
          const expression = (node as ReturnStatement).expression;
          if (!expression) return;
          const values = returnedValues(expression).filter((v) => !NEVER_A_PROMISE.has(v.kind));
          const escape = values.length > 0 ? escapeOf(node) : undefined;
          if (escape) for (const value of values) candidates.push({ value, escape });
        },
      },
      finish() {
        if (candidates.length === 0) return;
        const types = ctx.types.typesOf(candidates.map((c) => c.value));
        candidates.forEach(({ value, escape }, i) => {
          const type = types[i];
          const thenability = type ? ctx.types.thenability(type) : 'unknown';
          if (thenability !== 'always' && thenability !== 'sometimes') return;
          ctx.report({
            start: value.getStart(ctx.sourceFile),
            end: value.end,
            message: message(escape, thenability === 'always'),
            fixes: [{ ...awaitFix(value, ctx.sourceFile), title: 'Await the promise before returning it (`return await`)' }],
          });
        });
      },
    };
  },
};
