/**
 * sequential-awaits (Python): adjacent statements in a coroutine that keep the results of
 * independent awaited calls. Detection is the shared, measured definition
 * (rules/shared/awaits-grouping.ts, notes/sequential-awaits-in-real-code.md) plus the Python extras
 * that helped on library code: stream I/O verbs, repeated identical calls, executor calls, reads of
 * an earlier receiver's attributes, and no rewrite for calls that create resources.
 */
import { enclosingAsyncDef, type Node } from '../../languages/python/syntax.ts';
import { findAwaitGroups } from '../shared/awaits-grouping.ts';
import type { AwaitGroup, CallEffects } from '../shared/awaits-model.ts';
import { awaitsScopeOf } from '../shared/awaits-files.ts';
import { sequentialAwaitsMessage } from '../shared/awaits-messages.ts';
import { SHARED_CONTEXT_NAMES } from '../shared/awaits-vocabulary.ts';
import { isHttpClient, PyEffects, sharedConnectionClassOf } from '../../languages/python/effects.ts';
import { commentSaysOrderMatters } from '../shared/awaits-vocabulary.ts';
import { sequentialFixes } from './awaitsFixes.ts';
import { classifyStatement, createsResource, type ClassifiedStatement } from './awaitsStatements.ts';
import { ClassModels, commentsAbout, instanceNameOf, isInAsyncFor, isInTestCode, PYTHON_GROUPING } from './awaitsSyntax.ts';
import type { PyRule, PyRuleContext } from './types.ts';


const bad = `import asyncio


async def get_user(user_id):
    await asyncio.sleep(0.1)
    return {"id": user_id}


async def get_orders(user_id):
    await asyncio.sleep(0.1)
    return []


async def profile(user_id):
    user = await get_user(user_id)
    orders = await get_orders(user_id)
    return user, orders
`;

const good = `import asyncio


async def get_user(user_id):
    await asyncio.sleep(0.1)
    return {"id": user_id}


async def get_orders(user_id):
    await asyncio.sleep(0.1)
    return []


async def profile(user_id):
    user, orders = await asyncio.gather(get_user(user_id), get_orders(user_id))
    return user, orders
`;

export const rule: PyRule = {
  // Every group is of awaited calls.
  requiresText: 'await',
  meta: {
    id: 'sequential-awaits',
    languages: ['python'],
    defaultSeverity: 'warning',
    typeAware: false,
    hasFix: true,
    defaultOptions: { includeTests: false, includeMigrations: false, targetPython: '' },
    docs: {
      summary: 'Independent awaited calls run one after another; run them together with asyncio.gather.',
      what:
        'Reports adjacent statements in one block of a coroutine whose awaited calls are independent, judged first by what the ' +
        'callees do: a function or method of the workspace is read (following the calls it awaits to depth 3), and library clients ' +
        '(httpx, aiohttp, asyncpg, SQLAlchemy async, motor, redis.asyncio, aiofiles, aiobotocore) are looked up in a table of read and ' +
        'write methods. Calls that only read are candidates whether their results are kept or dropped (the tutorials\' ' +
        '`await fetch(session, a)` three times); a call that writes, locks, starts a transaction, raises as a guard, asks the user or ' +
        'does no I/O ends the group, and calls on one asyncpg Connection, SQLAlchemy AsyncSession or other shared connection, session ' +
        'or cursor are never candidates (overlapping them is an error). A call nobody can summarise falls back on names: only ' +
        'statements that keep the results of awaited calls (`x = await f()`, ' +
        '`a, b = await f()`, `obj.p = await f()`, `x: T = await f()`) when no later call reads what an earlier one bound. ' +
        'It stays quiet where order is usually deliberate: a bare `await f()` ends a group, and so does any other ' +
        'statement (`async with`, `if`, ...); so does a call whose name starts with a lifecycle or lock verb (open, ' +
        'connect, init, acquire, lock, begin, commit, start, stop, close, ...), a waiting verb (wait, sleep, poll, ' +
        'drain, flush, join, ...), a prompt verb or a write verb (save, insert, update, delete, write, send, post, ' +
        'put, append), stream I/O (send*, write*, read*, recv*, receive*, put*, ping*), work handed to a thread ' +
        '(`run_in_executor`, `to_thread`), and a call with a question-like string argument or an HTTP write method. ' +
        'A later call depends on an earlier statement when it reads a name the earlier one bound, repeats the same ' +
        'call with the same arguments, reads an attribute of the earlier call\'s receiver (`await conn.fetch()` then ' +
        '`conn.status`), mentions an object whose attribute the earlier statement assigned, or calls a method of ' +
        'the class that touches the `self` fields the earlier statement assigned (followed through the class body; ' +
        'a method the class does not define counts as touching them). Awaits of tasks or futures already started ' +
        '(`await task`), awaits of `asyncio.gather`/`wait`/`wait_for`/`shield`, and statements inside `async for` ' +
        'bodies are not candidates. Comments that say the order matters silence the group. Test files, `test*` ' +
        'functions, methods of `Test*` and `TestCase` classes and pytest fixtures are skipped unless the option ' +
        '`includeTests` is true, and files under `migrations/` unless `includeMigrations` is. The message names the evidence.',
      why:
        'Each await waits for its call to finish before the next call starts, so the total time is the sum of the ' +
        'calls instead of the longest one. When the calls do not depend on each other, that waiting buys nothing.',
      useInstead:
        '`a, b = await asyncio.gather(f(), g())` — or, on Python 3.11+, an `async with asyncio.TaskGroup() as tg:` ' +
        'block that starts `tg.create_task(f())` for each call and reads `task.result()` after it.',
      fixSafety:
        'Unsafe: it changes when work happens. gather starts all the calls at once, so they overlap; anything a ' +
        'later call relied on an earlier one having done through shared state breaks. If one raises, gather raises ' +
        'that first exception and the other calls are not cancelled: they keep running, and their results are ' +
        'lost. The TaskGroup form (offered second, only when the target Python is 3.11 or later: the `targetPython` ' +
        'option such as "3.11", else `requires-python` of the nearest pyproject.toml) cancels the other calls when ' +
        'one fails and raises the errors together as an ExceptionGroup, which `except SomeError:` no longer catches ' +
        '(use `except*`). Sequential code never started the later calls after a failure, and kept the earlier ' +
        'results bound; both forms bind nothing when a call fails. Names, result order and annotations are kept ' +
        '(annotations become declarations above the gather), comments between the statements move above, and ' +
        '`import asyncio` is added when missing. Calls that create resources (open, connect, create_*, start_*, ' +
        '*server) are reported without a fix: when one fails, gather does not stop the other from creating a ' +
        'resource nobody owns.',
      examples: [{ language: 'python', bad, good }],
    },
  },
  create(ctx) {
    const scope = awaitsScopeOf(ctx);
    if (scope.skipFile) return {};
    const includeTests = scope.includeTests;
    const classes = new ClassModels();
    const effects = new PyEffects(ctx.semantics);
    return {
      visit: {
        block(block: Node) {
          const statements = block.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
          if (statements.length < 2) return;
          const fn = enclosingAsyncDef(block);
          if (!fn) return;
          const instance = instanceNameOf(fn);
          const classified = statements.map((s) => classifyStatement(s, instance));
          if (classified.filter((c) => c.model.kind !== 'other').length < 2) return;
          if (isInAsyncFor(block) || (!includeTests && isInTestCode(block))) return;
          for (const c of classified) markSharedContext(ctx, c);
          const perStatement = classified.map((c) => (c.parts && c.model.kind !== 'other' && !c.model.call?.sharedContext ? effects.effectsOf(c.parts.call) : undefined));
          const groups = findAwaitGroups(classified.map((c) => c.model), classes.of(fn), PYTHON_GROUPING, perStatement);
          for (const group of groups) report(ctx, classified, group, group.evidenced ? perStatement.slice(group.first, group.last + 1) : []);
        },
      },
    };
  },
};

