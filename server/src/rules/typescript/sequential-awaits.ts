/**
 * sequential-awaits: adjacent statements that keep the results of independent awaited calls, which
 * run one after another although nothing orders them. Detection is the measured definition of
 * notes/sequential-awaits-in-real-code.md (rules/shared/awaits-grouping.ts); this file translates
 * TypeScript statement lists into that model and reports the groups.
 */
import { countBelow, occurrencesOf } from '../../core/text.ts';
import { SyntaxKind, type Node, type SourceFile, type Statement } from '../../languages/typescript/ast.ts';
import { findAwaitGroups } from '../shared/awaits-grouping.ts';
import { commentSaysOrderMatters } from '../shared/awaits-vocabulary.ts';
import { commentsAboutNodes } from './support/awaits-comments.ts';
import type { AwaitGroup, CallEffects } from '../shared/awaits-model.ts';
import { awaitsScopeOf } from '../shared/awaits-files.ts';
import { sequentialAwaitsMessage } from '../shared/awaits-messages.ts';
import type { TsRule, TsRuleContext } from '../types.ts';
import { promiseAllFix } from './support/awaits-fix.ts';
import { classifyStatement, classModelAt, type ClassifiedStatement } from './support/awaits-statements.ts';
import { isInForAwait, isInTestCallback } from './support/awaits-syntax.ts';

const bad = `declare function getUser(id: string): Promise<{ name: string }>;
declare function getOrders(id: string): Promise<string[]>;

export async function profile(id: string) {
  const user = await getUser(id);
  const orders = await getOrders(id);
  return { user, orders };
}
`;

const good = `declare function getUser(id: string): Promise<{ name: string }>;
declare function getOrders(id: string): Promise<string[]>;

export async function profile(id: string) {
  const [user, orders] = await Promise.all([getUser(id), getOrders(id)]);
  return { user, orders };
}
`;

