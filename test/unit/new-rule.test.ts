/** `npm run new-rule`, run in a temp copy of the repository: the new rule type-checks, is registered and documented, and its fixtures pass. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** What the scaffold, the docs generator, the fixture driver and tsc read; node_modules is linked. */
function copyOfRepository(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'async-lint-new-rule-'));
  for (const entry of ['package.json', 'tsconfig.json', 'README.md', 'docs', 'schemas', 'server', 'scripts', 'test/helpers', 'test/unit/rule-fixtures.test.ts']) {
    cpSync(path.join(repo, entry), path.join(dir, entry), { recursive: true });
  }
  mkdirSync(path.join(dir, 'test/fixtures/rules'), { recursive: true });
  symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

function run(cwd: string, command: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 240_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('npm run new-rule', function () {
  this.timeout(300_000);
  let dir: string;
  before(() => {
    dir = copyOfRepository();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('rejects a bad id or language with a usage message and exit 2, writing nothing', () => {
    for (const args of [['Not_Kebab', '--language', 'ts'], ['fine-id', '--language', 'go'], ['fine-id']]) {
      const r = run(dir, process.execPath, ['--import', 'tsx', 'scripts/new-rule.ts', ...args]);
      assert.equal(r.status, 2, r.output);
      assert.match(r.output, /usage: npm run new-rule -- ID --language ts\|python/);
    }
    assert.deepEqual(readdirSync(path.join(dir, 'test/fixtures/rules')), []);
  });

  for (const [id, language, folder, ext] of [
    ['scaffold-sample', 'ts', 'typescript', 'ts'],
    ['scaffold-sample-py', 'python', 'python', 'py'],
  ] as const) {
    it(`--language ${language}: rule file, registry entry, fixtures and docs; the rule type-checks and its fixtures pass`, () => {
      const scaffold = run(dir, process.execPath, ['--import', 'tsx', 'scripts/new-rule.ts', id, '--language', language]);
      assert.equal(scaffold.status, 0, scaffold.output);

      const ruleFile = path.join(dir, 'server/src/rules', folder, `${id}.ts`);
      assert.match(readFileSync(ruleFile, 'utf8'), new RegExp(`id: '${id}'`));
      const registries = readdirSync(path.join(dir, 'server/src/rules')).filter((n) => n.endsWith('.ts'));
      assert.ok(
        registries.some((n) => readFileSync(path.join(dir, 'server/src/rules', n), 'utf8').includes(`from './${folder}/${id}.ts';`)),
        'the registry imports the rule',
      );
      assert.match(readFileSync(path.join(dir, 'docs/rules.md'), 'utf8'), new RegExp(`\\b${id}\\b`));
      assert.match(readFileSync(path.join(dir, 'README.md'), 'utf8'), new RegExp(`\\[\`${id}\`\\]`));
      // The driver wrote the placeholder's finding into the reported case.
      const fixtures = path.join(dir, 'test/fixtures/rules', id);
      assert.deepEqual(readdirSync(fixtures).sort(), [`allows-placeholder.${ext}`, `reports-placeholder.${ext}`]);
      assert.match(readFileSync(path.join(fixtures, `reports-placeholder.${ext}`), 'utf8'), new RegExp(`\\^+ ${id}: TODO`));

      // Type-check what the registry pulls in (the whole project would take much longer).
      writeFileSync(path.join(dir, 'tsconfig.rules.json'), JSON.stringify({ extends: './tsconfig.json', include: [], files: ['server/src/rules/index.ts', ruleFile] }));
      const tsc = run(dir, path.join(dir, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.rules.json', '--noEmit']);
      assert.equal(tsc.status, 0, tsc.output);

      const mocha = path.join(dir, 'node_modules/mocha/bin/mocha.js');
      const fixtureRun = run(dir, process.execPath, [mocha, '--no-config', '--import=tsx', '--timeout', '60000', '--reporter', 'dot', 'test/unit/rule-fixtures.test.ts', '-g', ` ${id} `]);
      assert.equal(fixtureRun.status, 0, fixtureRun.output);
      assert.match(fixtureRun.output, /2 passing/);
    });
  }

  it('refuses an id whose rule file exists', () => {
    const r = run(dir, process.execPath, ['--import', 'tsx', 'scripts/new-rule.ts', 'scaffold-sample', '--language', 'ts']);
    assert.equal(r.status, 2, r.output);
    assert.match(r.output, /exists already/);
  });
});
