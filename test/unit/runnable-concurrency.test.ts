/**
 * Runs real programs before and after the concurrency fixes: same output, calls actually overlap,
 * and the program gets faster. Each fixture awaits simulated I/O (200 ms per call) and prints
 * `peak-concurrency N` to stderr.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyEdits, chooseNonOverlappingFixes } from '../../server/src/core/fixes.ts';
import { findingsOf, syntaxErrorsOf } from '../helpers/lint.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'runnable');
const HELPER = path.join('sequential-awaits', 'simulated-io.mjs');

interface Run {
  stdout: string;
  peak: number;
  ms: number;
}

function run(file: string): Run {
  const started = performance.now();
  const result = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 30_000 });
  const ms = performance.now() - started;
  assert.equal(result.status, 0, `${file} failed: ${result.stderr}`);
  const peak = /peak-concurrency (\d+)/.exec(result.stderr);
  assert.ok(peak, `${file} printed no peak-concurrency line: ${result.stderr}`);
  return { stdout: result.stdout, peak: Number(peak[1]), ms };
}

describe('runnable concurrency fixes', () => {
  let out: string;
  before(() => {
    out = mkdtempSync(path.join(os.tmpdir(), 'async-lint-runnable-'));
    mkdirSync(path.join(out, 'sequential-awaits'), { recursive: true });
    mkdirSync(path.join(out, 'await-in-loop'), { recursive: true });
    copyFileSync(path.join(FIXTURES, HELPER), path.join(out, HELPER));
  });

  for (const ruleId of ['sequential-awaits', 'await-in-loop']) {
    const programs = readdirSync(path.join(FIXTURES, ruleId)).filter((f) => f.endsWith('.mjs') && path.join(ruleId, f) !== HELPER);
    it(`${ruleId} has runnable fixtures`, () => assert.ok(programs.length >= 2));
    for (const program of programs) {
      it(`${ruleId}/${program}: same output, overlapping calls, faster`, () => {
        const original = path.join(FIXTURES, ruleId, program);
        const code = readFileSync(original, 'utf8');
        const findings = findingsOf(code, ruleId, { fileName: program });
        assert.ok(findings.length > 0, 'the rule reports the fixture');
        const fixes = chooseNonOverlappingFixes(findings, true);
        assert.equal(fixes.length, findings.length, 'every finding has a fix');
        const fixedCode = applyEdits(code, fixes.flatMap((f) => f.edits));
        assert.equal(syntaxErrorsOf(fixedCode, program), 0, fixedCode);
        assert.deepEqual(findingsOf(fixedCode, ruleId, { fileName: program }), [], 'nothing left to report');
        const fixed = path.join(out, ruleId, program);
        writeFileSync(fixed, fixedCode);

        const before = run(original);
        const after = run(fixed);
        assert.equal(after.stdout, before.stdout);
        assert.equal(before.peak, 1);
        assert.ok(after.peak > 1, `peak concurrency after the fix: ${after.peak}`);
        // Each fixture saves at least two 200 ms waits out of three or more: far beyond timing noise.
        assert.ok(after.ms < 0.75 * before.ms, `fixed ${after.ms.toFixed(0)} ms vs original ${before.ms.toFixed(0)} ms`);
      });
    }
  }
});
