/** A typescript-eslint RuleTester case mapped to one of our rules (typescriptEslint.ts builds them). */
import { createHash } from 'node:crypto';

export interface ExpectedFinding {
  /** 1-based; absent when the peer names no line (then any finding of the case counts). */
  line?: number;
  messageId?: string;
}

export interface MappedCase {
  kind: 'valid' | 'invalid';
  /** Position in the peer's list (valid and invalid counted apart). */
  index: number;
  code: string;
  /** File name the case is linted as (its extension picks the language and JSX). */
  fileName: string;
  /** Options for our rule. */
  options: Record<string, unknown>;
  /** The findings the peer expects, in scope for this suite (empty for valid cases). */
  expected: ExpectedFinding[];
  /** Why the case says nothing about our rule (an option we do not offer, another check). */
  outOfScope?: string;
}

/** Stable across reorderings of the peer's file: the case's kind, code and options. */
export function caseId(c: MappedCase): string {
  return createHash('sha1').update(`${c.kind}\0${c.code}\0${JSON.stringify(c.options)}`).digest('hex').slice(0, 8);
}
