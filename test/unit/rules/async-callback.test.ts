import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../../../server/src/core/types.ts';
import { TypeFacts } from '../../../server/src/languages/typescript/typeFacts.ts';
import { traverse } from '../../../server/src/rules/engine.ts';
import { rule } from '../../../server/src/rules/typescript/async-callback.ts';
import type { ReportedFinding } from '../../../server/src/rules/types.ts';
import { applyFix, findingsOf, fixTitles, fixedText, linesOf, onlyFinding, sharedLinter, tempProject, type LintSnippetOptions } from '../../helpers/lint.ts';

const ID = 'async-callback';
const FOR_EACH =
  'Async callback passed to forEach: forEach ignores the promises it returns, so nothing waits for them and their rejections go unhandled.';
const voidCallback = (callee: string) =>
  `Async function passed to ${callee} where a function returning void is expected: the promise it returns is ignored, so nothing waits for it and a rejection goes unhandled.`;
const FOR_OF = 'unsafe: Run the callbacks one after another in a for...of loop';
const ALL = 'unsafe: Run the callbacks concurrently and await them all with Promise.all';

function report(code: string, options: LintSnippetOptions = {}): string[] {
  const findings = findingsOf(code, ID, options);
  return linesOf(code, findings).map((line, i) => `${line}: ${findings[i]!.message}`);
}

const only = (code: string, options: LintSnippetOptions = {}) => onlyFinding(code, ID, options);

const fixed = (code: string, finding: Finding, index: number) => fixedText(code, finding, index);

/** Runs the rule as the engine does when no checker could be had. */
function reportWithoutTypes(code: string): string[] {
  const fileName = path.join(tempProject({ 'snippet.ts': code }), 'snippet.ts');
  const sourceFile = sharedLinter().ts.getFile(fileName)!.sourceFile;
  const found: ReportedFinding[] = [];
  const visitor = rule.create({
    fileName,
    text: code,
    options: {},
    severity: 'warning',
    skipTests: false,
    sourceFile,
    types: new TypeFacts(undefined),
    report: (f) => found.push(f),
  });
  traverse(sourceFile, (node) => visitor.visit?.[node.kind]?.(node));
  visitor.finish?.();
  return found.map((f) => `${code.slice(0, f.start).split('\n').length}: ${f.message}`);
}

const titles = fixTitles;

const SEND = 'declare function send(id: number): Promise<void>;\n';

/** `async function run(...) {` BODY `}` after the declaration of send. */
function inAsync(params: string, body: string[]): string {
  return [SEND.trimEnd(), `export async function run(${params}) {`, ...body.map((l) => `  ${l}`), '}', ''].join('\n');
}

