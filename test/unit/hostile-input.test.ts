/**
 * Hostile input through the engine API: huge one-line bundles, binary text, 20,000-deep nesting,
 * empty files, CRLF and CR line breaks, mixed tabs and spaces, truncated files. Each must give a
 * result without throwing (no stack overflow), within a hang bound, and every fix must keep the
 * file's line breaks and not add syntax errors.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { resolveConfig } from '../../server/src/core/config.ts';
import { applyEdits } from '../../server/src/core/fixes.ts';
import { lineBreakOf } from '../../server/src/core/text.ts';
import { Linter, type LintResult } from '../../server/src/rules/engine.ts';
import { allRuleMetas } from '../../server/src/rules/index.ts';
import { keepsLineBreaks, lineBreaksOf } from '../../scripts/fuzz/check.ts';
import { REPO } from '../../scripts/fuzz/run.ts';
import { Sandbox, SandboxHang } from '../../scripts/fuzz/sandbox.ts';
import { tempProject } from '../helpers/lint.ts';
import { diskProbe } from '../../server/src/node/fileProbe.ts';

/** A hang bound, not a performance target: a machine busy with other tests must pass it. */
const BOUND_MS = 20_000;

describe('hostile input (engine)', function () {
  this.timeout(120_000);
  const ruleErrors: string[] = [];
  const linter = new Linter({ files: diskProbe, onRuleError: (id, file, error) => ruleErrors.push(`${id} on ${path.basename(file)}: ${(error as Error).message}`) });
  const metas = allRuleMetas();
  const config = resolveConfig(metas, { rules: Object.fromEntries(metas.map((m) => [m.id, 'warning'])) });
  const dir = tempProject();
  let counter = 0;

  before(() => linter.prepare());
  after(() => linter.dispose());
  beforeEach(() => {
    ruleErrors.length = 0;
  });

  /** Lints `text` as a new file with extension `ext`, within the bound, and checks every fix. */
  function lint(text: string, ext: string): LintResult & { ms: number } {
    const fileName = path.join(dir, `input${++counter}${ext}`);
    const started = performance.now();
    const [result] = linter.lint([{ fileName, text }], () => config);
    const ms = performance.now() - started;
    assert.ok(result, 'a result for the file');
    assert.equal(result.fileName, fileName);
    assert.ok(ms < BOUND_MS, `linting took ${ms.toFixed(0)} ms`);
    for (const finding of result.findings) {
      for (const fix of finding.fixes) {
        const fixed = applyEdits(result.text, fix.edits);
        const [after] = linter.lint([{ fileName, text: fixed }], () => config);
        assert.ok(after!.syntaxErrors.length <= result.syntaxErrors.length, `"${fix.title}" adds a syntax error:\n${fixed.slice(0, 500)}`);
        assert.ok(keepsLineBreaks(result.text, fixed), `"${fix.title}" changes the line breaks (${lineBreaksOf(result.text)} → ${lineBreaksOf(fixed)})`);
      }
    }
    return { ...result, ms };
  }

  it('a 5 MB one-line bundle is skipped with a reason, quickly, in both languages', () => {
    const js = lint(`var a=${JSON.stringify('x'.repeat(5_000_000))};function f(){return a}\n`, '.js');
    assert.match(js.fatal ?? '', /^skipped: 5 MB is larger than async-lint analyses/);
    assert.deepEqual(js.findings, []);
    const py = lint(`a = ${JSON.stringify('x'.repeat(5_000_000))}\n`, '.py');
    assert.match(py.fatal ?? '', /^skipped: 5 MB/);
  });

  it('binary content with a source extension gives a result, not an exception', () => {
    const bytes = Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    for (const ext of ['.ts', '.js', '.py']) {
      const r = lint(bytes + '\u0000\uFFFF\uD800', ext);
      assert.ok(r.syntaxErrors.length > 0 || r.fatal, `${ext}: reported as not parsing`);
    }
    assert.deepEqual(ruleErrors, []);
  });

  describe('20,000-deep nesting: no stack overflow, no hang, in the engine or any rule', function () {
    // Each input is linted in a separate engine process (the fuzzer's sandbox), so a hang fails
    // its test after the bound instead of blocking the run.
    const D = 20_000;
    let sandbox: Sandbox;
    before(() => {
      sandbox = new Sandbox({ type: 'init', repo: REPO, lintBoundMs: 600_000, typeBudget: 0 });
    });
    after(() => sandbox.close());
    const cases: [string, string, string, number?][] = [
      // sequential-awaits once overflowed the stack here (awaits-comments.ts's recursive visit).
      ['TS parentheses', '.ts', `export async function f(g: () => Promise<number>) {\n  const a = ${'('.repeat(D)}await g()${')'.repeat(D)};\n  const b = await g();\n  return a + b;\n}\n`],
      // await-in-loop once overflowed the stack here (recursive walks of the loop body).
      ['TS parentheses in a loop body', '.ts', `export async function f(xs: number[], g: (x: number) => Promise<number>) {\n  const out: number[] = [];\n  for (const x of xs) {\n    out.push(${'('.repeat(D)}await g(x)${')'.repeat(D)});\n  }\n  return out;\n}\n`],
      ['TS arrays', '.ts', `export const a = ${'['.repeat(D)}1${']'.repeat(D)};\n`],
      ['TS blocks', '.ts', `export async function f(g: () => Promise<void>) {\n${'{'.repeat(D)}g();${'}'.repeat(D)}\n}\n`],
      ['TS calls', '.ts', `declare function g(x: unknown): Promise<unknown>;\nexport async function f() {\n  ${'g('.repeat(D)}1${')'.repeat(D)};\n}\n`],
      // tsgo answers type queries on these in O(depth²): seconds, not minutes.
      ['TS async arrows', '.ts', `export const f = ${'async () => '.repeat(D)}fetch('x');\n`, 120_000],
      ['JS if/else chain', '.js', `export async function f(x, g) {\n  ${Array.from({ length: D }, (_, i) => `if (x === ${i}) g();`).join(' else ')}\n}\n`, 120_000],
      // Once a hang: await-non-thenable asked tsgo the types of all nested operands in one batch,
      // answered in O(depth²); an `await` operand that is itself an `await` is now judged without a query.
      ['TS awaits', '.ts', `export async function f(p: Promise<number>) {\n  return ${'await '.repeat(D)}p;\n}\n`],
      ['Python parentheses', '.py', `import asyncio\n\n\nasync def f():\n    a = ${'('.repeat(D)}await asyncio.sleep(1)${')'.repeat(D)}\n    return a\n`],
      ['Python lists', '.py', `a = ${'['.repeat(D)}1${']'.repeat(D)}\n`],
      ['Python lambdas', '.py', `f = ${'lambda: '.repeat(D)}1\n`],
      ['Python awaits', '.py', `async def f(p):\n    return ${'await '.repeat(D)}p\n`],
      // Once a hang: PySemantics.scopeAt and enclosingAsyncDef walked up the tree from every call,
      // O(depth²); memoized walks make it linear.
      ['Python calls', '.py', `import asyncio\n\n\nasync def f(g):\n    ${'g('.repeat(D)}1${')'.repeat(D)}\n    asyncio.sleep(1)\n`],
      ['Python indented blocks', '.py', `async def f(x):\n${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i + 1)}if x:\n`).join('')}${' '.repeat(1001)}await x()\n`],
    ];
    for (const [name, ext, text, bound = 30_000] of cases) {
      it(name, async function () {
        this.timeout(bound + 90_000);
        const fileName = path.join(dir, `deep${++counter}${ext}`);
        let result;
        try {
          result = await sandbox.lint(fileName, text, bound);
        } catch (error) {
          assert.fail(error instanceof SandboxHang ? `no result within ${bound} ms (a hang)` : `the engine process failed: ${(error as Error).message}`);
        }
        assert.equal(result.fatal, undefined, 'analysed, not skipped');
        assert.deepEqual(result.ruleErrors.map((e) => e.split('\n').slice(0, 3).join(' ')), [], 'no rule failed');
      });
    }
  });

  it('an empty file and a file of only whitespace or a BOM: no findings, no errors', () => {
    for (const ext of ['.ts', '.mjs', '.py']) {
      for (const text of ['', '\n', '\r\n\r\n', '   \t  ', '\uFEFF']) {
        const r = lint(text, ext);
        assert.deepEqual(r.findings, [], `${ext} ${JSON.stringify(text)}`);
        assert.deepEqual(r.syntaxErrors, [], `${ext} ${JSON.stringify(text)}`);
      }
    }
  });

  it('CRLF files: every fix of every rule example keeps CRLF (the Python comments too)', () => {
    let fixes = 0;
    for (const meta of metas) {
      for (const example of meta.docs.examples) {
        const crlf = example.bad.replace(/\r?\n/g, '\r\n');
        const r = lint(crlf, example.language === 'python' ? '.py' : '.ts');
        fixes += r.findings.reduce((n, f) => n + f.fixes.length, 0);
      }
    }
    assert.ok(fixes >= 15, `${fixes} fixes checked`);
    // Found by the fuzzer: a comment between the awaits of a gather rewrite kept its \r, giving \r\r\n.
    const withComment = 'import asyncio\r\n\r\n\r\nasync def lookup(k):\r\n    await asyncio.sleep(0)\r\n    return k\r\n\r\n\r\nasync def main():\r\n    a = await lookup(1)\r\n    # b comes from another service\r\n    b = await lookup(2)\r\n    return a, b\r\n';
    const r = lint(withComment, '.py');
    const fixed = applyEdits(r.text, r.findings.find((f) => f.ruleId === 'sequential-awaits')!.fixes[0]!.edits);
    assert.equal(
      fixed,
      'import asyncio\r\n\r\n\r\nasync def lookup(k):\r\n    await asyncio.sleep(0)\r\n    return k\r\n\r\n\r\nasync def main():\r\n    # b comes from another service\r\n    a, b = await asyncio.gather(lookup(1), lookup(2))\r\n    return a, b\r\n',
    );
  });

  it('a file with CR line breaks only: inserted lines use CR too', () => {
    assert.equal(lineBreakOf('a\rb\r'), '\r');
    assert.equal(lineBreakOf('a\r\nb\r\n'), '\r\n');
    assert.equal(lineBreakOf('a\nb\r\n'), '\n');
    assert.equal(lineBreakOf('one line'), '\n');
    const ts = "import { readFileSync } from 'node:fs';\rexport async function f() {\r  return readFileSync('x', 'utf8');\r}\r";
    const r = lint(ts, '.ts');
    assert.deepEqual(r.findings.map((f) => f.ruleId), ['blocking-call']);
    assert.ok(r.findings[0]!.fixes.length > 0);
  });

  it('a Python file with CR line breaks only is read as Python reads it', () => {
    const text = 'import asyncio\r\r\rasync def handle(user):\r    task = 1\r    print(task)\r';
    const compiles = spawnSync('python3', ['-c', 'import sys; compile(sys.stdin.buffer.read(), "x", "exec")'], { input: text }).status === 0;
    assert.equal(compiles, true, 'Python accepts CR line breaks');
    const r = lint(text, '.py');
    // tree-sitter-python alone reports a false syntax error here; the parser reads a \n copy.
    assert.equal(r.syntaxErrors.length, 0);
  });

  it('Python with tabs and spaces: fixes indent like the block they are in, and the result compiles', () => {
    // One function indented with tabs, one with spaces: valid Python 3.
    const text = 'import asyncio\nimport time\n\n\nasync def fetch(n):\n\tawait asyncio.sleep(0)\n\treturn n\n\n\nasync def main():\n\ttime.sleep(1)\n\ta = await fetch(1)\n\tb = await fetch(2)\n\treturn a + b\n\n\nasync def other():\n    time.sleep(2)\n    fetch(3)\n';
    const compile = (src: string) => spawnSync('python3', ['-c', 'import sys; compile(sys.stdin.buffer.read(), "x", "exec")'], { input: src, encoding: 'utf8' });
    assert.equal(compile(text).status, 0, compile(text).stderr);
    const r = lint(text, '.py');
    assert.deepEqual(r.findings.map((f) => f.ruleId).sort(), ['blocking-call', 'blocking-call', 'sequential-awaits', 'unawaited-coroutine']);
    for (const f of r.findings) {
      for (const fix of f.fixes) {
        const fixed = applyEdits(r.text, fix.edits);
        const c = compile(fixed);
        assert.equal(c.status, 0, `"${fix.title}" (${f.ruleId}):\n${fixed}\n${c.stderr}`);
      }
    }
    // Inconsistent within one block (a TabError for Python): analysed without failing.
    const mixed = 'async def f():\n\tif True:\n        pass\n    \tawait g()\n';
    const m = lint(mixed, '.py');
    assert.equal(m.fatal, undefined);
    assert.deepEqual(ruleErrors, []);
  });

  it('no fix edits a statement that a syntax error at the end of the file leaves open', () => {
    // A truncated file: the last function (and the forEach call in it) is never closed. The
    // parser's error sits at the end of the file, after the last statement's end.
    const truncated = 'async function send(id: number): Promise<void> {\n  await Promise.resolve(id);\n}\n\nexport async function sendAll(ids: number[]): Promise<void> {\n  ids.forEach(async (id) => {\n    await send(id);\n';
    const r = lint2(truncated);
    assert.ok(r.syntaxErrors.length > 0);
    assert.ok(r.findings.some((f) => f.ruleId === 'async-callback'), 'the finding is still reported');
    // The error at offset text.length lies after every statement's end: the last statement that
    // starts before it is the region no fix may edit (engine.ts), so "Promise.all" does not append
    // `)` after the unclosed callback.
    assert.deepEqual(r.findings.flatMap((f) => f.fixes.map((x) => `${f.ruleId}: ${x.title}`)), []);
  });

  /** Lints without the per-fix checks of `lint` (for asserting what fixes are offered). */
  function lint2(text: string): LintResult {
    const fileName = path.join(dir, `input${++counter}.ts`);
    return linter.lint([{ fileName, text }], () => config)[0]!;
  }
});
