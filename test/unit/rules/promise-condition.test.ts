import assert from 'node:assert/strict';
import type { Finding } from '../../../server/src/core/types.ts';
import { TypeFacts } from '../../../server/src/languages/typescript/typeFacts.ts';
import { rule } from '../../../server/src/rules/typescript/promise-condition.ts';
import type { TsRuleContext } from '../../../server/src/rules/types.ts';
import { findingsOf, linesOf, fixedText, fixTitles, onlyFinding, reportedText, type LintSnippetOptions } from '../../helpers/lint.ts';

const ID = 'promise-condition';
const conditionOn = (type: string) =>
  `This promise (${type}) is used as a condition, where it is always truthy: the check does not wait for its value. Did you mean to await it?`;
const AWAIT = 'unsafe: Await the promise and test its value';

const DECLS = [
  'declare const p: Promise<boolean>;',
  'declare const maybe: Promise<boolean> | undefined;',
  'declare function check(): Promise<boolean>;',
  'declare function sync(): boolean;',
].join('\n');

/** The declarations, then one async function per statement (narrowing in one body would hide later uses). */
function asyncCases(statements: string[]): string {
  return [DECLS, ...statements.map((s, i) => `export async function case${i}() { ${s} }`), ''].join('\n');
}

const report = (code: string, options: LintSnippetOptions = {}) => reportedText(code, ID, options);

const only = (code: string, options: LintSnippetOptions = {}) => onlyFinding(code, ID, options);

const fixed = (code: string, finding: Finding) => fixedText(code, finding);

const titles = fixTitles;

