// Regenerates docs/rules.md from the rule metadata: `npm run docs`.
import { writeFileSync } from 'node:fs';
import { renderRuleCatalogue } from '../server/src/core/ruleCatalogue.ts';
import { allRuleMetas } from '../server/src/rules/index.ts';

writeFileSync(new URL('../docs/rules.md', import.meta.url), renderRuleCatalogue(allRuleMetas()));
