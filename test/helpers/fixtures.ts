/**
 * The fixture driver for rule tests, both languages (in the style of rust-analyzer's annotated
 * fixtures and Ruff's snapshots).
 *
 * Layout: `test/fixtures/rules/<rule-id>/` holds one file per case, `<case>.<ext>` (ext: ts, tsx,
 * mts, cts, js, jsx, mjs, cjs, py, pyi; the case name has no dot), and beside it:
 *   - `<case>.fixed.<ext>`: the full text after applying the case's only fix, or
 *     `<case>.fixed-<n>.<ext>` for fix n (numbered in document order) when there are several, and
 *     `<case>.fixed-all.<ext>` when the case asks for it (`allFixes`): the first fix of every finding
 *     applied at once (their edits must not overlap);
 *   - `<case>.json` (optional): `{ "fileName": "src/app.test.ts", "rules": ["floating-promise",
 *     "unused-directive"], "options": { ... }, "settings": { ... }, "files": { "name": "text" }, "allFixes": true }`:
 *     the file name the case is linted as (default `snippet.<ext>`), the rules that run (default:
 *     the folder's), options for the folder's rule, more settings (as in async-lint.json), and other
 *     files of the temp project (a tsconfig.json, modules the case imports; `${repo}` in their text
 *     is the repository's root, e.g. for `typeRoots` in its node_modules).
 *
 * Annotations are comment lines (`//` in TS/JS, `#` in Python) under the code line they describe.
 * The driver removes them before linting, whole lines, so the code is linted exactly as it reads
 * without them and every position is computed on that text:
 *
 *     void run(load());
 *     //       ^^^^^^ floating-promise: This promise is not awaited
 *     //       fix (safe): Add `await`
 *
 *   - The carets start at the finding's column and cover its text on that line. A finding that
 *     starts left of where the carets can go (column 1 in `//` files) says so: `// @1 ^^^ ...`.
 *   - A finding that ends on a later line is annotated at its start, carets to the end of the line,
 *     with ` (to +L:C)`: its last character is L lines down, column C (1-based). An empty finding is
 *     `^ (empty)`.
 *   - Then the rule id, ` (hint)` etc. when the severity is not the configured one, and the message.
 *     A message written as `...text...` (dots at either end) matches any message holding `text`.
 *   - Each fix of the finding follows as `fix (safe|unsafe): <title>` (`fix <n> (...)` when the case
 *     has several fixes). `; 2 findings remain` after the applicability says how many findings of
 *     the running rules the fixed text still has (none when it is not said).
 *
 * Checked for every case: the findings of the running rules, in order, equal the annotations; each
 * fixed file equals the text after its fix; fixed text parses (and compiles with python3 when the
 * case does), mixes no line endings the case did not, and no fixed file is left without a fix.
 *
 * Updating every expectation is one command: `npm run test:update-fixtures` (or
 * `npm run test:update-fixtures -- -g <rule-id>` for one rule; `npm run test:fixtures` checks). It
 * rewrites annotations that no longer hold (keeping those that do, substrings included) and the
 * fixed files, and deletes stale ones; review the change with `git diff test/fixtures/rules`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig, type LintSettings, type ResolvedConfig } from '../../server/src/core/config.ts';
import { applyEdits } from '../../server/src/core/fixes.ts';
import { languageOf } from '../../server/src/core/files.ts';
import type { Finding } from '../../server/src/core/types.ts';
import type { LintResult } from '../../server/src/rules/engine.ts';
import { allRuleMetas } from '../../server/src/rules/index.ts';
import { sharedLinter, tempProject } from './lint.ts';

export const UPDATE = process.env.UPDATE_FIXTURES === '1';

/** The repository root, with forward slashes: `${repo}` in a case's project files stands for it. */
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..').replaceAll('\\', '/');

