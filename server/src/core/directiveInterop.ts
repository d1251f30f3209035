/**
 * Directives of the tools teams migrate from, read as ours so that code already annotated for
 * typescript-eslint, ESLint, Ruff or Pyright stays quiet. They only ever silence; they are never
 * reported as unused (those tools report their own).
 */

/** ESLint rule name → our rule ids. */
export const ESLINT_RULE_MAP: Readonly<Record<string, readonly string[]>> = {
  '@typescript-eslint/no-floating-promises': ['floating-promise'],
  '@typescript-eslint/no-misused-promises': ['async-callback', 'promise-condition'],
  '@typescript-eslint/await-thenable': ['await-non-thenable'],
  '@typescript-eslint/return-await': ['return-await-in-try'],
  'no-async-promise-executor': ['async-promise-executor'],
  'no-await-in-loop': ['await-in-loop'],
  'n/no-sync': ['blocking-call'],
  'node/no-sync': ['blocking-call'],
};

/** Ruff / flake8 `noqa` codes → our rule ids (ASYNC2xx are flake8-async's blocking-call checks). */
export function ruffCodeToRules(code: string): readonly string[] {
  if (code === 'RUF006') return ['dangling-task'];
  if (/^ASYNC2\d\d$/.test(code)) return ['blocking-call'];
  return [];
}

/** Pyright diagnostic rule → our rule ids. */
export const PYRIGHT_RULE_MAP: Readonly<Record<string, readonly string[]>> = {
  reportUnusedCoroutine: ['unawaited-coroutine'],
};

export interface ForeignDirective {
  kind: 'next-line' | 'line' | 'from' | 'until' | 'file';
  /** Undefined: every rule (a blanket `eslint-disable-next-line` or `# noqa`). */
  ruleIds: readonly string[] | undefined;
  /** Offset of the directive in the text. */
  start: number;
}

const ESLINT = /(?:\/\/|\/\*)\s*eslint-(disable-next-line|disable-line|disable|enable)\b([^\n\r]*?)(?:\*\/|$)/gm;
const NOQA = /#\s*(?:ruff:\s*)?noqa\b(?::\s*([A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?/g;
const PYRIGHT = /#\s*pyright:\s*ignore\b(?:\[([^\]]*)\])?/g;

/** Foreign directives in `text` (only those at offsets `isComment` accepts). */
export function parseForeignDirectives(text: string, isComment: (offset: number) => boolean): ForeignDirective[] {
  const out: ForeignDirective[] = [];
  for (const m of text.matchAll(ESLINT)) {
    if (!isComment(m.index!)) continue;
    const words = (m[2] ?? '').split('--')[0]!.split(',').map((s) => s.trim()).filter(Boolean);
    const ruleIds = words.length === 0 ? undefined : words.flatMap((w) => ESLINT_RULE_MAP[w] ?? []);
    const kind = m[1] === 'disable-next-line' ? 'next-line' : m[1] === 'disable-line' ? 'line' : m[1] === 'disable' ? 'from' : 'until';
    out.push({ kind, ruleIds, start: m.index! });
  }
  for (const m of text.matchAll(NOQA)) {
    if (!isComment(m.index!)) continue;
    const fileWide = /#\s*ruff:/.test(m[0]);
    const ruleIds = m[1] === undefined ? undefined : m[1].split(/[\s,]+/).flatMap(ruffCodeToRules);
    out.push({ kind: fileWide ? 'file' : 'line', ruleIds, start: m.index! });
  }
  for (const m of text.matchAll(PYRIGHT)) {
    if (!isComment(m.index!)) continue;
    const names = m[1]?.split(',').map((s) => s.trim()).filter(Boolean);
    out.push({ kind: 'line', ruleIds: names ? names.flatMap((n) => PYRIGHT_RULE_MAP[n] ?? []) : PYRIGHT_RULE_MAP.reportUnusedCoroutine, start: m.index! });
  }
  return out;
}
