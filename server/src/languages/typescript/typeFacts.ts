/**
 * Batched type questions rules ask about candidate nodes. Rules collect candidate nodes during the
 * traversal and ask for all their types with one `getTypeAtLocation` request per file (one request
 * per node is 2-3x slower); per-type answers are cached by type id for the life of the checker, so
 * a type met in many files is examined once.
 */
import { isErrorType, SignatureKind, TypeFlags, type Checker, type Symbol as TsSymbol, type Type } from 'typescript/unstable/sync';
import { NodeFlags, SyntaxKind, type Expression, type Node } from './ast.ts';

export type { Type };

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

export type CallbackReturn = 'void' | 'value' | 'unknown';

/**
 * Whether every member of a type is a thenable (as `await` sees it: a `then` taking callbacks),
 * some is, or none can be. `unknown` covers any, unknown, `{}`/`object`, unconstrained generics,
 * `never`, and `void` (a function typed to return void may return a promise).
 */
export type Thenability = 'always' | 'sometimes' | 'never' | 'unknown';

/** Built-in collections whose `forEach` callbacks can be rewritten to loops. */
export type CollectionKind = 'array' | 'set' | 'map' | 'other';

type Ternary = 'yes' | 'no' | 'unknown';

const LIB_FILE = /[\\/]lib\.[\w.]*\.d\.ts$/;
const DECLARATION_FILE = /\.d\.[cm]?ts$/;
/** Declarations that always state their type (or are implicitly any, never an inferred void). */
const SIGNATURE_KINDS = new Set<SyntaxKind>([SyntaxKind.PropertySignature, SyntaxKind.MethodSignature, SyntaxKind.CallSignature]);
const ANYLIKE = TypeFlags.Any | TypeFlags.Unknown;
/** Types whose value is known only through their constraint: `T`, `T[K]`, conditional types. */
const GENERIC = TypeFlags.TypeParameter | TypeFlags.IndexedAccess | TypeFlags.Conditional | TypeFlags.Substitution;
/** Bounds the walk up base types (and through constraints) in pathological hierarchies. */
const MAX_DEPTH = 8;

/** A declaration file shipped with TypeScript (lib.es5.d.ts, lib.dom.d.ts, ...). */
export function isLibPath(fileName: string): boolean {
  return LIB_FILE.test(fileName);
}

/** Answers that depend only on a type, shared by every file checked with the same checker. */
interface TypeCache {
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

const caches = new WeakMap<Checker, TypeCache>();

function cacheFor(checker: Checker): TypeCache {
  let cache = caches.get(checker);
  if (!cache) {
    cache = { promise: new Map(), callable: new Map(), arrayOfPromises: new Map(), collection: new Map(), voidCallback: new Map(), overloadUsesResult: new Map(), libNames: new Map(), thenable: new Map() };
    caches.set(checker, cache);
  }
  return cache;
}

export class TypeFacts {
  private readonly cache: TypeCache | undefined;

  constructor(private readonly checker: Checker | undefined) {
    this.cache = checker ? cacheFor(checker) : undefined;
  }

  get available(): boolean {
    return this.checker !== undefined;
  }

  /** The types of many nodes in one request. */
  typesOf(nodes: readonly Node[]): (Type | undefined)[] {
    if (!this.checker || nodes.length === 0) return nodes.map(() => undefined);
    try {
      return this.checker.getTypeAtLocation(nodes as Node[]);
    } catch {
      return nodes.map(() => undefined);
    }
  }

  promiseKinds(nodes: readonly Node[], query: PromiseQuery): PromiseKind[] {
    return this.typesOf(nodes).map((t) => (t ? this.promiseKindOfType(t, query) : 'unknown'));
  }

  promiseKindOfType(type: Type, query: PromiseQuery): PromiseKind {
    const members = this.membersOf(type);
    let yes = 0;
    let unknown = 0;
    for (const m of members) {
      const r = this.memberIsPromise(m, query, 0);
      if (r === 'yes') yes++;
      else if (r === 'unknown') unknown++;
    }
    if (yes === members.length) return 'promise';
    if (yes > 0) return 'some';
    return unknown > 0 ? 'unknown' : 'none';
  }

