/**
 * Whether a type is thenable as `await` sees it (a `then` taking callbacks), for rules that ask
 * whether awaiting or returning a value can wait for anything. Answers are cached per checker by
 * type id.
 */
import { isErrorType, SignatureKind, TypeFlags, type Type } from 'typescript/unstable/sync';
import { derivesFromBuiltinPromise } from './promiseKind.ts';
import { ANYLIKE, GENERIC, libName, MAX_DEPTH, membersOf, memo, partsOf, thenPropertyOf, type Ternary, type TypeContext } from './typeCache.ts';

/**
 * Whether every member of a type is a thenable (as `await` sees it: a `then` taking callbacks),
 * some is, or none can be. `unknown` covers any, unknown, `{}`/`object`, unconstrained generics,
 * `never`, and `void` (a function typed to return void may return a promise).
 */
export type Thenability = 'always' | 'sometimes' | 'never' | 'unknown';

export function thenabilityOf(ctx: TypeContext, type: Type): Thenability {
  return thenabilityAt(ctx, type, 0);
}

/** thenabilityOf(type) === 'always', without the work that only a `never` answer needs. */
export function alwaysThenable(ctx: TypeContext, type: Type): boolean {
  return membersOf(type).every((m) => memberVerdict(ctx, m, 0, false) === 'yes');
}

/**
 * 'noThen': an object type without a `then`, not yet told apart into `no` and `unknown` (`{}`,
 * `Object`, index signatures admit a promise). Telling them apart lists every property of the type,
 * and only a `never` answer needs it: asking whether a value is always a thenable (conditions on
 * openai: 4,398 of them) does not.
 */
type MemberVerdict = Ternary | 'noThen';

function thenabilityAt(ctx: TypeContext, type: Type, depth: number): Thenability {
  const verdicts = membersOf(type).map((m) => memberIsThenable(ctx, m, depth));
  if (verdicts.every((v) => v === 'yes')) return 'always';
  if (verdicts.every((v) => v === 'no')) return 'never';
  return verdicts.includes('yes') ? 'sometimes' : 'unknown';
}

function memberIsThenable(ctx: TypeContext, type: Type, depth: number): Ternary {
  return memberVerdict(ctx, type, depth, true) as Ternary;
}

function memberVerdict(ctx: TypeContext, type: Type, depth: number, settle: boolean): MemberVerdict {
  const cache = ctx.cache.thenable;
  let verdict: MemberVerdict = memo(cache, type.id, () => computeMemberIsThenable(ctx, type, depth), 'unknown');
  if (verdict === 'noThen' && settle) {
    verdict = memo(ctx.cache.thenableSettled, type.id, () => (admitsAnyValue(ctx, type) ? 'unknown' : 'no'), 'unknown');
  }
  return verdict;
}

function computeMemberIsThenable(ctx: TypeContext, type: Type, depth: number): MemberVerdict {
  const checker = ctx.checker;
  if (type.flags & (ANYLIKE | TypeFlags.Void | TypeFlags.Never | TypeFlags.NonPrimitive) || isErrorType(type) || depth > MAX_DEPTH) return 'unknown';
  if (type.flags & GENERIC) {
    const constraint = checker.getBaseConstraintOfType(type);
    if (!constraint || constraint.id === type.id) return 'unknown';
    const inner = thenabilityAt(ctx, constraint, depth + 1);
    return inner === 'always' ? 'yes' : inner === 'never' ? 'no' : 'unknown';
  }
  if (type.isUnionType() || type.isIntersectionType()) {
    const parts = partsOf(type).map((p) => memberIsThenable(ctx, p, depth + 1));
    if (type.isIntersectionType() && parts.includes('yes')) return 'yes';
    return parts.every((p) => p === 'no') ? 'no' : parts.every((p) => p === 'yes') ? 'yes' : 'unknown';
  }
  if (!(type.flags & TypeFlags.Object)) return 'no';
  // One request settles most object types: without a `then` nothing derives from Promise.
  const then = thenPropertyOf(ctx, type);
  if (then) {
    if (derivesFromBuiltinPromise(ctx, type, depth)) return 'yes';
    const thenType = checker.getTypeOfSymbol(then);
    if (!thenType || thenType.flags & ANYLIKE) return 'unknown';
    // `await` calls then(resolve, reject): a then whose first parameter takes no callback
    // (`then(): void`, `then(name: string)`) is not what it looks for.
    const signatures = membersOf(thenType).flatMap((m) => checker.getSignaturesOfType(m, SignatureKind.Call));
    let verdict: Ternary = 'no';
    for (const sig of signatures) {
      if (sig.parameters.length === 0 && !sig.hasRestParameter) continue;
      const first = checker.getParameterType(sig, 0);
      const answer = first ? takesCallback(ctx, first) : 'unknown';
      if (answer === 'yes') return 'yes';
      if (answer === 'unknown') verdict = 'unknown';
    }
    return verdict;
  }
  return 'noThen';
}

/** Whether a parameter of this type accepts a function: some member (of a union: `cb?: F | null`) is callable. */
function takesCallback(ctx: TypeContext, type: Type): Ternary {
  let verdict: Ternary = 'no';
  for (const member of membersOf(type)) {
    if (member.flags & (ANYLIKE | TypeFlags.TypeParameter) || isErrorType(member)) verdict = 'unknown';
    else if (member.flags & (TypeFlags.Object | TypeFlags.Intersection) && ctx.checker.getSignaturesOfType(member, SignatureKind.Call).length > 0) return 'yes';
  }
  return verdict;
}

/** `{}`, `Object` and index signatures admit any value, a promise too. */
function admitsAnyValue(ctx: TypeContext, type: Type): boolean {
  const { checker } = ctx;
  const kinds = [SignatureKind.Call, SignatureKind.Construct];
  const empty = checker.getPropertiesOfType(type).length === 0 && kinds.every((k) => checker.getSignaturesOfType(type, k).length === 0);
  return empty || libName(ctx, type) === 'Object';
}
