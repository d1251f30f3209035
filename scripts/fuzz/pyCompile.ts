/**
 * Python's own compiler as an oracle: what `python3 -m py_compile` does to a file (compile its
 * bytes with `dont_inherit`), for many texts in one python3 process.
 */
import { spawnSync } from 'node:child_process';

const SCRIPT = `
import json, sys
out = []
for src in json.load(sys.stdin):
    try:
        compile(src.encode('utf-8', 'surrogatepass'), '<fuzz>', 'exec', dont_inherit=True)
        out.append(None)
    except BaseException as e:
        out.append(type(e).__name__ + ': ' + str(e))
json.dump(out, sys.stdout)
`;

/** For each text, undefined when it compiles, else the error. Throws when python3 cannot run. */
export function pyCompileAll(texts: readonly string[], timeoutMs = 120_000): (string | undefined)[] {
  if (texts.length === 0) return [];
  const r = spawnSync('python3', ['-c', SCRIPT], { input: JSON.stringify(texts), encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`python3 failed (${r.status ?? r.signal}): ${r.stderr}`);
  return (JSON.parse(r.stdout) as (string | null)[]).map((e) => e ?? undefined);
}

export interface CompilePair {
  inputId: string;
  what: string;
  before: string;
  after: string;
}

/** Pairs whose `before` compiles and whose `after` (a fix's output) does not. */
export function brokenByFix(pairs: readonly CompilePair[]): { pair: CompilePair; error: string }[] {
  const unique = [...new Set(pairs.flatMap((p) => [p.before, p.after]))];
  const errors = new Map<string, string | undefined>();
  // Batches keep each python3 input a reasonable size.
  for (let i = 0; i < unique.length; i += 500) {
    const batch = unique.slice(i, i + 500);
    pyCompileAll(batch).forEach((e, k) => errors.set(batch[k]!, e));
  }
  return pairs.filter((p) => errors.get(p.before) === undefined && errors.get(p.after) !== undefined).map((pair) => ({ pair, error: errors.get(pair.after)! }));
}
