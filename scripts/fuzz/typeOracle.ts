/**
 * The fuzzer's type-check oracle: semantic (type) errors of a TS/JS text, from its own tsgo
 * process (TypeScript 7's API), independent of the engine's host. Each file is checked in a
 * virtual config in its folder (strict, checkJs, Node's types from this repository), so a text
 * that had no type errors can be compared with the text a fix produced.
 */
import path from 'node:path';
import { API, type Snapshot } from 'typescript/unstable/sync';

const CONFIG_NAME = '__async-lint-fuzz-types__.tsconfig.json';

export class TypeOracle {
  private api: API | undefined;
  private snapshot: Snapshot | undefined;
  private readonly overlay = new Map<string, string>();
  private readonly virtual = new Map<string, string>();
  private readonly filesOf = new Map<string, Set<string>>();
  private readonly opened = new Set<string>();

  constructor(private readonly typeRoot: string) {}

  /** Messages of the type errors tsgo reports for `text` as the content of `fileName`. */
  typeErrors(fileName: string, text: string): string[] {
    const api = this.ensure();
    const config = path.join(path.dirname(fileName), CONFIG_NAME);
    const files = this.filesOf.get(config) ?? new Set<string>();
    this.filesOf.set(config, files);
    const changed = [fileName];
    if (!files.has(fileName)) {
      files.add(fileName);
      this.virtual.set(
        config,
        JSON.stringify({
          compilerOptions: {
            strict: true,
            target: 'esnext',
            module: 'preserve',
            moduleResolution: 'bundler',
            allowJs: true,
            checkJs: true,
            noEmit: true,
            skipLibCheck: true,
            allowImportingTsExtensions: true,
            typeRoots: [this.typeRoot],
            types: ['node'],
          },
          files: [...files],
        }),
      );
      changed.push(config);
    }
    this.overlay.set(fileName, text);
    const fresh = !this.snapshot;
    const previous = this.snapshot;
    this.snapshot = api.updateSnapshot({
      openProjects: this.opened.has(config) && !fresh ? [] : [config],
      ...(fresh ? {} : { fileChanges: { changed } }),
    });
    previous?.dispose();
    this.opened.add(config);
    const program = this.snapshot.getProject(config)?.program;
    if (!program) return [`no program for ${config}`];
    return program.getSemanticDiagnostics(fileName).map((d) => `${d.code}: ${d.text}`);
  }

  dispose(): void {
    try {
      this.api?.close();
    } catch {
      // already gone
    }
    this.api = undefined;
    this.snapshot = undefined;
  }

  private ensure(): API {
    this.api ??= new API({
      cwd: process.cwd(),
      fs: {
        readFile: (f) => this.virtual.get(f) ?? this.overlay.get(f),
        fileExists: (f) => (this.virtual.has(f) || this.overlay.has(f) ? true : undefined),
      },
    });
    return this.api;
  }
}
