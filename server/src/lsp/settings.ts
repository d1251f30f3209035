/**
 * The client's `asyncLint` settings per document: pulled with `workspace/configuration`
 * (scopeUri = the document) when the client supports it, otherwise whatever the client pushed
 * with `workspace/didChangeConfiguration`, otherwise the defaults.
 */
import { ConfigError, resolveConfig, type LintSettings } from '../core/config.ts';
import type { RuleMeta } from '../core/types.ts';

export const SECTION = 'asyncLint';

export interface DocumentSettings {
  enable: boolean;
  /** The editor's settings: applied over the async-lint.json files of the document. */
  layer: LintSettings;
}

export interface SettingsSource {
  /** Pulls the section for a document; undefined when the client cannot be asked. */
  pull?: (scopeUri: string) => Promise<unknown>;
  /** A problem with the user's settings, reported once per distinct message. */
  onProblem: (message: string) => void;
  onError: (context: string, error: unknown) => void;
}

export class SettingsStore {
  private readonly cache = new Map<string, Promise<DocumentSettings>>();
  private pushed: unknown;
  private readonly reported = new Set<string>();

  constructor(
    private readonly metas: readonly RuleMeta[],
    private readonly source: SettingsSource,
  ) {}

  get(uri: string): Promise<DocumentSettings> {
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.load(uri);
      this.cache.set(uri, settings);
    }
    return settings;
  }

  /** Settings changed: forget everything; `pushed` is the section a push-only client sent. */
  changed(pushed: unknown): void {
    this.cache.clear();
    this.reported.clear();
    if (!this.source.pull) this.pushed = pushed;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  private async load(uri: string): Promise<DocumentSettings> {
    let raw: unknown = this.pushed;
    if (this.source.pull) {
      try {
        raw = await this.source.pull(uri);
      } catch (error) {
        this.source.onError(`reading the ${SECTION} settings for ${uri}`, error);
        raw = undefined;
      }
    }
    return this.parse(raw);
  }

  /** Keeps every valid entry; an invalid one is reported and left at its default. */
  parse(raw: unknown): DocumentSettings {
    const section = isObject(raw) ? raw : {};
    const rules: NonNullable<LintSettings['rules']> = {};
    if (section.rules !== undefined && !isObject(section.rules)) {
      this.report(`${SECTION}.rules must be an object of rule id → severity; using the defaults.`);
    } else {
      for (const [id, value] of Object.entries(section.rules ?? {})) {
        const entry = { [id]: value } as LintSettings['rules'];
        try {
          resolveConfig(this.metas, { rules: entry });
          Object.assign(rules, entry);
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          this.report(`${SECTION}.rules: ${error.message}; that rule keeps its default.`);
        }
      }
    }
    return { enable: section.enable !== false, layer: { rules } };
  }

  private report(message: string): void {
    if (this.reported.has(message)) return;
    this.reported.add(message);
    this.source.onProblem(message);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
