/**
 * What a callee (or a declared type) does with the result of a function given to it: whether every
 * signature expected there returns `void`, so a promise returned would be ignored. Answers are
 * cached per checker by type id; questions about many nodes are one request.
 */
import { SignatureKind, TypeFlags, type Symbol as TsSymbol, type Type } from 'typescript/unstable/sync';
import { SyntaxKind, type Node } from './ast.ts';
import { thenabilityOf } from './thenability.ts';
import { ANYLIKE, membersOf, memo, type CallbackReturn, type TypeContext } from './typeCache.ts';

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
    const signatures = membersOf(calleeType).flatMap((member) => checker.getSignaturesOfType(member, kind));
    // With one signature there is no other overload: the contextual type (instantiated, with explicit type arguments too) decides.
    if (signatures.length < 2) return false;
    return signatures.some((sig) => {
      if (index >= sig.parameters.length && !sig.hasRestParameter) return false;
      const parameter = checker.getParameterType(sig, index);
      if (parameter === undefined) return false;
      // `any` from a rest parameter (`...args: []`, `...args: any[]`) says nothing about callbacks, as in typescript-eslint.
      if (parameter.flags & ANYLIKE && sig.hasRestParameter && index >= sig.parameters.length - 1) return false;
      return acceptsPromiseResult(ctx, parameter);
    });
  }, false);
}

/**
 * Whether a parameter of this type takes a function whose promise it can receive: some signature
 * returns a thenable, or what may be one (any, unknown, a type parameter). `() => number` does
 * not, and an overload taking it is no reason to accept an async function elsewhere.
 */
function acceptsPromiseResult(ctx: TypeContext, parameter: Type): boolean {
  if (parameter.flags & ANYLIKE) return true;
  for (const member of membersOf(parameter)) {
    for (const sig of ctx.checker.getSignaturesOfType(member, SignatureKind.Call)) {
      const ret = ctx.checker.getReturnTypeOfSignature(sig);
      if (!ret) return true;
      if (ret.flags === TypeFlags.Void) continue;
      if (thenabilityOf(ctx, ret) !== 'never') return true;
    }
  }
  return false;
}

/** See TypeFacts.parameterReturnExpectation. */
export function parameterReturnExpectation(ctx: TypeContext, calleeType: Type, index: number, construct: boolean): CallbackReturn {
  const kind = construct ? SignatureKind.Construct : SignatureKind.Call;
  let answer: CallbackReturn = 'unknown';
  for (const member of membersOf(calleeType)) {
    for (const sig of ctx.checker.getSignaturesOfType(member, kind)) {
      if (index >= sig.parameters.length && !sig.hasRestParameter) continue;
      const parameter = ctx.checker.getParameterType(sig, index);
      const expectation = parameter ? callbackReturnOfType(ctx, parameter) : 'unknown';
      if (expectation === 'value') return 'value';
      if (expectation === 'void') answer = 'void';
    }
  }
  return answer;
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
    // A member with no symbol of its own comes from an index signature (`Record<string, () => void>`), which is written.
    const member = (n: Node) => n.parent?.kind === SyntaxKind.PropertyAccessExpression || n.kind === SyntaxKind.ElementAccessExpression;
    return ctx.checker.getSymbolAtLocation(nodes as Node[]).map((symbol, i) => (symbol === undefined ? member(nodes[i]!) : hasWrittenType(symbol)));
  } catch {
    return nodes.map(() => false);
  }
}

function hasWrittenType(symbol: TsSymbol): boolean {
  return symbol.declarations.some((d) => {
    if (DECLARATION_FILE.test(d.path) || SIGNATURE_KINDS.has(d.kind)) return true;
    const declaration = d.resolve() as { type?: Node; initializer?: Node & { type?: Node } } | undefined;
    // `handler = (): void => {}`: the function's own return annotation is written too.
    const initializer = declaration?.initializer;
    const annotatedFunction = initializer !== undefined && (initializer.kind === SyntaxKind.ArrowFunction || initializer.kind === SyntaxKind.FunctionExpression) && initializer.type !== undefined;
    return declaration?.type !== undefined || annotatedFunction;
  });
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