const CASE_FILE = /^([a-z0-9][a-z0-9_-]*)\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|py|pyi)$/;
const FIXED_FILE = /^([a-z0-9][a-z0-9_-]*)\.fixed(?:-(\d+|all))?\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|py|pyi)$/;
const OPTIONS_FILE = /^([a-z0-9][a-z0-9_-]*)\.json$/;
const OPTION_KEYS = new Set(['fileName', 'rules', 'options', 'settings', 'files', 'allFixes']);

export interface FixtureCase {
  ruleId: string;
  name: string;
  /** Absolute path of `<case>.<ext>`. */
  file: string;
  ext: string;
}

interface CaseOptions {
  fileName?: string;
  rules?: string[];
  options?: Record<string, unknown>;
  settings?: LintSettings;
  files?: Record<string, string>;
  /** Also check `<case>.fixed-all.<ext>`: the first fix of every finding applied at once. */
  allFixes?: boolean;
}

/** The cases of every rule folder under `root`; a file the layout does not know is an error. */
export function fixtureCases(root: string): FixtureCase[] {
  const known = new Set(allRuleMetas().map((m) => m.id));
  const cases: FixtureCase[] = [];
  for (const ruleId of readdirSync(root).sort()) {
    assert.ok(known.has(ruleId), `test/fixtures/rules/${ruleId}: no rule has this id`);
    const dir = path.join(root, ruleId);
    const names = readdirSync(dir).sort();
    const caseNames = new Set<string>();
    for (const name of names) {
      const m = CASE_FILE.exec(name);
      if (m) {
        assert.ok(!caseNames.has(m[1]!), `${ruleId}/${name}: two cases are named ${m[1]}`);
        caseNames.add(m[1]!);
        cases.push({ ruleId, name: m[1]!, file: path.join(dir, name), ext: m[2]! });
      }
    }
    for (const name of names) {
      const owner = (FIXED_FILE.exec(name) ?? OPTIONS_FILE.exec(name))?.[1];
      if (CASE_FILE.test(name)) continue;
      assert.ok(owner !== undefined, `${ruleId}/${name}: not a case (<case>.<ext>), a fixed file (<case>.fixed[-n].<ext>) or options (<case>.json)`);
      assert.ok(caseNames.has(owner), `${ruleId}/${name}: there is no case ${owner}`);
    }
  }
  return cases;
}

interface ParsedAnnotation {
  raw: string;
  column: number;
  carets: number;
  to?: string;
  ruleId: string;
  severity?: string;
  message: string;
  fixes: { raw: string; number?: number; applicability: string; remain: number; title: string }[];
}

interface Line {
  text: string;
  eol: string;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const re = /\r\n|\n|\r/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    lines.push({ text: text.slice(start, m.index), eol: m[0] });
    start = m.index + m[0].length;
  }
  if (start < text.length || lines.length === 0) lines.push({ text: text.slice(start), eol: '' });
  return lines;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function annotationPatterns(marker: string) {
  const m = escapeRegExp(marker);
  return {
    finding: new RegExp(
      `^\\s*${m}\\s*(?:@(\\d+) )?(\\^+)(?: \\((to \\+\\d+:\\d+|empty)\\))? ([a-z][a-z0-9-]*)(?: \\((hint|info|warning|error)\\))?: (.*)$`,
    ),
    fix: new RegExp(`^\\s*${m}\\s*fix(?: (\\d+))? \\((safe|unsafe)(?:; (\\d+) findings? remains?)?\\): (.*)$`),
  };
}

