/**
 * When a loop whose body awaits one call per iteration could run its iterations together
 * (notes/sequential-awaits-in-real-code.md, "Loops"). Language-neutral: each language checks the
 * body's shape (a single awaited call, optionally collected into a list) and hands over this model.
 */
import type { EffectVerdict } from '../../core/effects.ts';
import type { AwaitedCall } from './awaits-model.ts';
import { endsGroup, type GroupingOptions } from './awaits-grouping.ts';
import { mentionsOrderedDispatch } from './awaits-vocabulary.ts';

export interface LoopModel {
  /** Names the loop binds per iteration (`x`, or `k` and `v` of `[k, v]`). */
  loopVariables: string[];
  /** The one awaited call of the body. */
  call: AwaitedCall;
  /** Source text of what the loop iterates over (`this.hooks`, `Object.entries(o)`). */
  iterableText: string;
  /** Root of the list results are collected into (`out` of `out.push(await f(x))`), if any. */
  collectorRoot?: string;
  /** Variables assigned or updated in the body other than per-iteration declarations. */
  assignedInBody: string[];
  /** `break`, `continue`, `return`, `throw` (or `raise`) anywhere in the body outside nested functions. */
  exitsEarly: boolean;
  /** A construct that is sequential by nature inside the body (Python's `async with` / `async for`). */
  hasSequentialConstruct?: boolean;
}

export type LoopVerdict = { independent: true } | { independent: false; reason: string };

/**
 * `effect` is what the effect model says the body's call does (core/effects.ts): evidenced reads
 * are judged without the name rules, writes, locks and calls without I/O are never independent.
 */
export function judgeLoop(loop: LoopModel, options: GroupingOptions = {}, effect: EffectVerdict = 'unknown'): LoopVerdict {
  const { call } = loop;
  const no = (reason: string): LoopVerdict => ({ independent: false, reason });
  if (call.sharedContext !== undefined) return no(`the call ${call.sharedContext}: one transaction, connection or session runs one call at a time`);
  if (loop.exitsEarly) return no('the body can leave the loop early');
  if (loop.hasSequentialConstruct) return no('the body holds a sequential construct');
  if (!loop.loopVariables.some((v) => call.reads.includes(v))) return no('the call does not use the loop variable');
  if (loop.loopVariables.includes(call.calleeKey)) return no('each item is called in order (ordered dispatch)');
  if (mentionsOrderedDispatch(call.calleeKey) || call.calleeNames.some(mentionsOrderedDispatch) || mentionsOrderedDispatch(loop.iterableText)) {
    return no('hooks, handlers or callbacks are dispatched in order');
  }
  if (effect === 'orders') return no('the callee writes, locks, waits or guards');
  if (effect === 'no-io') return no('the callee does no I/O: nothing would overlap');
  if (effect === 'unknown' && endsGroup(call, options)) return no('the callee is a lifecycle, waiting, UI or write step, or asks a question');
  if (loop.assignedInBody.length > 0) return no(`${loop.assignedInBody.join(', ')} is carried between iterations`);
  if (loop.collectorRoot !== undefined && call.reads.includes(loop.collectorRoot)) return no('the call reads the collected results');
  return { independent: true };
}
