import type { EpochMs } from '@hall/contract';
import type { Db } from './database.ts';

/** One audited fact: who did what, when, from where. Append-only. */
export interface LoggedEvent {
  readonly type: string;
  readonly actor: string;
  readonly source: string;
  readonly ticketId?: string | null;
  readonly windowId?: string | null;
  readonly data?: Record<string, unknown>;
}

export interface EventRow {
  id: number;
  at: EpochMs;
  type: string;
  actor: string;
  source: string;
  ticketId: string | null;
  windowId: string | null;
  businessDate: string;
  data: Record<string, unknown>;
}

export class EventLog {
  private readonly s;
  constructor(db: Db) {
    this.s = {
      append: db.prepare(`INSERT INTO event_log (at, type, actor, source, ticket_id, window_id, business_date, data)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      last: db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM event_log'),
      ofDay: db.prepare('SELECT * FROM event_log WHERE business_date = ? ORDER BY id'),
      ofDayType: db.prepare('SELECT * FROM event_log WHERE business_date = ? AND type = ? ORDER BY id'),
    };
  }
  /** Appends and returns the event's id (the hall stream's sequence number). */
  append(e: LoggedEvent, at: EpochMs, businessDate: string): number {
    const r = this.s.append.run(
      at,
      e.type,
      e.actor,
      e.source,
      e.ticketId ?? null,
      e.windowId ?? null,
      businessDate,
      JSON.stringify(e.data ?? {}),
    );
    return Number(r.lastInsertRowid);
  }
  lastId(): number {
    return (this.s.last.get() as { id: number }).id;
  }
  ofDay(businessDate: string, type?: string): EventRow[] {
    const rows = (type ? this.s.ofDayType.all(businessDate, type) : this.s.ofDay.all(businessDate)) as Array<{
      id: number;
      at: number;
      type: string;
      actor: string;
      source: string;
      ticket_id: string | null;
      window_id: string | null;
      business_date: string;
      data: string;
    }>;
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      type: r.type,
      actor: r.actor,
      source: r.source,
      ticketId: r.ticket_id,
      windowId: r.window_id,
      businessDate: r.business_date,
      data: JSON.parse(r.data) as Record<string, unknown>,
    }));
  }
}
