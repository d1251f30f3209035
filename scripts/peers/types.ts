/** The shape every peer suite shares, so one runner tallies them all (TypeScript and Python). */

/** One case of a peer's test suite, judged against async-lint's findings. */
export interface CaseResult {
  /** `file:line` (or the peer's own case name). */
  where: string;
  /** valid: the peer expects no diagnostic; invalid: it expects one or more. */
  kind: 'valid' | 'invalid';
  ok: boolean;
  /** The source line or snippet, for the differences listing. */
  code: string;
  /** Why a case is not counted (out of scope), or what went wrong. */
  note?: string;
}

export interface SuiteResult {
  cases: CaseResult[];
  /** Cases left out of the counts, with the reason, e.g. "trio-only check". */
  outOfScope: { reason: string; count: number }[];
  /** The peer's version (a commit), when the suite can tell. */
  version?: string;
  /** A remark on how the suite counts, shown with its details. */
  note?: string;
}

export interface PeerSuite {
  /** Stable name for the table and `--suite` filter: `ruff-flake8-async`. */
  id: string;
  /** The argument that gives the peer's checkout: `ruff=/path/to/ruff`. */
  peer: string;
  /** What is run, in words: "Ruff's flake8_async fixtures (ASYNC210-251) → blocking-call". */
  title: string;
  run(checkout: string): Promise<SuiteResult>;
}