  /**
   * True when some member of `type` is an array or tuple holding promises (`[p1, p2]`,
   * `xs.map(async (x) => ...)`): nothing handles those promises either.
   */
  isArrayOfPromises(type: Type, query: PromiseQuery): boolean {
    if (!this.checker) return false;
    return this.membersOf(type).some((m) => this.memo(this.cache!.arrayOfPromises, `${m.id}:${query.thenables}`, () => this.computeArrayOfPromises(m, query), false));
  }

  /** Whether a value of this type can be called (every member has a call signature). */
  isCallable(type: Type): Ternary {
    if (!this.checker) return 'unknown';
    const answers = this.membersOf(type).map((m) => this.memo(this.cache!.callable, m.id, () => this.computeCallable(m), 'unknown'));
    if (answers.includes('no')) return 'no';
    return answers.includes('unknown') ? 'unknown' : 'yes';
  }

  /** Array (or tuple), Set or Map from TypeScript's lib; `other` for anything else, unions included. */
  collectionKind(type: Type): CollectionKind {
    if (!this.checker || type.isUnionType()) return 'other';
    return this.memo(this.cache!.collection, type.id, () => this.computeCollection(type), 'other');
  }

  /**
   * For each node (an identifier), the value declaration of the symbol it refers to when that
   * declaration is in the same file; one request for all nodes. Imports resolve to their import
   * specifier, so declarations in other files are not followed. The name of a shorthand property
   * (`{ onData }`) refers to the variable it reads, not to the property.
   */
  localDeclarationsOf(nodes: readonly Node[]): (Node | undefined)[] {
    if (!this.checker || nodes.length === 0) return nodes.map(() => undefined);
    try {
      const shorthand = (n: Node) => n.parent?.kind === SyntaxKind.ShorthandPropertyAssignment;
      const symbols = this.checker.getSymbolAtLocation(nodes as Node[]).map((symbol, i) =>
        shorthand(nodes[i]!) ? this.checker!.getShorthandAssignmentValueSymbol(nodes[i]!.parent) : symbol,
      );
      return symbols.map((symbol, i) => {
        const handle = symbol?.valueDeclaration;
        return handle && handle.path === nodes[i]!.getSourceFile().path ? handle.resolve() : undefined;
      });
    } catch {
      return nodes.map(() => undefined);
    }
  }

  /** Files declaring the symbol of `type` (for a function, where the function is declared). */
  declarationFiles(type: Type): string[] {
    try {
      return type.getSymbol()?.declarations.map((d) => d.path) ?? [];
    } catch {
      return [];
    }
  }

  /**
   * What the callee does with the result of a function written at `node` (an argument), from
   * the contextual type: `void` when every candidate signature returns `void`, so the result is
   * ignored; `value` when some signature returns anything else — a union with a promise, any,
   * unknown, a type parameter — since the callee may then use it; `unknown` without a contextual
   * function type (none, or `any`).
   */
  callbackReturnExpectation(node: Expression): CallbackReturn {
    const contextual = this.contextualTypeOf(node);
    return contextual ? this.callbackReturnOfType(contextual) : 'unknown';
  }

  private callbackReturnOfType(type: Type): CallbackReturn {
    return this.memo(this.cache!.voidCallback, type.id, () => this.computeCallbackReturn(type), 'unknown');
  }

  /**
   * Whether some signature of a callee (an overload the checker did not pick) accepts, at argument
   * `index`, a function whose result it may use. mocha's `it(title, fn: Func)` / `it(title, fn:
   * AsyncFunc)` resolves an async callback to the first, void-returning overload, yet the second
   * is what it means.
   */
  someOverloadUsesResult(calleeType: Type, index: number, construct: boolean): boolean {
    if (!this.checker) return false;
    return this.memo(this.cache!.overloadUsesResult, `${calleeType.id}:${index}:${construct}`, () => {
      const kind = construct ? SignatureKind.Construct : SignatureKind.Call;
      return this.membersOf(calleeType).some((member) =>
        this.checker!.getSignaturesOfType(member, kind).some((sig) => {
          if (index >= sig.parameters.length && !sig.hasRestParameter) return false;
          const parameter = this.checker!.getParameterType(sig, index);
          return parameter !== undefined && this.callbackReturnOfType(parameter) === 'value';
        }),
      );
    }, false);
  }

