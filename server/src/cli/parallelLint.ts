/**
 * The CLI's TypeScript/JavaScript files, linted by several threads at once. tsgo's API checks on
 * one checker per project and node waits for each answer, so one thread cannot use many cores. Each
 * extra thread is a worker with its own Linter and tsgo process (the whole program loaded again:
 * memory grows with every thread, see MAX_AUTO_THREADS).
 *
 * Files are taken in chunks of neighbours (files of one folder share most of their types, which
 * each thread checks once) from a shared counter, so a thread that meets slow files takes fewer.
 * The calling thread lints too, with the caller's Linter, which then holds the program for --fix.
 * A worker that fails loses nothing: the calling thread lints the chunks it did not report.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { ResolvedConfig } from '../core/config.ts';
import type { Linter, LintInput, LintResult } from '../rules/engine.ts';

/** Neighbouring files per chunk: small enough to balance, large enough to keep a folder together. */
const CHUNK_FILES = 8;
/** Below this many files per thread, starting a thread (and a tsgo) costs more than it saves. */
const MIN_FILES_PER_THREAD = 64;
/** Each thread holds a whole program in its own tsgo process: more threads, more memory. */
const MAX_AUTO_THREADS = 4;

/** What a worker is given. */
export interface WorkerJob {
  inputs: LintInput[];
  /** Distinct configs, and per input the index of its config. */
  configs: ResolvedConfig[];
  configIndex: number[];
  /** [start, end) input indexes per chunk. */
  chunks: [number, number][];
  /** Int32Array over it: [0] is the next chunk to take. */
  counter: SharedArrayBuffer;
  /** For each thread's tsgo (see backendEnvironment.ts). */
  backendEnvironment: Record<string, string>;
}

export interface ThreadOptions {
  /** Threads in all, the calling one included (see threadsFor). */
  threads: number;
  /** Variables for each worker's tsgo (the calling thread's Linter already has them). */
  backendEnvironment?: Record<string, string>;
}

/** What a worker sends: a chunk's results as soon as it is done, then `done`. */
export type WorkerMessage =
  | { kind: 'chunk'; chunk: number; results: LintResult[] }
  | { kind: 'notice'; message: string; project?: string }
  | { kind: 'ruleError'; message: string }
  | { kind: 'done' };

/** Where the threads' notices and rule failures go. */
export interface LintReporting {
  /** Every thread reports its tsgo's notices: the receiver de-duplicates them. */
  notice: (message: string, project?: string) => void;
  /** A rule threw on a file (an internal error: the run's report is incomplete). */
  ruleError: (message: string) => void;
}

/**
 * A thread and its tsgo keep about one core busy: node and tsgo take turns, and with Go's
 * collector deferred (backendEnvironment.ts) tsgo loads a program on about one core. So `auto`
 * gives each thread a core. Measured on openai (2 cores): two threads took 1.93 s against 2.06 s
 * for one, for 1.3x the CPU and 1.5x the memory (675 MB); with Go's collector on, two threads
 * gained nothing.
 */
const CORES_PER_THREAD = 1;

/** Threads for `count` files: `requested` (--concurrency), or what the machine and the file count warrant. */
export function threadsFor(count: number, requested: number | 'auto' | 'off', cores = availableCores()): number {
  if (requested === 'off') return 1;
  if (requested !== 'auto') return Math.max(1, Math.min(requested, Math.ceil(count / CHUNK_FILES)));
  return Math.max(1, Math.min(Math.floor(cores / CORES_PER_THREAD), MAX_AUTO_THREADS, Math.floor(count / MIN_FILES_PER_THREAD)));
}

function availableCores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/**
 * Lints `inputs` (TypeScript/JavaScript files of the CLI run) with `threads` threads, the calling
 * one included; results come back in the order of `inputs`.
 */
