/**
 * Config files: `async-lint.json` and the `[tool.async-lint]` table of a `pyproject.toml`, one
 * schema for both. async-lint.json is JSON with comments and trailing commas (JSONC, as VS Code's
 * own settings). Every problem is a ConfigError that names the file, the place and what is wrong,
 * so a user can fix it without reading our source.
 */
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { parse as parseToml, TomlError } from 'smol-toml';
import { ConfigError, type LintSettings, type RulesSetting } from './config.ts';
import { LineIndex } from './text.ts';
import { SEVERITIES, type RuleMeta, type Severity } from './types.ts';

export const CONFIG_FILE_NAME = 'async-lint.json';
export const PYPROJECT_FILE_NAME = 'pyproject.toml';
/** The names a folder's config can have, in the order they are looked for. */
export const CONFIG_FILE_NAMES = [CONFIG_FILE_NAME, PYPROJECT_FILE_NAME] as const;

/** Settings that apply to the files matching `files` (and not `excludedFiles`), after the file's base settings. */
export interface ConfigOverride {
  files: string[];
  excludedFiles: string[];
  settings: LintSettings;
}

export interface ConfigFile {
  fileName: string;
  /** Globs are relative to this folder. */
  dir: string;
  /** Stops the upward search: folders above this one are not consulted. */
  root: boolean;
  ignores: string[];
  settings: LintSettings;
  overrides: ConfigOverride[];
}

const TOP_LEVEL_KEYS = ['$schema', 'root', 'rules', 'ignores', 'overrides', 'includeTests'];
const OVERRIDE_KEYS = ['files', 'excludedFiles', 'rules', 'includeTests'];

/**
 * Parses and validates a config file's text (a pyproject.toml by its name, else JSONC); throws a
 * ConfigError naming `fileName` on any problem. A pyproject.toml without `[tool.async-lint]`
 * configures nothing: undefined.
 */
export function parseConfigFile(fileName: string, dir: string, text: string, metas: readonly RuleMeta[]): ConfigFile | undefined {
  if (isPyproject(fileName)) {
    const table = pyprojectTable(fileName, text);
    return table === undefined ? undefined : configFromValue(fileName, dir, table, metas, '[tool.async-lint]');
  }
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const first = errors[0]!;
    const at = new LineIndex(text).position(first.offset);
    throw new ConfigError(`${fileName}: invalid JSON at line ${at.line + 1}, column ${at.character + 1}: ${describeParseError(printParseErrorCode(first.error))}`);
  }
  return configFromValue(fileName, dir, value, metas, '');
}

export function isPyproject(fileName: string): boolean {
  return /(^|[\\/])pyproject\.toml$/.test(fileName);
}

/**
 * The `[tool.async-lint]` table of a pyproject.toml. A file that never names async-lint is not
 * parsed at all: a project's pyproject.toml that some other tool cannot read is not ours to reject.
 */
function pyprojectTable(fileName: string, text: string): unknown {
  if (!text.includes('async-lint')) return undefined;
  let document: Record<string, unknown>;
  try {
    document = parseToml(text);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const reason = error.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
    throw new ConfigError(`${fileName}: invalid TOML at line ${error.line}, column ${error.column}: ${reason}`);
  }
  const tool = document.tool;
  return isObject(tool) ? tool['async-lint'] : undefined;
}

/** Validates a parsed config; `table` names where it sits in the file (for pyproject.toml). */
function configFromValue(fileName: string, dir: string, value: unknown, metas: readonly RuleMeta[], table: string): ConfigFile {
  const fail = (message: string): never => {
    throw new ConfigError(`${fileName}${table ? ' ' + table : ''}: ${message}`);
  };
  if (!isObject(value)) return fail('expected an object, for example { "rules": { "sequential-awaits": "off" } }');
  checkKeys(value, TOP_LEVEL_KEYS, '', fail);
  if (value.root !== undefined && typeof value.root !== 'boolean') fail('"root" must be true or false');
  const overrides = value.overrides === undefined ? [] : value.overrides;
  if (!Array.isArray(overrides)) return fail('"overrides" must be an array of { "files": [...], "rules": {...} }');
  return {
    fileName,
    dir,
    root: value.root === true,
    ignores: globList(value.ignores, 'ignores', fail) ?? [],
    settings: settingsOf(value, '', metas, fail),
    overrides: overrides.map((o: unknown, i): ConfigOverride => {
      const where = `overrides[${i}]`;
      if (!isObject(o)) return fail(`${where} must be an object with "files" and "rules"`);
      checkKeys(o, OVERRIDE_KEYS, `${where}.`, fail);
      const files = globList(o.files, `${where}.files`, fail);
      if (!files || files.length === 0) return fail(`${where}.files must list at least one glob`);
      return { files, excludedFiles: globList(o.excludedFiles, `${where}.excludedFiles`, fail) ?? [], settings: settingsOf(o, `${where}.`, metas, fail) };
    }),
  };
}