  /**
   * What is done with the result of calling property `name` of `container` (`void`: every
   * signature returns void), for object-literal methods and overridden class members. A `void`
   * that was only inferred (`init() {}` in a base class, meant to be overridden) is `unknown`.
   */
  propertyReturnExpectation(container: Type, name: string): CallbackReturn {
    if (!this.checker) return 'unknown';
    let answer: CallbackReturn = 'unknown';
    try {
      for (const member of this.membersOf(container)) {
        if (!(member.flags & (TypeFlags.Object | TypeFlags.Intersection))) continue;
        const property = this.checker.getPropertyOfType(member, name);
        const type = property && this.checker.getTypeOfSymbol(property);
        const expectation = type ? this.callbackReturnOfType(type) : 'unknown';
        if (expectation === 'value') return 'value';
        if (expectation === 'void' && this.hasWrittenType(property!)) answer = 'void';
      }
    } catch {
      return 'unknown';
    }
    return answer;
  }

  /**
   * For each node (a name or property access), whether what it refers to has a written type —
   * an annotation, an interface or type-literal member, or a declaration file — rather than one
   * inferred from its initial value; one request for all nodes.
   */
  writtenTypes(nodes: readonly Node[]): boolean[] {
    if (!this.checker || nodes.length === 0) return nodes.map(() => false);
    try {
      return this.checker.getSymbolAtLocation(nodes as Node[]).map((symbol) => symbol !== undefined && this.hasWrittenType(symbol));
    } catch {
      return nodes.map(() => false);
    }
  }

  /**
   * For each node (a name, or the name of a property access), whether what it refers to is a
   * variable or class property declared without a value (`let client: Promise<Client>;`,
   * `loading!: Promise<void>`): it may still be unassigned whatever its type says. One request.
   */
  declaredWithoutValue(nodes: readonly Node[]): boolean[] {
    if (!this.checker || nodes.length === 0) return nodes.map(() => false);
    try {
      return this.checker.getSymbolAtLocation(nodes as Node[]).map((symbol) => {
        const handle = symbol?.valueDeclaration;
        if (handle?.kind !== SyntaxKind.VariableDeclaration && handle?.kind !== SyntaxKind.PropertyDeclaration) return false;
        const declaration = handle.resolve() as (Node & { initializer?: Node }) | undefined;
        if (!declaration || declaration.initializer !== undefined || declaration.flags & NodeFlags.Ambient) return false;
        // A const always has its value; a for-of/for-in variable has no initializer but always a value.
        const list = declaration.parent;
        const loopHead = list?.parent?.kind === SyntaxKind.ForOfStatement || list?.parent?.kind === SyntaxKind.ForInStatement;
        return handle.kind === SyntaxKind.PropertyDeclaration || (!(list!.flags & NodeFlags.Const) && !loopHead);
      });
    } catch {
      return nodes.map(() => false);
    }
  }

  private hasWrittenType(symbol: TsSymbol): boolean {
    return symbol.declarations.some((d) => DECLARATION_FILE.test(d.path) || SIGNATURE_KINDS.has(d.kind) || (d.resolve() as { type?: Node } | undefined)?.type !== undefined);
  }

  /** The contextual type of an expression (an object literal, say): what its position expects. */
  contextualTypeOf(node: Expression): Type | undefined {
    try {
      return this.checker?.getContextualType(node);
    } catch {
      return undefined;
    }
  }

  thenability(type: Type): Thenability {
    return this.checker ? this.thenabilityAt(type, 0) : 'unknown';
  }

  /**
   * Without strictNullChecks `Promise<T> | undefined` is `Promise<T>`: a type cannot tell an
   * optional promise. Only with it does taking null and undefined out of `undefined` leave `never`.
   */
  get strictNullChecks(): boolean {
    if (!this.checker) return false;
    try {
      this.cache!.strictNullChecks ??= (this.checker.getNonNullableType(this.checker.getUndefinedType())!.flags & TypeFlags.Never) !== 0;
    } catch {
      return false;
    }
    return this.cache!.strictNullChecks;
  }

