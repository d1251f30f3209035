/**
 * The CLI defers Go's collector in its tsgo processes (backendEnvironment.ts): the settings reach
 * tsgo's environment and nothing else, and a user's own settings win.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { batchBackendEnvironment } from '../../server/src/cli/backendEnvironment.ts';
import { resolveConfig } from '../../server/src/core/config.ts';
import { Linter } from '../../server/src/rules/engine.ts';
import { allRuleMetas } from '../../server/src/rules/index.ts';
import { tempProject } from '../helpers/lint.ts';
import { diskProbe } from '../../server/src/node/fileProbe.ts';

const GiB = 1024 ** 3;

/** The environment of each live child process of this one that runs tsgo's API (Linux /proc). */
function tsgoEnvironments(): Map<string, string>[] {
  const found: Map<string, string>[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent !== process.pid || !readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('--api')) continue;
      const pairs = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
      found.push(new Map(pairs.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)])));
    } catch {
      // The process ended while being read.
    }
  }
  return found;
}

describe('tsgo environment of the CLI', () => {
  it('defers collection to a limit of half the memory, shared by the threads, at least 1 GiB', () => {
    assert.deepEqual(batchBackendEnvironment(1, {}, 24 * GiB), { GOGC: 'off', GOMEMLIMIT: '12288MiB' });
    assert.deepEqual(batchBackendEnvironment(4, {}, 24 * GiB), { GOGC: 'off', GOMEMLIMIT: '3072MiB' });
    assert.deepEqual(batchBackendEnvironment(2, {}, 2 * GiB), { GOGC: 'off', GOMEMLIMIT: '1024MiB' });
  });

  it("leaves the user's own GOGC or GOMEMLIMIT alone", () => {
    assert.deepEqual(batchBackendEnvironment(2, { GOGC: '100' }, 24 * GiB), {});
    assert.deepEqual(batchBackendEnvironment(2, { GOMEMLIMIT: '2GiB' }, 24 * GiB), {});
  });

  it('reaches the tsgo process, and only it (read from /proc: Linux)', () => {
    const dir = tempProject({ 'tsconfig.json': '{}', 'a.ts': 'export async function f(): Promise<void> {}\nf();\n' });
    const before = process.env.ASYNC_LINT_TEST_MARK;
    const linter = new Linter({ files: diskProbe, backendEnvironment: { ASYNC_LINT_TEST_MARK: 'tsgo-only' } });
    try {
      const fileName = path.join(dir, 'a.ts');
      const config = resolveConfig(allRuleMetas());
      const [result] = linter.lint([{ fileName, text: readFileSync(fileName, 'utf8') }], () => config);
      assert.deepEqual(result!.findings.map((f) => f.ruleId), ['floating-promise']);
      const marks = tsgoEnvironments().map((env) => env.get('ASYNC_LINT_TEST_MARK'));
      assert.ok(marks.includes('tsgo-only'), `tsgo children's marks: ${JSON.stringify(marks)}`);
      assert.equal(process.env.ASYNC_LINT_TEST_MARK, before, 'this process keeps its own environment');
    } finally {
      linter.dispose();
    }
  });
});
