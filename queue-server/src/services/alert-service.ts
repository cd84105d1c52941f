/**
 * Supervisor alerts: raised by rules (a category's wait over its threshold, a long pause, a printer out of
 * paper, a device offline, a 差评, an overdue rectification, storage trouble), de-duplicated per
 * (kind, subject) while open, acknowledged by a supervisor, cleared when the condition goes away.
 */
import { randomUUID } from 'node:crypto';
import { failure, toIsoLocal, type Alert, type EpochMs } from '@hall/contract';
import type { Db } from '../db/database.ts';
import type { Clock } from './clock.ts';
import type { Actor, Result } from './hall-service.ts';

interface Row {
  id: string;
  kind: string;
  severity: string;
  subject: string | null;
  message: string;
  raised_at: number;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  cleared_at: number | null;
}

export class AlertService {
  private readonly listeners = new Set<(a: Alert, isNew: boolean) => void>();
  private readonly s;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {
    this.s = {
      open: db.prepare('SELECT * FROM alert WHERE cleared_at IS NULL ORDER BY raised_at DESC LIMIT 200'),
      find: db.prepare('SELECT * FROM alert WHERE kind = ? AND subject IS ? AND cleared_at IS NULL'),
      byId: db.prepare('SELECT * FROM alert WHERE id = ?'),
      insert: db.prepare('INSERT INTO alert (id, kind, severity, subject, message, raised_at) VALUES (?, ?, ?, ?, ?, ?)'),
      ack: db.prepare('UPDATE alert SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND acknowledged_at IS NULL'),
      clear: db.prepare('UPDATE alert SET cleared_at = ? WHERE kind = ? AND subject IS ? AND cleared_at IS NULL'),
      recent: db.prepare('SELECT * FROM alert WHERE raised_at >= ? ORDER BY raised_at DESC LIMIT 500'),
    };
  }

  private view(r: Row): Alert {
    const iso = (v: EpochMs | null) => (v === null ? null : toIsoLocal(v, this.timeZone));
    return {
      id: r.id,
      kind: r.kind as Alert['kind'],
      severity: r.severity as Alert['severity'],
      message: r.message,
      subject: r.subject,
      raisedAt: iso(r.raised_at) as string,
      acknowledgedAt: iso(r.acknowledged_at),
      acknowledgedBy: r.acknowledged_by,
      clearedAt: iso(r.cleared_at),
    };
  }

  onChange(cb: (a: Alert, isNew: boolean) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }
  private emit(a: Alert, isNew: boolean): void {
    for (const l of this.listeners) l(a, isNew);
  }

  open(): Alert[] {
    return (this.s.open.all() as Row[]).map((r) => this.view(r));
  }
  since(at: EpochMs): Alert[] {
    return (this.s.recent.all(at) as Row[]).map((r) => this.view(r));
  }

  /** Raises an alert unless one of the same kind and subject is already open. Never throws. */
  raise(kind: Alert['kind'], severity: Alert['severity'], subject: string | null, message: string): Alert | null {
    try {
      const existing = this.s.find.get(kind, subject) as Row | undefined;
      if (existing) return this.view(existing);
      const id = randomUUID();
      this.s.insert.run(id, kind, severity, subject, message, this.clock.now());
      const a = this.view(this.s.byId.get(id) as Row);
      this.emit(a, true);
      return a;
    } catch {
      // Storage trouble must not take the alerting path down with it.
      return null;
    }
  }

  /** Clears the open alert of this kind and subject (the condition went away); consoles are told. */
  clear(kind: Alert['kind'], subject: string | null): void {
    try {
      const open = this.s.find.get(kind, subject) as Row | undefined;
      if (!open) return;
      this.s.clear.run(this.clock.now(), kind, subject);
      this.emit(this.view(this.s.byId.get(open.id) as Row), false);
    } catch {
      /* see raise() */
    }
  }

  acknowledge(id: string, actor: Actor): Result<Alert> {
    const row = this.s.byId.get(id) as Row | undefined;
    if (!row) return failure('NOT_FOUND');
    this.s.ack.run(this.clock.now(), actor.id, id);
    const a = this.view(this.s.byId.get(id) as Row);
    this.emit(a, false);
    return { ok: true, value: a };
  }
}
