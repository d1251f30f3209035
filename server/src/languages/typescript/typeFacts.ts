/**
 * Batched type questions rules ask about candidate nodes. One `getTypeAtLocation` request per file
 * for all nodes (one request per node is 2-3x slower), and per-type answers cached by type id for
 * the life of the checker.
 */
import { isErrorType, SignatureKind, TypeFlags, type Checker, type Type } from 'typescript/unstable/sync';
import type { Node } from './ast.ts';

/**
 * How a value relates to promises:
 *  - `promise`: every member of its type is a built-in Promise (or a thenable when asked);
 *  - `some`: a union with at least one such member (typescript-eslint reports these too);
 *  - `none`: no member is;
 *  - `unknown`: any, unknown, an error type, or no type information.
 */
export type PromiseKind = 'promise' | 'some' | 'none' | 'unknown';

export interface PromiseQuery {
  /** Also count any object with a callable `then` (typescript-eslint's `checkThenables`). */
  thenables: boolean;
}

const LIB_FILE = /[\\/]lib\.[\w.]*\.d\.ts$/;
const ANYLIKE = TypeFlags.Any | TypeFlags.Unknown;

export class TypeFacts {
  private readonly memberCache = new Map<string, 'yes' | 'no' | 'unknown'>();

  constructor(private readonly checker: Checker | undefined) {}

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
      const r = this.memberIsPromise(m, query);
      if (r === 'yes') yes++;
      else if (r === 'unknown') unknown++;
    }
    if (yes === members.length) return 'promise';
    if (yes > 0) return 'some';
    return unknown > 0 ? 'unknown' : 'none';
  }

  /** True when `node` sits where a function returning `void` is expected (a callback whose result is ignored). */
  expectsVoidReturn(node: Node): boolean {
    if (!this.checker) return false;
    try {
      const contextual = this.checker.getContextualType(node as never);
      if (!contextual) return false;
      const candidates = this.membersOf(contextual);
      let sawSignature = false;
      for (const member of candidates) {
        for (const sig of this.checker.getSignaturesOfType(member, SignatureKind.Call)) {
          sawSignature = true;
          const ret = this.checker.getReturnTypeOfSignature(sig);
          // Any signature that accepts a returned value (unknown, any, a promise...) means the caller may use it.
          if (!ret || !(ret.flags & TypeFlags.Void)) return false;
        }
      }
      return sawSignature;
    } catch {
      return false;
    }
  }

  /** Printed type, for messages. */
  typeToString(type: Type): string {
    try {
      return this.checker?.typeToString(type) ?? '?';
    } catch {
      return '?';
    }
  }

  private membersOf(type: Type): readonly Type[] {
    if (type.isUnionType()) {
      try {
        return type.getTypes();
      } catch {
        return [type];
      }
    }
    return [type];
  }

  private memberIsPromise(type: Type, query: PromiseQuery): 'yes' | 'no' | 'unknown' {
    const key = `${type.id}:${query.thenables}`;
    const cached = this.memberCache.get(key);
    if (cached) return cached;
    const answer = this.computeMemberIsPromise(type, query);
    this.memberCache.set(key, answer);
    return answer;
  }

  private computeMemberIsPromise(type: Type, query: PromiseQuery): 'yes' | 'no' | 'unknown' {
    if (type.flags & ANYLIKE) return 'unknown';
    if (isErrorType(type)) return 'unknown';
    if (type.flags & TypeFlags.TypeParameter) {
      const constraint = this.checker!.getBaseConstraintOfType(type);
      return constraint && constraint.id !== type.id ? this.memberIsPromise(constraint, query) : 'unknown';
    }
    if (type.isIntersectionType()) {
      const parts = type.getTypes();
      return parts.some((p) => this.memberIsPromise(p, query) === 'yes') ? 'yes' : 'no';
    }
    if (!(type.flags & TypeFlags.Object)) return 'no';
    if (this.isBuiltinPromise(type)) return 'yes';
    if (query.thenables) {
      const then = this.checker!.getPropertyOfType(type, 'then');
      if (then) {
        const thenType = this.checker!.getTypeOfSymbol(then);
        if (thenType && this.checker!.getSignaturesOfType(thenType, SignatureKind.Call).length > 0) return 'yes';
      }
    }
    return 'no';
  }

  /** A Promise declared by TypeScript's own lib files (not a user class named Promise). */
  private isBuiltinPromise(type: Type): boolean {
    let symbol;
    try {
      symbol = type.getSymbol();
    } catch {
      return false;
    }
    if (!symbol || symbol.name !== 'Promise') return false;
    return symbol.declarations.some((d) => LIB_FILE.test(d.path));
  }
}
