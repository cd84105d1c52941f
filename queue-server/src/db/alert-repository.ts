import type { EpochMs } from '@hall/contract';
import type { Db } from './database.ts';

export interface AlertRecord {
  readonly id: string;
  readonly kind: string;
  readonly severity: string;
  readonly subject: string | null;
  readonly message: string;
  readonly code: string | null;
  readonly params: Record<string, string | number> | null;
  readonly raisedAt: EpochMs;
  readonly acknowledgedAt: EpochMs | null;
  readonly acknowledgedBy: string | null;
  readonly clearedAt: EpochMs | null;
}

interface Row {
  id: string;
  kind: string;
  severity: string;
  subject: string | null;
  message: string;
  code: string | null;
  params: string | null;
  raised_at: number;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  cleared_at: number | null;
}

const fromRow = (r: Row): AlertRecord => ({
  id: r.id,
  kind: r.kind,
  severity: r.severity,
  subject: r.subject,
  message: r.message,
  code: r.code,
  params: parseParams(r.params),
  raisedAt: r.raised_at,
  acknowledgedAt: r.acknowledged_at,
  acknowledgedBy: r.acknowledged_by,
  clearedAt: r.cleared_at,
});

function parseParams(text: string | null): Record<string, string | number> | null {
  if (text === null) return null;
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string | number>) : null;
  } catch {
    return null;
  }
}

/** Supervisor alerts (table `alert`, owned here). */
export class AlertRepository {
  private readonly s;
  constructor(db: Db) {
    this.s = {
      open: db.prepare('SELECT * FROM alert WHERE cleared_at IS NULL ORDER BY raised_at DESC LIMIT 200'),
      find: db.prepare('SELECT * FROM alert WHERE kind = ? AND subject IS ? AND cleared_at IS NULL'),
      byId: db.prepare('SELECT * FROM alert WHERE id = ?'),
      insert: db.prepare(
        'INSERT INTO alert (id, kind, severity, subject, message, code, params, raised_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      ack: db.prepare('UPDATE alert SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND acknowledged_at IS NULL'),
      clear: db.prepare('UPDATE alert SET cleared_at = ? WHERE id = ? AND cleared_at IS NULL'),
      message: db.prepare('UPDATE alert SET message = ?, severity = ?, code = ?, params = ? WHERE id = ?'),
      recent: db.prepare('SELECT * FROM alert WHERE raised_at >= ? ORDER BY raised_at DESC LIMIT 500'),
      clearedSince: db.prepare('SELECT id, cleared_at FROM alert WHERE raised_at >= ?'),
    };
  }
  open(): AlertRecord[] {
    return (this.s.open.all() as Row[]).map(fromRow);
  }
  since(at: EpochMs): AlertRecord[] {
    return (this.s.recent.all(at) as Row[]).map(fromRow);
  }
  findOpen(kind: string, subject: string | null): AlertRecord | null {
    const r = this.s.find.get(kind, subject) as Row | undefined;
    return r ? fromRow(r) : null;
  }
  get(id: string): AlertRecord | null {
    const r = this.s.byId.get(id) as Row | undefined;
    return r ? fromRow(r) : null;
  }
  insert(
    a: Pick<AlertRecord, 'id' | 'kind' | 'severity' | 'subject' | 'message' | 'raisedAt'> & Partial<Pick<AlertRecord, 'code' | 'params'>>,
  ): void {
    this.s.insert.run(
      a.id,
      a.kind,
      a.severity,
      a.subject,
      a.message,
      a.code ?? null,
      a.params ? JSON.stringify(a.params) : null,
      a.raisedAt,
    );
  }
  /** An open alert's text and severity follow its condition (a wait alert updates while it is open). */
  update(
    id: string,
    message: string,
    severity: string,
    code: string | null = null,
    params: Record<string, string | number> | null = null,
  ): void {
    this.s.message.run(message, severity, code, params ? JSON.stringify(params) : null, id);
  }
  acknowledge(id: string, at: EpochMs, by: string): void {
    this.s.ack.run(at, by, id);
  }
  clear(id: string, at: EpochMs): void {
    this.s.clear.run(at, id);
  }
}
