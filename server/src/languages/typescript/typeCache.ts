/**
 * The per-checker cache behind TypeFacts and the helpers every type question shares: answers that
 * depend only on a type are kept by type id for the life of the checker, so a type met in many
 * files is examined once.
 */
import { TypeFlags, type Checker, type Type } from 'typescript/unstable/sync';
import type { CallbackReturn } from './callbackReturn.ts';

export type Ternary = 'yes' | 'no' | 'unknown';

/** Built-in collections whose `forEach` callbacks can be rewritten to loops. */
export type CollectionKind = 'array' | 'set' | 'map' | 'other';

const LIB_FILE = /[\\/]lib\.[\w.]*\.d\.ts$/;
export const ANYLIKE = TypeFlags.Any | TypeFlags.Unknown;
/** Types whose value is known only through their constraint: `T`, `T[K]`, conditional types. */
export const GENERIC = TypeFlags.TypeParameter | TypeFlags.IndexedAccess | TypeFlags.Conditional | TypeFlags.Substitution;
/** Bounds the walk up base types (and through constraints) in pathological hierarchies. */
export const MAX_DEPTH = 8;

/** A declaration file shipped with TypeScript (lib.es5.d.ts, lib.dom.d.ts, ...). */
export function isLibPath(fileName: string): boolean {
  return LIB_FILE.test(fileName);
}

/** Answers that depend only on a type, shared by every file checked with the same checker. */
export interface TypeCache {
  promise: Map<string, Ternary>;
  callable: Map<number, Ternary>;
  arrayOfPromises: Map<string, boolean>;
  collection: Map<number, CollectionKind>;
  voidCallback: Map<number, CallbackReturn>;
  overloadUsesResult: Map<string, boolean>;
  libNames: Map<number, string | undefined>;
  thenable: Map<number, Ternary>;
  strictNullChecks?: boolean;
}

/** A checker and its cache: what the type questions outside TypeFacts are asked with. */
export interface TypeContext {
  readonly checker: Checker;
  readonly cache: TypeCache;
}

const caches = new WeakMap<Checker, TypeCache>();

export function cacheFor(checker: Checker): TypeCache {
  let cache = caches.get(checker);
  if (!cache) {
    cache = { promise: new Map(), callable: new Map(), arrayOfPromises: new Map(), collection: new Map(), voidCallback: new Map(), overloadUsesResult: new Map(), libNames: new Map(), thenable: new Map() };
    caches.set(checker, cache);
  }
  return cache;
}

/** The members of a union, or the type itself. */
export function membersOf(type: Type): readonly Type[] {
  if (type.isUnionType()) {
    try {
      return type.getTypes() ?? [type];
    } catch {
      return [type];
    }
  }
  return [type];
}

/** The name of the type's symbol when TypeScript's own lib files declare it (not a user class named Promise). */
export function libName(ctx: TypeContext, type: Type): string | undefined {
  return memo(ctx.cache.libNames, type.id, () => {
    const symbol = type.getSymbol();
    return symbol && symbol.declarations.some((d) => isLibPath(d.path)) ? symbol.name : undefined;
  }, undefined);
}

/** Cached answer, or `fallback` when the backend fails (never cached, so a later call may succeed). */
export function memo<K, V>(map: Map<K, V>, key: K, compute: () => V, fallback: V): V {
  if (map.has(key)) return map.get(key)!;
  let value: V;
  try {
    value = compute();
  } catch {
    return fallback;
  }
  map.set(key, value);
  return value;
}
