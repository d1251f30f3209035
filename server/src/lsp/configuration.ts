/**
 * The configuration of each open document: its config files (async-lint.json or pyproject.toml,
 * found upward from it, read from disk) under the editor's `asyncLint` settings for its scope. A
 * broken config file is shown once (output channel and, through `asyncLint/status`, the status
 * bar) and the last version that parsed keeps applying, so an edit in progress never stops linting.
 */
import { readTextIfPresent } from '../node/readSource.ts';
import type { ConfigError, ResolvedConfig } from '../core/config.ts';
import { CONFIG_FILE_NAMES } from '../core/configFile.ts';
import { ConfigResolver } from '../core/configResolver.ts';
import type { RuleMeta } from '../core/types.ts';
import type { StatusParams } from '../shared/protocol.ts';
import type { SettingsStore } from './settings.ts';

export interface DocumentConfig {
  /** False: the document is not linted (disabled in the editor, or matched by `ignores`). */
  lint: boolean;
  config: ResolvedConfig;
}

export interface ConfigurationEvents {
  /** A config file broke: logged once per distinct problem. */
  broken(error: ConfigError): void;
  /** The set of broken config files changed. */
  status(params: StatusParams): void;
}

export class DocumentConfigurations {
  private readonly resolver: ConfigResolver;
  private lastStatus = '[]';

  constructor(
    metas: readonly RuleMeta[],
    private readonly settings: () => SettingsStore,
    private readonly events: ConfigurationEvents,
  ) {
    this.resolver = new ConfigResolver(metas, { readFile: readTextIfPresent }, { mode: 'keepLastGood', onBroken: (e) => events.broken(e) });
  }

  async forDocument(uri: string, fileName: string): Promise<DocumentConfig> {
    const editor = await this.settings().get(uri);
    const resolved = this.resolver.forFile(fileName, [editor.layer]);
    this.publishStatus();
    return { lint: editor.enable && !resolved.ignored, config: resolved.config };
  }

  /** Some async-lint.json changed on disk (or the editor asked for a reload): read them again. */
  reload(): void {
    this.resolver.invalidate();
  }

  static isConfigFile(fileName: string): boolean {
    return CONFIG_FILE_NAMES.some((name) => fileName.endsWith(`/${name}`) || fileName.endsWith(`\\${name}`));
  }

  private publishStatus(): void {
    const problems = [...this.resolver.brokenFiles.values()].sort();
    const key = JSON.stringify(problems);
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    this.events.status({ configProblems: problems });
  }
}
