// Regenerates what is derived from the rule metadata: `npm run docs`.
// docs/rules.md, schemas/async-lint.schema.json and the rule table in README.md.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { renderConfigSchema } from '../server/src/core/configSchema.ts';
import { renderReadmeRuleTable, renderRuleCatalogue, replaceReadmeRuleTable } from '../server/src/core/ruleCatalogue.ts';
import { allRuleMetas } from '../server/src/rules/index.ts';

const metas = allRuleMetas();
writeFileSync(new URL('../docs/rules.md', import.meta.url), renderRuleCatalogue(metas));
mkdirSync(new URL('../schemas/', import.meta.url), { recursive: true });
writeFileSync(new URL('../schemas/async-lint.schema.json', import.meta.url), renderConfigSchema(metas));
const readme = new URL('../README.md', import.meta.url);
writeFileSync(readme, replaceReadmeRuleTable(readFileSync(readme, 'utf8'), renderReadmeRuleTable(metas)));
