/**
 * The day rules at work (core/day-rules.ts says what they are): closing a business date, the new-day
 * check before every command, temporary allocations that revert, and retention.
 */
import { localTimeToEpoch, type HallConfig, type HallEvent } from '@hall/contract';
import type { DayCloseReason, DayCloseRepository } from '../db/day-close-repository.ts';
import type { TicketRecord, TicketRepository } from '../db/ticket-repository.ts';
import type { WindowRecord, WindowRepository } from '../db/window-repository.ts';
import { dayCloseAt, isCloseDue } from '../core/day-rules.ts';
import { applyTicketAction } from '../core/ticket-rules.ts';
import { ok, SYSTEM_ACTOR, type Actor } from './actor.ts';
import { saveTicket } from './audit.ts';
import type { CommandRunner, Tx } from './command-runner.ts';

const DAY_ACTOR: Actor = { ...SYSTEM_ACTOR, source: 'day-rules' };

export interface DayCloseDeps {
  config: HallConfig;
  runner: CommandRunner;
  tickets: TicketRepository;
  windows: WindowRepository;
  days: DayCloseRepository;
}

export class DayClose {
  /** The business date whose leftovers were last looked for (a new date is checked once). */
  private checkedDay = '';

  constructor(private readonly deps: DayCloseDeps) {}

  private get tz(): string {
    return this.deps.config.hall.timeZone;
  }

  /** Closes `tickets` and signs out `windows` in the transaction; records the day as closed. */
  private close(tx: Tx, date: string, reason: DayCloseReason, tickets: TicketRecord[], windows: WindowRecord[]): void {
    const rules = { recallCap: 0, noShowAfterCalls: 0 };
    let closed = 0;
    for (const t of tickets) {
      const d = applyTicketAction(
        t,
        { type: 'close-day' },
        { now: tx.now, rules, actor: { kind: 'system', windowId: null, certified: [], takeover: false } },
      );
      if (!d.ok) continue;
      saveTicket(tx, this.deps.tickets, t, d.ticket, 'ticket.day_closed', DAY_ACTOR, { reason });
      closed += 1;
    }
    for (const w of windows) {
      this.deps.windows.save({
        ...w,
        status: 'closed',
        staffUsername: null,
        pauseReason: null,
        pausedAt: null,
        signedInAt: null,
        updatedAt: tx.now,
      });
      tx.windows.add(w.id);
      tx.log({
        type: 'window.signed_out',
        actor: DAY_ACTOR.id,
        source: DAY_ACTOR.source,
        windowId: w.id,
        data: { reason: 'day_closed', staff: w.staffUsername },
      });
    }
    if (!this.deps.days.isClosed(date))
      this.deps.days.record({ businessDate: date, closedAt: tx.now, reason, tickets: closed, windows: windows.length });
    tx.log({
      type: 'hall.day_closed',
      actor: DAY_ACTOR.id,
      source: DAY_ACTOR.source,
      data: { businessDate: date, reason, closed, signedOut: windows.length },
    });
    tx.queuesChanged = true;
  }

  /**
   * Runs inside every command's transaction, first: on the first command of a business date, every
   * earlier day's open ticket is closed and every window signed in before today is signed out.
   */
  beforeCommand(tx: Tx): void {
    if (tx.day === this.checkedDay) return;
    const startOfToday = localTimeToEpoch(tx.day, '00:00', this.tz);
    const stale = this.deps.tickets.openBefore(tx.day);
    const windows = this.deps.windows.all().filter((w) => w.status !== 'closed' && (w.signedInAt ?? w.updatedAt) < startOfToday);
    if (stale.length > 0 || windows.length > 0) {
      const days = [...new Set(stale.map((t) => t.businessDate))].sort();
      const last = days[days.length - 1] ?? dayBefore(tx.day);
      for (const d of days.slice(0, -1))
        if (!this.deps.days.isClosed(d))
          this.deps.days.record({ businessDate: d, closedAt: tx.now, reason: 'new_day', tickets: 0, windows: 0 });
      this.close(tx, last, 'new_day', stale, windows);
      tx.other.push({ type: 'day', businessDate: tx.day } satisfies HallEvent);
    }
    const day = tx.day;
    tx.afterCommit.push(() => {
      this.checkedDay = day;
    });
  }

  /** The scheduler's clock rules: today's close at closing time + grace, and temporary allocations. */
  tick(): void {
    this.deps.runner.run((tx) => {
      const closeAt = dayCloseAt(this.deps.config.hours, tx.day, this.tz, this.deps.config.settings.dayClose.graceMinutes);
      if (isCloseDue(tx.now, closeAt, this.deps.days.isClosed(tx.day))) {
        const open = this.deps.tickets.openOnOrBefore(tx.day);
        const windows = this.deps.windows.all().filter((w) => w.status !== 'closed');
        this.close(tx, tx.day, 'closing_time', open, windows);
      }
      this.revertAllocations(tx);
      return ok(null);
    });
  }

  private revertAllocations(tx: Tx): void {
    for (const w of this.deps.windows.all()) {
      if (w.allocationUntil === null || w.allocationUntil > tx.now) continue;
      const cfg = this.deps.config.windows.find((c) => c.id === w.id);
      const back = w.allocationBase ?? [cfg?.home ?? w.allocation[0] ?? ''];
      this.deps.windows.save({
        ...w,
        allocation: back,
        allocationUntil: null,
        allocationBase: null,
        allocationChangedAt: tx.now,
        updatedAt: tx.now,
      });
      tx.log({
        type: 'window.allocation_reverted',
        actor: 'system',
        source: 'scheduler',
        windowId: w.id,
        data: { before: w.allocation, after: back },
      });
      tx.windows.add(w.id);
      tx.queuesChanged = true;
    }
  }

  /** Pseudonymises personal fields of tickets ended (or issued) longer ago than the retention period. */
  applyRetention(): number {
    const r = this.deps.runner.run((tx) => {
      const cutoff = tx.now - this.deps.config.settings.retentionDays * 24 * 3600_000;
      const n = this.deps.tickets.pseudonymiseFinishedBefore(cutoff, tx.now);
      if (n > 0) tx.log({ type: 'hall.retention_applied', actor: DAY_ACTOR.id, source: 'retention', data: { tickets: n } });
      return ok(n);
    });
    return r.ok ? r.value : 0;
  }
}

function dayBefore(date: string): string {
  const t = Date.parse(`${date}T12:00:00Z`) - 24 * 3600_000;
  return new Date(t).toISOString().slice(0, 10);
}