  /** True when `node` sits where a function returning `void` is expected (a callback whose result the callee ignores). */
  expectsVoidReturn(node: Expression): boolean {
    return this.callbackReturnExpectation(node) === 'void';
  }

  /** Printed type, for messages. */
  typeToString(type: Type): string {
    try {
      return this.checker?.typeToString(type) ?? '?';
    } catch {
      return '?';
    }
  }

  private computeCallbackReturn(contextual: Type): CallbackReturn {
    // An untyped callee (`any` receiver, `fn: any`): nothing is known about what it does with the result.
    if (contextual.flags & ANYLIKE) return 'unknown';
    let sawSignature = false;
    for (const member of this.membersOf(contextual)) {
      for (const sig of this.checker!.getSignaturesOfType(member, SignatureKind.Call)) {
        sawSignature = true;
        const ret = this.checker!.getReturnTypeOfSignature(sig);
        if (!ret || ret.flags !== TypeFlags.Void) return 'value';
      }
    }
    return sawSignature ? 'void' : 'unknown';
  }

  private computeCallable(type: Type): Ternary {
    if (type.flags & ANYLIKE || isErrorType(type)) return 'unknown';
    if (!(type.flags & (TypeFlags.Object | TypeFlags.Intersection | TypeFlags.TypeParameter))) return 'no';
    return this.checker!.getSignaturesOfType(type, SignatureKind.Call).length > 0 ? 'yes' : 'no';
  }

  private computeArrayOfPromises(type: Type, query: PromiseQuery): boolean {
    if (!(type.flags & TypeFlags.Object)) return false;
    const kind = this.collectionKind(type);
    if (kind !== 'array') return false;
    const elements = this.checker!.getTypeArguments(type as never);
    return elements.some((e) => {
      const k = this.promiseKindOfType(e, query);
      return k === 'promise' || k === 'some';
    });
  }

