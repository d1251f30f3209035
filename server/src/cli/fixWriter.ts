/**
 * `--fix`: applies fixes until stable, refuses any pass that adds a syntax error, and writes each
 * changed file atomically (temporary file, then rename), keeping its mode, its BOM, a symbolic
 * link as a link (the file it points to is rewritten), and never overwriting a file that changed
 * on disk since it was read (other time or other bytes).
 */
import { chmodSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../core/config.ts';
import { fixUntilStable } from '../core/fixes.ts';
import type { Linter, LintResult } from '../rules/engine.ts';
import { digestOf, type SourceText } from '../node/readSource.ts';

export interface FixOutcome {
  results: LintResult[];
  notices: string[];
}

export async function fixFiles(
  linter: Linter,
  sources: readonly SourceText[],
  initial: readonly LintResult[],
  configFor: (fileName: string) => ResolvedConfig,
  options: { unsafe: boolean },
): Promise<FixOutcome> {
  const notices: string[] = [];
  const results: LintResult[] = [];
  for (let i = 0; i < sources.length; i++) {
    const source = sources[i]!;
    const fixed = await fixText(linter, initial[i]!, configFor, options);
    if (fixed.result.text === source.text) {
      results.push(fixed.result);
      continue;
    }
    const written = writeAtomically(source, fixed.result.text);
    if (written === true) notices.push(`fixed ${fixed.applied} problem${fixed.applied === 1 ? '' : 's'} in ${source.fileName}`);
    else notices.push(written);
    // What is reported is the state of the text now on disk (or the original, if not written).
    const onDisk = readBackText(source, fixed.result.text);
    results.push(onDisk === fixed.result.text ? fixed.result : linter.lint([{ fileName: source.fileName, text: onDisk }], configFor)[0]!);
  }
  return { results, notices };
}

/**
 * Applies fixes to a linted text until stable, in memory; a pass that adds a syntax error is
 * refused. `result` is the lint of the final text (the initial one when nothing applied).
 */
export async function fixText(
  linter: Linter,
  initial: LintResult,
  configFor: (fileName: string) => ResolvedConfig,
  options: { unsafe: boolean },
): Promise<{ result: LintResult; applied: number }> {
  let latest = initial;
  if (latest.fatal || !latest.findings.some((f) => f.fixes.length > 0)) return { result: latest, applied: 0 };
  const baseline = latest.syntaxErrors.length;
  // Validity checks and the next pass lint the same text: lint each text once.
  const lintText = (text: string) => {
    if (latest.text !== text) latest = linter.lint([{ fileName: initial.fileName, text }], configFor)[0]!;
    return latest;
  };
  const outcome = await fixUntilStable(initial.text, async (text) => lintText(text).findings, {
    unsafe: options.unsafe,
    isValid: async (text) => lintText(text).syntaxErrors.length <= baseline,
  });
  return { result: lintText(outcome.text), applied: outcome.applied };
}

function readBackText(source: SourceText, fixed: string): string {
  try {
    const onDisk = readFileSync(source.fileName, 'utf8');
    return onDisk.charCodeAt(0) === 0xfeff ? onDisk.slice(1) : onDisk;
  } catch {
    return fixed;
  }
}

function writeAtomically(source: SourceText, text: string): true | string {
  let target: string;
  try {
    // Through a symbolic link to the file it names: renaming over the link would replace it.
    target = realpathSync(source.fileName);
    const now = statSync(target);
    // The time alone misses a change within the file system's time resolution: the bytes too.
    if (now.mtimeMs !== source.mtimeMs || digestOf(readFileSync(target)) !== source.digest) {
      return `not fixed: ${source.fileName} changed on disk while it was linted`;
    }
  } catch {
    return `not fixed: ${source.fileName} was removed while it was linted`;
  }
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.async-lint-${process.pid}.tmp`);
  try {
    writeFileSync(temp, (source.bom ? '\ufeff' : '') + text, { mode: source.mode & 0o7777 });
    chmodSync(temp, source.mode & 0o7777);
    renameSync(temp, target);
    return true;
  } catch (error) {
    rmSync(temp, { force: true });
    return `not fixed: could not write ${source.fileName}: ${(error as Error).message}`;
  }
}
