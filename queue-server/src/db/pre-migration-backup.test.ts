/** An upgrade backs the database up before it applies pending migrations; new and current ones do not. */
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bundledMigrations, migrate, openDatabase, preMigrationBackupFile } from './database.ts';

const dirs: string[] = [];
function tempDb(): string {
  const d = mkdtempSync(join(tmpdir(), 'premig-'));
  dirs.push(d);
  return join(d, 'hall.sqlite');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const ids = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT id FROM schema_migrations ORDER BY id').all() as { id: number }[]).map((r) => r.id);
  } finally {
    db.close();
  }
};

describe('backup before migrations', () => {
  const all = bundledMigrations();
  const last = all[all.length - 1]!.id;
  const previous = all[all.length - 2]!.id;

  it('copies a database one release behind before upgrading it', () => {
    const file = tempDb();
    const old = new Database(file);
    migrate(old, all.slice(0, -1));
    old.close();
    const written: string[] = [];
    const db = openDatabase(file, { now: () => Date.parse('2026-12-03T06:30:00Z'), onBackup: (f) => written.push(f) });
    db.close();
    const expected = preMigrationBackupFile(file, previous, last, Date.parse('2026-12-03T06:30:00Z'));
    expect(written).toEqual([expected]);
    expect(expected).toMatch(
      new RegExp(
        `backups/pre-migration-${String(previous).padStart(4, '0')}-to-${String(last).padStart(4, '0')}-20261203T063000\\.sqlite$`,
      ),
    );
    expect(ids(expected)).toEqual(all.slice(0, -1).map((m) => m.id));
    expect(ids(file)).toEqual(all.map((m) => m.id));
  });

  it('writes nothing for a new database or one already current', () => {
    const file = tempDb();
    const written: string[] = [];
    openDatabase(file, { onBackup: (f) => written.push(f) }).close();
    openDatabase(file, { onBackup: (f) => written.push(f) }).close();
    expect(written).toEqual([]);
    expect(existsSync(join(file, '..', 'backups')) ? readdirSync(join(file, '..', 'backups')) : []).toEqual([]);
  });
});
