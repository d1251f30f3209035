/**
 * Which settings apply to a file: the config files found upward from its folder (`async-lint.json`,
 * or `[tool.async-lint]` in a `pyproject.toml`; a folder with both is an error; the nearest wins;
 * `"root": true` stops the search), each file's base settings then its matching
 * overrides, between the layers the caller puts below (none today) and above (VS Code settings,
 * `--config`, `--rule`). Reading files is injected, so this stays pure and testable.
 *
 * Globs (`ignores`, `overrides[].files`) are relative to the config file's folder and behave as in
 * .gitignore: a pattern without a slash matches at any depth, a trailing slash means a folder.
 */
import path from 'node:path';
import { minimatch } from 'minimatch';
import { ConfigError, resolveConfig, type LintSettings, type ResolvedConfig } from './config.ts';
import { CONFIG_FILE_NAME, parseConfigFile, PYPROJECT_FILE_NAME, type ConfigFile } from './configFile.ts';
import type { RuleMeta } from './types.ts';

export interface ConfigReader {
  /** The file's text, or undefined when there is no such file. */
  readFile(fileName: string): string | undefined;
}

export interface ResolvedFileConfig {
  config: ResolvedConfig;
  /** Matched an `ignores` glob: not linted. */
  ignored: boolean;
  /** The config files that applied, nearest first. */
  configFiles: string[];
}

/**
 * `strict` (the CLI): a broken config file throws. `keepLastGood` (the server): it is reported once
 * through `onBroken` and the last version that parsed keeps applying (or none, if none ever did).
 */
export type BrokenConfigPolicy = { mode: 'strict' } | { mode: 'keepLastGood'; onBroken: (error: ConfigError) => void };

interface CachedFile {
  text: string;
  parsed: ConfigFile | undefined;
}

export class ConfigResolver {
  /** Per folder: the config files that apply there, nearest first. */
  private readonly chains = new Map<string, ConfigFile[]>();
  private readonly files = new Map<string, CachedFile>();
  private readonly reported = new Set<string>();
  /** Config files that do not parse now, with their problem. */
  private readonly broken = new Map<string, string>();

  constructor(
    private readonly metas: readonly RuleMeta[],
    private readonly reader: ConfigReader,
    private readonly policy: BrokenConfigPolicy = { mode: 'strict' },
  ) {}

  /** Config files may have changed: read them again on next use (parsed results of unchanged text are kept). */
  invalidate(): void {
    this.chains.clear();
    this.reported.clear();
  }

  forFile(fileName: string, above: readonly (LintSettings | ConfigFile | undefined)[] = []): ResolvedFileConfig {
    const chain = this.chainFor(path.dirname(path.resolve(fileName)));
    const layers: (LintSettings | undefined)[] = [];
    let ignored = false;
    // Farthest first, so that nearer files win.
    for (const file of [...chain].reverse()) {
      ignored ||= matchesAny(file.dir, file.ignores, fileName);
      layers.push(...layersOf(file, fileName));
    }
    for (const layer of above) {
      if (layer && isConfigFile(layer)) {
        ignored ||= matchesAny(layer.dir, layer.ignores, fileName);
        layers.push(...layersOf(layer, fileName));
      } else {
        layers.push(layer);
      }
    }
    return { config: resolveConfig(this.metas, ...layers), ignored, configFiles: chain.map((f) => f.fileName) };
  }

  /** The config files read so far that are broken now (file → problem); they apply as last parsed. */
  get brokenFiles(): ReadonlyMap<string, string> {
    return this.broken;
  }

  /** Parses a config file named explicitly (`--config FILE`); it has the same shape and globs relative to its folder. */
  loadExplicit(fileName: string): ConfigFile {
    const text = this.reader.readFile(fileName);
    if (text === undefined) throw new ConfigError(`${fileName}: cannot read the config file`);
    const parsed = parseConfigFile(fileName, path.dirname(fileName), text, this.metas);
    if (!parsed) throw new ConfigError(`${fileName}: there is no [tool.async-lint] table in it`);
    return parsed;
  }

