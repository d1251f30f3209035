/**
 * Whether values are arrays (or tuples), for rewrites that call array methods on them: a `Set`, a
 * `Map` or a generator is iterable but has no `.map`. Batched like typeFacts.ts: one type request.
 */
import type { Type } from 'typescript/unstable/sync';
import type { Node } from './ast.ts';
import type { TypeFacts } from './typeFacts.ts';
import { partsOf, symbolOf } from './typeCache.ts';

const LIB_FILE = /[\\/]lib\.[\w.]*\.d\.ts$/;
const ARRAY_NAMES = new Set(['Array', 'ReadonlyArray']);

/** Per node: true only when its type is known to be a built-in array or tuple (every member of a union). */
export function areArrays(types: TypeFacts, nodes: readonly Node[]): boolean[] {
  return types.typesOf(nodes).map((t) => {
    try {
      return t !== undefined && isArrayOrTuple(t);
    } catch {
      return false;
    }
  });
}

function isArrayOrTuple(type: Type): boolean {
  if (type.isUnionType()) {
    const members = partsOf(type);
    return members.length > 0 && members.every(isArrayOrTuple);
  }
  if (type.isTupleType() || (type.isTypeReference() && type.getTarget().isTupleType())) return true;
  const symbol = symbolOf(type);
  return symbol !== undefined && ARRAY_NAMES.has(symbol.name) && symbol.declarations.some((d) => LIB_FILE.test(d.path));
}
