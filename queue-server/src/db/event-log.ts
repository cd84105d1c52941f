import type { AuditEventType, EpochMs } from '@hall/contract';
import type { Db } from './database.ts';

/** One audited fact: who did what, when, from where. Append-only. */
export interface LoggedEvent {
  readonly type: AuditEventType;
  readonly actor: string;
  readonly source: string;
  readonly ticketId?: string | null;
  readonly windowId?: string | null;
  readonly data?: Record<string, unknown>;
}

export interface EventRow {
  id: number;
  at: EpochMs;
  type: AuditEventType;
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
      recentCalls: db.prepare("SELECT * FROM event_log WHERE type IN ('ticket.called', 'ticket.recalled') ORDER BY id DESC LIMIT ?"),
      range: db.prepare('SELECT * FROM event_log WHERE id >= ? AND id <= ? ORDER BY id LIMIT ?'),
      atOf: db.prepare('SELECT at FROM event_log WHERE id = ?'),
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
  ofDay(businessDate: string, type?: AuditEventType): EventRow[] {
    return fromRows(type ? this.s.ofDayType.all(businessDate, type) : this.s.ofDay.all(businessDate));
  }
  /** Committed events with `from <= id <= to`, ascending, at most `limit` (the uplink reads its batches here). */
  range(from: number, to: number, limit: number): EventRow[] {
    return fromRows(this.s.range.all(from, to, limit));
  }
  /** When an event was logged, or null for an unknown id. */
  atOf(id: number): EpochMs | null {
    const r = this.s.atOf.get(id) as { at: number } | undefined;
    return r ? r.at : null;
  }
  /** The latest calls and recalls, newest first (the hall screen's "recent calls" after a restart). */
  recentCalls(limit: number): EventRow[] {
    return fromRows(this.s.recentCalls.all(limit));
  }
}

interface Row {
  id: number;
  at: number;
  type: string;
  actor: string;
  source: string;
  ticket_id: string | null;
  window_id: string | null;
  business_date: string;
  data: string;
}

function fromRows(rows: unknown[]): EventRow[] {
  return (rows as Row[]).map((r) => ({
    id: r.id,
    at: r.at,
    type: r.type as AuditEventType,
    actor: r.actor,
    source: r.source,
    ticketId: r.ticket_id,
    windowId: r.window_id,
    businessDate: r.business_date,
    data: JSON.parse(r.data) as Record<string, unknown>,
  }));
}
