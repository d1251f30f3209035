import assert from 'node:assert/strict';
import path from 'node:path';
import { TypeFacts } from '../../../server/src/languages/typescript/typeFacts.ts';
import { forEachNode } from '../../../server/src/languages/typescript/walk.ts';
import { rule } from '../../../server/src/rules/typescript/async-callback.ts';
import type { ReportedFinding } from '../../../server/src/rules/types.ts';
import { sharedLinter, tempProject } from '../../helpers/lint.ts';

const ID = 'async-callback';
const FOR_EACH =
  'Async callback passed to forEach: forEach ignores the promises it returns, so nothing waits for them and their rejections go unhandled.';

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
  forEachNode(sourceFile, (node) => {
    visitor.visit?.[node.kind]?.(node);
  });
  visitor.finish?.();
  return found.map((f) => `${code.slice(0, f.start).split('\n').length}: ${f.message}`);
}

// The findings and fixes with types are fixtures: test/fixtures/rules/async-callback/.
describe('async-callback', () => {
  it('has the metadata the catalogue promises', () => {
    assert.equal(rule.meta.id, ID);
    assert.equal(rule.meta.defaultSeverity, 'warning');
    assert.equal(rule.meta.typeAware, true);
    assert.equal(rule.meta.hasFix, true);
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
  });
});