  private computeCollection(type: Type): CollectionKind {
    if (!(type.flags & TypeFlags.Object)) return 'other';
    switch (this.libName(type)) {
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
    return type.isTypeReference() && this.checker!.isTupleType(type) ? 'array' : 'other';
  }

  private membersOf(type: Type): readonly Type[] {
    if (type.isUnionType()) {
      try {
        return type.getTypes() ?? [type];
      } catch {
        return [type];
      }
    }
    return [type];
  }

  private memberIsPromise(type: Type, query: PromiseQuery, depth: number): Ternary {
    return this.memo(this.cache!.promise, `${type.id}:${query.thenables}`, () => this.computeMemberIsPromise(type, query, depth), 'unknown');
  }

  private computeMemberIsPromise(type: Type, query: PromiseQuery, depth: number): Ternary {
    if (type.flags & ANYLIKE) return 'unknown';
    if (isErrorType(type)) return 'unknown';
    if (depth > MAX_DEPTH) return 'no';
    if (type.flags & TypeFlags.TypeParameter) {
      const constraint = this.checker!.getBaseConstraintOfType(type);
      return constraint && constraint.id !== type.id ? this.memberIsPromise(constraint, query, depth + 1) : 'unknown';
    }
    if (type.isUnionType()) {
      // A constraint can be a union: a promise if any member is.
      const parts = this.membersOf(type).map((p) => this.memberIsPromise(p, query, depth + 1));
      return parts.includes('yes') ? 'yes' : parts.includes('unknown') ? 'unknown' : 'no';
    }
    if (type.isIntersectionType()) {
      const parts = type.getTypes() ?? [];
      return parts.some((p) => this.memberIsPromise(p, query, depth + 1) === 'yes') ? 'yes' : 'no';
    }
    if (!(type.flags & TypeFlags.Object)) return 'no';
    if (this.derivesFromBuiltinPromise(type, depth)) return 'yes';
    return query.thenables && this.hasCallableThen(type) ? 'yes' : 'no';
  }

  private memberIsThenable(type: Type, depth: number): Ternary {
    return this.memo(this.cache!.thenable, type.id, () => this.computeMemberIsThenable(type, depth), 'unknown');
  }

  private computeMemberIsThenable(type: Type, depth: number): Ternary {
    if (type.flags & (ANYLIKE | TypeFlags.Void | TypeFlags.Never | TypeFlags.NonPrimitive) || isErrorType(type) || depth > MAX_DEPTH) return 'unknown';
    if (type.flags & GENERIC) {
      const constraint = this.checker!.getBaseConstraintOfType(type);
      if (!constraint || constraint.id === type.id) return 'unknown';
      const inner = this.thenabilityAt(constraint, depth + 1);
      return inner === 'always' ? 'yes' : inner === 'never' ? 'no' : 'unknown';
    }
    if (type.isUnionType() || type.isIntersectionType()) {
      const parts = (type.getTypes() ?? []).map((p) => this.memberIsThenable(p, depth + 1));
      if (type.isIntersectionType() && parts.includes('yes')) return 'yes';
      return parts.every((p) => p === 'no') ? 'no' : parts.every((p) => p === 'yes') ? 'yes' : 'unknown';
    }
    if (!(type.flags & TypeFlags.Object)) return 'no';
    if (this.derivesFromBuiltinPromise(type, depth)) return 'yes';
    const then = this.checker!.getPropertyOfType(type, 'then');
    if (then) {
      const thenType = this.checker!.getTypeOfSymbol(then);
      if (!thenType || thenType.flags & ANYLIKE) return 'unknown';
      // `await` calls then(resolve, reject): a then that takes no callback is not what it looks for.
      const signatures = this.membersOf(thenType).flatMap((m) => this.checker!.getSignaturesOfType(m, SignatureKind.Call));
      return signatures.some((sig) => sig.parameters.length > 0 || sig.hasRestParameter) ? 'yes' : 'no';
    }
    // `{}`, `Object` and index signatures admit any value, a promise too.
    const kinds = [SignatureKind.Call, SignatureKind.Construct];
    const empty = this.checker!.getPropertiesOfType(type).length === 0 && kinds.every((k) => this.checker!.getSignaturesOfType(type, k).length === 0);
    return empty || this.libName(type) === 'Object' ? 'unknown' : 'no';
  }

  private thenabilityAt(type: Type, depth: number): Thenability {
    const verdicts = this.membersOf(type).map((m) => this.memberIsThenable(m, depth));
    if (verdicts.every((v) => v === 'yes')) return 'always';
    if (verdicts.every((v) => v === 'no')) return 'never';
    return verdicts.includes('yes') ? 'sometimes' : 'unknown';
  }

  /** Promise itself or a class/interface extending it (`class Task<T> extends Promise<T>`). */
  private derivesFromBuiltinPromise(type: Type, depth: number): boolean {
    if (this.libName(type) === 'Promise') return true;
    if (depth > MAX_DEPTH) return false;
    const declared = type.isClassOrInterface() ? type : type.isTypeReference() ? type.getTarget() : undefined;
    if (!declared?.isClassOrInterface()) return false;
    const bases = declared.getBaseTypes() ?? [];
    return bases.some((b) => this.memberIsPromise(b, { thenables: false }, depth + 1) === 'yes');
  }

  private hasCallableThen(type: Type): boolean {
    const then = this.checker!.getPropertyOfType(type, 'then');
    if (!then) return false;
    const thenType = this.checker!.getTypeOfSymbol(then);
    return thenType !== undefined && this.checker!.getSignaturesOfType(thenType, SignatureKind.Call).length > 0;
  }

  /** The name of the type's symbol when TypeScript's own lib files declare it (not a user class named Promise). */
  private libName(type: Type): string | undefined {
    return this.memo(this.cache!.libNames, type.id, () => {
      const symbol = type.getSymbol();
      return symbol && symbol.declarations.some((d) => isLibPath(d.path)) ? symbol.name : undefined;
    }, undefined);
  }

  /** Cached answer, or `fallback` when the backend fails (never cached, so a later call may succeed). */
  private memo<K, V>(map: Map<K, V>, key: K, compute: () => V, fallback: V): V {
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
}
