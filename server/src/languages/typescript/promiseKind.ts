/**
 * Whether a type is a promise: a built-in Promise, a class or interface deriving from one, or (when
 * asked) any object with a callable `then`. Answers are cached per checker by type id.
 */
import { isErrorType, SignatureKind, TypeFlags, type Symbol, type Type } from 'typescript/unstable/sync';
import { ANYLIKE, baseTypesOf, libName, MAX_DEPTH, membersOf, memo, partsOf, thenPropertyOf, type Ternary, type TypeContext } from './typeCache.ts';

/**
 * How a value relates to promises:
 *  - `promise`: every member of its type is a built-in Promise, or derives from one (or is a
 *    thenable when asked);
 *  - `some`: a union with at least one such member (typescript-eslint reports these too);
 *  - `none`: no member is;
 *  - `unknown`: any, unknown, an error type, or no type information.
 */
export type PromiseKind = 'promise' | 'some' | 'none' | 'unknown';

export interface PromiseQuery {
  /** Also count any object with a callable `then` (typescript-eslint's `checkThenables`). */
  thenables: boolean;
}

export function promiseKindOfType(ctx: TypeContext, type: Type, query: PromiseQuery): PromiseKind {
  const members = membersOf(type);
  let yes = 0;
  let unknown = 0;
  for (const m of members) {
    const r = memberIsPromise(ctx, m, query, 0);
    if (r === 'yes') yes++;
    else if (r === 'unknown') unknown++;
  }
  if (yes === members.length) return 'promise';
  if (yes > 0) return 'some';
  return unknown > 0 ? 'unknown' : 'none';
}

/** Promise itself or a class/interface extending it (`class Task<T> extends Promise<T>`). */
export function derivesFromBuiltinPromise(ctx: TypeContext, type: Type, depth: number): boolean {
  if (libName(ctx, type) === 'Promise') return true;
  if (depth > MAX_DEPTH) return false;
  const declared = type.isClassOrInterface() ? type : type.isTypeReference() ? type.getTarget() : undefined;
  if (!declared?.isClassOrInterface()) return false;
  const bases = baseTypesOf(declared);
  return bases.some((b) => memberIsPromise(ctx, b, { thenables: false }, depth + 1) === 'yes');
}

export function memberIsPromise(ctx: TypeContext, type: Type, query: PromiseQuery, depth: number): Ternary {
  return memo(ctx.cache.promise, `${type.id}:${query.thenables}`, () => computeMemberIsPromise(ctx, type, query, depth), 'unknown');
}

function computeMemberIsPromise(ctx: TypeContext, type: Type, query: PromiseQuery, depth: number): Ternary {
  if (type.flags & ANYLIKE) return 'unknown';
  if (isErrorType(type)) return 'unknown';
  if (depth > MAX_DEPTH) return 'no';
  if (type.flags & TypeFlags.TypeParameter) {
    const constraint = ctx.checker.getBaseConstraintOfType(type);
    return constraint && constraint.id !== type.id ? memberIsPromise(ctx, constraint, query, depth + 1) : 'unknown';
  }
  if (type.isUnionType()) {
    // A constraint can be a union: a promise if any member is.
    const parts = membersOf(type).map((p) => memberIsPromise(ctx, p, query, depth + 1));
    return parts.includes('yes') ? 'yes' : parts.includes('unknown') ? 'unknown' : 'no';
  }
  if (type.isIntersectionType()) {
    const parts = partsOf(type);
    return parts.some((p) => memberIsPromise(ctx, p, query, depth + 1) === 'yes') ? 'yes' : 'no';
  }
  if (!(type.flags & TypeFlags.Object)) return 'no';
  // Without a `then` it is neither a Promise nor derived from one: one request settles most types.
  const then = thenPropertyOf(ctx, type);
  if (!then) return 'no';
  if (derivesFromBuiltinPromise(ctx, type, depth)) return 'yes';
  return query.thenables && hasCallableThen(ctx, then) ? 'yes' : 'no';
}

function hasCallableThen(ctx: TypeContext, then: Symbol): boolean {
  const thenType = ctx.checker.getTypeOfSymbol(then);
  return thenType !== undefined && ctx.checker.getSignaturesOfType(thenType, SignatureKind.Call).length > 0;
}
