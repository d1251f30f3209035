import assert from 'node:assert/strict';
import type { Finding } from '../../../server/src/core/types.ts';
import { rule } from '../../../server/src/rules/typescript/await-in-loop.ts';
import { applyFix, findingsOf, linesOf, syntaxErrorsOf, type LintSnippetOptions } from '../../helpers/lint.ts';

const ID = 'await-in-loop';

const PRELUDE = `declare function resize(path: string): Promise<number>;
declare function tag(key: string, value: number): Promise<void>;
declare function save(path: string): Promise<void>;
declare function page(cursor: string): Promise<{ next: string; n: number }>;
`;
const BASE_LINE = PRELUDE.split('\n').length - 1;

function findings(body: string, options?: LintSnippetOptions): Finding[] {
  return findingsOf(PRELUDE + body, ID, options);
}

function assertFixed(body: string, fixedBody: string, line: number): Finding {
  const code = PRELUDE + body;
  const found = findingsOf(code, ID);
  assert.equal(found.length, 1, found.map((f) => f.message).join('\n'));
  assert.deepEqual(linesOf(code, found), [BASE_LINE + line]);
  const fixed = applyFix(code, found[0]!);
  assert.equal(fixed, PRELUDE + fixedBody);
  assert.equal(syntaxErrorsOf(fixed), 0, fixed);
  assert.equal(found[0]!.fixes[0]!.applicability, 'unsafe');
  return found[0]!;
}

function assertNone(body: string, options?: LintSnippetOptions): void {
  assert.deepEqual(findings(body, options).map((f) => f.message), []);
}

