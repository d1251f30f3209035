/**
 * The per-checker cache behind TypeFacts and the helpers every type question shares: answers that
 * depend only on a type are kept by type id for the life of the checker, so a type met in many
 * files is examined once.
 */
import { ObjectFlags, TypeFlags, type Checker, type InterfaceType, type Signature, type Symbol, type Type } from 'typescript/unstable/sync';

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

/** What is done with a callback's result where it is passed (callbackReturn.ts): ignored, used, or unclear. */
export type CallbackReturn = 'void' | 'value' | 'unknown';

/** Answers that depend only on a type, shared by every file checked with the same checker. */
export interface TypeCache {
  promise: Map<string, Ternary>;
  callable: Map<number, Ternary>;
  arrayOfPromises: Map<string, boolean>;
  collection: Map<number, CollectionKind>;
  voidCallback: Map<number, CallbackReturn>;
  overloadUsesResult: Map<string, boolean>;
  libNames: Map<number, string | undefined>;
  /** Whether a member is thenable; 'noThen' until needed (see thenability.ts). */
  thenable: Map<number, Ternary | 'noThen'>;
  thenableSettled: Map<number, Ternary>;
  thenProperty: Map<number, Symbol | undefined>;
  targetsWithoutThen: Set<number>;
  callSignatures: Map<number, readonly Signature[]>;
  returnVerdicts: Map<string, 'noPromise' | 'maybe' | 'receiver'>;
  noPromiseEver: Map<string, boolean>;
  returnsThenable: Map<number, boolean>;
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
    cache = { promise: new Map(), callable: new Map(), arrayOfPromises: new Map(), collection: new Map(), voidCallback: new Map(), overloadUsesResult: new Map(), libNames: new Map(), thenable: new Map(), thenableSettled: new Map(), thenProperty: new Map(), targetsWithoutThen: new Set(), callSignatures: new Map(), returnVerdicts: new Map(), noPromiseEver: new Map(), returnsThenable: new Map() };
    caches.set(checker, cache);
  }
  return cache;
}

/*
 * The API client fetches a type's parts, base types and symbol from tsgo on every call (one round
 * trip each; measured on openai: 4,830 requests for the parts of a few hundred unions). They never
 * change for a Type object, and Type objects are shared per snapshot, so they are kept here, weakly.
 */
const partsCache = new WeakMap<Type, readonly Type[]>();
const baseTypesCache = new WeakMap<Type, readonly Type[]>();
const symbolCache = new WeakMap<Type, Symbol | null>();

/** The constituents of a union or intersection (empty for anything else). */
export function partsOf(type: Type): readonly Type[] {
  if (!type.isUnionType() && !type.isIntersectionType()) return [];
  let parts = partsCache.get(type);
  if (!parts) {
    parts = type.getTypes() ?? [];
    partsCache.set(type, parts);
  }
  return parts;
}

/** The members of a union, or the type itself. */
export function membersOf(type: Type): readonly Type[] {
  if (type.isUnionType()) {
    try {
      const parts = partsOf(type);
      return parts.length > 0 ? parts : [type];
    } catch {
      return [type];
    }
  }
  return [type];
}

/** The base types of a class or interface. */
export function baseTypesOf(declared: InterfaceType): readonly Type[] {
  let bases = baseTypesCache.get(declared);
  if (!bases) {
    bases = declared.getBaseTypes() ?? [];
    baseTypesCache.set(declared, bases);
  }
  return bases;
}

/** The type's symbol, if it has one. */
export function symbolOf(type: Type): Symbol | undefined {
  let symbol = symbolCache.get(type);
  if (symbol === undefined) {
    symbol = type.getSymbol() ?? null;
    symbolCache.set(type, symbol);
  }
  return symbol ?? undefined;
}

/** The name of the type's symbol when TypeScript's own lib files declare it (not a user class named Promise). */
export function libName(ctx: TypeContext, type: Type): string | undefined {
  return memo(ctx.cache.libNames, type.id, () => {
    const symbol = symbolOf(type);
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

/**
 * The type's `then` property, if any: one request, and nothing derives from Promise without one.
 * Every instantiation of a generic class or interface (`Array<string>`, `Array<number>`) has the
 * members of its declaration: when one has no `then`, none has.
 */
export function thenPropertyOf(ctx: TypeContext, type: Type): Symbol | undefined {
  const { thenProperty, targetsWithoutThen } = ctx.cache;
  if (thenProperty.has(type.id)) return thenProperty.get(type.id);
  const target = referenceTarget(type);
  if (target !== undefined && targetsWithoutThen.has(target)) return undefined;
  const then = ctx.checker.getPropertyOfType(type, 'then');
  thenProperty.set(type.id, then);
  if (target !== undefined && !then) targetsWithoutThen.add(target);
  return then;
}

/** The fields the API's type objects carry beyond the `Type` interface. */
export type TypeObject = Type & { readonly objectFlags: ObjectFlags; readonly isThisType: boolean; readonly target: number };

/** Whether an object type is a reference to a generic declaration (`Array<string>`, a tuple). */
export function isReference(type: Type): boolean {
  return (type.flags & TypeFlags.Object) !== 0 && ((type as TypeObject).objectFlags & ObjectFlags.Reference) !== 0;
}

/** The generic declaration a type reference instantiates (its id), for references to classes and interfaces. */
function referenceTarget(type: Type): number | undefined {
  return isReference(type) && (type as TypeObject).target ? (type as TypeObject).target : undefined;
}

/** Array (or tuple), Set or Map from TypeScript's lib; `other` for anything else, unions included. */
export function collectionKindOf(ctx: TypeContext, type: Type): CollectionKind {
  if (!(type.flags & TypeFlags.Object)) return 'other';
  return memo(ctx.cache.collection, type.id, () => computeCollectionKind(ctx, type), 'other');
}

function computeCollectionKind(ctx: TypeContext, type: Type): CollectionKind {
  switch (libName(ctx, type)) {
    case 'Array':
    case 'ReadonlyArray':
      return 'array';
    case 'Set':
    case 'ReadonlySet':
      return 'set';
    case 'Map':
    case 'ReadonlyMap':
      return 'map';
  }
  // Tuples are references without a symbol: anything else needs no request.
  return isReference(type) && symbolOf(type) === undefined && ctx.checker.isTupleType(type) ? 'array' : 'other';
}
