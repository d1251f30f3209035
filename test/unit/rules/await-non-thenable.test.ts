import assert from 'node:assert/strict';
import type { Finding } from '../../../server/src/core/types.ts';
import { TypeFacts } from '../../../server/src/languages/typescript/typeFacts.ts';
import { rule } from '../../../server/src/rules/typescript/await-non-thenable.ts';
import type { TsRuleContext } from '../../../server/src/rules/types.ts';
import { findingsOf, fixedText, fixTitles, onlyFinding, reportedText, type LintSnippetOptions } from '../../helpers/lint.ts';

const ID = 'await-non-thenable';
const neverPromise = (type: string) => `This value (${type}) is never a promise, so \`await\` only delays the code after it by a microtask.`;
const SAFE = 'safe: Remove the unneeded `await`';
const UNSAFE = 'unsafe: Remove the unneeded `await`';

const DECLS = [
  'declare const count: number;',
  'declare const config: { port: number; tls: { cert: string } };',
  'declare function readConfig(): { port: number };',
  'declare function load(): Promise<number>;',
].join('\n');

/** The declarations and `export async function run() {` BODY `}`. */
function inAsync(body: string[]): string {
  return [DECLS, 'export async function run() {', ...body.map((l) => `  ${l}`), '}', ''].join('\n');
}

const report = (code: string, options: LintSnippetOptions = {}) => reportedText(code, ID, options);

const only = (code: string, options: LintSnippetOptions = {}) => onlyFinding(code, ID, options);

const fixed = (code: string, finding: Finding) => fixedText(code, finding);

const titles = fixTitles;

/** The one finding of `await BEFORE` (a statement of an async function) fixed, as the statement AFTER. */
function assertFix(before: string, after: string, title: string): void {
  const code = inAsync([before]);
  const finding = only(code);
  assert.deepEqual(titles(finding), [title], before);
  assert.equal(fixed(code, finding), inAsync([after]), before);
}

