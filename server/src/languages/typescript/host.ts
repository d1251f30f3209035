/**
 * Owns one tsgo process (TypeScript 7's native API) and answers "the parsed file and a checker for
 * it" for any TS/JS path. Editor buffers are served through the API's virtual file system, so
 * unsaved text is the source of truth. Projects:
 *  - the nearest tsconfig.json / jsconfig.json that includes the file;
 *  - a config tsgo rejects (removed options such as moduleResolution=node10) is replaced, for
 *    analysis only, by a virtual config that extends it with the options adjusted, plus a notice;
 *  - files no config includes go into a virtual "inferred" config per folder root, so loose
 *    .js/.mjs/.cjs/.ts files still get types.
 * A dead tsgo process is detected on the next request and restarted with the same state.
 */
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { API, type Checker, type Project, type Snapshot } from 'typescript/unstable/sync';
import { changesAnalysis } from './configDiagnostics.ts';
import type { FileProbe } from '../../core/files.ts';
import type { SourceFile } from './ast.ts';

export interface TsFile {
  sourceFile: SourceFile;
  checker: Checker;
  /** Parse errors of this file, as offsets. */
  syntaxErrors(): SyntaxError[];
  /** The config that owns the file, or the virtual inferred config. */
  configFile: string;
}

export interface SyntaxError {
  start: number;
  end: number;
  message: string;
}

export interface TsHostOptions {
  /** Finds configs and project roots on disk (this layer does no I/O of its own). */
  files: FileProbe;
  /** Unsaved buffer text for a path, or undefined to read the disk. */
  readOverlay?: (fileName: string) => string | undefined;
  /**
   * False when every text `readOverlay` gives is the file's content on disk (the CLI without
   * `--fix`): tsgo then reads the files itself. Default true (editor buffers, fixes in progress).
   */
  overlays?: boolean;
  /**
   * One-line notices meant for the user (adjusted configs, restarts); `project` is the config a
   * notice is about, so that a caller can report one line for the many projects it concerns.
   */
  notice?: (message: string, project?: string) => void;
  /** Variables added to the tsgo process's environment (the CLI's collector settings). */
  environment?: Readonly<Record<string, string>>;
}

const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];
const INFERRED_NAME = '__async-lint-inferred__.tsconfig.json';
const ADJUSTED_NAME = '__async-lint-adjusted__.tsconfig.json';
const ROOT_MARKERS = ['package.json', '.git'];

/** Codes of tsgo's "option removed / unknown" config diagnostics. */
const REMOVED_OPTION_CODES = new Set([5023, 5101, 5102, 5107, 5108]);

const INFERRED_OPTIONS = {
  allowJs: true,
  checkJs: false,
  noEmit: true,
  strict: true,
  target: 'esnext',
  module: 'preserve',
  moduleResolution: 'bundler',
  jsx: 'preserve',
  skipLibCheck: true,
  allowNonTsExtensions: true,
};

export class TsHost {
  private api: API | undefined;
  private snapshot: Snapshot | undefined;
  /**
   * Snapshots replaced since the last getFiles: tsgo keeps each one alive until it is disposed
   * (measured: ~1 MB per edit otherwise). Not disposed at once: files resolved from the first
   * snapshot of a getFiles call are still in use when a second update follows within that call.
   */
  private retired: Snapshot[] = [];
  private readonly virtualFiles = new Map<string, string>();
  private readonly openConfigs = new Set<string>();
  /** configFile -> virtual adjusted config used instead of it. */
  private readonly adjusted = new Map<string, string>();
  /** root folder -> loose files of its inferred project. */
  private readonly inferred = new Map<string, Set<string>>();
  private readonly configOfFile = new Map<string, string>();
  /** Folder -> nearest config at or above it (null: none), so files of one folder share the walk. */
  private readonly configOfDir = new Map<string, string | null>();
  private pendingChanges = new Set<string>();
  private readonly noticed = new Set<string>();
  /** Ended tsgo processes that had not exited yet when they were closed. */
  private readonly exiting: Promise<void>[] = [];

  constructor(private readonly options: TsHostOptions) {}

  /** Tells the host that these files' text changed (on disk or in a buffer). */
  fileChanged(fileName: string): void {
    this.pendingChanges.add(path.resolve(fileName));
    // A config created or deleted changes which config files not yet seen belong to.
    if (CONFIG_NAMES.includes(path.basename(fileName))) this.configOfDir.clear();
  }

  /** Returns the parsed file and its checker, or undefined when the file is in no program. */
  getFile(fileName: string): TsFile | undefined {
    return this.getFiles([fileName])[0];
  }

  /** Resolves many files with one snapshot update, which is much cheaper than one per file. */
  getFiles(fileNames: readonly string[]): (TsFile | undefined)[] {
    this.disposeRetired();
    try {
      return this.resolveFiles(fileNames.map((f) => path.resolve(f)));
    } catch (error) {
      // The tsgo process died or the API failed: start afresh once, then give up for this call.
      this.notice(`TypeScript backend failed (${(error as Error).message}); restarting it.`, undefined, false);
      this.restart();
      return this.resolveFiles(fileNames.map((f) => path.resolve(f)));
    }
  }

