/**
 * Whether a call's result can be a promise, judged from the callee's signatures without resolving
 * the call. Resolving a call checks its arguments against every overload; on openai's event
 * emitters (`this.on('event', listener)` against a union of hundreds of events) that took 344 ms
 * for one statement, while the callee's type took 0.1 ms. When no signature of the callee can
 * return a promise, neither can the call, whatever overload the checker would pick.
 */
import { isErrorType, ObjectFlags, SignatureKind, TypeFlags, type Signature, type Type } from 'typescript/unstable/sync';
import { SyntaxKind, ts, type CallExpression, type Node } from './ast.ts';
import { memberIsPromise, type PromiseQuery } from './promiseKind.ts';
import { ANYLIKE, collectionKindOf, GENERIC, MAX_DEPTH, membersOf, memo, partsOf, type TypeContext, type TypeObject } from './typeCache.ts';

/** What a signature's declared return type says about the call's result. */
type ReturnVerdict = 'noPromise' | 'maybe' | 'receiver';

/**
 * Per call, false when the call's result is certainly not a promise (nor a thenable when asked, nor
 * an array or tuple holding one) for any overload the checker could pick; true when it may be, or
 * when the signatures cannot tell (generic returns, no signatures). Two batched type requests per
 * file at most; signatures and return types are cached per checker.
 */
export function callsMayReturnPromises(
  ctx: TypeContext,
  calls: readonly CallExpression[],
  query: PromiseQuery,
  typesOf: (nodes: readonly Node[]) => (Type | undefined)[],
): boolean[] {
  const may = calls.map(() => true);
  const judged: number[] = [];
  calls.forEach((call, i) => {
    const callee = call.expression.kind;
    // Without arguments there is no overload resolution to avoid: the call's own type is as cheap.
    if (call.arguments.length === 0) return;
    if (callee !== SyntaxKind.SuperKeyword && callee !== SyntaxKind.ImportKeyword) judged.push(i);
  });
  const calleeTypes = typesOf(judged.map((i) => calls[i]!.expression));
  const receivers: number[] = [];
  judged.forEach((callIndex, k) => {
    const calleeType = calleeTypes[k];
    if (!calleeType) return;
    const verdict = calleeVerdict(ctx, calleeType, query);
    if (verdict === 'noPromise') may[callIndex] = false;
    else if (verdict === 'receiver' && hasReceiver(calls[callIndex]!)) receivers.push(callIndex);
  });
  // Methods returning `this` (fluent APIs, event emitters) return their receiver's type.
  const receiverTypes = typesOf(receivers.map((i) => (calls[i]!.expression as unknown as { expression: Node }).expression));
  receivers.forEach((callIndex, k) => {
    const type = receiverTypes[k];
    if (type && noPromiseEver(ctx, type, query, 0)) may[callIndex] = false;
  });
  return may;
}

function hasReceiver(call: CallExpression): boolean {
  return ts.isPropertyAccessExpression(call.expression) || ts.isElementAccessExpression(call.expression);
}

function calleeVerdict(ctx: TypeContext, calleeType: Type, query: PromiseQuery): ReturnVerdict {
  // Calling `any` gives `any`, which no rule reports as a promise.
  if (calleeType.flags & TypeFlags.Any) return 'noPromise';
  if (isErrorType(calleeType)) return 'maybe';
  const signatures = memo(ctx.cache.callSignatures, calleeType.id, () => ctx.checker.getSignaturesOfType(calleeType, SignatureKind.Call), []);
  if (signatures.length === 0) return 'maybe';
  let receiver = false;
  for (const signature of signatures) {
    const verdict = memo(ctx.cache.returnVerdicts, `${signature.id}:${query.thenables}`, () => returnVerdict(ctx, signature, query), 'maybe');
    if (verdict === 'maybe') return 'maybe';
    if (verdict === 'receiver') receiver = true;
  }
  return receiver ? 'receiver' : 'noPromise';
}

function returnVerdict(ctx: TypeContext, signature: Signature, query: PromiseQuery): ReturnVerdict {
  const returned = ctx.checker.getReturnTypeOfSignature(signature);
  if (!returned) return 'maybe';
  if (returned.flags & TypeFlags.TypeParameter && (returned as TypeObject).isThisType) return 'receiver';
  return noPromiseEver(ctx, returned, query, 0) ? 'noPromise' : 'maybe';
}

/**
 * True when no instantiation of `type` is a promise (or a thenable when asked) or an array holding
 * one. Type parameters, indexed, conditional and mapped types may become anything, so they are not.
 */
export function noPromiseEver(ctx: TypeContext, type: Type, query: PromiseQuery, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  return membersOf(type).every((member) => memo(ctx.cache.noPromiseEver, `${member.id}:${query.thenables}`, () => memberNoPromiseEver(ctx, member, query, depth), false));
}

function memberNoPromiseEver(ctx: TypeContext, type: Type, query: PromiseQuery, depth: number): boolean {
  if (type.flags & ANYLIKE || isErrorType(type)) return true;
  if (type.flags & TypeFlags.TypeParameter && (type as TypeObject).isThisType) {
    // `this` inside a class is that class or a subclass: judged by the class, as promiseKind does.
    const constraint = ctx.checker.getBaseConstraintOfType(type);
    return constraint !== undefined && constraint.id !== type.id && noPromiseEver(ctx, constraint, query, depth + 1);
  }
  if (type.flags & GENERIC) return false;
  if (type.isUnionType() || type.isIntersectionType()) return partsOf(type).every((part) => noPromiseEver(ctx, part, query, depth + 1));
  if (!(type.flags & TypeFlags.Object)) return true;
  if ((type as TypeObject).objectFlags & (ObjectFlags.Mapped | ObjectFlags.ReverseMapped)) return false;
  if (memberIsPromise(ctx, type, query, depth) !== 'no') return false;
  // An array or tuple of promises is as unhandled as a promise.
  if (collectionKindOf(ctx, type) === 'array') {
    return ctx.checker.getTypeArguments(type as never).every((element) => noPromiseEver(ctx, element, query, depth + 1));
  }
  return true;
}
