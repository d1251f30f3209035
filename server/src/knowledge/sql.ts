/**
 * What SQL text does, read from the string or template literal handed to `query(...)`, `execute(...)`,
 * `raw(...)`: a write (DML, DDL), a lock or transaction step, or a plain read. Comments and string
 * contents are not parsed: the first keyword decides, and a locking clause anywhere makes it a lock.
 */
export type SqlEffect = 'read' | 'write' | 'ordering';

const WRITE_KEYWORDS = /^(insert|update|delete|merge|upsert|replace|alter|drop|create|truncate|grant|revoke|rename|comment|copy|vacuum|analyze|reindex|refresh|call|do|set|reset|cluster|import|load)\b/i;
const ORDERING_KEYWORDS = /^(begin|start\s+transaction|commit|rollback|savepoint|release|lock|prepare\s+transaction|listen|notify|unlisten)\b/i;
const LOCKING_CLAUSE = /\bfor\s+(update|share|no\s+key\s+update|key\s+share)\b|\block\s+in\b|\bpg_advisory_(xact_)?lock\b|\bget_lock\s*\(/i;
const READ_KEYWORDS = /^(select|with|show|explain|values|table)\b/i;

/** The effect of SQL text, or undefined when it does not look like SQL. */
export function sqlEffectOf(text: string): SqlEffect | undefined {
  const trimmed = text.replace(/^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/|\()+/, '');
  if (LOCKING_CLAUSE.test(trimmed) || ORDERING_KEYWORDS.test(trimmed)) return 'ordering';
  if (WRITE_KEYWORDS.test(trimmed)) return 'write';
  // A CTE that writes (`WITH x AS (DELETE ... RETURNING ...)`).
  if (/^with\b/i.test(trimmed) && /\b(insert\s+into|update\s+\w|delete\s+from)\b/i.test(trimmed)) return 'write';
  if (READ_KEYWORDS.test(trimmed)) return 'read';
  return undefined;
}

/** The first SQL keyword, upper-cased, for messages (`INSERT`, `SELECT ... FOR UPDATE`). */
export function sqlLabel(text: string): string {
  const trimmed = text.replace(/^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/|\()+/, '');
  const word = /^\w+/.exec(trimmed)?.[0]?.toUpperCase() ?? 'SQL';
  return LOCKING_CLAUSE.test(trimmed) && word === 'SELECT' ? 'SELECT ... FOR UPDATE' : word;
}