/** The code without its annotation lines, and the annotations by (0-based) line of that code. */
export function parseFixture(text: string, marker: string): { code: string; lines: Line[]; annotations: Map<number, ParsedAnnotation[]> } {
  const patterns = annotationPatterns(marker);
  const lines: Line[] = [];
  const annotations = new Map<number, ParsedAnnotation[]>();
  for (const line of splitLines(text)) {
    const finding = patterns.finding.exec(line.text);
    const fix = finding ? null : patterns.fix.exec(line.text);
    if (!finding && !fix) {
      lines.push({ ...line });
      continue;
    }
    assert.ok(lines.length > 0, `annotation before any code: ${line.text}`);
    const codeLine = lines.length - 1;
    // An annotation on the file's last line, without a line break, takes the break before it.
    if (line.eol === '') lines[codeLine]!.eol = '';
    const list = annotations.get(codeLine) ?? [];
    if (finding) {
      const [, explicit, carets, span, ruleId, severity, message] = finding;
      const column = explicit !== undefined ? Number(explicit) - 1 : line.text.indexOf('^');
      list.push({ raw: line.text, column, carets: carets!.length, to: span, ruleId: ruleId!, severity, message: message!, fixes: [] });
      annotations.set(codeLine, list);
    } else {
      const owner = list.at(-1);
      assert.ok(owner, `a fix line must follow a finding's annotation: ${line.text}`);
      owner.fixes.push({ raw: line.text, number: fix![1] ? Number(fix![1]) : undefined, applicability: fix![2]!, remain: Number(fix![3] ?? 0), title: fix![4]! });
    }
  }
  return { code: lines.map((l) => l.text + l.eol).join(''), lines, annotations };
}

function messageMatches(written: string, actual: string): boolean {
  const m = /^(\.\.\.)?(.*?)(\.\.\.)?$/s.exec(written)!;
  if (!m[1] && !m[3]) return written === actual;
  return actual.includes(m[2]!);
}

export interface FixOutcome {
  title: string;
  applicability: string;
  text: string;
  remain: number;
}

export interface ActualFinding {
  finding: Finding;
  fixes: FixOutcome[];
}

