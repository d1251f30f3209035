// Runs one command and measures what a user waits for and what the machine must hold:
// wall time from spawn to exit, and the peak resident memory of the whole process tree (async-lint
// runs tsgo as a child process; oxlint runs tsgolint; so a tool is its tree, not its first process).
// Memory is sampled from /proc every SAMPLE_MS: the sum of VmRSS over the tree at each sample, the
// largest sum kept. CPU time is the sum of each tree member's utime+stime at its last sample.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';

const SAMPLE_MS = 20;
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** The pids of a process and all its descendants (children are listed per thread in /proc). */
export function processTree(rootPid) {
  const seen = [];
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop();
    seen.push(pid);
    let tasks;
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // exited meanwhile
    }
    for (const tid of tasks) {
      let children = '';
      try {
        children = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8');
      } catch {
        // thread gone
      }
      for (const c of children.split(' ')) if (c.trim()) stack.push(Number(c));
    }
  }
  return seen;
}

/** { rssKb, cpuTicks } of one process, or undefined when it is gone. */
function readProcess(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at ") ": utime is field 14.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuTicks = Number(fields[11]) + Number(fields[12]);
    return { rssKb, cpuTicks };
  } catch {
    return undefined;
  }
}

/** Samples a running process tree; `stop()` returns { peakRssMb, cpuSeconds }. */
export function sampleTree(rootPid, intervalMs = SAMPLE_MS) {
  let peakKb = 0;
  const lastTicks = new Map();
  const sample = () => {
    let sum = 0;
    for (const pid of processTree(rootPid)) {
      const p = readProcess(pid);
      if (!p) continue;
      sum += p.rssKb;
      lastTicks.set(pid, p.cpuTicks);
    }
    peakKb = Math.max(peakKb, sum);
    return sum;
  };
  // No sample at once: until exec, a forked child still shows the parent's pages.
  const timer = setInterval(sample, intervalMs);
  return {
    /** The tree's resident memory now, in MB. */
    now: () => sample() / 1024,
    /** Resident memory and CPU time so far per process of the tree: [{ pid, name, rssMb, cpuSeconds }]. */
    breakdown: () =>
      processTree(rootPid).flatMap((pid) => {
        const p = readProcess(pid);
        if (!p) return [];
        let name = '?';
        try {
          name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
        } catch {
          // gone
        }
        return [{ pid, name, rssMb: p.rssKb / 1024, cpuSeconds: p.cpuTicks / TICKS_PER_SECOND }];
      }),
    stop() {
      clearInterval(timer);
      const ticks = [...lastTicks.values()].reduce((a, b) => a + b, 0);
      return { peakRssMb: peakKb / 1024, cpuSeconds: ticks / TICKS_PER_SECOND };
    },
  };
}

/**
 * Runs `command args` in `cwd` with stdout to `stdoutFile` (so output size does not disturb the
 * timing), stderr kept in memory. Resolves to { wallSeconds, peakRssMb, cpuSeconds, exitCode, stderr }.
 */
export function measure(command, args, { cwd, env = process.env, stdoutFile }) {
  return new Promise((resolve, reject) => {
    const out = openSync(stdoutFile, 'w');
    const started = performance.now();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', out, 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => {
      if (stderr.length < 200_000) stderr += d;
    });
    // The last sample before exit is what the tree held; a tree that outlives its root is not ours.
    const sampler = sampleTree(child.pid);
    child.on('error', (error) => {
      sampler.stop();
      closeSync(out);
      reject(error);
    });
    child.on('close', (exitCode, signal) => {
      const wallSeconds = (performance.now() - started) / 1000;
      const { peakRssMb, cpuSeconds } = sampler.stop();
      closeSync(out);
      resolve({ wallSeconds, peakRssMb, cpuSeconds, exitCode: exitCode ?? (signal ? 128 : -1), stderr });
    });
  });
}
