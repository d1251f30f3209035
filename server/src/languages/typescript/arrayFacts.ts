/**
 * Whether values are arrays (or tuples), for rewrites that call array methods on them: a `Set`, a
 * `Map` or a generator is iterable but has no `.map`. Batched like typeFacts.ts: one type request.
 */
import type { Node } from './ast.ts';
import { membersOf } from './typeCache.ts';
import type { TypeFacts } from './typeFacts.ts';

/** Per node: true only when its type is known to be a built-in array or tuple (every member of a union). */
export function areArrays(types: TypeFacts, nodes: readonly Node[]): boolean[] {
  return types.typesOf(nodes).map((t) => {
    try {
      return t !== undefined && membersOf(t).every((member) => types.collectionKind(member) === 'array');
    } catch {
      return false;
    }
  });
}
