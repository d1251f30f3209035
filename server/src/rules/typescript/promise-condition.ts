/**
 * promise-condition: a promise used as a boolean — the test of `if`/`while`/`do`/`for`/`?:`, the
 * operand of `!`, or an operand of `&&`/`||`/`??` whose truthiness decides something — when every
 * member of its type is a thenable, so the test is always true (typescript-eslint's
 * no-misused-promises `checksConditionals`). Type-aware: without type information it reports nothing.
 */
import type { Fix } from '../../core/types.ts';
import { SyntaxKind, ts, type CallExpression, type Expression, type Node } from '../../languages/typescript/ast.ts';
import type { TsRule, TsRuleContext } from '../types.ts';
import { awaitFix } from './support/promise-fixes.ts';
import { isInAsyncFunction, memberCall, skipParens } from './support/promise-syntax.ts';

/** Longer printed types are left out of the message. */
const MAX_TYPE_IN_MESSAGE = 40;

const LOGICAL = new Set<SyntaxKind>([SyntaxKind.AmpersandAmpersandToken, SyntaxKind.BarBarToken, SyntaxKind.QuestionQuestionToken]);

/**
 * Expressions that can hold a promise. Literals, comparisons, `typeof`, `!x` and the like are
 * booleans or plain values whatever their operands, so they never need a type request.
 */
const VALUE_KINDS = new Set<SyntaxKind>([
  SyntaxKind.Identifier,
  SyntaxKind.PropertyAccessExpression,
  SyntaxKind.ElementAccessExpression,
  SyntaxKind.CallExpression,
  SyntaxKind.NewExpression,
  SyntaxKind.NonNullExpression,
  SyntaxKind.ConditionalExpression,
  SyntaxKind.TaggedTemplateExpression,
]);

/** What certainly creates a promise: `if (load())`. Without strictNullChecks only these count. */
const CREATES_VALUE = new Set<SyntaxKind>([SyntaxKind.CallExpression, SyntaxKind.NewExpression]);

function message(typeText: string): string {
  const named = typeText.length <= MAX_TYPE_IN_MESSAGE && typeText !== '?' ? ` (${typeText})` : '';
  return `This promise${named} is used as a condition, where it is always truthy: the check does not wait for its value. Did you mean to await it?`;
}

/** Array methods that test what their callback returns (typescript-eslint's `predicate` check). */
const PREDICATE_METHODS = new Set(['every', 'filter', 'find', 'findIndex', 'findLast', 'findLastIndex', 'some']);

interface PredicateCandidate {
  callback: Expression;
  receiver: Expression;
  method: string;
}

function predicateMessage(method: string): string {
  return `This predicate passed to ${method} returns a promise, which is always truthy: ${method} tests the promise, not the value it resolves to.`;
}

function fixesFor(ctx: TsRuleContext, node: Expression): Fix[] {
  return isInAsyncFunction(node) ? [{ ...awaitFix(node, ctx.sourceFile), title: 'Await the promise and test its value' }] : [];
}

