/**
 * Why a peer case still differs from async-lint, per suite and case id (see suite.ts's caseId).
 * run.ts prints a difference without a reason as UNEXPLAINED, and lists every reason here in
 * docs/peers.md; deliberate ones are also stated in the rule's docs.
 */
export const differences: Record<string, Record<string, string>> = {
  'typescript-eslint-floating': {
    a338f996:
      'deliberate: `it(...).finally(...)` with `it` a known-safe call. `.finally` passes on the settlement of a promise that is safe to drop, so it stays safe (floating-promise docs).',
  },
  'typescript-eslint-await-thenable': {
    '6eac17f1': 'deliberate: a statement awaiting a literal (`await 0;`) is a pause until the next microtask (await-non-thenable docs).',
    a29fb2b2: "deliberate: a statement awaiting a literal (`await 'value';`) is a pause until the next microtask (await-non-thenable docs).",
    '30ed7486': 'deliberate: `void` may hold a promise at run time (a function typed to return void can return one), so `await callback?.()` of `void | undefined` is left alone (await-non-thenable docs).',
    '2fe253c2': 'deliberate: `void` may hold a promise at run time, so `await obj.a?.b?.()` of `void | undefined` is left alone (await-non-thenable docs).',
    '54fcfb3d': 'deliberate: `void` may hold a promise at run time, so `await obj?.a.b.c?.()` of `void | undefined` is left alone (await-non-thenable docs).',
  },
  'typescript-eslint-void-return': {
    '148e984d':
      'deliberate: an interface extending `typeof MyClassExpression` (the constructor type) has no `setThing` to override there; typescript-eslint finds it among the class symbol\'s instance members. The base type\'s own properties are what callers see.',
  },
};
