import type { EpochMs } from '@hall/contract';
import type { Db } from './database.ts';

export interface StoredSetting {
  readonly value: unknown;
  readonly updatedAt: EpochMs;
  readonly updatedBy: string | null;
}

/**
 * Runtime settings the hall keeps across restarts (table `setting`, owned here): notices, supervisor
 * sections (hours, calendar, thresholds, allocation mode), the hall's pseudonymisation salt. Values are JSON.
 */
export class SettingRepository {
  private readonly s;
  constructor(db: Db) {
    this.s = {
      get: db.prepare('SELECT value, updated_at, updated_by FROM setting WHERE key = ?'),
      put: db.prepare(
        'INSERT INTO setting (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by',
      ),
    };
  }
  /** The stored value, or null when absent. A value that is not JSON (written by an early build) comes back as its text. */
  get(key: string): StoredSetting | null {
    const row = this.s.get.get(key) as { value: string; updated_at: number; updated_by: string | null } | undefined;
    if (!row) return null;
    let value: unknown = row.value;
    try {
      value = JSON.parse(row.value) as unknown;
    } catch {
      // legacy plain-text value
    }
    return { value, updatedAt: row.updated_at, updatedBy: row.updated_by };
  }
  put(key: string, value: unknown, at: EpochMs, by: string | null): void {
    this.s.put.run(key, JSON.stringify(value), at, by);
  }
}
