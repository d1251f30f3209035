import type { Fix } from '../../core/types.ts';
import { enclosingAsyncDef, inGeneratorExpression, isCodeBoundary, isExpressionStatementValue, stripParens, walk, type Node } from '../../languages/python/syntax.ts';
import { freeName } from '../../core/text.ts';
import { asyncioAt, callLabel } from './fixSupport.ts';
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

/** An occurrence of `name` that `assignment`-like statements write: `name = ...`, `a, name = ...`. */
function isWrite(identifier: Node): boolean {
  let n = identifier;
  while (n.parent && (n.parent.type === 'pattern_list' || n.parent.type === 'tuple_pattern' || n.parent.type === 'parenthesized_expression')) n = n.parent;
  return n.parent?.type === 'assignment' && n.parent.childForFieldName('left')?.equals(n) === true;
}

/**
 * What becomes of a coroutine bound by `statement` (`name = coro()`): 'lost' when the name is
 * never read afterwards in its scope, 'overwritten' when the next statement of the same block to
 * mention it writes it before anything reads it; undefined when it may be used (any read later,
 * anywhere in an enclosing loop, in a closure, or a global/nonlocal name).
 */
function fateOf(statement: Node, name: string, scopeBody: Node): 'lost' | 'overwritten' | undefined {
  let undecidable = false;
  let loop: Node | undefined;
  for (let n = statement.parent; n && !n.equals(scopeBody); n = n.parent) if (n.type === 'for_statement' || n.type === 'while_statement') loop ??= n;
  walk(scopeBody, (n) => {
    if (undecidable) return false;
    if ((n.type === 'global_statement' || n.type === 'nonlocal_statement') && n.namedChildren.some((c) => c?.text === name)) undecidable = true;
    if (n !== scopeBody && isCodeBoundary(n) && n.text.includes(name)) undecidable = true; // a closure may read it when called
    if (loop && n.type === 'identifier' && n.text === name && !isWrite(n) && n.startIndex >= loop.startIndex && n.endIndex <= loop.endIndex) undecidable = true;
    return !undecidable && !(n !== scopeBody && isCodeBoundary(n));
  });
  if (undecidable) return undefined;
  // The first mention after the statement, in document order.
  let next: Node | undefined;
  walk(scopeBody, (n) => {
    if (next) return false;
    if (n.type === 'identifier' && n.text === name && n.startIndex >= statement.endIndex) next = n;
    return !next;
  });
  if (!next) return 'lost';
  if (!isWrite(next)) return undefined;
  // Overwritten for certain only by a later statement of the same block.
  let holder: Node = next;
  while (holder.parent && !holder.parent.equals(statement.parent!)) holder = holder.parent;
  if (!holder.parent || (holder.type !== 'expression_statement' && holder.type !== 'assignment')) return undefined;
  const assignment = holder.type === 'expression_statement' ? holder.namedChild(0) : holder;
  return assignment?.type === 'assignment' && assignment.childForFieldName('left')?.equals(next) ? 'overwritten' : undefined;
}

/** The block a binding lives in: the function's body, or the module. */
function scopeBodyOf(node: Node): Node | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'function_definition') return n.childForFieldName('body') ?? undefined;
    if (n.type === 'lambda' || n.type === 'class_definition') return undefined;
    if (n.type === 'module') return n;
  }
  return undefined;
}

function fixesFor(ctx: PyRuleContext, call: Node, inStatement: boolean): Fix[] {
  if (!enclosingAsyncDef(call) || inGeneratorExpression(call)) return [];
  const fixes: Fix[] = [{ title: 'Add await', applicability: 'unsafe', edits: [{ start: call.startIndex, end: call.startIndex, newText: 'await ' }] }];
  const asyncio = inStatement ? asyncioAt(ctx, call) : undefined;
  if (asyncio) {
    const name = freeName('task', ctx.identifiers);
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
        'Reports calls of coroutine functions whose coroutine is dropped (the call is a statement of its own), tested as a boolean (`if ready():`, `not ready()`, `ready() or x`), or bound to a name (`coro = main()`) that is never read afterwards or is overwritten by the next statement of the same block to mention it before anything reads it (`result = fetch(url)` then `result = await fetch(url)`); a name read anywhere in an enclosing loop, by a nested function, or declared `global`/`nonlocal` counts as used. The callee may be a conditional alias (`handler = self.on_a if x else self.on_b`) when every branch is a coroutine function. Coroutine functions are `async def` functions and methods of the same module, ones imported from other modules of the workspace (absolute and relative imports, packages, aliases, re-exports), methods called on `self`, `cls` or an instance created in the same scope, and known library coroutines (asyncio, aiohttp, httpx.AsyncClient, asyncpg, aiofiles, anyio), also through `async with ... as name`. A call whose target is not known for certain, or is decorated with an unknown decorator, is not reported.',
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
  // Reported only inside `async def`.
  requiresText: 'async',
  create(ctx) {
    return {
      visit: {
        assignment(node) {
          const left = node.childForFieldName('left');
          const right = node.childForFieldName('right');
          if (left?.type !== 'identifier' || !right || node.parent?.type !== 'expression_statement' || node.childForFieldName('type')) return;
          const call = stripParens(right);
          if (call.type !== 'call' || !ctx.semantics.callInfo(call)?.coroutine) return;
          const body = scopeBodyOf(node);
          const fate = body && fateOf(node.parent, left.text, body);
          if (!fate) return;
          const label = callLabel(call);
          const message =
            fate === 'lost'
              ? `\`${label}\` creates a coroutine bound to \`${left.text}\`, which is never awaited, passed on or stored: its body never runs.`
              : `\`${label}\` creates a coroutine bound to \`${left.text}\`, which is overwritten before it is awaited: its body never runs.`;
          ctx.report({ start: call.startIndex, end: call.endIndex, message, fixes: fixesFor(ctx, call, false) });
        },
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
