import assert from 'node:assert/strict';
import type { Finding } from '../../../server/src/core/types.ts';
import { TypeFacts } from '../../../server/src/languages/typescript/typeFacts.ts';
import { rule } from '../../../server/src/rules/typescript/return-await-in-try.ts';
import type { TsRuleContext } from '../../../server/src/rules/types.ts';
import { applyFix, findingsOf, fixedText, fixTitles, onlyFinding, reportedText, type LintSnippetOptions } from '../../helpers/lint.ts';

const ID = 'return-await-in-try';
const IN_TRY_CATCH =
  'This promise is returned without `await` inside `try`: if it rejects, the `catch` below never sees the error, which goes to the caller instead.';
const IN_TRY_FINALLY = 'This promise is returned without `await` inside `try`: the `finally` block runs before the promise settles, not after.';
const IN_CATCH_FINALLY =
  'This promise is returned without `await` inside a `catch` that has a `finally`: the `finally` block runs before the promise settles, not after.';
const AWAIT = 'unsafe: Await the promise before returning it (`return await`)';

const DECLS = [
  'declare function load(): Promise<number>;',
  'declare function loadNow(): number;',
  'declare function release(): void;',
  'declare const flag: boolean;',
].join('\n');

function withDecls(lines: string[]): string {
  return [DECLS, ...lines, ''].join('\n');
}

const report = (code: string, options: LintSnippetOptions = {}) => reportedText(code, ID, options);

const only = (code: string, options: LintSnippetOptions = {}) => onlyFinding(code, ID, options);

const fixed = (code: string, finding: Finding) => fixedText(code, finding);

const titles = fixTitles;

describe('return-await-in-try', () => {
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

  it('reports a promise returned in try (with catch), in try (with finally) and in a catch that has a finally', () => {
    const code = withDecls([
      'export async function a() {',
      '  try {',
      '    return load();',
      '  } catch {',
      '    return 0;',
      '  }',
      '}',
      'export async function b() {',
      '  try {',
      '    return load();',
      '  } finally {',
      '    release();',
      '  }',
      '}',
      'export async function c() {',
      '  try {',
      '    return loadNow();',
      '  } catch {',
      '    return load();',
      '  } finally {',
      '    release();',
      '  }',
      '}',
    ]);
    const findings = findingsOf(code, ID);
    assert.deepEqual(report(code), ['7: load()', '14: load()', '23: load()']);
    assert.deepEqual(findings.map((f) => f.message), [IN_TRY_CATCH, IN_TRY_FINALLY, IN_CATCH_FINALLY]);
    assert.deepEqual(findings.map(titles), [[AWAIT], [AWAIT], [AWAIT]]);
  });

  it('fixes with return await, the full text after the fix', () => {
    const code = withDecls(['export async function a() {', '  try {', '    return load();', '  } catch {', '    return 0;', '  }', '}']);
    assert.equal(fixed(code, only(code)), code.replace('return load();', 'return await load();'));
    const either = withDecls(['export async function a() {', '  try {', '    return flag || load();', '  } catch {', '    return 0;', '  }', '}']);
    const finding = only(either);
    assert.equal(finding.message, IN_TRY_CATCH.replace('This promise', 'This value, which may be a promise,'));
    assert.equal(fixed(either, finding), either.replace('return flag || load();', 'return await (flag || load());'));
  });

  it('checks each branch of a returned ?: on its own', () => {
    const code = withDecls([
      'export async function a() {',
      '  try {',
      '    return flag ? load() : await load();',
      '  } catch {',
      '    return 0;',
      '  }',
      '}',
    ]);
    assert.equal(fixed(code, only(code)), code.replace('flag ? load() : await load()', 'flag ? await load() : await load()'));
  });

  it('reports async arrows and async methods, and returns nested in inner try blocks', () => {
    const code = withDecls([
      'export const arrow = async () => { try { return load(); } catch { return 0; } };',
      'export class Service {',
      '  async get() { try { return load(); } catch { return 0; } }',
      '}',
      'export async function nested() {',
      '  try { try { loadNow(); } finally { return load(); } } catch { return 0; }',
      '}',
    ]);
    assert.deepEqual(report(code), ['5: load()', '7: load()', '10: load()']);
  });

  it('does not report look-alikes', () => {
    const code = withDecls([
      'declare const loose: any;',
      'export async function awaited() { try { return await load(); } catch { return 0; } }',
      'export async function value() { try { return loadNow(); } catch { return 0; } }',
      'export async function untyped() { try { return loose; } catch { return 0; } }',
      'export async function outside() { try { loadNow(); } catch { release(); } return load(); }',
      'export async function catchWithoutFinally() { try { loadNow(); } catch { return load(); } }',
      'export async function inFinally() { try { loadNow(); } finally { return load(); } }',
      'export function notAsync() { try { return load(); } catch { return Promise.resolve(0); } }',
      'export async function innerFunction() { try { const later = () => load(); return later; } catch { return undefined; } }',
      'export async function innerCallback() { try { return [1].map(function () { return load(); }); } catch { return []; } }',
      'export async function* generator() { try { return load(); } catch { return 0; } }',
      'export async function literal() { try { return 1; } finally { release(); } }',
    ]);
    assert.deepEqual(report(code), []);
  });

  it('works in JavaScript through inferred types', () => {
    const code = 'async function load() { return 1; }\nexport async function run() {\n  try {\n    return load();\n  } catch {\n    return 0;\n  }\n}\n';
    const finding = findingsOf(code, ID, { fileName: 'run.js' })[0]!;
    assert.equal(applyFix(code, finding), code.replace('return load();', 'return await load();'));
  });
});