describe('await-in-loop', () => {
  describe('reports independent iterations', () => {
    it('a bare awaited call over an array → xs.map', () => {
      const f = assertFixed(
        `export async function f(paths: string[]) {
  for (const path of paths) {
    await resize(path);
  }
}
`,
        `export async function f(paths: string[]) {
  await Promise.all(paths.map((path) => resize(path)));
}
`,
        2,
      );
      assert.equal(f.severity, 'warning');
      assert.match(f.message, /^Each iteration awaits resize\(\.\.\.\) before the next starts/);
      assert.match(f.message, /unbounded concurrency/);
    });

    it('collecting with push keeps the order', () => {
      assertFixed(
        `export async function f(paths: readonly string[]) {
  const sizes: number[] = [];
  for (const path of paths) sizes.push(await resize(path));
  return sizes;
}
`,
        `export async function f(paths: readonly string[]) {
  const sizes: number[] = [];
  sizes.push(...(await Promise.all(paths.map((path) => resize(path)))));
  return sizes;
}
`,
        3,
      );
    });

    it('const r = await f(x); out.push(r)', () => {
      assertFixed(
        `export async function f(paths: [string, string], state: { sizes: number[] }) {
  for (let path of paths) {
    const size = await resize(path);
    state.sizes.push(size);
  }
}
`,
        `export async function f(paths: [string, string], state: { sizes: number[] }) {
  state.sizes.push(...(await Promise.all(paths.map((path) => resize(path)))));
}
`,
        2,
      );
    });

    it('an iterable that is not an array → Array.from', () => {
      assertFixed(
        `export async function f(paths: Set<string>) {
  for (const path of paths) await resize(path);
}
`,
        `export async function f(paths: Set<string>) {
  await Promise.all(Array.from(paths, (path) => resize(path)));
}
`,
        2,
      );
    });

    it('destructured loop variables stay in the arrow parameter', () => {
      assertFixed(
        `export async function f(o: Record<string, number>) {
  for (const [key, value] of Object.entries(o)) {
    await tag(key, value);
  }
}
`,
        `export async function f(o: Record<string, number>) {
  await Promise.all(Object.entries(o).map(([key, value]) => tag(key, value)));
}
`,
        2,
      );
    });

    it('the loop variable as the receiver; an iterable that needs parentheses', () => {
      assertFixed(
        `declare const a: { load(): Promise<number> }[] | undefined;
export async function f(b: { load(): Promise<number> }[]) {
  for (const item of a ?? b) await item.load();
}
`,
        `declare const a: { load(): Promise<number> }[] | undefined;
export async function f(b: { load(): Promise<number> }[]) {
  await Promise.all((a ?? b).map((item) => item.load()));
}
`,
        3,
      );
    });

    it('keeps comments and the file\'s semicolon style', () => {
      assertFixed(
        `export async function f(paths: string[]) {
  for (const path of paths) { // every file
    // shrink it
    await resize(path)
  }
}
`,
        `export async function f(paths: string[]) {
  // every file
  // shrink it
  await Promise.all(paths.map((path) => resize(path)))
}
`,
        2,
      );
    });

    it('in test callbacks when includeTests is set', () => {
      const body = `declare function it(name: string, fn: () => Promise<void>): void;
it('resizes', async () => {
  for (const p of ['a', 'b']) await resize(p);
});
`;
      assertNone(body);
      assert.equal(findings(body, { settings: { rules: { [ID]: ['warning', { includeTests: true }] } } }).length, 1);
    });
  });

  describe('stays quiet on dependent or deliberately ordered loops', () => {
    const cases: Record<string, string> = {
      'an awaited call that never returns a promise (nothing would overlap)': `declare function parse(s: string): number;
export async function f(lines: string[]) {
  for (const line of lines) {
    await parse(line);
  }
}`,
      'while loops': `export async function f(paths: string[]) {
  while (paths.length > 0) await resize(paths.pop()!);
}`,
      'do...while loops': `export async function f(paths: string[]) {
  do await resize(paths.pop()!); while (paths.length > 0);
}`,
      'for await': `export async function f(paths: AsyncIterable<string>) {
  for await (const path of paths) await resize(path);
}`,
      'for...in': `export async function f(o: Record<string, number>) {
  for (const key in o) await resize(key);
}`,
      'counting for loops': `export async function f(paths: string[]) {
  for (let i = 0; i < paths.length; i++) await resize(paths[i]!);
}`,
      'break, continue, return, throw': `export async function f(paths: string[]) {
  for (const path of paths) { if ((await resize(path)) > 10) break; }
  for (const path of paths) { await resize(path); if (path) continue; }
  for (const path of paths) { await resize(path); return; }
  for (const path of paths) { await resize(path); throw new Error(path); }
}`,
      'an accumulator': `export async function f(paths: string[]) {
  let total = 0;
  for (const path of paths) total += await resize(path);
  return total;
}`,
      'a cursor carried between iterations': `export async function f(ids: string[]) {
  let cursor = '';
  for (const id of ids) cursor = (await page(cursor + id)).next;
  return cursor;
}`,
      'a counter updated in the call': `export async function f(paths: string[]) {
  let i = 0;
  for (const path of paths) await tag(path, i++);
}`,
      'ordered hooks and handlers': `declare const hooks: ((ctx: string) => Promise<void>)[];
declare function runHook(name: string): Promise<void>;
declare const bus: { emit(name: string): Promise<void> };
export async function f(names: string[]) {
  for (const hook of hooks) await hook('ctx');
  for (const name of names) await runHook(name);
  for (const name of names) await bus.emit(name);
}`,
      'the loop variable unused': `export async function f(paths: string[]) {
  for (const path of paths) await resize('same');
}`,
      'group-ending verbs and prompts': `declare const rl: { question(q: string): Promise<string> };
export async function f(paths: string[]) {
  for (const path of paths) await save(path);
  for (const path of paths) await rl.question(\`Resize \${path}?\`);
}`,
      'the call reads the list it fills': `declare function sizeAfter(path: string, done: number[]): Promise<number>;
export async function f(paths: string[]) {
  const out: number[] = [];
  for (const path of paths) out.push(await sizeAfter(path, out));
  return out;
}`,
      'more than one step in the body': `export async function f(paths: string[]) {
  for (const path of paths) {
    await resize(path);
    await resize(path + '.bak');
  }
}`,
      'var and outer loop variables': `export async function f(paths: string[]) {
  let p: string;
  for (p of paths) await resize(p);
  for (var q of paths) await resize(q);
  return [p, q];
}`,
      'a labelled loop': `export async function f(paths: string[]) {
  outer: for (const path of paths) await resize(path);
}`,
      'loops in test callbacks': `declare function it(name: string, fn: () => Promise<void>): void;
it('resizes', async () => {
  for (const p of ['a', 'b']) await resize(p);
});`,
    };
    for (const [name, body] of Object.entries(cases)) {
      it(name, () => assertNone(body + '\n'));
    }

    it('test files', () => {
      const body = `export async function f(paths: string[]) {
  for (const path of paths) await resize(path);
}
`;
      assert.equal(findings(body).length, 1);
      assert.equal(findings(body, { fileName: 'resize.spec.ts' }).length, 0);
    });
  });

  it('documents an example that reports exactly once, and a good one that does not', () => {
    const [example] = rule.meta.docs.examples;
    assert.equal(findingsOf(example!.bad, ID).length, 1);
    assert.equal(findingsOf(example!.good, ID).length, 0);
    assert.equal(applyFix(example!.bad, findingsOf(example!.bad, ID)[0]!), example!.good);
    assert.match(rule.meta.docs.fixSafety, /unbounded.*overload.*order.*first rejection/s);
  });
});
