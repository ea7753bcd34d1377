// Driver-neutral store errors, mapped once from SQLite and PostgreSQL codes. Operations
// translate these into AWS exceptions; nobody string-matches driver messages.
export class UniqueViolation extends Error {}

export function normalizeDbError(e: unknown): unknown {
  const code = (e as { code?: unknown })?.code;
  // better-sqlite3: SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY; PostgreSQL: 23505 unique_violation
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505') {
    return new UniqueViolation((e as Error).message);
  }
  return e;
}
