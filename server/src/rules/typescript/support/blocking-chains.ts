/**
 * Blocking calls reached through synchronous functions of the project, from a call in an async
 * function: `await handle()` calling `loadConfig()` calling `readFileSync` blocks the loop as much
 * as the direct call. The callees are found through the checker (one type request per depth, to
 * depth 3); a chain is reported once, at the call in the async function, and names every step.
 */
import { ModifierFlags, ts, type CallExpression, type Node } from '../../../languages/typescript/ast.ts';
import type { TypeFacts } from '../../../languages/typescript/typeFacts.ts';
import { forEachInSameFunction } from '../../../languages/typescript/walk.ts';

const MAX_DEPTH = 3;

interface Step {
  origin: number;
  fn: Node;
  chain: string[];
}

/** Per call: the names from the call's callee down to the blocking API, or undefined. */
export function blockingChains(types: TypeFacts, calls: readonly CallExpression[], directApi: (call: CallExpression) => string | undefined): (string[] | undefined)[] {
  const found: (string[] | undefined)[] = calls.map(() => undefined);
  const seen = new Set<Node>();
  let level: Step[] = syncFunctionsOf(types, calls, seen).flatMap((fn, i) => (fn ? [{ origin: i, fn, chain: [calleeName(calls[i]!)] }] : []));
  for (let depth = 1; depth <= MAX_DEPTH && level.length > 0; depth++) {
    const next: { origin: number; call: CallExpression; chain: string[] }[] = [];
    for (const step of level) {
      if (found[step.origin]) continue;
      const body = (step.fn as { body?: Node }).body;
      if (!body) continue;
      const check = (node: Node): void => {
        if (found[step.origin] || !ts.isCallExpression(node)) return;
        const api = directApi(node);
        if (api) found[step.origin] = [...step.chain, api];
        else if (depth < MAX_DEPTH && !isAwaited(node)) next.push({ origin: step.origin, call: node, chain: [...step.chain, calleeName(node)] });
      };
      // An arrow's expression body is itself the call.
      check(body);
      forEachInSameFunction(body, check);
    }
    const pending = next.filter((n) => !found[n.origin]);
    const fns = syncFunctionsOf(types, pending.map((n) => n.call), seen);
    level = pending.flatMap((n, i) => (fns[i] ? [{ origin: n.origin, fn: fns[i]!, chain: n.chain }] : []));
  }
  return found;
}

/** The synchronous project functions the calls reach, each once: an async one blocks only through its own calls, reported there. */
function syncFunctionsOf(types: TypeFacts, calls: readonly CallExpression[], seen: Set<Node>): (Node | undefined)[] {
  return types.projectFunctionsOf(calls).map((fn) => {
    if (!fn || seen.has(fn) || (ts.isFunctionLikeDeclaration(fn) && (fn.modifierFlags & ModifierFlags.Async) !== 0)) return undefined;
    seen.add(fn);
    return fn;
  });
}

function isAwaited(call: CallExpression): boolean {
  let n: Node | undefined = call.parent;
  while (n && ts.isParenthesizedExpression(n)) n = n.parent;
  return n !== undefined && ts.isAwaitExpression(n);
}

function calleeName(call: CallExpression): string {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return callee.getText().slice(0, 30);
}
