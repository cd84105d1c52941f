import type { EpochMs } from '@hall/contract';
import type { Db } from './database.ts';

export type DayCloseReason = 'closing_time' | 'new_day';

export interface DayCloseRecord {
  readonly businessDate: string;
  readonly closedAt: EpochMs;
  readonly reason: DayCloseReason;
  readonly tickets: number;
  readonly windows: number;
}

/** Which business dates the day rules have closed (table `day_close`, owned here). */
export class DayCloseRepository {
  private readonly s;
  constructor(db: Db) {
    this.s = {
      get: db.prepare('SELECT business_date, closed_at, reason, tickets, windows FROM day_close WHERE business_date = ?'),
      insert: db.prepare(
        'INSERT OR IGNORE INTO day_close (business_date, closed_at, reason, tickets, windows) VALUES (@businessDate, @closedAt, @reason, @tickets, @windows)',
      ),
    };
  }
  isClosed(businessDate: string): boolean {
    return this.s.get.get(businessDate) !== undefined;
  }
  get(businessDate: string): DayCloseRecord | null {
    const r = this.s.get.get(businessDate) as
      { business_date: string; closed_at: number; reason: string; tickets: number; windows: number } | undefined;
    return r
      ? { businessDate: r.business_date, closedAt: r.closed_at, reason: r.reason as DayCloseReason, tickets: r.tickets, windows: r.windows }
      : null;
  }
  record(r: DayCloseRecord): void {
    this.s.insert.run(r);
  }
}