describe('await-non-thenable', () => {
  it('has the metadata the catalogue promises', () => {
    assert.equal(rule.meta.id, ID);
    assert.equal(rule.meta.defaultSeverity, 'warning');
    assert.equal(rule.meta.typeAware, true);
    assert.equal(rule.meta.hasFix, true);
  });


  it('reports nothing without type information (precision first)', () => {
    const context = { options: {}, types: new TypeFacts(undefined) } as unknown as TsRuleContext;
    assert.deepEqual(rule.create(context), {});
  });

  it('reports awaits of numbers, objects, arrays, results of synchronous calls and promise-free constraints', () => {
    const code = [
      DECLS,
      'declare const thenWithoutCallback: { then(): void };',
      'export async function run<N extends number>(limit: N, ids: string[]) {',
      '  const a = await count;',
      '  const b = await config.tls.cert;',
      '  const c = await readConfig();',
      '  const d = await ids;',
      '  const e = await limit;',
      '  const f = await thenWithoutCallback;',
      '  const g = await null;',
      '  return [a, b, c, d, e, f, g];',
      '}',
      '',
    ].join('\n');
    assert.deepEqual(report(code), [
      '7: await count',
      '8: await config.tls.cert',
      '9: await readConfig()',
      '10: await ids',
      '11: await limit',
      '12: await thenWithoutCallback',
      '13: await null',
    ]);
    assert.deepEqual(
      findingsOf(code, ID).slice(0, 3).map((f) => f.message),
      [neverPromise('number'), neverPromise('string'), neverPromise('{ port: number; }')],
    );
  });

  it('says so when a function is awaited instead of called, without a fix', () => {
    const code = inAsync(['const value = await load;', 'return value;']);
    const finding = only(code);
    assert.equal(finding.message, 'This awaits a function (() => Promise<number>), not a promise: did you mean to call it?');
    assert.deepEqual(finding.fixes, []);
  });

  it('points an awaited array of promises to Promise.all, with that as its unsafe fix', () => {
    const code = inAsync(['const jobs = [load(), load()];', 'const results = await jobs;', 'return results;']);
    const finding = only(code);
    assert.equal(finding.message, 'This awaits an array of promises (Promise<number>[]), which does not wait for them: use `await Promise.all(...)`.');
    assert.deepEqual(titles(finding), ['unsafe: Await all the promises with Promise.all']);
    assert.equal(fixed(code, finding), code.replace('await jobs;', 'await Promise.all(jobs);'));
    const maybeJobs = [DECLS, 'declare const jobs: Promise<number>[] | undefined;', 'export async function run() { return await jobs; }', ''].join('\n');
    // Still pointless to await, but Promise.all(undefined) would throw: no fix.
    assert.deepEqual(only(maybeJobs).fixes, []);
  });

  it('does not report what may be a promise: promises, thenables, unions, any, unknown, {}, object, void, generics', () => {
    const code = [
      DECLS,
      'declare const job: PromiseLike<number>;',
      'declare const custom: { then(onFulfilled: (value: number) => void): void };',
      'declare const either: number | Promise<number>;',
      'declare const loose: any;',
      'declare const opaque: unknown;',
      'declare const empty: {};',
      'declare const someObject: object;',
      'declare const byName: Record<string, number>;',
      'declare function notify(): void;',
      'class Task extends Promise<void> {}',
      'declare const task: Task;',
      'export async function run<T, K extends keyof T>(value: T, source: T, key: K) {',
      '  await load();',
      '  await job;',
      '  await custom;',
      '  await either;',
      '  await loose;',
      '  await opaque;',
      '  await empty;',
      '  await someObject;',
      '  await byName;',
      '  await notify();',
      '  await task;',
      '  await value;',
      '  await source[key];',
      '}',
      '',
    ].join('\n');
    assert.deepEqual(report(code), []);
  });

  it('leaves deliberate pauses alone: a statement awaiting a literal, undefined or void', () => {
    const code = inAsync(['await null;', 'await 0;', 'await undefined;', 'await void 0;', 'await (null);']);
    assert.deepEqual(report(code), []);
  });

  describe('fix', () => {
    it('is safe for plain reads and unsafe for calls and operators', () => {
      assertFix('const port = await config.port;', 'const port = config.port;', SAFE);
      assertFix('const n = await count;', 'const n = count;', SAFE);
      assertFix('const c = await config["tls"].cert;', 'const c = config["tls"].cert;', SAFE);
      assertFix('const c = await readConfig();', 'const c = readConfig();', UNSAFE);
      assertFix('const n = await -count;', 'const n = -count;', UNSAFE);
    });

    it('keeps what the operand binds to and the comments around it', () => {
      assertFix('return (await config).port;', 'return (config).port;', SAFE);
      assertFix('return [await /* cached */ count];', 'return [/* cached */ count];', SAFE);
      assertFix('return await (count);', 'return (count);', SAFE);
    });

    it('keeps tokens apart that the keyword separated', () => {
      assertFix('return 1+await +count;', 'return 1+ +count;', UNSAFE);
      assertFix('return 1-await -count;', 'return 1- -count;', UNSAFE);
    });

    it('parenthesises an object literal or function that would begin a statement or an arrow body', () => {
      assertFix('await { a: 1 };', '({ a: 1 });', UNSAFE);
      assertFix('await { a: 1 }.a;', '({ a: 1 }).a;', UNSAFE);
      assertFix('const f = async () => await { a: 1 };', 'const f = async () => ({ a: 1 });', UNSAFE);
    });

    it('offers no fix where the result would join the previous line or a comment would keep a line break after return', () => {
      const joined = [DECLS, 'export async function run() {', '  readConfig()', '  await [count]', '}', ''].join('\n');
      assert.deepEqual(only(joined).fixes, []);
      const separated = [DECLS, 'export async function run() {', '  readConfig();', '  await [count]', '}', ''].join('\n');
      assert.equal(fixed(separated, only(separated)), separated.replace('  await [count]', '  [count]'));
      const commented = inAsync(['return await // from the cache', '  count;']);
      assert.deepEqual(only(commented).fixes, []);
      const wrapped = inAsync(['return await', '  count;']);
      assert.equal(fixed(wrapped, only(wrapped)), inAsync(['return count;']));
    });

    it('removes both of two nested awaits without overlapping edits', () => {
      const code = inAsync(['return await await count;']);
      const findings = findingsOf(code, ID);
      assert.equal(findings.length, 2);
      const edits = findings.flatMap((f) => f.fixes[0]!.edits).sort((a, b) => b.start - a.start);
      let text = code;
      for (const e of edits) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
      assert.equal(text, inAsync(['return count;']));
    });
  });

  it('reports in JavaScript when the types are known', () => {
    const code = 'function label(n) { return String(n); }\nexport async function run() {\n  return await label(1);\n}\n';
    assert.deepEqual(report(code, { fileName: 'run.mjs' }), ['3: await label(1)']);
  });
});
