/**
 * Online backups: SQLite's backup API copies a consistent snapshot while the hall keeps running.
 * Scheduled backups go to `<data>/backups/hall-YYYY-MM-DD-HHMM.sqlite`, keeping the newest `keep` files.
 * Restore validates a backup (integrity check, known migrations) before it replaces the database, and
 * keeps the replaced file beside it, and gives the restored database a new uplink epoch.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { bundledMigrations, type Db } from '../db/database.ts';
import { renewEpochAfterRestore } from '../db/uplink-repository.ts';

export const backupDir = (dataDir: string) => join(dataDir, 'backups');

function stamp(at: number): string {
  return new Date(at)
    .toISOString()
    .slice(0, 16)
    .replace(/[-:T]/g, '')
    .replace(/^(\d{8})(\d{4})$/, '$1-$2');
}

export async function backupNow(db: Db, dataDir: string, at: number, keep = 14): Promise<string> {
  const dir = backupDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `hall-${stamp(at)}.sqlite`);
  await db.backup(file);
  pruneBackups(dataDir, keep);
  return file;
}

export function listBackups(dataDir: string): string[] {
  const dir = backupDir(dataDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^hall-\d{8}-\d{4}\.sqlite$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

export function pruneBackups(dataDir: string, keep: number): void {
  const all = listBackups(dataDir);
  for (const f of all.slice(0, Math.max(0, all.length - keep))) rmSync(f, { force: true });
}

export class RestoreError extends Error {}

/** Checks that a file is a healthy hall database this build can open. */
export function validateBackup(file: string): { tickets: number; migrations: number[] } {
  if (!existsSync(file) || statSync(file).size === 0) throw new RestoreError(`no backup at ${file}`);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new RestoreError(`${file} is not a SQLite database: ${(err as Error).message}`);
  }
  try {
    let integrity: unknown;
    try {
      integrity = db.pragma('integrity_check', { simple: true });
    } catch (err) {
      throw new RestoreError(`${file} is not a readable SQLite database: ${(err as Error).message}`);
    }
    if (integrity !== 'ok') throw new RestoreError(`${file} failed the integrity check: ${String(integrity)}`);
    const known = new Set(bundledMigrations().map((m) => m.id));
    let migrations: number[];
    try {
      migrations = (db.prepare('SELECT id FROM schema_migrations ORDER BY id').all() as Array<{ id: number }>).map((r) => r.id);
    } catch {
      throw new RestoreError(`${file} is not a hall database (no schema_migrations)`);
    }
    const unknown = migrations.filter((m) => !known.has(m));
    if (unknown.length > 0) throw new RestoreError(`${file} was written by a newer server (migrations ${unknown.join(', ')})`);
    const tickets = (db.prepare('SELECT COUNT(*) AS n FROM ticket').get() as { n: number }).n;
    return { tickets, migrations };
  } finally {
    db.close();
  }
}

/** Replaces `<data>/hall.sqlite` with a validated backup. The hall must be stopped. */
export function restoreBackup(
  dataDir: string,
  from: string,
  at: number,
): { replacedWith: string; keptOld: string | null; tickets: number; epoch: string | null } {
  const { tickets } = validateBackup(from);
  const target = join(dataDir, 'hall.sqlite');
  let keptOld: string | null = null;
  mkdirSync(dataDir, { recursive: true });
  if (existsSync(target)) {
    keptOld = `${target}.before-restore-${stamp(at)}`;
    // Fold the WAL into the old file first, so what we keep aside is complete.
    try {
      const old = new Database(target);
      old.pragma('wal_checkpoint(TRUNCATE)');
      old.close();
    } catch {
      /* a damaged database is kept as it is */
    }
    renameSync(target, keptOld);
  }
  for (const ext of ['-wal', '-shm']) rmSync(`${target}${ext}`, { force: true });
  copyFileSync(from, target);
  // The restored event log is older than what the central may hold: its uplink stream gets a new epoch.
  const restored = new Database(target);
  let epoch: string | null;
  try {
    epoch = renewEpochAfterRestore(restored, at);
  } finally {
    restored.close();
  }
  return { replacedWith: from, keptOld, tickets, epoch };
}