/** A call on a connection, session or cursor shared with its neighbours is never a candidate. */
function markSharedContext(ctx: PyRuleContext, statement: ClassifiedStatement): void {
  const call = statement.model.call;
  const callee = statement.parts?.call.childForFieldName('function');
  if (!call || callee?.type !== 'attribute') return;
  const receiver = callee.childForFieldName('object')!;
  const cls = sharedConnectionClassOf(ctx.semantics, receiver);
  if (cls) {
    call.sharedContext = `runs on one ${cls.split('.').pop()}`;
    return;
  }
  // An HTTP client session (aiohttp, httpx) takes requests concurrently: its name says nothing.
  if (isHttpClient(ctx.semantics, receiver)) return;
  const root = receiver.text.split('.')[0]!;
  const last = receiver.type === 'attribute' ? receiver.childForFieldName('attribute')?.text : receiver.text;
  if (last !== undefined && SHARED_CONTEXT_NAMES.has(last.replace(/^_+/, ''))) call.sharedContext = `runs on \`${receiver.text}\``;
  else if (SHARED_CONTEXT_NAMES.has(root)) call.sharedContext = `runs on \`${root}\``;
}

function report(ctx: PyRuleContext, classified: readonly ClassifiedStatement[], group: AwaitGroup, effects: readonly (CallEffects | undefined)[]): void {
  const members = classified.slice(group.first, group.last + 1);
  // The author said the order is deliberate: believe them.
  if (commentsAbout(members.map((m) => m.node), ctx.text).some(commentSaysOrderMatters)) return;
  const count = members.length;
  const calls = members.map((m) => m.model.call!);
  const callees = [...new Set(calls.map((c) => c.calleeKey))];
  const resource = calls.some((c) => createsResource(c.calleeNames));
  const message =
    sequentialAwaitsMessage(count, callees, effects.filter((e) => e !== undefined), 'asyncio.gather') +
    (resource ? ' No fix is offered: a call creates a resource, and gather would not stop it when the other call fails.' : '');
  ctx.report({
    start: members[0]!.node.startIndex,
    end: members[count - 1]!.node.endIndex,
    message,
    fixes: resource ? [] : sequentialFixes(ctx, members),
  });
}
