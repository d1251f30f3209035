// PLACEHOLDER: being written; replaced before this lands.
import type { TsRule } from '../types.ts';

export const rule: TsRule = {
  meta: {
    id: 'floating-promise',
    languages: ['typescript'],
    defaultSeverity: 'warning',
    typeAware: false,
    hasFix: false,
    defaultOptions: {},
    docs: { summary: '', what: '', why: '', useInstead: '', fixSafety: '', examples: [] },
  },
  create: () => ({}),
};
