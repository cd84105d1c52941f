/**
 * Ticket rules the clock fires (issue 20), run by the hall tick through the command path like any other
 * command: automatic 过号 (`auto-no-show` in core/ticket-rules.ts, after the configured calls and minutes),
 * the release of an early appointment's held ticket at its slot start (`release`), and 爽约 recorded for a
 * booking nobody checked in for by its slot end plus the grace (core/appointment-rules.ts).
 *
 * Each looks for due work with a cheap read first and commits only when there is some; inside the
 * transaction the rules are checked again, so a ticket started or checked in meanwhile is left alone.
 */
import { localTimeToEpoch, type HallConfig } from '@hall/contract';
import type { AppointmentRepository } from '../db/appointment-repository.ts';
import type { TicketRecord, TicketRepository } from '../db/ticket-repository.ts';
import { missedAt } from '../core/appointment-rules.ts';
import { applyTicketAction, type TicketAction } from '../core/ticket-rules.ts';
import { ok, SYSTEM_ACTOR, type Actor } from './actor.ts';
import { saveTicket } from './audit.ts';
import type { CommandRunner, Tx } from './command-runner.ts';

const RULES_ACTOR: Actor = { ...SYSTEM_ACTOR, source: 'hall-rules' };
const SYSTEM = { kind: 'system' as const, windowId: null, certified: [], takeover: false };

export interface TimedRulesDeps {
  config: HallConfig;
  runner: CommandRunner;
  tickets: TicketRepository;
  appointments: AppointmentRepository;
  now: () => number;
  today: () => string;
}

export class TimedRules {
  constructor(private readonly deps: TimedRulesDeps) {}

  private rules() {
    const s = this.deps.config.settings;
    const auto = s.noShow.auto;
    return {
      recallCap: s.recallCap,
      noShowAfterCalls: s.noShow.afterCalls,
      autoNoShow: auto.enabled ? { afterCalls: auto.afterCalls, afterMs: auto.afterMinutes * 60_000 } : null,
    };
  }

  tick(): void {
    this.autoNoShow();
    this.releaseHeld();
    this.recordMissed();
  }

  private apply(tx: Tx, t: TicketRecord, action: TicketAction, type: 'ticket.no_show' | 'ticket.released', data: Record<string, unknown>) {
    const d = applyTicketAction(t, action, { now: tx.now, rules: this.rules(), actor: SYSTEM });
    if (!d.ok) return false;
    saveTicket(tx, this.deps.tickets, t, d.ticket, type, RULES_ACTOR, data);
    return true;
  }

  /** 过号 by the hall's rule: called `afterCalls` times, the last call `afterMinutes` ago, never started. */
  autoNoShow(): number {
    const auto = this.rules().autoNoShow;
    if (!auto) return 0;
    const due = this.deps.tickets.autoNoShowDue(auto.afterCalls, this.deps.now() - auto.afterMs);
    if (due.length === 0) return 0;
    const r = this.deps.runner.run((tx) => {
      let n = 0;
      for (const seen of due) {
        const t = this.deps.tickets.get(seen.id);
        if (t && this.apply(tx, t, { type: 'auto-no-show' }, 'ticket.no_show', { automatic: true, callCount: t.callCount })) n += 1;
      }
      return ok(n);
    });
    return r.ok ? r.value : 0;
  }

  /** An early appointment's ticket joins the queue at its slot start, with appointment priority. */
  releaseHeld(): number {
    const due = this.deps.tickets.heldDue(this.deps.now());
    if (due.length === 0) return 0;
    const r = this.deps.runner.run((tx) => {
      let n = 0;
      for (const seen of due) {
        const t = this.deps.tickets.get(seen.id);
        if (t && this.apply(tx, t, { type: 'release' }, 'ticket.released', { heldUntil: t.heldUntil })) n += 1;
      }
      return ok(n);
    });
    return r.ok ? r.value : 0;
  }

  /** 爽约: bookings of today or earlier with no check-in by their slot end plus the grace. */
  recordMissed(): number {
    const tz = this.deps.config.hall.timeZone;
    const rules = this.deps.config.settings.appointments;
    const now = this.deps.now();
    const due = this.deps.appointments.unkept(this.deps.today()).filter((a) => {
      const slot = { startMs: localTimeToEpoch(a.businessDate, a.slotStart, tz), endMs: localTimeToEpoch(a.businessDate, a.slotEnd, tz) };
      return now >= missedAt(slot, rules);
    });
    if (due.length === 0) return 0;
    const r = this.deps.runner.run((tx) => {
      let n = 0;
      for (const a of due) {
        if (!this.deps.appointments.markMissed(a.id, tx.now)) continue;
        tx.log({
          type: 'appointment.missed',
          actor: RULES_ACTOR.id,
          source: RULES_ACTOR.source,
          data: { appointmentId: a.id, serviceId: a.serviceId, businessDate: a.businessDate, slotStart: a.slotStart, slotEnd: a.slotEnd },
        });
        n += 1;
      }
      return ok(n);
    });
    return r.ok ? r.value : 0;
  }
}
