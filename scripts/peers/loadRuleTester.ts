/**
 * Reads the cases of a typescript-eslint rule test file without running typescript-eslint: the
 * file is loaded (by tsx) with its imports replaced by stubs, so `ruleTester.run(name, rule,
 * { valid, invalid })` only records what it is given. The test file's own TypeScript builds the
 * cases (template literals, helpers, loops), so no case is parsed by hand.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface PeerError {
  messageId?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

export interface PeerCase {
  code: string;
  options: unknown[];
  filename?: string;
  /** Only on invalid cases. */
  errors: PeerError[];
  /** The parser asked for JSX (`ecmaFeatures.jsx`). */
  jsx: boolean;
  skip: boolean;
  /** Position in its list, from 0: how the peer's test output names a case. */
  index: number;
}

export interface PeerRun {
  name: string;
  valid: PeerCase[];
  invalid: PeerCase[];
}

interface RawCase {
  code: string;
  options?: unknown[];
  filename?: string;
  errors?: PeerError[] | number;
  skip?: boolean;
  languageOptions?: { parserOptions?: { ecmaFeatures?: { jsx?: boolean } } };
}

function normalize(raw: RawCase | string, index: number): PeerCase {
  const c: RawCase = typeof raw === 'string' ? { code: raw } : raw;
  return {
    code: c.code,
    options: c.options ?? [],
    filename: c.filename,
    errors: Array.isArray(c.errors) ? c.errors : [],
    jsx: c.languageOptions?.parserOptions?.ecmaFeatures?.jsx === true,
    skip: c.skip === true,
    index,
  };
}

const STUB_SOURCE = `
const runs = (globalThis.__peerRuns ??= []);
export class RuleTester {
  constructor(config) { this.config = config; }
  run(name, _rule, tests) { runs.push({ name, valid: tests.valid ?? [], invalid: tests.invalid ?? [] }); }
}
export function createRuleTesterWithTypes() { return new RuleTester(); }
export function getFixturesRootDir() { return ${JSON.stringify('/fixtures')}; }
export function noFormat(strings, ...values) { return String.raw({ raw: strings }, ...values); }
export const rule = {};
export default rule;
`;

/** Import specifiers replaced by the stub module; anything else the test file imports is left as is (node:path). */
const STUBBED = /^(\.\.\/\.\.\/src\/rules\/.*|\.\.\/RuleTester(\.ts)?|@typescript-eslint\/rule-tester)$/;

/** Loads one test file and returns the runs it declares. */
export async function loadRuleTests(testFile: string): Promise<PeerRun[]> {
  const source = readFileSync(testFile, 'utf8');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'async-lint-peers-'));
  try {
    const stub = path.join(dir, 'stub.mjs');
    writeFileSync(stub, STUB_SOURCE);
    const rewritten = source.replace(/from\s+'([^']+)'/g, (whole, specifier: string) =>
      STUBBED.test(specifier) ? `from ${JSON.stringify(pathToFileURL(stub).href)}` : whole,
    );
    const loaded = path.join(dir, path.basename(testFile));
    writeFileSync(loaded, rewritten);
    const g = globalThis as { __peerRuns?: { name: string; valid: (RawCase | string)[]; invalid: (RawCase | string)[] }[]; describe?: unknown; it?: unknown };
    g.__peerRuns = [];
    // Some suites wrap runs in describe/it blocks: run their bodies at once.
    g.describe ??= (_: string, fn: () => void) => fn();
    g.it ??= (_: string, fn: () => void) => fn();
    await import(pathToFileURL(loaded).href);
    return g.__peerRuns.map((r) => ({ name: r.name, valid: r.valid.map(normalize), invalid: r.invalid.map(normalize) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
