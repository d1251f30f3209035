/**
 * What SQL text does, read from the string or template literal handed to `query(...)`, `execute(...)`,
 * `raw(...)`: a write (DML, DDL), a lock or transaction step, or a plain read. Comments and string
 * contents are not parsed: the first keyword decides, and a locking clause anywhere makes it a lock.
 */
export type SqlEffect = 'read' | 'write' | 'ordering';

// A keyword and what must follow it in SQL: a bare word ("create", "update") is an event or action name, not SQL.
const WRITE_KEYWORDS = /^(insert\s+(into|or\s)|update\s+["`\w.$?]+\s+set\b|delete\s+from\b|merge\s+into\b|upsert\s+into\b|replace\s+into\b|(alter|drop|create(\s+or\s+replace)?|truncate)\s+(unique\s+|temp(orary)?\s+)?(table|index|view|schema|database|sequence|function|trigger|type|extension|materialized|if|procedure|role|user|policy)\b|truncate\s+["`\w]|grant\s+\w+.*\bon\b|revoke\s+\w+.*\bon\b|vacuum\b|reindex\s|refresh\s+materialized\b|copy\s+["`\w.]+\s+(from|to)\b)/i;
const ORDERING_KEYWORDS = /^(begin(\s+(transaction|work))?\s*;?\s*$|start\s+transaction\b|commit\s*;?\s*$|rollback\b(\s+to\b|\s*;?\s*$)|savepoint\s+\w|release\s+savepoint\b|lock\s+(table\s+)?["`\w]|prepare\s+transaction\b|listen\s+\w|notify\s+\w|unlisten\s)/i;
const LOCKING_CLAUSE = /\bfor\s+(update|share|no\s+key\s+update|key\s+share)\b|\block\s+in\b|\bpg_advisory_(xact_)?lock\b|\bget_lock\s*\(/i;
const READ_KEYWORDS = /^(select\s[\s\S]*\bfrom\b|select\s+[\w$?(]|with\s+(recursive\s+)?["`\w]+\s+as\s*\(|show\s+\w|explain\s)/i;

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
