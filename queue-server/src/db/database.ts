/**
 * Opening the hall database. SQLite in WAL mode with `synchronous=FULL`: a commit is on disk before it
 * is acknowledged, so an acknowledged ticket survives `kill -9` and power loss.
 *
 * `secure_delete=ON`: SQLite overwrites deleted and updated content with zeros, so pseudonymised fields do
 * not linger in free pages of the file (retention also checkpoints the WAL and VACUUMs, see day-close.ts).
 * Start-up runs `PRAGMA quick_check` and refuses a damaged file ({@link DatabaseDamagedError}) instead of
 * writing tickets into it.
 *
 * Migrations (see migrations/README.md) are numbered, forward-only and each runs in its own
 * transaction; start-up refuses a database that holds a migration this build does not know (a
 * downgraded server must not write to a newer schema).
 */
import Database from 'better-sqlite3';
import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MIGRATIONS_DIR } from '../paths.ts';

export type Db = Database.Database;

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

/** Set by `scripts/build-server.mjs`: the migrations embedded in the production bundle at build time (R11). */
declare const __HALL_MIGRATIONS__: Migration[] | undefined;

export function bundledMigrations(): Migration[] {
  if (typeof __HALL_MIGRATIONS__ !== 'undefined') return __HALL_MIGRATIONS__;
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ id: Number(f.slice(0, 4)), name: f.slice(5, -4), sql: readFileSync(join(MIGRATIONS_DIR, f), 'utf8') }));
}

export class SchemaTooNewError extends Error {
  constructor(readonly unknown: number[]) {
    super(`database has migrations this build does not know: ${unknown.join(', ')} (was it opened by a newer server?)`);
  }
}

/**
 * Called once before the first pending migration runs on a database that already holds data (an upgrade),
 * never for a new database. `openDatabase` writes a copy next to the scheduled backups.
 */
export type BeforeMigrate = (pending: Migration[], appliedUpTo: number) => void;

export function migrate(db: Db, migrations: Migration[] = bundledMigrations(), beforeMigrate?: BeforeMigrate): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const applied = new Set((db.prepare('SELECT id FROM schema_migrations').all() as Array<{ id: number }>).map((r) => r.id));
  const known = new Set(migrations.map((m) => m.id));
  const unknown = [...applied].filter((id) => !known.has(id));
  if (unknown.length > 0) throw new SchemaTooNewError(unknown);
  const pending = migrations.filter((m) => !applied.has(m.id));
  if (pending.length > 0 && applied.size > 0 && beforeMigrate) beforeMigrate(pending, Math.max(...applied));
  const ran: number[] = [];
  for (const m of migrations) {
    if (applied.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(m.id, m.name, Date.now());
    })();
    ran.push(m.id);
  }
  return ran;
}

export class DatabaseDamagedError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(
      `the database ${file} is damaged (${detail}); the server will not write into it. ` +
        `Restore the newest backup with: npm run restore -- --data ${dirname(file)} --from ${join(dirname(file), 'backups', '<hall-YYYYMMDD-HHMM.sqlite>')}`,
    );
  }
}

/** Where the automatic pre-upgrade copy goes: `<dir>/backups/pre-migration-<from>-to-<to>-<time>.sqlite`. */
export function preMigrationBackupFile(dbFile: string, from: number, to: number, at: number): string {
  const t = new Date(at).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const pad = (n: number) => String(n).padStart(4, '0');
  return join(dirname(dbFile), 'backups', `pre-migration-${pad(from)}-to-${pad(to)}-${t}.sqlite`);
}

/**
 * Opens (and migrates) the hall database. A quick integrity check runs first: a damaged file is refused
 * (DatabaseDamagedError names the restore command) before anything is written into it. `secure_delete`
 * overwrites deleted content, so pseudonymised data is gone from the file. Before an upgrade applies
 * pending migrations to a database with data, it writes a consistent copy with `VACUUM INTO`
 * (synchronous, before any schema change), so a failed or regretted upgrade is undone with
 * `npm run restore -- --from <that file>` and the old release.
 */
export function openDatabase(file: string, opts: { now?: () => number; onBackup?: (file: string) => void } = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  let db: Db | null = null;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('secure_delete = ON');
    const check = db.pragma('quick_check(5)', { simple: false }) as Array<{ quick_check: string }>;
    const problems = check.map((r) => r.quick_check).filter((m) => m !== 'ok');
    if (problems.length > 0) throw new DatabaseDamagedError(file, problems.join('; ').slice(0, 300));
  } catch (err) {
    db?.close();
    if (err instanceof DatabaseDamagedError) throw err;
    const code = (err as { code?: string }).code ?? '';
    if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'))
      throw new DatabaseDamagedError(file, (err as Error).message);
    throw err;
  }
  const opened = db;
  migrate(
    opened,
    bundledMigrations(),
    file === ':memory:'
      ? undefined
      : (pending, from) => {
          const target = preMigrationBackupFile(file, from, pending[pending.length - 1]!.id, (opts.now ?? Date.now)());
          mkdirSync(dirname(target), { recursive: true });
          opened.prepare('VACUUM INTO ?').run(target);
          opts.onBackup?.(target);
        },
  );
  return opened;
}

/** Online backup to a file (safe while the server runs). */
export async function backupDatabase(db: Db, target: string): Promise<void> {
  mkdirSync(dirname(target), { recursive: true });
  await db.backup(target);
}
