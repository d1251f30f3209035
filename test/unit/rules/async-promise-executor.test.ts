import assert from 'node:assert/strict';
import path from 'node:path';
import { TypeFacts } from '../../../server/src/languages/typescript/typeFacts.ts';
import { traverse } from '../../../server/src/rules/engine.ts';
import { rule } from '../../../server/src/rules/typescript/async-promise-executor.ts';
import type { ReportedFinding } from '../../../server/src/rules/types.ts';
import { findingsOf, sharedLinter, tempProject } from '../../helpers/lint.ts';

const ID = 'async-promise-executor';
const MESSAGE =
  'Async function used as a Promise executor: if it throws, the error rejects a promise nobody holds (an unhandled rejection) instead of this one, which may then never settle.';

/** The underlined text of each finding. */
function reported(code: string, fileName = 'snippet.ts'): string[] {
  return findingsOf(code, ID, { fileName }).map((f) => code.slice(f.start, f.end));
}

describe('async-promise-executor', () => {
  it('has the metadata the catalogue promises', () => {
    assert.equal(rule.meta.id, ID);
    assert.equal(rule.meta.defaultSeverity, 'error');
    assert.equal(rule.meta.typeAware, false);
    assert.equal(rule.meta.hasFix, false);
  });


  it('reports async arrow and function executors, also in parentheses, underlining the head, without fixes', () => {
    const code = [
      'declare function work(): Promise<number>;',
      'export const a = new Promise(async (resolve) => {',
      '  resolve(await work());',
      '});',
      'export const b = new Promise<void>(async function (resolve, reject) {',
      '  reject(await work());',
      '});',
      'export const c = new Promise((async (resolve) => resolve(await work())));',
      '',
    ].join('\n');
    assert.deepEqual(reported(code), ['async (resolve) =>', 'async function (resolve, reject)', 'async (resolve) =>']);
    for (const f of findingsOf(code, ID)) {
      assert.equal(f.message, MESSAGE);
      assert.deepEqual(f.fixes, []);
    }
  });

  it('does not report synchronous executors, other constructors or other Promise calls', () => {
    const code = [
      'declare function work(): Promise<number>;',
      'declare class Job { constructor(run: () => Promise<void>); }',
      'export const a = new Promise((resolve) => { work().then(resolve); });',
      'export const b = new Job(async () => { await work(); });',
      'export const c = Promise.resolve(async () => 1);',
      'export const d = new Promise(function (resolve) { resolve(1); });',
      'export const e = new Promise<number>(async function* () {} as never);',
      '',
    ].join('\n');
    assert.deepEqual(reported(code), []);
  });

  it('reports in JavaScript files', () => {
    const code = 'export const p = new Promise(async (resolve) => {\n  resolve(1);\n});\n';
    assert.deepEqual(reported(code, 'p.js'), ['async (resolve) =>']);
  });

  it('needs no type information', () => {
    const code = 'export const p = new Promise(async (resolve) => resolve(1));\n';
    const fileName = path.join(tempProject({ 'snippet.ts': code }), 'snippet.ts');
    const sourceFile = sharedLinter().ts.getFile(fileName)!.sourceFile;
    const found: ReportedFinding[] = [];
    const visitor = rule.create({
      fileName,
      text: code,
      options: {},
      severity: 'error',
      skipTests: false,
      sourceFile,
      types: new TypeFacts(undefined),
      report: (f) => found.push(f),
    });
    traverse(sourceFile, (node) => visitor.visit?.[node.kind]?.(node));
    assert.deepEqual(found.map((f) => code.slice(f.start, f.end)), ['async (resolve) =>']);
  });
});
