/**
 * Supervisor alerts: raised by rules (a category's wait over its threshold, a long pause, a printer out of
 * paper, a device offline, a 差评, an overdue rectification, storage trouble), de-duplicated per
 * (kind, subject) while open, acknowledged by a supervisor, cleared when the condition goes away.
 */
import type { LoggedEvent } from '../db/event-log.ts';
import { randomUUID } from 'node:crypto';
import { failure, toIsoLocal, type Alert, type AlertCode, type AlertParams, type EpochMs } from '@hall/contract';
import type { AlertRecord, AlertRepository } from '../db/alert-repository.ts';
import type { Clock } from './clock.ts';
import type { Actor, Result } from '../hall/actor.ts';

export class AlertService {
  private readonly listeners = new Set<(a: Alert, isNew: boolean) => void>();

  constructor(
    private readonly repo: AlertRepository,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  private view(r: AlertRecord): Alert {
    const iso = (v: EpochMs | null) => (v === null ? null : toIsoLocal(v, this.timeZone));
    return {
      id: r.id,
      kind: r.kind as Alert['kind'],
      severity: r.severity as Alert['severity'],
      message: r.message,
      code: r.code,
      params: r.params,
      subject: r.subject,
      raisedAt: iso(r.raisedAt) as string,
      acknowledgedAt: iso(r.acknowledgedAt),
      acknowledgedBy: r.acknowledgedBy,
      clearedAt: iso(r.clearedAt),
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
    return this.repo.open().map((r) => this.view(r));
  }
  since(at: EpochMs): Alert[] {
    return this.repo.since(at).map((r) => this.view(r));
  }

  /**
   * Raises an alert unless one of the same kind and subject is already open (then its text follows the
   * condition). `text` words it by code and parameters (`alertText`); `message` is its Chinese text.
   * Never throws.
   */
  raise(
    kind: Alert['kind'],
    severity: Alert['severity'],
    subject: string | null,
    message: string,
    text?: { code: AlertCode; params: AlertParams },
  ): Alert | null {
    try {
      const existing = this.repo.findOpen(kind, subject);
      const code = text?.code ?? null;
      const params = text?.params ?? null;
      if (existing) {
        if (
          existing.message === message &&
          existing.severity === severity &&
          existing.code === code &&
          JSON.stringify(existing.params) === JSON.stringify(params)
        )
          return this.view(existing);
        // The condition is still there but its figures moved (a wait alert): the open alert follows them.
        this.repo.update(existing.id, message, severity, code, params);
        const a = this.view(this.repo.get(existing.id) as AlertRecord);
        this.emit(a, false);
        return a;
      }
      const id = randomUUID();
      this.repo.insert({ id, kind, severity, subject, message, code, params, raisedAt: this.clock.now() });
      const a = this.view(this.repo.get(id) as AlertRecord);
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
      const open = this.repo.findOpen(kind, subject);
      if (!open) return;
      this.repo.clear(open.id, this.clock.now());
      this.emit(this.view(this.repo.get(open.id) as AlertRecord), false);
    } catch {
      /* see raise() */
    }
  }

  private audit: (e: LoggedEvent) => void = () => {};
  /** Wired once by the composition root: acknowledgements go to the audit log. */
  setAudit(write: (e: LoggedEvent) => void): void {
    this.audit = write;
  }

  acknowledge(id: string, actor: Actor): Result<Alert> {
    const row = this.repo.get(id);
    if (!row) return failure('NOT_FOUND');
    this.repo.acknowledge(id, this.clock.now(), actor.id);
    this.audit({ type: 'alert.acknowledged', actor: actor.id, source: actor.source, data: { alertId: id, kind: row.kind } });
    const a = this.view(this.repo.get(id) as AlertRecord);
    this.emit(a, false);
    return { ok: true, value: a };
  }
}