  private chainFor(dir: string): ConfigFile[] {
    const cached = this.chains.get(dir);
    if (cached) return cached;
    const own = this.folderConfig(dir);
    const parent = path.dirname(dir);
    const chain = own?.root || parent === dir ? (own ? [own] : []) : own ? [own, ...this.chainFor(parent)] : this.chainFor(parent);
    this.chains.set(dir, chain);
    return chain;
  }

  /** Keep-last-good mode: a config file is broken now; each distinct problem is reported once. */
  private report(fileName: string, error: ConfigError): void {
    if (this.policy.mode === 'strict') throw error;
    this.broken.set(fileName, error.message);
    if (!this.reported.has(error.message)) {
      this.reported.add(error.message);
      this.policy.onBroken(error);
    }
  }

  /** The folder's config: its async-lint.json or its pyproject.toml's [tool.async-lint], not both. */
  private folderConfig(dir: string): ConfigFile | undefined {
    const json = this.load(path.join(dir, CONFIG_FILE_NAME));
    const pyprojectName = path.join(dir, PYPROJECT_FILE_NAME);
    const pyproject = this.load(pyprojectName);
    const conflict = json && pyproject ? `${json.fileName} and ${pyproject.fileName}: both configure async-lint for this folder; ${CONFLICT_SUFFIX}` : undefined;
    if (conflict === undefined) {
      if (this.broken.get(pyprojectName)?.endsWith(CONFLICT_SUFFIX)) this.broken.delete(pyprojectName);
      return json ?? pyproject;
    }
    if (this.policy.mode === 'strict') throw new ConfigError(conflict);
    // The editor keeps linting: with async-lint.json, as before the table was added.
    this.report(pyprojectName, new ConfigError(conflict));
    return json;
  }

  private load(fileName: string): ConfigFile | undefined {
    const text = this.reader.readFile(fileName);
    if (text === undefined) {
      this.files.delete(fileName);
      this.broken.delete(fileName);
      return undefined;
    }
    const previous = this.files.get(fileName);
    if (previous && previous.text === text) return previous.parsed;
    try {
      const parsed = parseConfigFile(fileName, path.dirname(fileName), text, this.metas);
      this.files.set(fileName, { text, parsed });
      this.broken.delete(fileName);
      return parsed;
    } catch (error) {
      if (!(error instanceof ConfigError) || this.policy.mode === 'strict') throw error;
      this.report(fileName, error);
      // The last good version keeps applying; the broken text is remembered so it is not re-parsed.
      const lastGood = previous?.parsed;
      this.files.set(fileName, { text, parsed: lastGood });
      return lastGood;
    }
  }
}

const CONFLICT_SUFFIX = 'keep one of them';

function layersOf(file: ConfigFile, fileName: string): LintSettings[] {
  const layers = [file.settings];
  for (const o of file.overrides) {
    if (matchesAny(file.dir, o.files, fileName) && !matchesAny(file.dir, o.excludedFiles, fileName)) layers.push(o.settings);
  }
  return layers;
}

/** .gitignore-like glob matching of `fileName` against patterns relative to `dir`. */
export function matchesAny(dir: string, patterns: readonly string[], fileName: string): boolean {
  if (patterns.length === 0) return false;
  const rel = path.relative(dir, path.resolve(fileName)).split(path.sep).join('/');
  if (rel === '' || rel.startsWith('../') || path.isAbsolute(rel)) return false;
  return patterns.some((raw) => {
    let pattern = raw.startsWith('./') ? raw.slice(2) : raw;
    const folderOnly = pattern.endsWith('/');
    if (folderOnly) pattern = pattern.slice(0, -1);
    const anywhere = !pattern.includes('/') ? '**/' : '';
    const underIt = minimatch(rel, `${anywhere}${pattern}/**`, { dot: true });
    return underIt || (!folderOnly && minimatch(rel, `${anywhere}${pattern}`, { dot: true }));
  });
}

function isConfigFile(layer: LintSettings | ConfigFile): layer is ConfigFile {
  return 'fileName' in layer && 'overrides' in layer;
}
