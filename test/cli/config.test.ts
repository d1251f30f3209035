/**
 * Configuration through the CLI: async-lint.json found upward from each file (nearest wins,
 * `root` stops the search), overrides and ignores by glob, JSONC, `--config` and `--rule` over the
 * files, and broken config files that stop the run with exit 2 and a message naming the file.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempProject } from '../helpers/lint.ts';
import { buildOnce } from '../helpers/build.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(repo, 'bin/async-lint.mjs');

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `relative/path: rule:severity, ...` per linted file, sorted. */
function summary(args: string[], cwd: string): string[] {
  const r = cli([...args, '--format', 'json'], cwd);
  assert.notEqual(r.code, 2, r.stderr);
  const results = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string | null; severity: number; message: string }[] }[];
  return results.map((res) => {
    const rel = path.relative(cwd, res.filePath).split(path.sep).join('/');
    return `${rel}: ${res.messages.map((m) => `${m.ruleId ?? m.message}:${m.severity}`).join(', ')}`;
  });
}

// floating-promise is an error by default; blocking-call a warning.
const FLOATING = 'async function save(): Promise<void> {}\nexport function run() {\n  save();\n}\n';
const BLOCKING = "import { readFileSync } from 'node:fs';\nexport async function load(p: string) {\n  return readFileSync(p, 'utf8');\n}\n";

// These tests spawn bin/async-lint.mjs, which runs dist/: built from the current sources first.
before(buildOnce);

