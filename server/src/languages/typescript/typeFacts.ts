/**
 * Batched type questions rules ask about candidate nodes. Rules collect candidate nodes during the
 * traversal and ask for all their types with one `getTypeAtLocation` request per file (one request
 * per node is 2-3x slower); per-type answers are cached by type id for the life of the checker, so
 * a type met in many files is examined once.
 */
import { isErrorType, SignatureKind, TypeFlags, type Checker, type Type } from 'typescript/unstable/sync';
import { NodeFlags, SyntaxKind, type CallExpression, type Expression, type Node } from './ast.ts';
import { callsMayReturnPromises } from './callResults.ts';
import { TsEffects } from './effects.ts';
import type { CallEffects } from '../../core/effects.ts';
import * as callbackReturn from './callbackReturn.ts';
import type { CallbackReturn } from './typeCache.ts';
import { promiseKindOfType, type PromiseKind, type PromiseQuery } from './promiseKind.ts';
import { alwaysThenable, thenabilityOf, type Thenability } from './thenability.ts';
import { ANYLIKE, cacheFor, collectionKindOf, GENERIC, libName, MAX_DEPTH, membersOf, memo, partsOf, symbolOf, type CollectionKind, type Ternary, type TypeContext } from './typeCache.ts';
import { typeMatchesSpecifiers, type TypeSpecifier } from './typeSpecifiers.ts';

export type { Type };
export type { CallbackReturn } from './typeCache.ts';
export type { PromiseKind, PromiseQuery } from './promiseKind.ts';
export type { Thenability } from './thenability.ts';
export { isLibPath, type CollectionKind } from './typeCache.ts';
export type { TypeSpecifier } from './typeSpecifiers.ts';

export class TypeFacts {
  /** The checker and its cache, shared by every TypeFacts over the same checker. */
  private readonly ctx: TypeContext | undefined;

