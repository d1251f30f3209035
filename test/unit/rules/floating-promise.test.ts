import assert from 'node:assert/strict';
import type { Finding } from '../../../server/src/core/types.ts';
import { TypeFacts } from '../../../server/src/languages/typescript/typeFacts.ts';
import { rule } from '../../../server/src/rules/typescript/floating-promise.ts';
import type { TsRuleContext } from '../../../server/src/rules/types.ts';
import { applyFix, findingsOf, linesOf, syntaxErrorsOf, type LintSnippetOptions } from '../../helpers/lint.ts';

const ID = 'floating-promise';

const unhandled = (type: string) =>
  `This promise (${type}) is not awaited, returned, voided or given a rejection handler, so a rejection would go unhandled.`;
const unhandledNoVoid = (type: string) =>
  `This promise (${type}) is not awaited, returned or given a rejection handler, so a rejection would go unhandled.`;
const badHandler = (type: string) => `This promise (${type}) has a rejection handler that is not a function, so a rejection would go unhandled.`;
const array = (type: string) =>
  `This array of promises (${type}) is not handled: await it with Promise.all(...) or give each promise a rejection handler.`;

function withOptions(options: Record<string, unknown>, extra: LintSnippetOptions = {}): LintSnippetOptions {
  return { ...extra, settings: { rules: { [ID]: ['error', options] } } };
}

/** `line: message` per finding. */
function report(code: string, options: LintSnippetOptions = {}): string[] {
  const findings = findingsOf(code, ID, options);
  return linesOf(code, findings).map((line, i) => `${line}: ${findings[i]!.message}`);
}

function only(code: string, options: LintSnippetOptions = {}): Finding {
  const findings = findingsOf(code, ID, options);
  assert.equal(findings.length, 1, `expected one finding, got ${findings.map((f) => f.message).join(' / ')}`);
  return findings[0]!;
}

/** Applies fix `index` and checks the result parses. */
function fixed(code: string, finding: Finding, index: number, fileName = 'fixed.ts'): string {
  const text = applyFix(code, finding, index);
  assert.equal(syntaxErrorsOf(text, fileName), 0, `fixed text has syntax errors:\n${text}`);
  return text;
}

const titles = (f: Finding) => f.fixes.map((x) => `${x.applicability}: ${x.title}`);
const AWAIT = 'unsafe: Await the promise';
const VOID = 'unsafe: Mark the promise as intentionally not awaited with `void`';
const CATCH = 'unsafe: Add a rejection handler that logs the error';

const PRELUDE = 'declare const p: Promise<number>;\ndeclare const cond: boolean;\n';

