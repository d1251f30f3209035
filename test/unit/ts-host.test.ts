import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { resolveConfig } from '../../server/src/core/config.ts';
import { Linter } from '../../server/src/rules/engine.ts';
import { allRuleMetas } from '../../server/src/rules/index.ts';
import { tempProject } from '../helpers/lint.ts';
import { diskProbe } from '../../server/src/node/fileProbe.ts';

const FLOATING = `import { save } from './lib';
export async function run() {
  save();
}
`;
const LIB = 'export async function save(): Promise<void> {}\n';

function lintWith(dir: string, file: string) {
  const notices: string[] = [];
  const linter = new Linter({ files: diskProbe, notice: (m, project) => notices.push(project ? `${project}: ${m}` : m) });
  try {
    const config = resolveConfig(allRuleMetas());
    const fileName = path.join(dir, file);
    const [result] = linter.lint([{ fileName, text: readFileSync(fileName, 'utf8') }], () => config);
    return { result: result!, notices };
  } finally {
    linter.dispose();
  }
}

describe('TypeScript host', () => {
  it('a tsconfig TypeScript 7 rejects (moduleResolution node10, removed options) still gets types, with a notice', () => {
    const dir = tempProject({
      'tsconfig.json': JSON.stringify({ compilerOptions: { moduleResolution: 'node', module: 'commonjs', target: 'es5', baseUrl: '.' }, include: ['src'] }),
      'src/lib.ts': LIB,
      'src/main.ts': FLOATING,
    });
    const { result, notices } = lintWith(dir, 'src/main.ts');
    assert.deepEqual(result.findings.map((f) => f.ruleId), ['floating-promise'], 'the imported async function is typed');
    assert.equal(notices.length, 1);
    assert.match(notices[0]!, /tsconfig\.json: TypeScript 7 rejects .*moduleResolution.*; analysing with those options adjusted/);
  });

  it('a tsconfig that does not parse is reported, and the file is still analysed with types', () => {
    const dir = tempProject({ 'tsconfig.json': '{ "compilerOptions": { ,,, ', 'lib.ts': LIB, 'main.ts': FLOATING });
    const { result, notices } = lintWith(dir, 'main.ts');
    assert.deepEqual(result.findings.map((f) => f.ruleId), ['floating-promise']);
    assert.ok(notices.some((n) => /tsconfig\.json: .*Analysed with what could be read/.test(n)), notices.join('\n'));
  });

  it('an emit-only project diagnostic (rootDir unset with outDir: tsgo reports 5011) gives no notice', () => {
    const dir = tempProject({
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', strict: true }, include: ['src'] }),
      'src/a/lib.ts': LIB,
      'src/b/main.ts': FLOATING.replace("'./lib'", "'../a/lib'"),
    });
    const { result, notices } = lintWith(dir, 'src/b/main.ts');
    assert.deepEqual(result.findings.map((f) => f.ruleId), ['floating-promise']);
    assert.deepEqual(notices, []);
  });

  it('a tsconfig that extends a missing file is reported and the file still analysed', () => {
    const dir = tempProject({ 'tsconfig.json': '{ "extends": "./missing.json" }', 'lib.ts': LIB, 'main.ts': FLOATING });
    const { result, notices } = lintWith(dir, 'main.ts');
    assert.deepEqual(result.findings.map((f) => f.ruleId), ['floating-promise']);
    assert.ok(notices.some((n) => /missing\.json/.test(n)), notices.join('\n'));
  });

  it('a file its tsconfig excludes (JS without allowJs) is analysed in an inferred project', () => {
    const dir = tempProject({
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true }, include: ['src/**/*.ts'] }),
      'scripts/tool.mjs': 'async function save() {}\nexport async function run() {\n  save();\n}\n',
    });
    const { result } = lintWith(dir, 'scripts/tool.mjs');
    assert.equal(result.fatal, undefined);
    assert.deepEqual(result.findings.map((f) => f.ruleId), ['floating-promise']);
  });

  it('unsaved buffer text is the source of truth, and a changed import is seen by its dependents', () => {
    const dir = tempProject({ 'lib.ts': 'export function save(): void {}\n', 'main.ts': FLOATING });
    const linter = new Linter({ files: diskProbe });
    try {
      const config = resolveConfig(allRuleMetas());
      const main = path.join(dir, 'main.ts');
      const lib = path.join(dir, 'lib.ts');
      const lint = () => linter.lint([{ fileName: main, text: FLOATING }], () => config)[0]!.findings.map((f) => f.ruleId);
      assert.deepEqual(lint(), [], 'save() returns void on disk');
      linter.setText(lib, LIB);
      assert.deepEqual(lint(), ['floating-promise'], 'the unsaved buffer of lib.ts makes save() async');
      linter.setText(lib, undefined);
      assert.deepEqual(lint(), [], 'closing the buffer reads the disk again');
    } finally {
      linter.dispose();
    }
  });
});