export const rule: TsRule = {
  meta: {
    id: 'promise-condition',
    languages: ['typescript'],
    defaultSeverity: 'error',
    typeAware: true,
    hasFix: true,
    defaultOptions: {},
    docs: {
      summary: 'A promise is used as a boolean, where it is always truthy.',
      what:
        'Reports a promise used where its truthiness is tested: the condition of `if`, `while`, `do...while`, `for` and ' +
        '`?:`, the operand of `!`, both operands of `&&`, `||` and `??` inside such a condition, and, where `&&`/`||` ' +
        'produce a value (`const user = loadUser() || guest`), their left operand only — the right one is the value, ' +
        'not a test (`??` in value position tests for null, not truthiness, and is not checked). Only when every member ' +
        'of the type is a promise or another thenable: `Promise<T> | undefined` is a legitimate "is there one?" check ' +
        'and is not reported, nor are any, unknown and unconstrained type parameters, nor a variable or class property ' +
        'declared without a value (`let client: Promise<Client>;` tested by `if (!client) client = connect();` is lazy ' +
        'initialisation). Projects without ' +
        '`strictNullChecks` cannot tell an optional promise from a present one by its type, so there only calls and ' +
        '`new` expressions (which certainly produce the promise) are reported. A thenable is an object whose `then` takes ' +
        'a callback first: `then(): void` or `then(name: string)` is not one. Also reported: a predicate returning a promise ' +
        'given to an array\'s `every`, `filter`, `find`, `findIndex`, `findLast`, `findLastIndex` or `some` ' +
        '(`xs.filter(async (x) => ...)`, or a function returning `Promise<boolean>` passed by name), which tests the ' +
        'promise instead of its value; it has no fix. It needs type information: without it nothing is reported.',
      why:
        'A promise is an object, so it is always truthy: `if (isAllowed(user))` with an async `isAllowed` takes the ' +
        'branch whatever the answer will be, `!exists(path)` is always false, and `loadUser() || guest` never uses the ' +
        'fallback. The check runs before the work it depends on has finished, and if the promise rejects nobody handles ' +
        'it. It is almost always a missing `await`.',
      useInstead:
        'Await the promise and test its value: `if (await isAllowed(user))`, `const user = (await loadUser()) || guest`. ' +
        'Outside async code, test the value in a `.then(...)` callback, or make the function async. To check whether a ' +
        'promise is present, give it a type that says so (`Promise<T> | undefined`). For an async predicate, compute the ' +
        'answers first: `const keep = await Promise.all(xs.map(test)); const kept = xs.filter((_, i) => keep[i]);`.',
      fixSafety:
        'The fix, `await` before the promise, is offered only inside an async function and is unsafe: the function now ' +
        'waits for the promise at that point, so the code after it runs later, the condition now depends on the resolved ' +
        'value (which is what was meant, but it is a change of behaviour), and a rejection now propagates to the caller. ' +
        'Outside async code there is no fix: adding `await` would not parse, and whether to make the function async is ' +
        'a design decision.',
      examples: [
        {
          language: 'typescript',
          bad: [
            'declare function isAllowed(user: string): Promise<boolean>;',
            '',
            'export async function open(user: string): Promise<string> {',
            '  if (isAllowed(user)) {',
            '    return "welcome";',
            '  }',
            '  return "denied";',
            '}',
            '',
          ].join('\n'),
          good: [
            'declare function isAllowed(user: string): Promise<boolean>;',
            '',
            'export async function open(user: string): Promise<string> {',
            '  if (await isAllowed(user)) {',
            '    return "welcome";',
            '  }',
            '  return "denied";',
            '}',
            '',
          ].join('\n'),
        },
      ],
    },
  },
  create(ctx) {
    if (!ctx.types.available) return {};
    const strict = ctx.types.strictNullChecks;
    /** Operands already examined: an `if` test is seen again as a `&&` node later in the traversal. */
    const checked = new Set<Node>();
    const candidates: Expression[] = [];
    const predicates: PredicateCandidate[] = [];

    /** `inTest`: the truthiness of `node` is what decides (a condition, or inside one). */
    const check = (expression: Expression | undefined, inTest: boolean): void => {
      if (!expression) return;
      const node = skipParens(expression);
      if (checked.has(node)) return;
      checked.add(node);
      if (ts.isBinaryExpression(node) && LOGICAL.has(node.operatorToken.kind)) {
        // In value position `a || b` tests `a` and yields `b`; `a ?? b` tests `a` for null only.
        if (inTest || node.operatorToken.kind !== SyntaxKind.QuestionQuestionToken) check(node.left, inTest);
        if (inTest) check(node.right, inTest);
        return;
      }
      if ((strict ? VALUE_KINDS : CREATES_VALUE).has(node.kind)) candidates.push(node);
    };
    const checkTest = (node: Node) => check((node as { expression?: Expression }).expression, true);

    return {
      visit: {
        [SyntaxKind.IfStatement]: checkTest,
        [SyntaxKind.WhileStatement]: checkTest,
        [SyntaxKind.DoStatement]: checkTest,
        [SyntaxKind.ForStatement]: (node) => {
          if (ts.isForStatement(node)) check(node.condition, true);
        },
        [SyntaxKind.ConditionalExpression]: (node) => {
          if (ts.isConditionalExpression(node)) check(node.condition, true);
        },
        [SyntaxKind.PrefixUnaryExpression]: (node) => {
          if (ts.isPrefixUnaryExpression(node) && node.operator === SyntaxKind.ExclamationToken) check(node.operand, true);
        },
        [SyntaxKind.BinaryExpression]: (node) => {
          if (ts.isBinaryExpression(node) && LOGICAL.has(node.operatorToken.kind)) check(node, false);
        },
        [SyntaxKind.CallExpression]: (node) => {
          const call = node as CallExpression;
          const member = memberCall(call);
          const callback = call.arguments[0];
          if (member && PREDICATE_METHODS.has(member.name) && callback && !ts.isSpreadElement(callback)) {
            predicates.push({ callback, receiver: member.receiver, method: member.name });
          }
        },
      },
      finish() {
        reportPredicates();
        if (candidates.length === 0) return;
        const types = ctx.types.typesOf(candidates);
        const promises = candidates.flatMap((node, i) => {
          const type = types[i];
          return type && ctx.types.alwaysThenable(type) ? [{ node, type }] : [];
        });
        // `let client: Promise<Client>;` then `if (!client) client = connect();`: lazy initialisation, not a missing await.
        const named = promises.map(({ node }) => (ts.isPropertyAccessExpression(node) ? node.name : node));
        const unassigned = ctx.types.declaredWithoutValue(named);
        promises.forEach(({ node, type }, i) => {
          if (unassigned[i]) return;
          ctx.report({
            start: node.getStart(ctx.sourceFile),
            end: node.end,
            message: message(ctx.types.typeToString(type)),
            fixes: fixesFor(ctx, node),
          });
        });
      },
    };

    /** `xs.filter(async (x) => ...)`: the callbacks' types first (few return promises), then their receivers'. */
    function reportPredicates(): void {
      if (predicates.length === 0) return;
      const callbackTypes = ctx.types.typesOf(predicates.map((p) => p.callback));
      const thenable = predicates.filter((_, i) => callbackTypes[i] !== undefined && ctx.types.returnsThenable(callbackTypes[i]!));
      const receiverTypes = ctx.types.typesOf(thenable.map((p) => p.receiver));
      thenable.forEach((p, i) => {
        const receiver = receiverTypes[i];
        if (!receiver || !ctx.types.isArrayType(receiver)) return;
        ctx.report({ start: p.callback.getStart(ctx.sourceFile), end: p.callback.end, message: predicateMessage(p.method), fixes: [] });
      });
    }
  },
};