/** The case file's text with annotations rendered from `actual`, keeping written ones that still hold. */
export function renderFixture(
  parsed: ReturnType<typeof parseFixture>,
  actual: ActualFinding[],
  marker: string,
  configuredSeverity: (ruleId: string) => string | undefined,
): string {
  const { lines } = parsed;
  const lineStarts: number[] = [];
  let offset = 0;
  for (const l of lines) {
    lineStarts.push(offset);
    offset += l.text.length + l.eol.length;
  }
  const lineOf = (pos: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const totalFixes = actual.reduce((n, a) => n + a.fixes.length, 0);
  let fixNumber = 0;
  const byLine = new Map<number, string[]>();
  for (const { finding: f, fixes } of actual) {
    const line = lineOf(f.start);
    const column = f.start - lineStarts[line]!;
    const lineText = lines[line]!.text;
    const endLine = f.end > f.start ? lineOf(f.end - 1) : line;
    let carets: number;
    let to: string | undefined;
    if (f.end === f.start) {
      carets = 1;
      to = 'empty';
    } else if (endLine === line && f.end - lineStarts[line]! <= lineText.length) {
      carets = f.end - f.start;
    } else {
      carets = Math.max(1, lineText.length - column);
      to = `to +${endLine - line}:${f.end - 1 - lineStarts[endLine]! + 1}`;
    }
    const severity = f.severity === configuredSeverity(f.ruleId) ? undefined : f.severity;
    assert.ok(!/[\r\n]/.test(f.message), `a message with a line break cannot be annotated: ${JSON.stringify(f.message)}`);
    const written = (parsed.annotations.get(line) ?? []).find(
      (a) => a.column === column && a.carets === carets && a.to === to && a.ruleId === f.ruleId && a.severity === severity && messageMatches(a.message, f.message),
    );
    const indent = /^\s*/.exec(lineText)![0].length;
    // The marker sits at the code's indentation, or left of it so that a space precedes the carets.
    let markerColumn = Math.min(indent, column - marker.length - 1);
    if (markerColumn < 0) markerColumn = column - marker.length;
    const head =
      markerColumn >= 0
        ? ' '.repeat(markerColumn) + marker + ' '.repeat(column - markerColumn - marker.length)
        : ' '.repeat(indent) + `${marker} @${column + 1} `;
    const out = byLine.get(line) ?? [];
    out.push(written?.raw ?? `${head}${'^'.repeat(carets)}${to ? ` (${to})` : ''} ${f.ruleId}${severity ? ` (${severity})` : ''}: ${f.message}`);
    const fixHead = markerColumn >= 0 ? head : ' '.repeat(indent) + marker + ' '.repeat(head.length - indent - marker.length);
    fixes.forEach((fix) => {
      fixNumber++;
      const number = totalFixes > 1 ? fixNumber : undefined;
      const writtenFix = written?.fixes.find((x) => x.number === number && x.applicability === fix.applicability && x.remain === fix.remain && x.title === fix.title);
      const remain = fix.remain > 0 ? `; ${fix.remain} ${fix.remain === 1 ? 'finding remains' : 'findings remain'}` : '';
      out.push(writtenFix?.raw ?? `${fixHead}fix${number ? ` ${number}` : ''} (${fix.applicability}${remain}): ${fix.title}`);
    });
    byLine.set(line, out);
  }
  let text = '';
  lines.forEach((l, i) => {
    const notes = byLine.get(i);
    if (!notes) {
      text += l.text + l.eol;
      return;
    }
    const eol = l.eol || lines.find((x) => x.eol)?.eol || '\n';
    text += l.text + eol + notes.join(eol) + l.eol;
  });
  return text;
}

function readOptions(c: FixtureCase): CaseOptions {
  const file = path.join(path.dirname(c.file), `${c.name}.json`);
  if (!existsSync(file)) return {};
  let options: CaseOptions;
  try {
    options = JSON.parse(readFileSync(file, 'utf8')) as CaseOptions;
  } catch (error) {
    throw new Error(`${c.ruleId}/${c.name}.json: not JSON: ${(error as Error).message}`);
  }
  for (const key of Object.keys(options)) assert.ok(OPTION_KEYS.has(key), `${c.ruleId}/${c.name}.json: unknown key "${key}" (known: ${[...OPTION_KEYS].join(', ')})`);
  return options;
}

function configOf(c: FixtureCase, options: CaseOptions): ResolvedConfig {
  const metas = allRuleMetas();
  const running = options.rules ?? [c.ruleId];
  const only: LintSettings = { rules: Object.fromEntries(metas.map((m) => [m.id, running.includes(m.id) ? m.defaultSeverity : 'off'])) };
  const ruleOptions: LintSettings | undefined = options.options
    ? { rules: { [c.ruleId]: [metas.find((m) => m.id === c.ruleId)!.defaultSeverity, options.options] } }
    : undefined;
  return resolveConfig(metas, only, ruleOptions, options.settings);
}

function lintText(text: string, fileName: string, files: Record<string, string>, config: ResolvedConfig): LintResult {
  const dir = tempProject({ ...files, [fileName]: text });
  return sharedLinter().lint([{ fileName: path.join(dir, fileName), text }], () => config)[0]!;
}

/** Per source, the python3 compile error, or '' when it compiles (`await` outside async is one). */
function pythonCompileErrors(sources: string[]): string[] {
  const script = 'import json,sys\nout=[]\nfor s in json.load(sys.stdin):\n  try:\n    compile(s,"fixed.py","exec"); out.append("")\n  except SyntaxError as e:\n    out.append(f"{e.msg} (line {e.lineno})")\nprint(json.dumps(out))';
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(sources), encoding: 'utf8' });
  assert.equal(r.status, 0, `python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as string[];
}

function lineEndings(text: string): Set<string> {
  return new Set(text.match(/\r\n|\r(?!\n)|(?<!\r)\n/g) ?? []);
}

/** Lints one case and checks (or, with UPDATE_FIXTURES=1, rewrites) its annotations and fixed files. */
export function runFixtureCase(c: FixtureCase): void {
  const options = readOptions(c);
  const fileName = options.fileName ?? `snippet.${c.ext}`;
  assert.equal(path.extname(fileName), `.${c.ext}`, `${c.ruleId}/${c.name}: fileName ${fileName} must end in .${c.ext}, as the case file does`);
  const python = languageOf(fileName) === 'python';
  const marker = python ? '#' : '//';
  const original = readFileSync(c.file, 'utf8');
  const parsed = parseFixture(original, marker);
  const config = configOf(c, options);
  const files = Object.fromEntries(Object.entries(options.files ?? {}).map(([name, text]) => [name, text.replaceAll('${repo}', REPO)]));
  const result = lintText(parsed.code, fileName, files, config);
  assert.equal(result.fatal, undefined, `${c.ruleId}/${c.name}: not analysed: ${result.fatal}`);

  const inputErrors = result.syntaxErrors.length;
  const inputEndings = lineEndings(parsed.code);
  const actual: ActualFinding[] = result.findings.map((finding) => ({
    finding,
    fixes: finding.fixes.map((fix) => {
      const text = applyEdits(parsed.code, fix.edits);
      const after = lintText(text, fileName, files, config);
      const where = `${c.ruleId}/${c.name}: fix "${fix.title}" of the finding at ${finding.start}`;
      assert.ok(
        after.syntaxErrors.length === 0 || after.syntaxErrors.length <= inputErrors,
        `${where} leaves text that does not parse (${after.syntaxErrors.map((e) => e.message).join('; ')}):\n${text}`,
      );
      const mixed = [...lineEndings(text)].filter((e) => !inputEndings.has(e));
      assert.ok(inputEndings.size === 0 || mixed.length === 0, `${where} writes ${JSON.stringify(mixed)} line endings into a file that has only ${JSON.stringify([...inputEndings])}`);
      return { title: fix.title, applicability: fix.applicability, text, remain: after.findings.length };
    }),
  }));

  if (python && actual.some((a) => a.fixes.length > 0)) {
    const outcomes = actual.flatMap((a) => a.fixes);
    const [inputError, ...errors] = pythonCompileErrors([parsed.code, ...outcomes.map((o) => o.text)]);
    if (inputError === '') {
      errors.forEach((e, i) => assert.equal(e, '', `${c.ruleId}/${c.name}: fix "${outcomes[i]!.title}" does not compile with python3: ${e}\n${outcomes[i]!.text}`));
    }
  }

  const severities = (id: string) => config.rules.get(id)?.severity;
  const rendered = renderFixture(parsed, actual, marker, severities);
  const outcomes = actual.flatMap((a) => a.fixes);
  const fixedName = (n: number) => (outcomes.length === 1 ? `${c.name}.fixed.${c.ext}` : `${c.name}.fixed-${n}.${c.ext}`);
  const dir = path.dirname(c.file);
  const expectedFixed = new Map(outcomes.map((o, i) => [fixedName(i + 1), o.text]));
  if (options.allFixes) {
    const edits = result.findings.flatMap((f) => f.fixes[0]?.edits ?? []);
    const text = applyEdits(parsed.code, edits);
    assert.equal(lintText(text, fileName, files, config).syntaxErrors.length, 0, `${c.ruleId}/${c.name}: all fixes at once leave text that does not parse:\n${text}`);
    expectedFixed.set(`${c.name}.fixed-all.${c.ext}`, text);
  }
  const existingFixed = readdirSync(dir).filter((n) => FIXED_FILE.exec(n)?.[1] === c.name && n.endsWith(`.${c.ext}`));

  if (UPDATE) {
    if (rendered !== original) writeFileSync(c.file, rendered);
    for (const name of existingFixed) if (!expectedFixed.has(name)) rmSync(path.join(dir, name));
    for (const [name, text] of expectedFixed) {
      const file = path.join(dir, name);
      if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
    }
    return;
  }
  const hint = ' (if the change is intended: npm run test:update-fixtures)';
  assert.equal(rendered, original, `${c.ruleId}/${c.name}.${c.ext}: the findings differ from the annotations${hint}`);
  for (const name of existingFixed) assert.ok(expectedFixed.has(name), `${c.ruleId}/${name}: no fix produces this file${hint}`);
  for (const [name, text] of expectedFixed) {
    const file = path.join(dir, name);
    assert.ok(existsSync(file), `${c.ruleId}/${name} is missing${hint}`);
    assert.equal(text, readFileSync(file, 'utf8'), `${c.ruleId}/${name}: the fixed text differs${hint}`);
  }
}
