/**
 * Runs real programs before and after the concurrency fixes: same output, calls actually overlap,
 * and the program gets faster. Each fixture awaits simulated I/O (200 ms per call) and prints
 * `peak-concurrency N` and `io-span MS` (first call to last result, measured in the program) to stderr.
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
  const result = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(result.status, 0, `${file} failed: ${result.stderr}`);
  const peak = /peak-concurrency (\d+)/.exec(result.stderr);
  const span = /io-span (\d+)/.exec(result.stderr);
  assert.ok(peak && span, `${file} printed no peak-concurrency or io-span line: ${result.stderr}`);
  // The program's own span of simulated I/O: start-up time on a loaded machine is not the fix's.
  return { stdout: result.stdout, peak: Number(peak[1]), ms: Number(span[1]) };
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
        // The program is linted beside the helper it imports, as it runs: the rules read the helper's body.
        const project = { fileName: path.join(ruleId, program), files: { [HELPER]: readFileSync(path.join(FIXTURES, HELPER), 'utf8') } };
        const findings = findingsOf(code, ruleId, project);
        assert.ok(findings.length > 0, 'the rule reports the fixture');
        const fixes = chooseNonOverlappingFixes(findings, true);
        assert.equal(fixes.length, findings.length, 'every finding has a fix');
        const fixedCode = applyEdits(code, fixes.flatMap((f) => f.edits));
        assert.equal(syntaxErrorsOf(fixedCode, program), 0, fixedCode);
        assert.deepEqual(findingsOf(fixedCode, ruleId, project), [], 'nothing left to report');
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
