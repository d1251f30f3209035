import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempProject } from '../helpers/lint.ts';
import { buildOnce } from '../helpers/build.ts';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/async-lint.mjs');

/**
 * Live (not zombie) processes whose environment holds `marker`: the CLI and the tsgo processes it
 * starts, which inherit its environment. Other runs on the machine carry other markers.
 */
function markedProcesses(marker: string): { pid: number; command: string }[] {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(marker)) continue;
      const state = /\) (\S)/.exec(readFileSync(`/proc/${entry}/stat`, 'latin1'))?.[1];
      if (state === 'Z' || state === 'X') continue;
      found.push({ pid: Number(entry), command: readFileSync(`/proc/${entry}/cmdline`, 'latin1').replaceAll('\0', ' ') });
    } catch {
      // ended meanwhile, or not ours to read
    }
  }
  return found;
}

/**
 * Loaded into the CLI with --import: when it exits, writes the processes whose parent it still is
 * to $ASYNC_LINT_TEST_CHILDREN. The exit handler runs synchronously, so no child can be reaped
 * meanwhile: a tsgo listed there was not waited for (alive, or a zombie nobody collected), with no
 * race against how fast tsgo dies of its signal.
 */
const CHILDREN_AT_EXIT = `
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
if (isMainThread) process.on('exit', () => {
  const children = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync('/proc/' + entry + '/stat', 'latin1');
      const [state, parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(parent) === process.pid) children.push({ pid: Number(entry), state, command: readFileSync('/proc/' + entry + '/cmdline', 'latin1').replaceAll('\\0', ' ') });
    } catch {}
  }
  writeFileSync(process.env.ASYNC_LINT_TEST_CHILDREN, JSON.stringify(children));
});
`;

/**
 * 300 small files: with `--concurrency 2` the worker thread usually takes chunks too and starts
 * its own tsgo (a worker that finds none left starts none, so only one tsgo is required below).
 */
function project(): string {
  const files: Record<string, string> = { 'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, include: ['src'] }) };
  for (let i = 0; i < 300; i++) files[`src/m${i}.ts`] = `export async function f${i}(): Promise<void> {}\nexport function g${i}() {\n  f${i}();\n}\n`;
  return tempProject(files);
}

before(buildOnce);

describe('cli backend processes', () => {
  for (const concurrency of ['off', '2']) {
    // Linux only (it reads /proc), as is CI.
    it(`no tsgo process outlives the CLI (--concurrency ${concurrency})`, async () => {
      const marker = `ASYNC_LINT_TEST_RUN=${randomUUID()}`;
      const [name, value] = marker.split('=') as [string, string];
      const dir = project();
      writeFileSync(path.join(dir, 'children-at-exit.mjs'), CHILDREN_AT_EXIT);
      const childrenFile = path.join(dir, 'children.json');
      const child = spawn(process.execPath, ['--import', './children-at-exit.mjs', bin, 'src', '--concurrency', concurrency], {
        cwd: dir,
        env: { ...process.env, [name]: value, ASYNC_LINT_TEST_CHILDREN: childrenFile },
        stdio: 'ignore',
      });
      // tsgo runs for the whole lint; polling while the CLI runs records the processes it started.
      const seen = new Map<number, string>();
      const poll = setInterval(() => {
        for (const p of markedProcesses(marker)) if (p.pid !== child.pid) seen.set(p.pid, p.command);
      }, 5);
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      // Checked at once, before anything else runs: what is alive now outlived the CLI.
      const alive = markedProcesses(marker);
      clearInterval(poll);
      assert.equal(code, 1, 'findings');
      const tsgo = [...seen].filter(([, command]) => command.includes('--api'));
      assert.ok(tsgo.length >= 1, `tsgo processes seen while the CLI ran: ${JSON.stringify([...seen])}`);
      assert.deepEqual(JSON.parse(readFileSync(childrenFile, 'utf8')), [], 'children the CLI had not waited for when it exited');
      assert.deepEqual(alive, [], 'processes alive after the CLI exited');
    });
  }
});
