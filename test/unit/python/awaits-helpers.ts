/** Checks shared by the sequential-awaits and await-in-loop tests: fixed text compiles, fixtures overlap. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pyProject, pySyntaxErrors } from './harness.ts';

/** The fixed text parses (tree-sitter) and compiles (CPython). */
export function assertCompiles(code: string): void {
  assert.equal(pySyntaxErrors(code), 0, code);
  const file = path.join(pyProject({ 'compiled.py': code }), 'compiled.py');
  const r = spawnSync('python3', ['-m', 'py_compile', file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

/** Runs a Python file; returns its stdout and the `peak-concurrency N` it prints on stderr. */
export function runPeak(file: string): { stdout: string; peak: number } {
  const r = spawnSync('python3', [file], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, r.stderr);
  const m = /peak-concurrency (\d+)/.exec(r.stderr);
  assert.ok(m, r.stderr);
  return { stdout: r.stdout, peak: Number(m[1]) };
}
