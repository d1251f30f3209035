import type { RuleMeta } from './types.ts';

/** A rule's docs as Markdown, as `async-lint explain ID` prints them and hovers show them. */
export function renderRuleDocs(meta: RuleMeta): string {
  const d = meta.docs;
  const fence = (code: string, lang: string) => '```' + lang + '\n' + code.trimEnd() + '\n```';
  const examples = d.examples
    .map((e) => {
      const lang = e.language === 'python' ? 'python' : 'ts';
      return `Bad:\n\n${fence(e.bad, lang)}\n\nGood:\n\n${fence(e.good, lang)}`;
    })
    .join('\n\n');
  return [
    `# ${meta.id}`,
    d.summary,
    `Languages: ${meta.languages.join(', ')} · default severity: ${meta.defaultSeverity} · fix: ${meta.hasFix ? 'yes' : 'no'}${meta.typeAware ? ' · type-aware' : ''}`,
    `## What it does\n\n${d.what}`,
    `## Why is this bad?\n\n${d.why}`,
    `## Example\n\n${examples}`,
    `## Use instead\n\n${d.useInstead}`,
    `## Fix safety\n\n${d.fixSafety}`,
  ].join('\n\n') + '\n';
}