describe('promise-condition', () => {
  it('has the metadata the catalogue promises', () => {
    assert.equal(rule.meta.id, ID);
    assert.equal(rule.meta.defaultSeverity, 'error');
    assert.equal(rule.meta.typeAware, true);
    assert.equal(rule.meta.hasFix, true);
  });


  it('reports nothing without type information (precision first)', () => {
    const context = { options: {}, types: new TypeFacts(undefined) } as unknown as TsRuleContext;
    assert.deepEqual(rule.create(context), {});
  });

  it('reports the tests of if, while, do, for and ?:, and the operand of !', () => {
    const code = asyncCases([
      'if (check()) {}',
      'while (p) {}',
      'do {} while (check());',
      'for (; p; ) {}',
      'return p ? 1 : 2;',
      'return !check();',
    ]);
    assert.deepEqual(report(code), ['5: check()', '6: p', '7: check()', '8: p', '9: p', '10: check()']);
    assert.equal(findingsOf(code, ID)[0]!.message, conditionOn('Promise<boolean>'));
  });

  it('checks both operands of && || ?? inside a test, and only the tested left operand of && || in a value', () => {
    const code = asyncCases([
      'if (sync() && (p || check())) {}',
      'if (p ?? sync()) {}',
      'if (!(p && sync())) {}',
      'const user = check() || "guest"; return user;',
      'const ready = p && sync(); return ready;',
      'const value = sync() && p; return value;',
      'const value = p ?? sync(); return value;',
      'const value = (p && sync()) || 3; return value;',
    ]);
    assert.deepEqual(report(code), ['5: p', '5: check()', '6: p', '7: p', '8: check()', '9: p', '12: p']);
  });

  it('reports thenables, subclasses of Promise and type parameters constrained to promises', () => {
    const code = [
      'class Task extends Promise<void> {}',
      'declare const job: PromiseLike<number>;',
      'declare const task: Task;',
      'export async function run<T extends Promise<number>>(pending: T) {',
      '  if (job) {}',
      '  if (task) {}',
      '  if (pending) {}',
      '}',
      '',
    ].join('\n');
    assert.deepEqual(report(code), ['5: job', '6: task', '7: pending']);
  });

  it('does not report look-alikes: optional promises, awaited values, any, unknown, generics, booleans, members', () => {
    const code = [
      DECLS,
      'declare const loose: any;',
      'declare const opaque: unknown;',
      'declare const either: Promise<boolean> | boolean;',
      'export async function run<T>(value: T, cache: Map<string, Promise<void>>) {',
      '  if (maybe) {}',
      '  if (await p) {}',
      '  if (loose) {}',
      '  if (opaque) {}',
      '  if (either) {}',
      '  if (value) {}',
      '  if (sync()) {}',
      '  if (p.then) {}',
      '  if (cache.get("a")) {}',
      '  if (typeof p === "object") {}',
      '  if (p instanceof Promise) {}',
      '  const pending = maybe ?? check();',
      '  return [pending, sync() || p];',
      '}',
      '',
    ].join('\n');
    assert.deepEqual(report(code), []);
  });

  it('leaves lazy initialisation alone: variables and class properties declared without a value', () => {
    const code = [
      'declare function connect(): Promise<string>;',
      'let client: Promise<string>;',
      'export function getClient() {',
      '  if (!client) client = connect();',
      '  return client;',
      '}',
      'export class Repository {',
      '  private loading!: Promise<void>;',
      '  private ready: Promise<void> = Promise.resolve();',
      '  load() { if (!this.loading) this.loading = Promise.resolve(); return this.loading; }',
      '  state() { const started = connect(); return [this.ready ? 1 : 2, started ? 3 : 4]; }',
      '}',
      'export function first(jobs: Promise<void>[]) { for (const job of jobs) if (job) return job; return undefined; }',
      '',
    ].join('\n');
    assert.deepEqual(report(code), ['11: this.ready', '11: started', '13: job']);
  });

  describe('fix', () => {
    it('adds await in async code and keeps the rest of the condition', () => {
      const cases: [string, string][] = [
        ['if (check()) {}', 'if (await check()) {}'],
        ['return !p;', 'return !await p;'],
        ['return p ? 1 : 2;', 'return await p ? 1 : 2;'],
        ['const user = check() || "guest"; return user;', 'const user = await check() || "guest"; return user;'],
        ['if (sync() ? p : check()) {}', 'if (await (sync() ? p : check())) {}'],
      ];
      for (const [before, after] of cases) {
        const code = asyncCases([before]);
        const finding = only(code);
        assert.deepEqual(titles(finding), [AWAIT], before);
        assert.equal(fixed(code, finding), asyncCases([after]));
      }
    });

    it('offers no fix outside async functions (await would not parse there)', () => {
      const code = [
        DECLS,
        'export function sync1() { if (check()) {} }',
        'export const arrow = () => (p ? 1 : 2);',
        'export async function outer() { return [1].filter(() => !p); }',
        'if (check()) {}',
        '',
      ].join('\n');
      const findings = findingsOf(code, ID);
      assert.deepEqual(linesOf(code, findings), [5, 6, 7, 8]);
      assert.deepEqual(findings.map((f) => f.fixes.length), [0, 0, 0, 0]);
    });
  });

  it('reports a promise rendered with && in JSX', () => {
    const code = [
      'declare namespace JSX { interface Element {} interface IntrinsicElements { p: {} } }',
      'declare function loadBanner(): Promise<string>;',
      'export const banner = <p>{loadBanner() && "new"}</p>;',
      '',
    ].join('\n');
    assert.deepEqual(report(code, { fileName: 'banner.tsx' }), ['3: loadBanner()']);
  });

  it('reports only calls and new without strictNullChecks, where a declared promise may be absent', () => {
    const files = { 'tsconfig.json': JSON.stringify({ compilerOptions: { strict: false, lib: ['es2022'] } }) };
    const code = [
      'class Loader {',
      '  pending: Promise<void>;',
      '  async reload(): Promise<boolean> { return true; }',
      '  async run() {',
      '    if (this.pending) {}',
      '    if (this.reload()) {}',
      '    if (new Promise((resolve) => resolve(1))) {}',
      '  }',
      '}',
      '',
    ].join('\n');
    assert.deepEqual(report(code, { files }), ['6: this.reload()', '7: new Promise((resolve) => resolve(1))']);
  });

  it('works in JavaScript through inferred types', () => {
    const code = 'async function exists() { return true; }\nexport async function run() {\n  if (exists()) {}\n}\n';
    const finding = only(code, { fileName: 'run.js' });
    assert.equal(fixed(code, finding), code.replace('if (exists())', 'if (await exists())'));
  });
});
