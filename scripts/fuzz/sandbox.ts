/**
 * The parent's handle on the engine process (sandboxMain.ts): requests with a time bound. An
 * answer that does not come in time is a hang: the process group (the child and its tsgo) is
 * killed and a fresh one started on the next request. A child that dies is a crash.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EngineReport } from './check.ts';
import type { FuzzInput } from './inputs.ts';

export type SandboxRequest =
  | { type: 'init'; repo: string; lintBoundMs: number; typeBudget: number }
  | { type: 'check'; input: Omit<FuzzInput, 'bytes'> }
  | { type: 'lint'; fileName: string; text: string }
  /** Blocks the engine process for `ms` (to test the hang bound). */
  | { type: 'block'; ms: number };

export interface LintSummary {
  type: 'lint';
  syntaxErrors: number;
  fatal?: string;
  findings: { ruleId: string; start: number; end: number; message: string }[];
  ruleErrors: string[];
}

export type SandboxReply = { type: 'ok' } | { type: 'report'; report: EngineReport } | LintSummary;

interface Waiter {
  resolve: (r: SandboxReply) => void;
  reject: (e: Error) => void;
}

export class SandboxHang extends Error {}
export class SandboxCrash extends Error {}

const ENTRY = fileURLToPath(new URL('./sandboxMain.ts', import.meta.url));

export class Sandbox {
  private child: ChildProcess | undefined;
  private nextId = 1;
  private readonly pending = new Map<ChildProcess, Map<number, Waiter>>();
  private stderr = '';
  private started: Promise<void> | undefined;
  /** How many engine processes were started (1 + restarts after hangs and crashes). */
  starts = 0;

  /** The engine process's id (undefined when none runs). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  constructor(private readonly init: Extract<SandboxRequest, { type: 'init' }>) {}

  async request(request: SandboxRequest, timeoutMs: number): Promise<SandboxReply> {
    await this.ensure(timeoutMs);
    return this.send(request, timeoutMs);
  }

  async check(input: FuzzInput, timeoutMs: number): Promise<EngineReport> {
    const { bytes: _bytes, ...rest } = input;
    const reply = await this.request({ type: 'check', input: rest }, timeoutMs);
    if (reply.type !== 'report') throw new Error(`unexpected reply ${reply.type}`);
    return reply.report;
  }

  async lint(fileName: string, text: string, timeoutMs: number): Promise<LintSummary> {
    const reply = await this.request({ type: 'lint', fileName, text }, timeoutMs);
    if (reply.type !== 'lint') throw new Error(`unexpected reply ${reply.type}`);
    return reply;
  }

  /** Kills the engine process group; the next request starts a new one. */
  kill(): void {
    const child = this.child;
    this.child = undefined;
    this.started = undefined;
    if (child?.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
    child.disconnect();
    const timer = setTimeout(() => this.kill(), 10_000);
    await exited;
    clearTimeout(timer);
    this.child = undefined;
    this.started = undefined;
  }

  private ensure(timeoutMs: number): Promise<void> {
    if (!this.started) {
      const starting = this.start(Math.max(timeoutMs, 60_000));
      this.started = starting;
      // A start that fails is forgotten: the next request tries again.
      starting.catch(() => {
        if (this.started === starting) this.started = undefined;
      });
    }
    return this.started;
  }

  private async start(timeoutMs: number): Promise<void> {
    this.starts++;
    this.stderr = '';
    const child = fork(ENTRY, [], {
      execArgv: ['--import', 'tsx'],
      detached: true,
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child = child;
    const pending = new Map<number, Waiter>();
    this.pending.set(child, pending);
    child.stderr!.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000);
    });
    child.on('message', (m: { id: number; reply?: SandboxReply; error?: string }) => {
      const waiter = pending.get(m.id);
      if (!waiter) return;
      pending.delete(m.id);
      if (m.error !== undefined) waiter.reject(new Error(m.error));
      else waiter.resolve(m.reply!);
    });
    child.on('exit', (code, signal) => {
      if (this.child === child) {
        this.child = undefined;
        this.started = undefined;
      }
      // Only this process's requests fail with it.
      const error = new SandboxCrash(`the engine process exited (code ${code}, signal ${signal}); stderr: ${this.stderr.trim().slice(-1500)}`);
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
      this.pending.delete(child);
    });
    // The child says hello with id 0 once it is listening.
    await this.wait(child, 0, timeoutMs);
    await this.sendTo(child, this.init, timeoutMs);
  }

  private send(request: SandboxRequest, timeoutMs: number): Promise<SandboxReply> {
    const child = this.child;
    if (!child) return Promise.reject(new SandboxCrash('the engine process is not running'));
    return this.sendTo(child, request, timeoutMs);
  }

  private sendTo(child: ChildProcess, request: SandboxRequest, timeoutMs: number): Promise<SandboxReply> {
    const id = this.nextId++;
    const reply = this.wait(child, id, timeoutMs);
    child.send({ id, request });
    return reply;
  }

  private wait(child: ChildProcess, id: number, timeoutMs: number): Promise<SandboxReply> {
    const pending = this.pending.get(child);
    if (!pending) return Promise.reject(new SandboxCrash('the engine process is gone'));
    return new Promise<SandboxReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        if (this.child === child) this.kill();
        reject(new SandboxHang(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, {
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }
}
