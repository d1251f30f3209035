import { renderRuleDocs } from './docs.ts';
import type { RuleMeta } from './types.ts';

/** docs/rules.md: every rule's docs, generated from the rule metadata (a test keeps it current). */
export function renderRuleCatalogue(metas: readonly RuleMeta[]): string {
  const table = [
    '| rule | languages | default | fix | summary |',
    '|---|---|---|---|---|',
    ...metas.map((m) => `| [\`${m.id}\`](#${m.id}) | ${m.languages.join(', ')} | ${m.defaultSeverity} | ${m.hasFix ? 'yes' : '—'} | ${m.docs.summary} |`),
  ].join('\n');
  const sections = metas.map((m) => renderRuleDocs(m).replace(/^# /, '## ').replace(/^## (?!\S+\n)/gm, '### '));
  return `# Rules\n\n<!-- Generated from the rule metadata by \`npm run docs\`; do not edit. -->\n\n${table}\n\n${sections.join('\n')}`;
}
