/**
 * Numbered SQL migrations (`migrations/NNN_name.sql`), applied at start in one transaction under an
 * advisory lock (several central nodes may start together). A database whose schema is newer than this
 * build refuses to start: an old node must not write into a schema it does not know.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
const LOCK_KEY = 0x63656e74; // 'cent'

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir = DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(join(dir, f), 'utf8') }));
}

export class SchemaTooNewError extends Error {
  constructor(
    readonly database: number,
    readonly known: number,
  ) {
    super(`the database schema is version ${database}, newer than this central server knows (${known}); upgrade the server`);
  }
}

/** Applies what is missing; returns the schema version now in the database. */
export async function migrate(pool: pg.Pool, migrations = loadMigrations()): Promise<number> {
  const known = migrations.at(-1)?.version ?? 0;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migration (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migration');
    const current = rows[0]?.v ?? 0;
    if (current > known) throw new SchemaTooNewError(current, known);
    for (const m of migrations) {
      if (m.version <= current) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migration (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
    await client.query('COMMIT');
    return Math.max(current, known);
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
