/**
 * What a callee (or a declared type) does with the result of a function given to it: whether every
 * signature expected there returns `void`, so a promise returned would be ignored. Answers are
 * cached per checker by type id; questions about many nodes are one request.
 */
import { SignatureKind, TypeFlags, type Symbol as TsSymbol, type Type } from 'typescript/unstable/sync';
import { SyntaxKind, type Node } from './ast.ts';
import { ANYLIKE, membersOf, memo, type TypeContext } from './typeCache.ts';

export type CallbackReturn = 'void' | 'value' | 'unknown';

const DECLARATION_FILE = /\.d\.[cm]?ts$/;
/** Declarations that always state their type (or are implicitly any, never an inferred void). */
const SIGNATURE_KINDS = new Set<SyntaxKind>([SyntaxKind.PropertySignature, SyntaxKind.MethodSignature, SyntaxKind.CallSignature]);

/** What is done with the result of a function of type `type` (a contextual type, a parameter type). */
export function callbackReturnOfType(ctx: TypeContext, type: Type): CallbackReturn {
  return memo(ctx.cache.voidCallback, type.id, () => computeCallbackReturn(ctx, type), 'unknown');
}

/** See TypeFacts.someOverloadUsesResult. */
export function someOverloadUsesResult(ctx: TypeContext, calleeType: Type, index: number, construct: boolean): boolean {
  const checker = ctx.checker;
  return memo(ctx.cache.overloadUsesResult, `${calleeType.id}:${index}:${construct}`, () => {
    const kind = construct ? SignatureKind.Construct : SignatureKind.Call;
    return membersOf(calleeType).some((member) =>
      checker.getSignaturesOfType(member, kind).some((sig) => {
        if (index >= sig.parameters.length && !sig.hasRestParameter) return false;
        const parameter = checker.getParameterType(sig, index);
        return parameter !== undefined && callbackReturnOfType(ctx, parameter) === 'value';
      }),
    );
  }, false);
}

/** See TypeFacts.propertyReturnExpectation. */
export function propertyReturnExpectation(ctx: TypeContext, container: Type, name: string): CallbackReturn {
  const checker = ctx.checker;
  let answer: CallbackReturn = 'unknown';
  try {
    for (const member of membersOf(container)) {
      if (!(member.flags & (TypeFlags.Object | TypeFlags.Intersection))) continue;
      const property = checker.getPropertyOfType(member, name);
      const type = property && checker.getTypeOfSymbol(property);
      const expectation = type ? callbackReturnOfType(ctx, type) : 'unknown';
      if (expectation === 'value') return 'value';
      if (expectation === 'void' && hasWrittenType(property!)) answer = 'void';
    }
  } catch {
    return 'unknown';
  }
  return answer;
}

/** See TypeFacts.writtenTypes: one request for all nodes. */
export function writtenTypes(ctx: TypeContext, nodes: readonly Node[]): boolean[] {
  if (nodes.length === 0) return [];
  try {
    return ctx.checker.getSymbolAtLocation(nodes as Node[]).map((symbol) => symbol !== undefined && hasWrittenType(symbol));
  } catch {
    return nodes.map(() => false);
  }
}

function hasWrittenType(symbol: TsSymbol): boolean {
  return symbol.declarations.some((d) => DECLARATION_FILE.test(d.path) || SIGNATURE_KINDS.has(d.kind) || (d.resolve() as { type?: Node } | undefined)?.type !== undefined);
}

function computeCallbackReturn(ctx: TypeContext, contextual: Type): CallbackReturn {
  // An untyped callee (`any` receiver, `fn: any`): nothing is known about what it does with the result.
  if (contextual.flags & ANYLIKE) return 'unknown';
  let sawSignature = false;
  for (const member of membersOf(contextual)) {
    for (const sig of ctx.checker.getSignaturesOfType(member, SignatureKind.Call)) {
      sawSignature = true;
      const ret = ctx.checker.getReturnTypeOfSignature(sig);
      if (!ret || ret.flags !== TypeFlags.Void) return 'value';
    }
  }
  return sawSignature ? 'void' : 'unknown';
}