  dispose(): void {
    const child = this.api && tsgoProcess(this.api);
    if (child && child.exitCode === null && child.signalCode === null) {
      // close() only signals tsgo; the API unrefs it, so the caller's process could end first.
      this.exiting.push(new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.ref();
      }));
    }
    try {
      this.api?.close();
    } catch {
      // already gone
    }
    this.api = undefined;
    this.snapshot = undefined;
    this.retired = [];
  }

  /** Resolves when every tsgo process this host started and disposed of has exited. */
  async exited(): Promise<void> {
    await Promise.all(this.exiting);
  }

  private replaceSnapshot(next: Snapshot): void {
    if (this.snapshot) this.retired.push(this.snapshot);
    this.snapshot = next;
  }

  private disposeRetired(): void {
    for (const old of this.retired) {
      try {
        if (!old.isDisposed()) old.dispose();
      } catch {
        // Its process is gone: nothing to free.
      }
    }
    this.retired = [];
  }

  private restart(): void {
    this.dispose();
    // Everything the old process knew is re-sent: configs are re-opened on the next update.
    this.pendingChanges.clear();
  }

  private ensureApi(): API {
    if (!this.api) {
      this.api = withEnvironment(this.options.environment, () => new API({
        cwd: process.cwd(),
        fs: this.options.overlays === false
          ? // Virtual configs still come from here; every other file tsgo reads and probes itself,
            // which saves a round trip per read (~700 on openai) and per probe (~900).
            { readFile: (f) => this.virtualFiles.get(f) }
          : {
              readFile: (f) => this.virtualFiles.get(f) ?? this.options.readOverlay?.(f),
              fileExists: (f) => (this.virtualFiles.has(f) || this.options.readOverlay?.(f) !== undefined ? true : undefined),
            },
      }));
      this.snapshot = undefined;
    }
    return this.api;
  }

  private resolveFiles(fileNames: string[]): (TsFile | undefined)[] {
    const api = this.ensureApi();
    const wanted = new Set<string>();
    const fileConfigs = fileNames.map((f) => {
      const config = this.configFor(f);
      wanted.add(config);
      return config;
    });
    const toOpen = [...wanted].filter((c) => !this.openConfigs.has(c) || !this.snapshot);
    if (toOpen.length > 0 || this.pendingChanges.size > 0 || !this.snapshot) {
      this.update(api, toOpen);
    }
    // A file its config does not include (excluded, or JS without allowJs) moves to the inferred project.
    const results: (TsFile | undefined)[] = fileNames.map((f, i) => this.lookup(f, fileConfigs[i]!));
    const moved = fileNames.filter((f, i) => results[i] === undefined && !fileConfigs[i]!.endsWith(INFERRED_NAME));
    if (moved.length > 0) {
      for (const f of moved) this.configOfFile.set(f, this.addToInferred(f));
      this.update(api, [...new Set(moved.map((f) => this.configOfFile.get(f)!))].filter((c) => !this.openConfigs.has(c)));
      for (let i = 0; i < fileNames.length; i++) {
        if (results[i] === undefined) results[i] = this.lookup(fileNames[i]!, this.configOfFile.get(fileNames[i]!)!);
      }
    }
    return results;
  }

  private update(api: API, toOpen: string[]): void {
    const changed = [...this.pendingChanges];
    this.pendingChanges = new Set();
    const fresh = !this.snapshot;
    const opening = fresh ? [...new Set([...this.openConfigs, ...toOpen])] : toOpen;
    this.replaceSnapshot(
      api.updateSnapshot({
        openProjects: opening.map((c) => this.adjusted.get(c) ?? c),
        ...(changed.length > 0 && !fresh ? { fileChanges: { changed } } : {}),
      }),
    );
    for (const c of opening) this.openConfigs.add(c);
    for (const c of opening) this.checkRejectedConfig(api, c);
  }

  private lookup(fileName: string, configFile: string): TsFile | undefined {
    const project = this.projectOf(configFile);
    const sourceFile = project?.program.getSourceFile(fileName) as SourceFile | undefined;
    if (!project || !sourceFile) return undefined;
    return {
      sourceFile,
      checker: project.checker,
      configFile,
      syntaxErrors: () =>
        project.program.getSyntacticDiagnostics(fileName).map((d) => ({ start: d.pos, end: d.end, message: d.text })),
    };
  }

  private projectOf(configFile: string): Project | undefined {
    return this.snapshot?.getProject(this.adjusted.get(configFile) ?? configFile);
  }

  /** When tsgo rejects options of a config, analyse through a virtual config that fixes them. */
  private checkRejectedConfig(api: API, configFile: string): void {
    if (this.adjusted.has(configFile) || configFile.endsWith(INFERRED_NAME)) return;
    const project = this.snapshot?.getProject(configFile);
    if (!project) return;
    // Parse errors come as config-parsing diagnostics; removed options as program diagnostics.
    const diagnostics = [
      ...project.program.getConfigFileParsingDiagnostics(),
      ...project.program.getProgramDiagnostics().filter((d) => REMOVED_OPTION_CODES.has(d.code) || d.fileName === configFile),
    ];
    const rejected = diagnostics.filter((d) => REMOVED_OPTION_CODES.has(d.code));
    const options = project.compilerOptions as Record<string, unknown>;
    const overrides: Record<string, unknown> = {};
    for (const d of rejected) {
      const m = /Option '(\w+)(?:=[^']*)?' has been removed|Unknown compiler option '(\w+)'/.exec(d.text);
      const name = m?.[1] ?? m?.[2];
      if (!name) continue;
      overrides[name] = null;
      if (name === 'moduleResolution') Object.assign(overrides, { moduleResolution: 'bundler', module: 'preserve' });
      if (name === 'target') overrides.target = 'es2022';
      if (name === 'baseUrl' && !options.paths) overrides.paths = { '*': [`${String(options.baseUrl ?? '.')}/*`] };
    }
    const broken = diagnostics.filter((d) => !REMOVED_OPTION_CODES.has(d.code) && changesAnalysis(d.code));
    if (broken.length > 0) this.notice(`${broken[0]!.text} Analysed with what could be read.`, configFile);
    if (Object.keys(overrides).length === 0) return;
    const adjustedPath = path.join(path.dirname(configFile), ADJUSTED_NAME);
    this.virtualFiles.set(adjustedPath, JSON.stringify({ extends: `./${path.basename(configFile)}`, compilerOptions: overrides }));
    this.adjusted.set(configFile, adjustedPath);
    this.replaceSnapshot(api.updateSnapshot({ openProjects: [adjustedPath], closeProjects: [configFile] }));
    const names = Object.keys(overrides).filter((k) => overrides[k] === null || rejected.some((d) => d.text.includes(`'${k}`)));
    this.notice(`TypeScript 7 rejects ${names.join(', ')}; analysing with those options adjusted.`, configFile);
  }

  private configFor(fileName: string): string {
    const cached = this.configOfFile.get(fileName);
    if (cached) return cached;
    const config = this.nearestConfig(path.dirname(fileName)) ?? this.addToInferred(fileName);
    this.configOfFile.set(fileName, config);
    return config;
  }

  /** The tsconfig/jsconfig in `dir` or the nearest folder above it, remembered per folder. */
  private nearestConfig(dir: string): string | undefined {
    const known = this.configOfDir.get(dir);
    if (known !== undefined) return known ?? undefined;
    let found = CONFIG_NAMES.map((n) => path.join(dir, n)).find((f) => this.options.files.isFile(f));
    if (!found && path.dirname(dir) !== dir && !dir.split(path.sep).includes('node_modules')) found = this.nearestConfig(path.dirname(dir));
    this.configOfDir.set(dir, found ?? null);
    return found;
  }

  /** Adds a loose file to the inferred config of its root (nearest package.json or .git folder). */
  private addToInferred(fileName: string): string {
    let root = path.dirname(fileName);
    for (let dir = root; ; dir = path.dirname(dir)) {
      if (ROOT_MARKERS.some((m) => this.options.files.exists(path.join(dir, m)))) {
        root = dir;
        break;
      }
      if (path.dirname(dir) === dir) break;
    }
    const configFile = path.join(root, INFERRED_NAME);
    const files = this.inferred.get(root) ?? new Set<string>();
    this.inferred.set(root, files);
    if (!files.has(fileName)) {
      files.add(fileName);
      this.virtualFiles.set(configFile, JSON.stringify({ compilerOptions: INFERRED_OPTIONS, files: [...files] }));
      if (this.openConfigs.has(configFile)) this.pendingChanges.add(configFile);
    }
    return configFile;
  }

  private notice(message: string, project?: string, once = true): void {
    const key = `${project ?? ''}\0${message}`;
    if (once && this.noticed.has(key)) return;
    this.noticed.add(key);
    this.options.notice?.(message, project);
  }
}

/**
 * The API's tsgo child process. The API does not expose it (typescript is pinned to one version in
 * package.json; a test of the CLI fails if this stops finding it and tsgo outlives the CLI).
 */
function tsgoProcess(api: API): ChildProcess | undefined {
  const child = (api as unknown as { client?: { channel?: { child?: unknown } } }).client?.channel?.child;
  return child && typeof (child as ChildProcess).once === 'function' ? (child as ChildProcess) : undefined;
}

/**
 * Runs `start` (which spawns tsgo, inheriting process.env) with `variables` added to the
 * environment, then puts the environment back: the API takes no environment of its own.
 */
function withEnvironment<T>(variables: Readonly<Record<string, string>> | undefined, start: () => T): T {
  const entries = Object.entries(variables ?? {});
  const saved = entries.map(([name]) => [name, process.env[name]] as const);
  for (const [name, value] of entries) process.env[name] = value;
  try {
    return start();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
