/**
 * The messages of sequential-awaits and await-in-loop, in both languages: they name the calls and,
 * when the effect model judged them, the evidence, so a user can check the judgement.
 */
import { abbreviate, type CallEffects } from '../../core/effects.ts';

export type Combinator = 'Promise.all' | 'asyncio.gather';

const RUN_TIME_CHANGE: Record<Combinator, string> = {
  'Promise.all': 'Promise.all starts every call at once, so they overlap, and one that fails no longer stops the later ones from starting.',
  'asyncio.gather': 'gather starts every call at once, so they overlap, and one that fails no longer stops the later ones from starting.',
};

/** "getUser and getOrders only read: db.user.findUnique, db.order.findMany", or '' without evidence. */
export function evidenceOf(callees: readonly string[], effects: readonly CallEffects[]): string {
  if (effects.length === 0) return '';
  // `fetch` reading `fetch` says nothing: only what the callees reach beyond themselves is listed.
  const reads = [...new Set(effects.flatMap((e) => e.reads))].filter((r) => !callees.includes(r));
  const who = callees.length === 1 ? callees[0] : `${callees.slice(0, -1).join(', ')} and ${callees[callees.length - 1]}`;
  const logs = effects.some((e) => e.logs) ? ' (their log lines may come in another order)' : '';
  return `${who} only read${callees.length === 1 ? 's' : ''}${reads.length > 0 ? `: ${abbreviate(reads, 4)}` : ''}${logs}`;
}

export function sequentialAwaitsMessage(count: number, callees: readonly string[], effects: readonly CallEffects[], combinator: Combinator): string {
  const evidence = evidenceOf(callees, effects);
  const what = evidence ? `${count} independent awaits run one after another: ${evidence}` : `${count} independent awaits run one after another (${callees.join(', ')})`;
  return `${what}; run them together with ${combinator}. ${RUN_TIME_CHANGE[combinator]}`;
}

const LOOP_CHANGE: Record<Combinator, string> = {
  'Promise.all': 'It starts every call at once (unbounded concurrency), so side effects overlap, and the first failure no longer stops the remaining calls.',
  'asyncio.gather': 'It starts every call at once (unbounded concurrency), so side effects overlap, and the first failure no longer stops the remaining calls.',
};

/** `callee` as the message shows it (`fetchUser(...)`, `` `fetch_url(session, url)` ``). */
export function awaitInLoopMessage(callee: string, effects: CallEffects | undefined, combinator: Combinator): string {
  const reads = effects ? [...new Set(effects.reads)] : [];
  const evidence = effects ? ` (it only reads${reads.length > 0 ? `: ${abbreviate(reads, 4)}` : ''}${effects.logs ? '; log lines may come in another order' : ''})` : '';
  return `Each iteration awaits ${callee}${evidence} before the next starts, though the iterations are independent; run them together with ${combinator}. ${LOOP_CHANGE[combinator]}`;
}
