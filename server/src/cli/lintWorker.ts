/**
 * A lint thread of the CLI (see parallelLint.ts): its own Linter and tsgo process, taking chunks of
 * files from the shared counter until none are left, and posting each chunk's results.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Linter } from '../rules/engine.ts';
import { forEachClaimedChunk, type WorkerJob, type WorkerMessage } from './parallelLint.ts';
import { diskProbe } from '../node/fileProbe.ts';

const job = workerData as WorkerJob;
const post = (message: WorkerMessage) => parentPort!.postMessage(message);
const linter = new Linter({
  files: diskProbe,
  notice: (message, project) => post({ kind: 'notice', message, project }),
  onRuleError: (id, file, error) => post({ kind: 'ruleError', message: `rule ${id} failed on ${file}: ${(error as Error).message}` }),
  // Workers lint files as read from disk; fixes are made on the calling thread.
  // The benchmark's measure of the effect model's cost (scripts/bench/tools.mjs).
  effectModel: process.env.ASYNC_LINT_EFFECT_MODEL !== 'off',
  textsMayDifferFromDisk: false,
  backendEnvironment: job.backendEnvironment,
});
try {
  const configIndexOf = new Map(job.inputs.map((input, i) => [input.fileName, job.configIndex[i]!]));
  const configFor = (fileName: string) => job.configs[configIndexOf.get(fileName)!]!;
  for (const input of job.inputs) linter.setText(input.fileName, input.text);
  forEachClaimedChunk(job.counter, job.chunks, (chunk, start, end) => post({ kind: 'chunk', chunk, results: linter.lint(job.inputs.slice(start, end), configFor) }));
  post({ kind: 'done' });
} finally {
  linter.dispose();
}
// The worker's tsgo must not outlive the run (the main thread waits for this worker to exit).
await linter.backendsExited();
