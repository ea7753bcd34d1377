// Driver-neutral store errors, mapped once from SQLite and PostgreSQL codes (and, for the key a
// unique violation met, from what each driver says of it). Operations translate these into AWS
// exceptions; nobody else reads driver errors or string-matches their messages.

/**
 * A unique index or primary key refused a row. `table` and `columns` name the key as both dialects
 * report it (its columns in the index's order), so a catcher guarding several keys can tell which
 * one it met. A key over an expression (`lower(name)`) is not named: SQLite names only its index
 * there, so neither dialect names it (undefined, []).
 */
export class UniqueViolation extends Error {
  constructor(
    message: string,
    readonly table: string | undefined,
    readonly columns: readonly string[],
  ) {
    super(message);
  }
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The table and columns of the violated key. better-sqlite3's error has only its message,
 * `UNIQUE constraint failed: users.pool_id, users.phone_login` (`index 'name'` for an expression);
 * pg's carries `table`, and the columns in `detail`: `Key (pool_id, phone_login)=(...) already exists.`
 */
function violatedKey(
  postgres: boolean,
  e: { message?: unknown; table?: unknown; detail?: unknown },
): { table: string | undefined; columns: string[] } {
  const unnamed = { table: undefined, columns: [] };
  if (postgres) {
    const parts = typeof e.detail === 'string' ? /^Key \((.+?)\)=\(/.exec(e.detail)?.[1].split(', ') : undefined;
    return typeof e.table === 'string' && parts?.every((c) => IDENTIFIER.test(c))
      ? { table: e.table, columns: parts }
      : unnamed;
  }
  const listed = typeof e.message === 'string' ? /^UNIQUE constraint failed: (.+)$/.exec(e.message)?.[1] : undefined;
  const parts = listed?.split(', ').map((c) => c.split('.'));
  if (!parts?.every((p) => p.length === 2 && p[0] === parts[0][0] && IDENTIFIER.test(p[1]))) return unnamed;
  return { table: parts[0][0], columns: parts.map((p) => p[1]) };
}

export function normalizeDbError(e: unknown): unknown {
  const code = (e as { code?: unknown })?.code;
  // better-sqlite3: SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY; PostgreSQL: 23505 unique_violation
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505') {
    const { table, columns } = violatedKey(
      code === '23505',
      e as { message?: unknown; table?: unknown; detail?: unknown },
    );
    return new UniqueViolation((e as Error).message, table, columns);
  }
  return e;
}