describe('floating-promise', () => {
  it('has the metadata the catalogue promises', () => {
    assert.equal(rule.meta.id, ID);
    assert.equal(rule.meta.defaultSeverity, 'error');
    assert.equal(rule.meta.typeAware, true);
    assert.equal(rule.meta.hasFix, true);
    assert.deepEqual(rule.meta.defaultOptions, { ignoreVoid: true, ignoreIIFE: false, checkThenables: false, allowForKnownSafeCalls: [] });
  });


  it('reports nothing without type information (precision first)', () => {
    const context = { options: rule.meta.defaultOptions, types: new TypeFacts(undefined) } as unknown as TsRuleContext;
    assert.deepEqual(rule.create(context), {});
  });

  describe('what is a promise', () => {
    it('reports built-in promises, subclasses, interfaces extending Promise and unions with a promise', () => {
      const code = [
        'class Task<T> extends Promise<T> {}',
        'interface Job extends Promise<void> { id: number }',
        'declare const a: Promise<number>;',
        'declare const b: Task<string>;',
        'declare const c: Job;',
        'declare const d: Promise<number> | undefined;',
        'declare function e(): Promise<void> | number;',
        'async function f() { return 1; }',
        'a;',
        'b;',
        'c;',
        'd;',
        'e();',
        'f();',
        'new Promise<void>((resolve) => resolve());',
        '',
      ].join('\n');
      assert.deepEqual(report(code), [
        `9: ${unhandled('Promise<number>')}`,
        `10: ${unhandled('Task<string>')}`,
        `11: ${unhandled('Job')}`,
        `12: ${unhandled('Promise<number> | undefined')}`,
        `13: ${unhandled('number | Promise<void>')}`,
        `14: ${unhandled('Promise<number>')}`,
        `15: ${unhandled('Promise<void>')}`,
      ]);
    });

    it('ignores values that are not promises, any, and unresolved types', () => {
      const code = [
        'import { missing } from "./does-not-exist";',
        'declare const anything: any;',
        'declare function sync(): number;',
        'class Promise2 { then(): void {} }',
        'anything;',
        'anything();',
        'missing();',
        'sync();',
        'new Promise2();',
        'void 0;',
        '',
      ].join('\n');
      assert.deepEqual(report(code), []);
    });

    it('does not count a user class named Promise, PromiseLike or other thenables by default', () => {
      const code = [
        'declare const like: PromiseLike<number>;',
        'declare const thenable: { then(onFulfilled: () => void): void };',
        'like;',
        'thenable;',
        '',
      ].join('\n');
      assert.deepEqual(report(code), []);
      // A module-local class: in a global script it would merge with the lib's Promise.
      const shadowed = 'export {};\nclass Promise<T> { then(): T | undefined { return undefined; } }\nnew Promise<number>();\n';
      assert.deepEqual(report(shadowed), []);
    });

    it('with checkThenables, reports any object with a callable then (and offers no .catch, which it may lack)', () => {
      const code = [
        'declare const like: PromiseLike<number>;',
        'declare const thenable: { then(onFulfilled: () => void): void };',
        'declare const notCallable: { then: number };',
        'like;',
        'thenable;',
        'notCallable;',
        '',
      ].join('\n');
      const options = withOptions({ checkThenables: true });
      assert.deepEqual(report(code, options), [
        `4: ${unhandled('PromiseLike<number>')}`,
        `5: ${unhandled('{ then(onFulfilled: () => void): void; }')}`,
      ]);
      assert.deepEqual(titles(findingsOf(code, ID, options)[0]!), [VOID]);
    });

    it('reports arrays and tuples of promises, including xs.map(async ...)', () => {
      const code = [
        PRELUDE,
        'declare const xs: number[];',
        'declare const tuple: [Promise<number>, string];',
        '[p, p];',
        'xs.map(async (x) => x);',
        'tuple;',
        'xs.map((x) => x);',
        '[1, 2];',
        '',
      ].join('\n');
      assert.deepEqual(report(code), [
        `6: ${array('Promise<number>[]')}`,
        `7: ${array('Promise<number>[]')}`,
        `8: ${array('[Promise<number>, string]')}`,
      ]);
    });
  });

  describe('what handles a promise', () => {
    it('accepts await, return, void, .catch(fn), .then(a, fn), a handled chain through .finally, and assignments', () => {
      const code = [
        PRELUDE,
        'let saved: Promise<number>;',
        'const onError = (error: unknown) => console.error(error);',
        'declare const untypedHandler: any;',
        'async function f() {',
        '  await p;',
        '  void p;',
        '  p.catch(onError);',
        '  p.then(() => 1, onError);',
        '  p.catch(onError).finally(() => {});',
        '  p.then(() => 1).catch(() => 2);',
        '  p.catch(untypedHandler);',
        '  saved = p;',
        '  saved ??= p;',
        '  return p;',
        '}',
        '',
      ].join('\n');
      assert.deepEqual(report(code), []);
    });

    it('reports .then without a rejection handler, .catch() without a handler, and .finally of an unhandled promise', () => {
      const code = [PRELUDE, 'p.then(() => 1);', 'p.catch();', 'p.finally(() => {});', 'p.then(() => 1).finally(() => {});', ''].join('\n');
      assert.deepEqual(report(code), [
        `4: ${unhandled('Promise<number>')}`,
        `5: ${unhandled('Promise<number>')}`,
        `6: ${unhandled('Promise<number>')}`,
        `7: ${unhandled('Promise<number>')}`,
      ]);
    });

    it('reports a rejection handler that is not a function', () => {
      const code = [PRELUDE, 'p.then(() => 1, undefined);', 'p.catch(null);', 'p.catch(42);', ''].join('\n');
      assert.deepEqual(report(code), [
        `4: ${badHandler('Promise<number>')}`,
        `5: ${badHandler('Promise<number>')}`,
        `6: ${badHandler('Promise<number>')}`,
      ]);
    });

    it('checks each branch of ?:, &&, || and ??, and each part of a comma expression', () => {
      const code = [
        PRELUDE,
        'declare const maybe: Promise<number> | undefined;',
        'const onError = () => {};',
        'cond ? p : 1;',
        'cond ? p.catch(onError) : 1;',
        'cond && p;',
        'cond || p.catch(onError);',
        'maybe ?? p;',
        'p, p.catch(onError), p;',
        '(cond ? 1 : 2, p);',
        '',
      ].join('\n');
      assert.deepEqual(report(code), [
        `6: ${unhandled('1 | Promise<number>')}`,
        `8: ${unhandled('false | Promise<number>')}`,
        `10: ${unhandled('Promise<number>')}`,
        `11: ${unhandled('Promise<number>')}`,
        `11: ${unhandled('Promise<number>')}`,
        `12: ${unhandled('Promise<number>')}`,
      ]);
    });
  });

  describe('options', () => {
    it('ignoreVoid: false reports `void p` and does not offer void as a fix', () => {
      const code = [PRELUDE, 'async function f() {', '  void p;', '  void p.catch(() => {});', '  void 0;', '}', ''].join('\n');
      const options = withOptions({ ignoreVoid: false });
      assert.deepEqual(report(code, options), [`5: ${unhandledNoVoid('Promise<number>')}`]);
      const finding = only(code, options);
      assert.deepEqual(titles(finding), [AWAIT, CATCH]);
      assert.equal(fixed(code, finding, 0), code.replace('  void p;', '  await p;'));
      assert.equal(fixed(code, finding, 1), code.replace('  void p;', '  void p.catch((error) => { console.error(error); });'));
      assert.deepEqual(report(code), []);
    });

    it('ignoreIIFE: async IIFEs are reported by default and ignored when set', () => {
      const code = '(async () => {\n  await Promise.resolve();\n})();\n(async function () {})();\n';
      assert.deepEqual(report(code), [`1: ${unhandled('Promise<void>')}`, `4: ${unhandled('Promise<void>')}`]);
      assert.deepEqual(report(code, withOptions({ ignoreIIFE: true })), []);
    });

    it('allowForKnownSafeCalls: plain names match the callee name', () => {
      const code = [
        'declare function fireAndForget(): Promise<void>;',
        'declare const logger: { flush(): Promise<void> };',
        'fireAndForget();',
        'logger.flush();',
        '',
      ].join('\n');
      assert.equal(report(code).length, 2);
      assert.deepEqual(report(code, withOptions({ allowForKnownSafeCalls: ['fireAndForget', 'flush'] })), []);
      assert.deepEqual(report(code, withOptions({ allowForKnownSafeCalls: ['other'] })).length, 2);
    });

    it('allowForKnownSafeCalls: { from: "file" | "lib" } also check where the callee is declared', () => {
      const code = 'declare function resolveLater(): Promise<void>;\nresolveLater();\nPromise.resolve();\n';
      assert.deepEqual(report(code, withOptions({ allowForKnownSafeCalls: [{ from: 'file', name: ['resolveLater', 'resolve'] }] })), [
        `3: ${unhandled('Promise<void>')}`,
      ]);
      assert.deepEqual(report(code, withOptions({ allowForKnownSafeCalls: [{ from: 'lib', name: ['resolveLater', 'resolve'] }] })), [
        `2: ${unhandled('Promise<void>')}`,
      ]);
    });

    it('allowForKnownSafeCalls: { from: "package" } matches functions declared in that package', () => {
      const files = {
        'node_modules/safe-pkg/package.json': '{"name":"safe-pkg","types":"index.d.ts"}\n',
        'node_modules/safe-pkg/index.d.ts': 'export declare function fire(): Promise<void>;\n',
      };
      const code = 'import { fire } from "safe-pkg";\nfire();\n';
      assert.deepEqual(report(code, { files }), [`2: ${unhandled('Promise<void>')}`]);
      assert.deepEqual(report(code, withOptions({ allowForKnownSafeCalls: [{ from: 'package', name: 'fire', package: 'safe-pkg' }] }, { files })), []);
      assert.deepEqual(report(code, withOptions({ allowForKnownSafeCalls: [{ from: 'package', name: 'fire', package: 'other-pkg' }] }, { files })), [
        `2: ${unhandled('Promise<void>')}`,
      ]);
    });
  });

  describe('fixes', () => {
    it('in an async function: await, then .catch, then void, all unsafe', () => {
      const code = [PRELUDE, 'async function f() {', '  p.then(() => 1);', '}', ''].join('\n');
      const finding = only(code);
      assert.deepEqual(titles(finding), [AWAIT, CATCH, VOID]);
      assert.equal(fixed(code, finding, 0), code.replace('  p.then', '  await p.then'));
      assert.equal(fixed(code, finding, 1), code.replace('p.then(() => 1);', 'p.then(() => 1).catch((error) => { console.error(error); });'));
      assert.equal(fixed(code, finding, 2), code.replace('  p.then', '  void p.then'));
    });

    it('outside async code no await: top level, plain functions, and non-async arrows inside async functions', () => {
      const code = [
        PRELUDE,
        'p;',
        'function g() {',
        '  p;',
        '}',
        'async function h() {',
        '  [1].forEach(() => {',
        '    p;',
        '  });',
        '}',
        '',
      ].join('\n');
      const findings = findingsOf(code, ID);
      assert.deepEqual(linesOf(code, findings), [4, 6, 10]);
      // .catch first: outside async code `--fix --unsafe-fixes` then handles the rejection instead of hiding it.
      for (const f of findings) assert.deepEqual(titles(f), [CATCH, VOID]);
      assert.equal(fixed(code, findings[0]!, 0), code.replace('\np;\n', '\np.catch((error) => { console.error(error); });\n'));
    });

    it('parenthesises what binds looser than the operator it adds', () => {
      const code = [PRELUDE, 'declare const q: Promise<number>;', 'async function f() {', '  cond ? p : q;', '}', ''].join('\n');
      const finding = only(code);
      assert.deepEqual(titles(finding), [AWAIT, CATCH, VOID]);
      assert.equal(fixed(code, finding, 0), code.replace('  cond ? p : q;', '  await (cond ? p : q);'));
      assert.equal(fixed(code, finding, 1), code.replace('  cond ? p : q;', '  (cond ? p : q).catch((error) => { console.error(error); });'));
      assert.equal(fixed(code, finding, 2), code.replace('  cond ? p : q;', '  void (cond ? p : q);'));
    });

    it('offers no .catch that would start a line with `(` after a line without a semicolon', () => {
      const code = [PRELUDE, 'declare const q: Promise<number>;', 'let n = 1', 'cond ? p : q;', ''].join('\n');
      assert.deepEqual(titles(only(code)), [VOID]);
    });

    it('offers no .catch for a union that may not be a promise', () => {
      const code = [PRELUDE, 'async function f() {', '  cond && p;', '}', ''].join('\n');
      const finding = only(code);
      assert.deepEqual(titles(finding), [AWAIT, VOID]);
      assert.equal(fixed(code, finding, 0), code.replace('  cond && p;', '  await (cond && p);'));
    });

    it('fixes each part of a comma expression on its own', () => {
      const code = [PRELUDE, 'async function f() {', '  p, p;', '}', ''].join('\n');
      const findings = findingsOf(code, ID);
      assert.equal(findings.length, 2);
      assert.equal(fixed(code, findings[0]!, 0), code.replace('  p, p;', '  await p, p;'));
      assert.equal(fixed(code, findings[1]!, 0), code.replace('  p, p;', '  p, await p;'));
    });

    it('async IIFE: await, void or .catch around the call', () => {
      const code = 'async function f() {\n  (async () => {})();\n}\n';
      const finding = only(code);
      assert.equal(fixed(code, finding, 0), 'async function f() {\n  await (async () => {})();\n}\n');
      assert.equal(fixed(code, finding, 1), 'async function f() {\n  (async () => {})().catch((error) => { console.error(error); });\n}\n');
      assert.equal(fixed(code, finding, 2), 'async function f() {\n  void (async () => {})();\n}\n');
    });

    it('arrays of promises: await Promise.all in async code, Promise.all(...).catch anywhere', () => {
      const code = [
        'declare function send(id: number): Promise<void>;',
        'async function f(ids: number[]) {',
        '  ids.map((id) => send(id));',
        '}',
        'function g(ids: number[]) {',
        '  ids.map((id) => send(id));',
        '}',
        '',
      ].join('\n');
      const [inAsync, outside] = findingsOf(code, ID);
      assert.deepEqual(titles(inAsync!), ['unsafe: Await all the promises with Promise.all', 'unsafe: Handle the rejections with Promise.all(...).catch']);
      assert.equal(
        fixed(code, inAsync!, 0),
        [
          'declare function send(id: number): Promise<void>;',
          'async function f(ids: number[]) {',
          '  await Promise.all(ids.map((id) => send(id)));',
          '}',
          'function g(ids: number[]) {',
          '  ids.map((id) => send(id));',
          '}',
          '',
        ].join('\n'),
      );
      assert.deepEqual(titles(outside!), ['unsafe: Handle the rejections with Promise.all(...).catch']);
      assert.equal(
        fixed(code, outside!, 0),
        [
          'declare function send(id: number): Promise<void>;',
          'async function f(ids: number[]) {',
          '  ids.map((id) => send(id));',
          '}',
          'function g(ids: number[]) {',
          '  Promise.all(ids.map((id) => send(id))).catch((error) => { console.error(error); });',
          '}',
          '',
        ].join('\n'),
      );
    });

    it('a union that is not always an array gets no Promise.all fix', () => {
      const code = 'declare const maybe: Promise<void>[] | undefined;\nasync function f() {\n  maybe;\n}\n';
      const finding = only(code);
      assert.equal(finding.message, array('Promise<void>[] | undefined'));
      assert.deepEqual(finding.fixes, []);
    });

    it('names long types only by "promise"', () => {
      const code = 'declare const p: Promise<{ aVeryLongPropertyName: string; another: number }>;\np;\n';
      assert.equal(
        only(code).message,
        'This promise is not awaited, returned, voided or given a rejection handler, so a rejection would go unhandled.',
      );
    });
  });

  describe('JavaScript', () => {
    it('infers promises from async functions in .mjs files and fixes with await', () => {
      const code = 'async function save() {}\n\nexport async function main() {\n  save();\n}\n';
      const finding = only(code, { fileName: 'main.mjs' });
      assert.equal(finding.message, unhandled('Promise<void>'));
      assert.equal(fixed(code, finding, 0, 'fixed.mjs'), code.replace('  save();', '  await save();'));
    });

    it('reads JSDoc types in .js files', () => {
      const code = [
        '/** @returns {Promise<number>} */',
        'function later() {',
        '  return new Promise((resolve) => setTimeout(() => resolve(1), 1));',
        '}',
        'later();',
        'later().catch(() => {});',
        '',
      ].join('\n');
      assert.deepEqual(report(code, { fileName: 'later.js' }), [`5: ${unhandled('Promise<number>')}`]);
    });
  });

  // Calls are first judged from their callee's signatures (cheap), and only calls some signature
  // of which may return a promise get their own type (costly: overload resolution). These are the
  // shapes where a signature's declared return type differs from what the call returns.
  describe('calls judged from the callee before their own type', () => {
    it('generic returns are resolved per call: T, T[], conditional, indexed and mapped types', () => {
      const code = [
        'declare function same<T>(x: T): T;',
        'declare function list<T>(x: T): T[];',
        'declare function pick<T>(x: T): T extends string ? Promise<T> : void;',
        'declare function field<T, K extends keyof T>(o: T, k: K): T[K];',
        'declare function wrap<T>(o: T): { [K in keyof T]: T[K] };',
        'declare const p: Promise<number>;',
        'same(p);',
        'same(1);',
        'list(p);',
        "pick('a');",
        'pick(1);',
        "field({ job: p }, 'job');",
        'wrap(p);',
        '',
      ].join('\n');
      assert.deepEqual(report(code), [
        `7: ${unhandled('Promise<number>')}`,
        `9: ${array('Promise<number>[]')}`,
        `10: ${unhandled('Promise<string>')}`,
        `12: ${unhandled('Promise<number>')}`,
      ]);
    });

    it('an overload that returns a promise is enough to ask for the call; overloads that never do are settled', () => {
      const code = [
        'declare function run(x: string): void;',
        'declare function run(x: number): Promise<void>;',
        'declare function log(x: string): void;',
        'declare function log(x: number): number;',
        'run(1);',
        "run('a');",
        'log(1);',
        '',
      ].join('\n');
      assert.deepEqual(report(code), [`5: ${unhandled('Promise<void>')}`]);
    });

    it('a method returning `this` is judged by its receiver: a Promise subclass is reported, an emitter is not', () => {
      const code = [
        'class Task extends Promise<void> {',
        '  tag(label: string): this { return this; }',
        '}',
        'class Emitter {',
        '  on(event: string, listener: () => void): this { return this; }',
        '  start(): void { this.on("x", () => {}); }',
        '}',
        'declare const task: Task;',
        "task.tag('x');",
        'new Emitter().on("x", () => {}).on("y", () => {});',
        '',
      ].join('\n');
      assert.deepEqual(report(code), [`9: ${unhandled('Task')}`]);
    });

    it('a union of callees, an optional call and an any callee', () => {
      const code = [
        'declare const either: ((n: number) => Promise<void>) | ((n: number) => Promise<number>);',
        'declare const maybe: { go(n: number): Promise<void> } | undefined;',
        'declare const loose: any;',
        'declare const quiet: ((n: number) => void) | ((n: number) => number);',
        'either(1);',
        'maybe?.go(1);',
        'loose(1);',
        'quiet(1);',
        '',
      ].join('\n');
      assert.deepEqual(report(code), [
        `5: ${unhandled('Promise<void> | Promise<number>')}`,
        `6: ${unhandled('Promise<void> | undefined')}`,
      ]);
    });

    it('a call without arguments is asked for directly (nothing to resolve), and still reported', () => {
      const code = ['declare function start(): Promise<void>;', 'declare function stop(): void;', 'start();', 'stop();', ''].join('\n');
      assert.deepEqual(report(code), [`3: ${unhandled('Promise<void>')}`]);
    });

    it('tuples returned from a callee are looked into', () => {
      const code = ['declare function pair(n: number): [Promise<void>, number];', 'declare function plain(n: number): [string, number];', 'pair(1);', 'plain(1);', ''].join('\n');
      assert.deepEqual(report(code), [`3: ${array('[Promise<void>, number]')}`]);
    });
  });
});