export async function lintInParallel(
  linter: Linter,
  inputs: readonly LintInput[],
  configFor: (fileName: string) => ResolvedConfig,
  { threads, backendEnvironment = {} }: ThreadOptions,
  reporting: LintReporting,
  /** Work for the calling thread while the workers start (they take a while to load the program). */
  meanwhile: () => void = () => {},
): Promise<LintResult[]> {
  if (threads <= 1 || inputs.length === 0) {
    meanwhile();
    return linter.lint(inputs, configFor);
  }
  optimiseLater();
  const chunks: [number, number][] = [];
  for (let start = 0; start < inputs.length; start += CHUNK_FILES) chunks.push([start, Math.min(inputs.length, start + CHUNK_FILES)]);
  const counter = new SharedArrayBuffer(4);
  const { configs, configIndex } = configTable(inputs, configFor);
  const job: WorkerJob = { inputs: [...inputs], configs, configIndex, chunks, counter, backendEnvironment };

  const byChunk = new Map<number, LintResult[]>();
  const workers = Array.from({ length: threads - 1 }, () => runWorker(job, byChunk, reporting));
  meanwhile();
  // Every thread's tsgo must see every text before its first snapshot (a text set later is an
  // edit, which would start a new program and drop what the checker knows).
  for (const input of inputs) linter.setText(input.fileName, input.text);
  forEachClaimedChunk(counter, chunks, (chunk, start, end) => byChunk.set(chunk, linter.lint(inputs.slice(start, end), configFor)));
  await Promise.all(workers);
  // Chunks a failed worker took but did not report.
  chunks.forEach(([start, end], chunk) => {
    if (!byChunk.has(chunk)) byChunk.set(chunk, linter.lint(inputs.slice(start, end), configFor));
  });
  return chunks.flatMap((_, chunk) => byChunk.get(chunk)!);
}

/**
 * V8 compiles hot functions to optimised code on background threads. Linting runs a lot of code a
 * moderate number of times (every rule, the API client), and on openai that compiling took about
 * 0.6 s of CPU per thread: with several threads the cores are all busy, so it slowed the threads
 * themselves. Tiering up later (a larger interrupt budget: the default is 132 KB of bytecode run)
 * compiles only what is really hot. Measured on openai with two threads (2 cores, 7 interleaved
 * runs): 1.71 s against 2.00 s, 3.06 s of CPU against 3.59 s. One thread is left as it is: its
 * compiling runs on a core that is otherwise idle. The flag is read whenever a function's budget
 * is reset, so setting it now holds for the lint code, which has not run yet.
 */
function optimiseLater(): void {
  v8.setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}
const INTERRUPT_BUDGET = 600_000;

/** Takes chunks from the shared counter, one at a time, until none is left (every thread runs this). */
export function forEachClaimedChunk(counter: SharedArrayBuffer, chunks: readonly [number, number][], lint: (chunk: number, start: number, end: number) => void): void {
  const next = new Int32Array(counter);
  for (let chunk = Atomics.add(next, 0, 1); chunk < chunks.length; chunk = Atomics.add(next, 0, 1)) {
    const [start, end] = chunks[chunk]!;
    lint(chunk, start, end);
  }
}

function configTable(inputs: readonly LintInput[], configFor: (fileName: string) => ResolvedConfig) {
  const configs: ResolvedConfig[] = [];
  const indexOf = new Map<ResolvedConfig, number>();
  const configIndex = inputs.map((input) => {
    const config = configFor(input.fileName);
    let index = indexOf.get(config);
    if (index === undefined) {
      index = configs.push(config) - 1;
      indexOf.set(config, index);
    }
    return index;
  });
  return { configs, configIndex };
}

/** Resolves when the worker has ended, however it ended; its finished chunks are in `byChunk`. */
function runWorker(job: WorkerJob, byChunk: Map<number, LintResult[]>, { notice, ruleError }: LintReporting): Promise<void> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(workerScript(), { workerData: job });
    } catch (error) {
      notice(`could not start a lint thread (${(error as Error).message}); linting with fewer`);
      resolve();
      return;
    }
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'chunk') byChunk.set(message.chunk, message.results);
      else if (message.kind === 'notice') notice(message.message, message.project);
      else if (message.kind === 'ruleError') ruleError(message.message);
    });
    worker.on('error', (error) => notice(`a lint thread failed (${error.message}); its remaining files are linted by another`));
    worker.on('exit', () => resolve());
  });
}

/** The worker's entry: next to this module when run from source, in dist/ when bundled. */
function workerScript(): URL {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return new URL('./lintWorker.ts', here);
  for (const relative of ['./lint-worker.mjs', '../lint-worker.mjs']) {
    const candidate = new URL(relative, here);
    if (existsSync(fileURLToPath(candidate))) return candidate;
  }
  throw new Error('lint-worker.mjs is missing from the bundle');
}