  constructor(
    private readonly checker: Checker | undefined,
    private readonly features: { effectModel: boolean } = { effectModel: true },
  ) {
    this.ctx = checker ? { checker, cache: cacheFor(checker) } : undefined;
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

  /**
   * What each awaited call does (effects.ts): its callee's body when it is in the project, the
   * knowledge tables for library clients; undefined for every call without a checker.
   */
  callEffects(calls: readonly CallExpression[]): (CallEffects | undefined)[] {
    if (!this.checker || calls.length === 0 || !this.features.effectModel) return calls.map(() => undefined);
    try {
      return new TsEffects(this.checker, (nodes) => this.typesOf(nodes)).effectsOf(calls);
    } catch {
      return calls.map(() => undefined);
    }
  }

  /** For each call, the function of the project it calls (a declaration with a body in a project file); one type request. */
  projectFunctionsOf(calls: readonly CallExpression[]): (Node | undefined)[] {
    if (!this.checker || calls.length === 0 || !this.features.effectModel) return calls.map(() => undefined);
    try {
      return new TsEffects(this.checker, (nodes) => this.typesOf(nodes)).projectFunctionsOf(calls);
    } catch {
      return calls.map(() => undefined);
    }
  }

  promiseKinds(nodes: readonly Node[], query: PromiseQuery): PromiseKind[] {
    return this.typesOf(nodes).map((t) => (t ? this.promiseKindOfType(t, query) : 'unknown'));
  }

  /**
   * Per call, whether its result may be a promise (or a thenable when asked, or an array of one),
   * from the callee's signatures; false only when none can return one. Much cheaper than the call's
   * own type, which resolves overloads against the arguments: ask this first, then the types of the
   * calls that may.
   */
  callsMayReturnPromises(calls: readonly CallExpression[], query: PromiseQuery): boolean[] {
    if (!this.ctx || calls.length === 0) return calls.map(() => true);
    try {
      return callsMayReturnPromises(this.ctx, calls, query, (nodes) => this.typesOf(nodes));
    } catch {
      return calls.map(() => true);
    }
  }

  promiseKindOfType(type: Type, query: PromiseQuery): PromiseKind {
    return promiseKindOfType(this.ctx!, type, query);
  }

  /**
   * True when some member of `type` is an array or tuple holding promises (`[p1, p2]`,
   * `xs.map(async (x) => ...)`): nothing handles those promises either.
   */
  isArrayOfPromises(type: Type, query: PromiseQuery, excluded?: (element: Type) => boolean, depth = 0): boolean {
    if (!this.ctx || depth > MAX_DEPTH) return false;
    return membersOf(type).some((m) => {
      // `T extends Array<Promise<number>>`: a type parameter is an array of promises through its constraint.
      if (m.flags & GENERIC) {
        const constraint = this.checker!.getBaseConstraintOfType(m);
        return constraint !== undefined && constraint.id !== m.id && this.isArrayOfPromises(constraint, query, excluded, depth + 1);
      }
      if (excluded) return this.computeArrayOfPromises(m, query, excluded);
      return memo(this.ctx!.cache.arrayOfPromises, `${m.id}:${query.thenables}`, () => this.computeArrayOfPromises(m, query), false);
    });
  }

  /** Whether the type is one the specifiers name (typescript-eslint's `TypeOrValueSpecifier` match). */
  matchesTypeSpecifiers(type: Type, specs: readonly TypeSpecifier[]): boolean {
    if (specs.length === 0) return false;
    try {
      return typeMatchesSpecifiers(type, specs);
    } catch {
      return false;
    }
  }

  /** Whether a value of this type can be called (every member has a call signature). */
  isCallable(type: Type): Ternary {
    if (!this.ctx) return 'unknown';
    const answers = membersOf(type).map((m) => memo(this.ctx!.cache.callable, m.id, () => this.computeCallable(m), 'unknown'));
    if (answers.includes('no')) return 'no';
    return answers.includes('unknown') ? 'unknown' : 'yes';
  }

  /** Every member of the type is an array or tuple, or an intersection with one (`string[] & { tag: 1 }`). */
  isArrayType(type: Type): boolean {
    if (!this.ctx) return false;
    try {
      return membersOf(type).every((m) => this.collectionKind(m) === 'array' || (m.isIntersectionType() && partsOf(m).some((p) => this.collectionKind(p) === 'array')));
    } catch {
      return false;
    }
  }

  /** Array (or tuple), Set or Map from TypeScript's lib; `other` for anything else, unions included. */
  collectionKind(type: Type): CollectionKind {
    return this.ctx ? collectionKindOf(this.ctx, type) : 'other';
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
      return symbolOf(type)?.declarations.map((d) => d.path) ?? [];
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
    return contextual ? callbackReturn.callbackReturnOfType(this.ctx!, contextual) : 'unknown';
  }

  /**
   * Whether some signature of a callee (an overload the checker did not pick) accepts, at argument
   * `index`, a function whose result it may use. mocha's `it(title, fn: Func)` / `it(title, fn:
   * AsyncFunc)` resolves an async callback to the first, void-returning overload, yet the second
   * is what it means.
   */
  someOverloadUsesResult(calleeType: Type, index: number, construct: boolean): boolean {
    return this.ctx ? callbackReturn.someOverloadUsesResult(this.ctx, calleeType, index, construct) : false;
  }

  /**
   * What a callee does with the result of functions given at argument `index`, from its parameter
   * types alone (for a spread, which has no contextual function type): `void` when every signature
   * reaching that index takes a function returning void there.
   */
  parameterReturnExpectation(calleeType: Type, index: number, construct: boolean): CallbackReturn {
    if (!this.ctx) return 'unknown';
    try {
      return callbackReturn.parameterReturnExpectation(this.ctx, calleeType, index, construct);
    } catch {
      return 'unknown';
    }
  }

  /**
   * What is done with the result of calling property `name` of `container` (`void`: every
   * signature returns void), for object-literal methods and overridden class members. A `void`
   * that was only inferred (`init() {}` in a base class, meant to be overridden) is `unknown`.
   */
  propertyReturnExpectation(container: Type, name: string): CallbackReturn {
    return this.ctx ? callbackReturn.propertyReturnExpectation(this.ctx, container, name) : 'unknown';
  }

  /**
   * For each node (a name or property access), whether what it refers to has a written type —
   * an annotation, an interface or type-literal member, or a declaration file — rather than one
   * inferred from its initial value; one request for all nodes.
   */
  writtenTypes(nodes: readonly Node[]): boolean[] {
    return this.ctx ? callbackReturn.writtenTypes(this.ctx, nodes) : nodes.map(() => false);
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

  /** The contextual type of an expression (an object literal, say): what its position expects. */
  contextualTypeOf(node: Expression): Type | undefined {
    try {
      return this.checker?.getContextualType(node);
    } catch {
      return undefined;
    }
  }

  thenability(type: Type): Thenability {
    return this.ctx ? thenabilityOf(this.ctx, type) : 'unknown';
  }

  /** Every member of the type is a thenable (`thenability(type) === 'always'`, for less work). */
  alwaysThenable(type: Type): boolean {
    return this.ctx ? alwaysThenable(this.ctx, type) : false;
  }

  /**
   * Whether a value of this type is a function that returns a thenable: some call signature of
   * some member returns one, or a union with one (`async (x) => ...`, `() => Promise<boolean>`,
   * `() => string | Promise<string>`).
   */
  returnsThenable(type: Type): boolean {
    if (!this.ctx) return false;
    return membersOf(type).some((m) =>
      memo(this.ctx!.cache.returnsThenable, m.id, () => {
        if (!(m.flags & (TypeFlags.Object | TypeFlags.Intersection))) return false;
        return this.checker!.getSignaturesOfType(m, SignatureKind.Call).some((sig) => {
          const returned = this.checker!.getReturnTypeOfSignature(sig);
          if (!returned) return false;
          const thenability = this.thenability(returned);
          return thenability === 'always' || thenability === 'sometimes';
        });
      }, false),
    );
  }

  /** Per node, batched: its type is known and never a thenable (awaiting it overlaps nothing). */
  neverThenable(nodes: readonly Node[]): boolean[] {
    return this.typesOf(nodes).map((t) => t !== undefined && this.thenability(t) === 'never');
  }

  /**
   * Without strictNullChecks `Promise<T> | undefined` is `Promise<T>`: a type cannot tell an
   * optional promise. Only with it does taking null and undefined out of `undefined` leave `never`.
   */
  get strictNullChecks(): boolean {
    if (!this.ctx) return false;
    const { checker, cache } = this.ctx;
    try {
      cache.strictNullChecks ??= (checker.getNonNullableType(checker.getUndefinedType())!.flags & TypeFlags.Never) !== 0;
    } catch {
      return false;
    }
    return cache.strictNullChecks;
  }

  /** True when `node` sits where a function returning `void` is expected (a callback whose result the callee ignores). */
  expectsVoidReturn(node: Expression): boolean {
    return this.callbackReturnExpectation(node) === 'void';
  }

  /**
   * What the type's `[Symbol.dispose]` method returns: `thenable` when some member's may be a
   * promise (which `using` ignores), `void` when every member's returns void, `none` without one.
   */
  disposeReturns(type: Type): 'thenable' | 'void' | 'none' {
    if (!this.checker) return 'none';
    try {
      let answer: 'thenable' | 'void' | 'none' = 'none';
      for (const member of membersOf(type)) {
        if (!(member.flags & (TypeFlags.Object | TypeFlags.Intersection))) continue;
        // Well-known symbols are properties named `__@dispose@<id>`.
        const dispose = this.checker.getPropertiesOfType(member).find((p) => /^__@dispose@\d+$/.test(p.name));
        const disposeType = dispose && this.checker.getTypeOfSymbol(dispose);
        if (!disposeType) continue;
        if (this.returnsThenable(disposeType)) return 'thenable';
        if (callbackReturn.callbackReturnOfType(this.ctx!, disposeType) === 'void') answer = 'void';
      }
      return answer;
    } catch {
      return 'none';
    }
  }

  /** The name of the type's symbol when TypeScript's lib declares it (`finally` for Promise's method), else undefined. */
  libNameOf(type: Type): string | undefined {
    return this.ctx ? libName(this.ctx, type) : undefined;
  }

  /** Printed type, for messages. */
  typeToString(type: Type): string {
    try {
      return this.checker?.typeToString(type) ?? '?';
    } catch {
      return '?';
    }
  }

  private computeCallable(type: Type): Ternary {
    if (type.flags & ANYLIKE || isErrorType(type)) return 'unknown';
    if (!(type.flags & (TypeFlags.Object | TypeFlags.Intersection | TypeFlags.TypeParameter))) return 'no';
    return this.checker!.getSignaturesOfType(type, SignatureKind.Call).length > 0 ? 'yes' : 'no';
  }

  private computeArrayOfPromises(type: Type, query: PromiseQuery, excluded?: (element: Type) => boolean): boolean {
    if (!(type.flags & TypeFlags.Object)) return false;
    const kind = this.collectionKind(type);
    if (kind !== 'array') return false;
    const elements = this.checker!.getTypeArguments(type as never);
    return elements.some((e) => {
      if (excluded?.(e)) return false;
      const k = this.promiseKindOfType(e, query);
      return k === 'promise' || k === 'some';
    });
  }


}
