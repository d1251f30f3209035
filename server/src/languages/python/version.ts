/** Which Python a project targets: the lower bound of `requires-python` in its pyproject.toml. */
import path from 'node:path';
import type { ReadFile } from './workspace.ts';

/** `[3, 11]` for Python 3.11. */
export type PythonVersion = readonly [major: number, minor: number];

/** `[3, 11]` from "3.11"; undefined for anything else. */
export function parsePythonVersion(value: string): PythonVersion | undefined {
  const m = /^\s*(\d+)\.(\d+)/.exec(value);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

export function isAtLeast(version: PythonVersion, major: number, minor: number): boolean {
  return version[0] > major || (version[0] === major && version[1] >= minor);
}

/**
 * The oldest Python a `requires-python` specifier allows, from its `>=`, `~=` or `==` clauses
 * (`>=3.11,<4` → 3.11); undefined when no clause gives a lower bound.
 */
export function lowestPythonOf(specifier: string): PythonVersion | undefined {
  let lowest: PythonVersion | undefined;
  for (const clause of specifier.split(',')) {
    const m = /^\s*(>=|~=|==)\s*(\d+\.\d+)/.exec(clause);
    const v = m && parsePythonVersion(m[2]!);
    if (v && (!lowest || !isAtLeast(lowest, v[0], v[1]))) lowest = v;
  }
  return lowest;
}

/** `requires-python` of the nearest pyproject.toml above `fileName`, read through `readFile`. */
export function requiresPythonNear(fileName: string, readFile: ReadFile): string | undefined {
  for (let dir = path.dirname(fileName); ; ) {
    const text = readFile(path.join(dir, 'pyproject.toml'));
    if (text !== undefined) return /^\s*requires-python\s*=\s*["']([^"']+)["']/m.exec(text)?.[1];
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** The oldest Python the project of `fileName` declares it supports; undefined when it declares none. */
export function targetPythonOf(fileName: string, readFile: ReadFile): PythonVersion | undefined {
  return lowestPythonOf(requiresPythonNear(fileName, readFile) ?? '');
}