function settingsOf(obj: Record<string, unknown>, where: string, metas: readonly RuleMeta[], fail: (m: string) => never): LintSettings {
  const settings: LintSettings = {};
  if (obj.includeTests !== undefined) {
    if (typeof obj.includeTests !== 'boolean') fail(`"${where}includeTests" must be true or false`);
    settings.includeTests = obj.includeTests as boolean;
  }
  if (obj.rules !== undefined) settings.rules = validateRules(obj.rules, `${where}rules`, metas, fail);
  return settings;
}

/** Checks rule ids, severities and option names/types against the rule metadata. */
export function validateRules(raw: unknown, where: string, metas: readonly RuleMeta[], fail: (m: string) => never): RulesSetting {
  if (!isObject(raw)) return fail(`"${where}" must be an object of rule id → severity`);
  const out: RulesSetting = {};
  for (const [id, value] of Object.entries(raw)) {
    const meta = metas.find((m) => m.id === id);
    if (!meta) fail(`"${where}": unknown rule "${id}"${suggestion(id, metas)}`);
    const [severity, options] = Array.isArray(value) ? value : [value, undefined];
    if (Array.isArray(value) && (value.length < 1 || value.length > 2)) fail(`"${where}.${id}" must be a severity or [severity, { options }]`);
    if (!SEVERITIES.includes(severity as Severity)) {
      fail(`"${where}.${id}": severity must be one of ${SEVERITIES.join(', ')}, not ${JSON.stringify(severity)}`);
    }
    if (options === undefined) {
      out[id] = severity as Severity;
      continue;
    }
    if (!isObject(options)) return fail(`"${where}.${id}": options must be an object`);
    for (const [name, optionValue] of Object.entries(options)) {
      if (!(name in meta!.defaultOptions)) {
        const known = Object.keys(meta!.defaultOptions);
        fail(`"${where}.${id}": unknown option "${name}"${known.length > 0 ? ` (options: ${known.join(', ')})` : ' (this rule has no options)'}`);
      }
      const expected = jsonType(meta!.defaultOptions[name]);
      if (jsonType(optionValue) !== expected) fail(`"${where}.${id}": option "${name}" must be a${expected === 'array' || expected === 'object' ? 'n' : ''} ${expected}`);
    }
    out[id] = [severity as Severity, options];
  }
  return out;
}

function globList(raw: unknown, where: string, fail: (m: string) => never): string[] | undefined {
  if (raw === undefined) return undefined;
  const list = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(list) || !list.every((g) => typeof g === 'string' && g.trim() !== '')) {
    return fail(`"${where}" must be a glob or an array of globs`);
  }
  return list as string[];
}

function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], where: string, fail: (m: string) => never): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) fail(`unknown setting "${where}${key}" (allowed: ${allowed.filter((k) => k !== '$schema').join(', ')})`);
  }
}

function suggestion(id: string, metas: readonly RuleMeta[]): string {
  const close = metas.find((m) => m.id.includes(id) || id.includes(m.id) || editDistance(m.id, id) <= 3);
  return close ? ` (did you mean "${close.id}"?)` : '; `async-lint rules` lists them';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

function describeParseError(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'a property name was expected',
    ValueExpected: 'a value was expected',
    ColonExpected: 'a colon was expected',
    CommaExpected: 'a comma was expected',
    CloseBraceExpected: 'a closing brace was expected',
    CloseBracketExpected: 'a closing bracket was expected',
    EndOfFileExpected: 'the file should end here',
    UnexpectedEndOfComment: 'a comment is not closed',
    UnexpectedEndOfString: 'a string is not closed',
  };
  return words[code] ?? code;
}

function jsonType(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
