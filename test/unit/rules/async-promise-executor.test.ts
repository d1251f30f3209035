import assert from 'node:assert/strict';
import path from 'node:path';
import { TypeFacts } from '../../../server/src/languages/typescript/typeFacts.ts';
import { forEachNode } from '../../../server/src/languages/typescript/walk.ts';
import { rule } from '../../../server/src/rules/typescript/async-promise-executor.ts';
import type { ReportedFinding } from '../../../server/src/rules/types.ts';
import { sharedLinter, tempProject } from '../../helpers/lint.ts';

const ID = 'async-promise-executor';

// The findings and fixes are fixtures: test/fixtures/rules/async-promise-executor/.
describe('async-promise-executor', () => {
  it('has the metadata the catalogue promises', () => {
    assert.equal(rule.meta.id, ID);
    assert.equal(rule.meta.defaultSeverity, 'error');
    assert.equal(rule.meta.typeAware, false);
    assert.equal(rule.meta.hasFix, false);
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
    forEachNode(sourceFile, (node) => {
      visitor.visit?.[node.kind]?.(node);
    });
    assert.deepEqual(found.map((f) => code.slice(f.start, f.end)), ['async (resolve) =>']);
  });
});
