// PLACEHOLDER: being written; replaced before this lands.
import type { TsRule } from '../types.ts';

export const rule: TsRule = {
  meta: {
    id: 'blocking-call',
    languages: ['typescript'],
    defaultSeverity: 'warning',
    typeAware: false,
    hasFix: false,
    defaultOptions: {},
    docs: { summary: '', what: '', why: '', useInstead: '', fixSafety: '', examples: [] },
  },
  create: () => ({}),
};
