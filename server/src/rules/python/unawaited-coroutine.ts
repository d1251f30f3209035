import type { Fix } from '../../core/types.ts';
import { enclosingAsyncDef, inGeneratorExpression, isExpressionStatementValue, type Node } from '../../languages/python/syntax.ts';
import { asyncioAt, callLabel, freshName } from './fixSupport.ts';
import type { PyRule, PyRuleContext } from './types.ts';

/** The call's value is tested for truth: `if f():`, `not f()`, `f() or x`, `x if f() else y`, `assert f()`. */
function isBooleanUse(call: Node): boolean {
  let node = call;
  let parent = node.parent;
  while (parent?.type === 'parenthesized_expression') {
    node = parent;
    parent = node.parent;
  }
  if (!parent) return false;
  switch (parent.type) {
    case 'if_statement':
    case 'elif_clause':
    case 'while_statement':
      return parent.childForFieldName('condition')?.equals(node) === true;
    case 'conditional_expression':
      return parent.namedChild(1)?.equals(node) === true;
    case 'not_operator':
    case 'boolean_operator':
      return true;
    case 'assert_statement':
      return parent.namedChild(0)?.equals(node) === true;
    default:
      return false;
  }
}

function fixesFor(ctx: PyRuleContext, call: Node, inStatement: boolean): Fix[] {
  if (!enclosingAsyncDef(call) || inGeneratorExpression(call)) return [];
  const fixes: Fix[] = [{ title: 'Add await', applicability: 'unsafe', edits: [{ start: call.startIndex, end: call.startIndex, newText: 'await ' }] }];
  const asyncio = inStatement ? asyncioAt(ctx, call) : undefined;
  if (asyncio) {
    const name = freshName(ctx.text, 'task');
    fixes.push({
      title: `Run it as a task kept in \`${name}\``,
      applicability: 'unsafe',
      edits: [...asyncio.edits, { start: call.startIndex, end: call.endIndex, newText: `${name} = ${asyncio.name}.create_task(${call.text})` }],
    });
  }
  return fixes;
}

export const rule: PyRule = {
  meta: {
    id: 'unawaited-coroutine',
    languages: ['python'],
    defaultSeverity: 'error',
    typeAware: false,
    hasFix: true,
    defaultOptions: {},
    docs: {
      summary: 'A coroutine is created and never awaited, so its body never runs.',
      what:
        'Reports calls of coroutine functions whose coroutine is dropped (the call is a statement of its own) or tested as a boolean (`if ready():`, `not ready()`, `ready() or x`). Coroutine functions are `async def` functions and methods of the same module, ones imported from other modules of the workspace (absolute and relative imports, packages, aliases, re-exports), methods called on `self`, `cls` or an instance created in the same scope, and known library coroutines (asyncio, aiohttp, httpx.AsyncClient, asyncpg, aiofiles, anyio), also through `async with ... as name`. A call whose target is not known for certain, or is decorated with an unknown decorator, is not reported.',
      why:
        'Calling an `async def` function only creates a coroutine object; nothing in its body runs until it is awaited or wrapped in a task. A dropped coroutine is work that silently never happens (Python only warns "coroutine ... was never awaited" when it is garbage-collected), and a coroutine object is always true, so a condition on it never sees the real result.',
      useInstead: '`await` the call. To run it concurrently with what follows, start it with `asyncio.create_task(...)` and keep the task in a variable (and await it later).',
      fixSafety:
        'Both fixes are unsafe: they make code run that did not run before, so its effects and exceptions now happen. "Add await" is offered first; inside a coroutine it also waits for the result. "Run it as a task" starts the coroutine concurrently and keeps it in a new variable; the task may still be running when the function returns (await it or keep it longer). No fix is offered outside `async def`, where `await` is not allowed.',
      examples: [
        {
          language: 'python',
          bad: 'import asyncio\n\n\nasync def save(record):\n    await asyncio.sleep(0.1)\n\n\nasync def main():\n    save({"id": 1})\n',
          good: 'import asyncio\n\n\nasync def save(record):\n    await asyncio.sleep(0.1)\n\n\nasync def main():\n    await save({"id": 1})\n',
        },
      ],
    },
  },
  create(ctx) {
    return {
      visit: {
        call(call) {
          const inStatement = isExpressionStatementValue(call);
          const asBoolean = !inStatement && isBooleanUse(call);
          if (!inStatement && !asBoolean) return;
          if (!ctx.semantics.callInfo(call)?.coroutine) return;
          const label = callLabel(call);
          const message = inStatement
            ? `\`${label}\` creates a coroutine that is never awaited, so its body never runs.`
            : `\`${label}\` is a coroutine, which is always true: it is never awaited, so its body never runs and its result is never tested.`;
          ctx.report({ start: call.startIndex, end: call.endIndex, message, fixes: fixesFor(ctx, call, inStatement) });
        },
      },
    };
  },
};