describe('async-callback', () => {
  it('has the metadata the catalogue promises', () => {
    assert.equal(rule.meta.id, ID);
    assert.equal(rule.meta.defaultSeverity, 'warning');
    assert.equal(rule.meta.typeAware, true);
    assert.equal(rule.meta.hasFix, true);
  });


  describe('forEach', () => {
    it('underlines the head of the callback, not its body', () => {
      const code = inAsync('ids: number[]', ['ids.forEach(async (id) => {', '  await send(id);', '});', 'ids.forEach(async function (id) {', '  await send(id);', '});']);
      const findings = findingsOf(code, ID);
      assert.deepEqual(
        findings.map((f) => code.slice(f.start, f.end)),
        ['async (id) =>', 'async function (id)'],
      );
      assert.deepEqual(report(code), [`3: ${FOR_EACH}`, `6: ${FOR_EACH}`]);
    });

    it('rewrites an array forEach to for...of (preferred) or await Promise.all(map)', () => {
      const code = inAsync('ids: number[]', ['ids.forEach(async (id) => {', '  await send(id);', '});']);
      const finding = only(code);
      assert.deepEqual(titles(finding), [FOR_OF, ALL]);
      assert.equal(
        fixed(code, finding, 0),
        inAsync('ids: number[]', ['for (const id of ids) {', '  await send(id);', '}']),
      );
      assert.equal(
        fixed(code, finding, 1),
        inAsync('ids: number[]', ['await Promise.all(ids.map(async (id) => {', '  await send(id);', '}));']),
      );
    });

    it('uses the values of a Map and Array.from for Sets and Maps', () => {
      const code = inAsync('ids: Set<number>, byName: Map<string, number>', [
        'ids.forEach(async (id) => send(id));',
        'byName.forEach(async (id) => await send(id));',
      ]);
      const [set, map] = findingsOf(code, ID);
      assert.equal(
        fixed(code, set!, 0),
        code.replace('  ids.forEach(async (id) => send(id));', '  for (const id of ids) { await send(id); }'),
      );
      assert.equal(
        fixed(code, set!, 1),
        code.replace('  ids.forEach(async (id) => send(id));', '  await Promise.all(Array.from(ids, async (id) => send(id)));'),
      );
      assert.equal(
        fixed(code, map!, 0),
        code.replace('  byName.forEach(async (id) => await send(id));', '  for (const id of byName.values()) { await send(id); }'),
      );
      assert.equal(
        fixed(code, map!, 1),
        code.replace('  byName.forEach(async (id) => await send(id));', '  await Promise.all(Array.from(byName.values(), async (id) => await send(id)));'),
      );
    });

    it('keeps a destructuring parameter, and uses let when the body reassigns it', () => {
      const code = inAsync('rows: { id: number }[]', [
        'rows.forEach(async ({ id }) => {',
        '  await send(id);',
        '});',
        'rows.forEach(async (row) => {',
        '  row = { id: row.id + 1 };',
        '  await send(row.id);',
        '});',
      ]);
      const [destructured, reassigned] = findingsOf(code, ID);
      assert.equal(fixed(code, destructured!, 0), code.replace('rows.forEach(async ({ id }) => {\n    await send(id);\n  });', 'for (const { id } of rows) {\n    await send(id);\n  }'));
      assert.equal(
        fixed(code, reassigned!, 0),
        code.replace('rows.forEach(async (row) => {\n    row = { id: row.id + 1 };\n    await send(row.id);\n  });', 'for (let row of rows) {\n    row = { id: row.id + 1 };\n    await send(row.id);\n  }'),
      );
    });

    it('offers no for...of when the body would mean something else in a loop (Promise.all stays for arrays)', () => {
      const cases = [
        'ids.forEach(async (id, index) => { await send(id + index); });',
        'ids.forEach(async (id) => { if (id < 0) return; await send(id); });',
        'ids.forEach(async (id) => { var doubled = id * 2; await send(doubled); });',
        'ids.forEach(async function (id) { await send(this.length + id); }, ids);',
        'ids.forEach(async function (id) { await send(arguments.length + id); });',
        'ids.forEach(async (id: number) => { await send(id); });',
        'ids.forEach(async (id = 0) => { await send(id); });',
        'ids.forEach(/* one at a time? */ async (id) => { await send(id); });',
      ];
      for (const statement of cases) {
        const code = inAsync('ids: number[]', [statement]);
        assert.deepEqual(titles(only(code)), [ALL], statement);
      }
      const shadowing = inAsync('ids: { ids: number[] }', ['ids.ids.forEach(async (ids) => { await send(ids); });']);
      assert.deepEqual(titles(only(shadowing)), [ALL]);
    });

    it('offers no fix outside async functions, in optional chains, inside expressions, or on unknown collections', () => {
      const code = [
        SEND.trimEnd(),
        'class Bag { forEach(callback: (id: number) => void): void {} }',
        'export function sync(ids: number[]) {',
        '  ids.forEach(async (id) => { await send(id); });',
        '}',
        'export async function run(ids: number[] | undefined, bag: Bag) {',
        '  ids?.forEach(async (id) => { await send(id); });',
        '  const result = [1].forEach(async (id) => { await send(id); });',
        '  bag.forEach(async (id) => { await send(id); });',
        '  (async () => {',
        '    [1].forEach(async (id) => { await send(id); });',
        '  })();',
        '}',
        '',
      ].join('\n');
      const findings = findingsOf(code, ID);
      assert.deepEqual(linesOf(code, findings), [4, 7, 8, 9, 11]);
      assert.deepEqual(findings.map((f) => f.fixes.length), [0, 0, 0, 0, 2]);
    });

    it('accepts a forEach whose callback type takes promises (as Node streams do)', () => {
      const code = [
        SEND.trimEnd(),
        'declare const stream: { forEach(fn: (chunk: number) => void | Promise<void>): Promise<void> };',
        'export async function run() {',
        '  await stream.forEach(async (chunk) => { await send(chunk); });',
        '}',
        '',
      ].join('\n');
      assert.deepEqual(report(code), []);
    });

    it('reports a reference to an async function declaration and fixes an array forEach with map', () => {
      const code = inAsync('ids: number[]', ['ids.forEach(handle);', 'ids.forEach(sync);', 'async function handle(id: number) { await send(id); }', 'function sync(id: number) {}']);
      const finding = only(code);
      assert.equal(code.slice(finding.start, finding.end), 'handle');
      assert.deepEqual(titles(finding), [ALL]);
      assert.equal(fixed(code, finding, 0), code.replace('  ids.forEach(handle);', '  await Promise.all(ids.map(handle));'));
    });
  });

  it('without type information, still reports forEach (by name) but nothing that needs types', () => {
    const code = [
      'declare function later(callback: () => void, ms: number): void;',
      'export async function run(ids: number[]) {',
      '  ids.forEach(async (id) => { await later(() => {}, id); });',
      '  later(async () => {}, 1);',
      '}',
      '',
    ].join('\n');
    assert.deepEqual(reportWithoutTypes(code), [`3: ${FOR_EACH}`]);
    assert.deepEqual(report(code), [`3: ${FOR_EACH}`, `4: ${voidCallback('later')}`]);
  });

  describe('callbacks expected to return void', () => {
    const EMITTER = [
      'declare const emitter: { on(event: string, listener: (...args: unknown[]) => void): void };',
      'declare function later(callback: () => void, ms: number): void;',
    ].join('\n');

    it('reports async functions passed where a void callback is expected, without fixes', () => {
      const code = [
        EMITTER,
        SEND.trimEnd(),
        'async function onData() { await send(1); }',
        'emitter.on("data", async () => { await send(1); });',
        'emitter.on("data", onData);',
        'later(async function () { await send(2); }, 10);',
        '',
      ].join('\n');
      assert.deepEqual(report(code), [`5: ${voidCallback('on')}`, `6: ${voidCallback('on')}`, `7: ${voidCallback('later')}`]);
      for (const f of findingsOf(code, ID)) assert.deepEqual(f.fixes, []);
    });

    it('accepts callbacks whose type allows a promise, unknown, any or a type parameter', () => {
      const code = [
        SEND.trimEnd(),
        'declare function either(fn: () => void | Promise<void>): void;',
        'declare function anyResult(fn: () => unknown): void;',
        'declare function untyped(fn: () => any): void;',
        'declare function generic<T>(fn: () => T): T;',
        'declare function loose(fn: any): void;',
        'either(async () => { await send(1); });',
        'anyResult(async () => { await send(1); });',
        'untyped(async () => { await send(1); });',
        'generic(async () => { await send(1); });',
        'loose(async () => { await send(1); });',
        '[1, 2].map(async (id) => { await send(id); });',
        '',
      ].join('\n');
      assert.deepEqual(report(code), []);
    });

    it('accepts a callback when another overload of the callee takes promise-returning functions (mocha)', () => {
      const code = [
        SEND.trimEnd(),
        'interface Func { (this: unknown, done: (error?: unknown) => void): void }',
        'interface AsyncFunc { (this: unknown): PromiseLike<unknown> }',
        'interface TestFunction { (title: string, fn?: Func): void; (title: string, fn?: AsyncFunc): void }',
        'interface VoidOnly { (title: string, fn?: Func): void }',
        'declare const it: TestFunction;',
        'declare const hook: VoidOnly;',
        'it("sends", async () => { await send(1); });',
        'hook("sends", async () => { await send(1); });',
        '',
      ].join('\n');
      assert.deepEqual(report(code), [`9: ${voidCallback('hook')}`]);
    });

    it('leaves new Promise(async ...) to async-promise-executor, and ignores sync functions and async generators', () => {
      const code = [
        'declare function later(callback: () => void, ms: number): void;',
        'function sync() {}',
        'new Promise<void>(async (resolve) => { resolve(); });',
        'later(sync, 1);',
        'later(() => {}, 1);',
        'later(async function* () {} as never, 1);',
        '',
      ].join('\n');
      assert.deepEqual(report(code), []);
    });

    it('does not take a local variable for the async function it shadows', () => {
      const code = [
        'declare function later(callback: () => void, ms: number): void;',
        'async function tick() {}',
        'export function schedule() {',
        '  const tick = () => {};',
        '  later(tick, 1);',
        '}',
        '',
      ].join('\n');
      assert.deepEqual(report(code), []);
    });

    it('reports setTimeout and process.on handlers with @types/node', () => {
      const typeRoots = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../node_modules/@types');
      const files = { 'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, typeRoots: [typeRoots], types: ['node'], lib: ['es2022'] } }) };
      const code = [SEND.trimEnd(), 'setTimeout(async () => { await send(1); }, 10);', 'process.on("exit", async () => { await send(2); });', ''].join('\n');
      assert.deepEqual(report(code, { files }), [`2: ${voidCallback('setTimeout')}`, `3: ${voidCallback('on')}`]);
    });
  });

  describe('JavaScript', () => {
    it('reports forEach in .js files and fixes it', () => {
      const code = 'export async function run(ids) {\n  ids.forEach(async (id) => {\n    await Promise.resolve(id);\n  });\n}\n';
      const finding = only(code, { fileName: 'run.js' });
      assert.equal(finding.message, FOR_EACH);
      // `ids` is untyped (any): no collection is known, so no rewrite.
      assert.deepEqual(finding.fixes, []);
      const typed = '/** @param {number[]} ids */\n' + code;
      const typedFinding = only(typed, { fileName: 'run.js' });
      assert.equal(
        applyFix(typed, typedFinding, 0),
        '/** @param {number[]} ids */\nexport async function run(ids) {\n  for (const id of ids) {\n    await Promise.resolve(id);\n  }\n}\n',
      );
    });

    it('takes a JSDoc @type on a variable as its declared type', () => {
      const code = [
        '/** @type {() => void} */',
        'const onTick = async () => { await Promise.resolve(); };',
        'const plain = async () => { await Promise.resolve(); };',
        'export { onTick, plain };',
        '',
      ].join('\n');
      assert.deepEqual(report(code, { fileName: 'tick.js' }), [
        '2: Async function assigned to onTick where a function returning void is expected: the promise it returns is ignored, so nothing waits for it and a rejection goes unhandled.',
      ]);
    });

    it('uses JSDoc callback types in .mjs files', () => {
      const code = [
        '/** @param {() => void} callback */',
        'function whenIdle(callback) { callback(); }',
        'whenIdle(async () => { await Promise.resolve(); });',
        '',
      ].join('\n');
      assert.deepEqual(report(code, { fileName: 'idle.mjs' }), [`3: ${voidCallback('whenIdle')}`]);
    });
  });
});