describe('cli: async-lint.json', () => {
  it('the nearest file wins; settings cascade from the files above until one says root', () => {
    const dir = tempProject({
      'async-lint.json': '{ "rules": { "blocking-call": "error" } }',
      'a/x.ts': FLOATING + BLOCKING.replace('export async function load', 'export async function load2'),
      'a/b/async-lint.json': '{ "rules": { "floating-promise": "warning" } }',
      'a/b/y.ts': FLOATING + BLOCKING.replace('export async function load', 'export async function load2'),
      'a/c/async-lint.json': '{ "root": true, "rules": { "floating-promise": "off" } }',
      'a/c/z.ts': FLOATING + BLOCKING.replace('export async function load', 'export async function load2'),
    });
    assert.deepEqual(summary(['.'], dir), [
      'a/b/y.ts: floating-promise:1, blocking-call:2',
      'a/c/z.ts: blocking-call:1',
      'a/x.ts: floating-promise:2, blocking-call:2',
    ]);
  });

  it('comments and trailing commas are allowed (JSONC)', () => {
    const dir = tempProject({
      'async-lint.json': '{\n  // quieter for now\n  "rules": { "floating-promise": "off", },\n  /* done */\n}\n',
      'x.ts': FLOATING,
    });
    assert.deepEqual(summary(['.'], dir), ['x.ts: ']);
  });

  it('overrides apply by glob relative to the config file, excludedFiles carve out', () => {
    const dir = tempProject({
      'async-lint.json': JSON.stringify({
        overrides: [
          { files: ['legacy/**'], excludedFiles: ['legacy/keep.ts'], rules: { 'floating-promise': 'off' } },
          { files: '*.mts', rules: { 'floating-promise': 'hint' } },
        ],
      }),
      'legacy/old.ts': FLOATING,
      'legacy/keep.ts': FLOATING,
      'src/deep/mod.mts': FLOATING,
      'src/new.ts': FLOATING,
    });
    assert.deepEqual(summary(['.'], dir), [
      'legacy/keep.ts: floating-promise:2',
      'legacy/old.ts: ',
      'src/deep/mod.mts: floating-promise:1',
      'src/new.ts: floating-promise:2',
    ]);
  });

  it('ignores: globs and folders are not linted; a file named on the command line gets a warning', () => {
    const dir = tempProject({
      'async-lint.json': '{ "ignores": ["generated/", "*.gen.ts"] }',
      'generated/api.ts': FLOATING,
      'src/generated/inner.ts': FLOATING,
      'src/types.gen.ts': FLOATING,
      'src/main.ts': FLOATING,
    });
    assert.deepEqual(summary(['.'], dir), ['src/main.ts: floating-promise:2']);
    assert.deepEqual(summary(['src/types.gen.ts'], dir), [
      'src/types.gen.ts: File ignored because of a matching "ignores" pattern in async-lint.json.:1',
    ]);
  });

  it('includeTests turns on the rules that skip test files', () => {
    const awaits = 'declare function a(): Promise<number>;\ndeclare function b(): Promise<number>;\nexport async function f() {\n  const x = await a();\n  const y = await b();\n  return x + y;\n}\n';
    const dir = tempProject({ 'async-lint.json': '{ "overrides": [{ "files": "e2e/**", "includeTests": true }] }', 'e2e/a.test.ts': awaits, 'unit/b.test.ts': awaits });
    assert.deepEqual(summary(['.'], dir), ['e2e/a.test.ts: sequential-awaits:1', 'unit/b.test.ts: ']);
  });

  it('--rule and --config override the files', () => {
    const dir = tempProject({
      'async-lint.json': '{ "rules": { "floating-promise": "off" } }',
      'x.ts': FLOATING,
      'strict.json': '{ "rules": { "floating-promise": "warning" } }',
    });
    assert.deepEqual(summary(['.'], dir), ['x.ts: ']);
    assert.deepEqual(summary(['.', '--config', 'strict.json'], dir), ['x.ts: floating-promise:1']);
    assert.deepEqual(summary(['.', '--config', 'strict.json', '--rule', 'floating-promise=error'], dir), ['x.ts: floating-promise:2']);
    assert.deepEqual(summary(['.', '--rule', 'floating-promise=off', '--rule', 'blocking-call=off'], tempProject({ 'x.ts': FLOATING + BLOCKING })), ['x.ts: ']);
  });

  describe('a broken config file stops the run with exit 2 and names the file and the problem', () => {
    const cases: [string, string, RegExp][] = [
      ['bad JSON', '{ "rules": { "floating-promise": "off" }', /invalid JSON at line 1, column \d+/],
      ['not an object', '[]', /expected an object/],
      ['an unknown rule', '{ "rules": { "floating-promises": "off" } }', /unknown rule "floating-promises" \(did you mean "floating-promise"\?\)/],
      ['a bad severity', '{ "rules": { "floating-promise": "warn" } }', /severity must be one of off, hint, info, warning, error, not "warn"/],
      ['an unknown option', '{ "rules": { "floating-promise": ["error", { "ignoreVoids": true }] } }', /unknown option "ignoreVoids" \(options: ignoreVoid/],
      ['an option of the wrong type', '{ "rules": { "floating-promise": ["error", { "ignoreVoid": "yes" }] } }', /option "ignoreVoid" must be a boolean/],
      ['an unknown setting', '{ "rule": {} }', /unknown setting "rule"/],
      ['an override without files', '{ "overrides": [{ "rules": {} }] }', /overrides\[0\]\.files must list at least one glob/],
    ];
    for (const [what, text, problem] of cases) {
      it(what, () => {
        const dir = tempProject({ 'pkg/async-lint.json': text, 'pkg/x.ts': FLOATING });
        const r = cli(['.'], dir);
        assert.equal(r.code, 2, r.stdout + r.stderr);
        assert.equal(r.stdout, '', 'nothing is reported from a run with a broken config');
        assert.ok(r.stderr.includes(path.join(dir, 'pkg', 'async-lint.json')), r.stderr);
        assert.match(r.stderr, problem);
      });
    }

    it('--config naming a missing or broken file', () => {
      const dir = tempProject({ 'x.ts': FLOATING, 'bad.json': '{ nope }' });
      const missing = cli(['.', '--config', 'missing.json'], dir);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /missing\.json: cannot read the config file/);
      const bad = cli(['.', '--config', 'bad.json'], dir);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /bad\.json: invalid JSON/);
    });
  });
});