export const rule: TsRule = {
  // Every group is of awaited calls.
  requiresText: 'await',
  meta: {
    id: 'sequential-awaits',
    languages: ['typescript'],
    defaultSeverity: 'warning',
    typeAware: false,
    hasFix: true,
    defaultOptions: { includeTests: false, includeMigrations: false },
    docs: {
      summary: 'Independent awaited calls run one after another; run them together with Promise.all.',
      what:
'Reports adjacent statements in one block whose awaited calls are independent, judged first by what the callees do: ' +
        'a function of the project is read (through the type checker to its declaration, following the calls it awaits to depth 3), ' +
        'a library client is looked up in a table of read and write methods (fetch, axios, got, undici, Prisma, Sequelize, TypeORM, ' +
        'Knex, Drizzle, Mongoose, MongoDB, pg, mysql2, ioredis, node-redis), and SQL text in the arguments is read. Calls that only ' +
        'read are candidates whether their results are kept or dropped (`await fetch(a); await fetch(b);`); a call that writes ' +
        '(HTTP POST/PUT/PATCH/DELETE, INSERT/UPDATE/DELETE/DDL, ORM writes, file writes), takes a lock, a transaction or a ' +
        'rate-limit token, throws as a guard, or does no I/O at all ends the group; two reads conflict when one writes `this` ' +
        'fields or module state the other touches, or one calls the other (a memoising getter). Calls that share a transaction, ' +
        'connection, session or entity manager (`trx`, `manager`, `queryRunner`, `conn`, `{ transaction }`, the parameter of a ' +
        '`.transaction(async (t) => ...)` callback, `@Transactional`) are never candidates: they run one at a time anyway. ' +
        'A call nobody can summarise falls back on names: ' +
        'only statements that keep the results of awaited calls ' +
        '(`const x = await f()`, `let`, destructuring, `x = await f()`, `obj.p = await f()`) when no later call ' +
        'reads what an earlier one bound. It stays quiet where order is usually deliberate: a bare `await f();` ' +
        'ends a group; so does a call whose name starts with a lifecycle or lock verb (open, connect, init, ' +
        'acquire, lock, begin, commit, transaction, start, stop, close, dispose, ...), a waiting verb (wait, ' +
        'sleep, delay, poll, flush, drain, ...), a UI or prompt verb (prompt, ask, confirm, click, fill, goto, ' +
        'press) or a write verb (save, insert, update, delete, write, send, post, put, append), and a call with ' +
        'a question-like string argument or an HTTP write method (`method: \'DELETE\'`). Comments that say the order ' +
        'matters ("in order", "sequentially", "one at a time", ...) silence the group. A later call depends on an earlier statement when it reads a name it ' +
        'bound, when it mentions an object the earlier statement assigned a property of (or passes `this`), or ' +
        'when it calls a method of the class that touches the `this` fields the earlier statement assigned (a ' +
        'method the class does not define counts as touching them). A dependent statement starts a new group. ' +
        'Awaits of promises already started (`await p`), `using` declarations, conditional awaits and awaits ' +
        'inside `for await` are not candidates, and a group is not reported when the type checker knows one of its ' +
        'calls never returns a promise (its work is done before the `await`: nothing would overlap). Test files and callbacks of describe/it/test/hooks are skipped ' +
        'unless the option `includeTests` is true (at the top level or per rule), and so are files under `migrations/` unless ' +
        '`includeMigrations` is true. The message names the evidence (what each call reads), so the judgement can be checked.',
      why:
        'Each await waits for its call to finish before the next call starts, so the total time is the sum of ' +
        'the calls instead of the longest one. When the calls do not depend on each other, that waiting buys nothing.',
      useInstead:
        '`const [a, b] = await Promise.all([f(), g()]);` — types move onto a tuple (`const [a, b]: [A, B] = ...`), ' +
        '`let` stays `let`, assignments become `[a, obj.p] = await Promise.all([...])`, and bare awaits become ' +
        '`await Promise.all([...])`. Use `Promise.allSettled` when every result matters even if one call fails.',
      fixSafety:
        'Unsafe: it changes when work happens. The calls are still started in source order, but all at once: ' +
        'the second no longer waits for the first to finish, so they overlap — anything the second relied on the ' +
        'first having done through shared state (a row written, a lock taken, a page navigated) breaks. On ' +
        'failure, sequential code never starts the later calls; with Promise.all they are already running and ' +
        'keep running, the first rejection is thrown and the other results are lost. Names, result order and ' +
        'types are kept; comments between the statements move above the combined one. No fix is offered when ' +
        'the statements cannot be combined exactly: declarations mixed with assignments, `var` mixed with ' +
        '`let`/`const`, type annotations on some statements but not all, or a retyped await (`(await f()) as T`, ' +
        '`(await f())!`). `const` mixed with `let` becomes `let`.',
      examples: [{ bad, good, language: 'typescript' }],
    },
  },
  create(ctx) {
    const scope = awaitsScopeOf(ctx);
    if (scope.skipFile) return {};
    let awaits: number[] | undefined;
    const blocks: (readonly ClassifiedStatement[])[] = [];
    const blockNodes: Node[] = [];
    const check = (node: Node): void => {
      // A group is two awaited statements: a block whose text has fewer than two `await`s has none.
      awaits ??= occurrencesOf(ctx.text, 'await');
      const first = countBelow(awaits, node.pos);
      if (first + 1 >= awaits.length || awaits[first + 1]! >= node.end) return;
      const statements = (node as unknown as { statements: readonly Statement[] }).statements;
      if (statements.length < 2) return;
      const classified = statements.map((s) => classifyStatement(s, ctx.sourceFile));
      if (classified.filter((c) => c.model.kind !== 'other').length < 2) return;
      if (isInForAwait(node) || (!scope.includeTests && isInTestCallback(node))) return;
      blocks.push(classified);
      blockNodes.push(node);
    };
    return {
      finish() {
        // What every awaited call does, in one batch for the file (effects.ts).
        // Only statements next to another awaited one can be in a group: the others need no answer.
        const awaited = (m: ClassifiedStatement | undefined) => m !== undefined && m.model.kind !== 'other';
        const candidate = (b: readonly ClassifiedStatement[], i: number) => awaited(b[i]) && (awaited(b[i - 1]) || awaited(b[i + 1]));
        const calls = blocks.flatMap((b) => b.flatMap((m, i) => (m.parts && candidate(b, i) ? [m.parts.call] : [])));
        const effects = new Map<Node, CallEffects | undefined>();
        const answers = calls.length > 0 ? ctx.types.callEffects(calls) : [];
        calls.forEach((c, i) => effects.set(c, answers[i]));
        const found: { classified: readonly ClassifiedStatement[]; group: AwaitGroup; effects: (CallEffects | undefined)[] }[] = [];
        blocks.forEach((classified, b) => {
          const perStatement = classified.map((m) => (m.parts ? effects.get(m.parts.call) : undefined));
          for (const group of findAwaitGroups(classified.map((c) => c.model), classModelAt(blockNodes[b]!), {}, perStatement)) {
            found.push({ classified, group, effects: perStatement.slice(group.first, group.last + 1) });
          }
        });
        // An awaited call that never returns a promise did its work before the await: nothing would
        // overlap. One batched type query for the members of groups judged by names alone.
        const members = found.map(({ classified, group }) => classified.slice(group.first, group.last + 1));
        const unproven = members.flatMap((group, i) => (found[i]!.group.evidenced ? [] : group.flatMap((m) => (m.parts ? [m.parts.call] : []))));
        const never = unproven.length > 0 ? ctx.types.neverThenable(unproven) : [];
        const noPromise = new Set(unproven.filter((_, i) => never[i]));
        found.forEach(({ classified, group, effects: groupEffects }, i) => {
          if (members[i]!.some((m) => m.parts && noPromise.has(m.parts.call))) return;
          report(ctx, ctx.sourceFile, classified, group, groupEffects);
        });
      },
      visit: {
        [SyntaxKind.SourceFile]: check,
        [SyntaxKind.Block]: check,
        [SyntaxKind.ModuleBlock]: check,
        [SyntaxKind.CaseClause]: check,
        [SyntaxKind.DefaultClause]: check,
      },
    };
  },
};

function report(ctx: TsRuleContext, sf: SourceFile, classified: readonly ClassifiedStatement[], group: AwaitGroup, effects: readonly (CallEffects | undefined)[]): void {
  const members = classified.slice(group.first, group.last + 1);
  // The author said the order is deliberate: believe them.
  if (commentsAboutNodes(sf, members.map((m) => m.node)).some(commentSaysOrderMatters)) return;
  const callees = [...new Set(members.map((m) => m.model.call!.calleeKey))];
  const fix = promiseAllFix(sf, members, classified[group.first - 1]?.node);
  ctx.report({
    start: members[0]!.node.getStart(sf),
    end: members[members.length - 1]!.node.end,
    message: sequentialAwaitsMessage(members.length, callees, group.evidenced ? effects.filter((e) => e !== undefined) : [], 'Promise.all'),
    fixes: fix ? [fix] : [],
  });
}
