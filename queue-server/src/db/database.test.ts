import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { bundledMigrations, migrate, openDatabase, SchemaTooNewError } from './database.ts';

const SNAPSHOT = join(import.meta.dirname, 'schema.snapshot.sql');

function schemaOf(db: Database.Database): string {
  const rows = db
    .prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name")
    .all() as Array<{ sql: string }>;
  return `${rows.map((r) => `${r.sql.trim()};`).join('\n\n')}\n`;
}

describe('migrations', () => {
  it('numbered files run in order on a fresh database and match schema.snapshot.sql', () => {
    const db = openDatabase(':memory:');
    const ids = (db.prepare('SELECT id FROM schema_migrations ORDER BY id').all() as Array<{ id: number }>).map((r) => r.id);
    expect(ids).toEqual(bundledMigrations().map((m) => m.id));
    expect(ids[0]).toBe(1);
    ids.forEach((id, i) => expect(id).toBe(i + 1));
    const schema = schemaOf(db);
    if (process.env.UPDATE_SCHEMA_SNAPSHOT) writeFileSync(SNAPSHOT, schema);
    expect(schema).toBe(readFileSync(SNAPSHOT, 'utf8'));
  });

  it('refuses a database that holds a migration this build does not know', () => {
    const db = new Database(':memory:');
    migrate(db);
    db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (9999, ?, 0)').run('from_the_future');
    expect(() => migrate(db)).toThrow(SchemaTooNewError);
  });

  it('is idempotent: running again applies nothing', () => {
    const db = new Database(':memory:');
    expect(migrate(db).length).toBe(bundledMigrations().length);
    expect(migrate(db)).toEqual([]);
  });

  it('keeps the event log append-only', () => {
    const db = openDatabase(':memory:');
    db.prepare("INSERT INTO event_log (at, type, actor, source, business_date) VALUES (1, 't', 'a', 's', '2026-01-01')").run();
    expect(() => db.prepare('UPDATE event_log SET type = ?').run('x')).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM event_log').run()).toThrow(/append-only/);
  });
});
