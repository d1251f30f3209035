/**
 * The extension-tests entry point (`--extensionTestsPath`): runs the *.test.cjs files beside this
 * file (bundled by scripts/e2e/run.mjs from test/e2e/suite/*.test.ts) with mocha, inside the editor's
 * extension host. mocha 12 is ESM-only: it is imported from the repository (suite.json names it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface SuiteConfig {
  mocha: string;
  grep?: string;
}

export async function run(): Promise<void> {
  const config = JSON.parse(readFileSync(path.join(__dirname, 'suite.json'), 'utf8')) as SuiteConfig;
  const m = (await import(config.mocha)) as { default?: unknown; Mocha?: unknown };
  const Mocha = (m.default ?? m.Mocha ?? m) as new (options: object) => MochaInstance;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 180_000, reporter: 'spec', ...(config.grep ? { grep: config.grep } : {}) });
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.test.cjs')).sort()) mocha.addFile(path.join(__dirname, file));
  await mocha.loadFilesAsync();
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} editor test(s) failed`);
}

interface MochaInstance {
  addFile(file: string): void;
  loadFilesAsync(): Promise<void>;
  run(done: (failures: number) => void): void;
}
