/**
 * Wait estimates: one model for every screen. The kiosk, the printed slip, the hall screen, the phone page,
 * the supervisor's table and the alert texts all read their figure from here, computed from the same
 * state, so the same queue shows the same figure at the same moment.
 *
 * The full estimator replays the hall with the production dispatcher (milliseconds with a long queue), so it
 * never runs inside a command: the scheduler refreshes one category at a time (`refresh`), and issuing and
 * queue figures read the cached value while it is fresh, falling back to the quick estimate.
 */
import type { CategoryQueue, EpochMs, HallConfig, Priority, WaitEstimate } from '@hall/contract';
import { serviceMinutesOf } from '@hall/contract';
import type { TicketRepository } from '../db/ticket-repository.ts';
import { arrivalRatesPerHour, estimateWaitMinutes, type ArrivalRates } from '../core/estimator.ts';
import type { DispatchConfig, DispatchWindow, QueuedTicket } from '../core/queue-model.ts';
import { closingTime } from '../core/day-rules.ts';
import { byQueueOrder } from '../core/dispatcher.ts';
import type { HallReadModel } from './read-model.ts';
import { businessDate } from '@hall/contract';

/** Cached full estimates older than this are not used. */
const ESTIMATE_TTL_MS = 15_000;
/** Configured prior weight, in tickets, against today's measured service times. */
const PRIOR_WEIGHT = 5;

export interface WaitEstimatesDeps {
  config: HallConfig;
  tickets: TicketRepository;
  model: HallReadModel;
}

export class WaitEstimates {
  private serviceCache: { at: EpochMs; value: Record<string, number> } | null = null;
  private readonly cache = new Map<string, { minutes: number; at: EpochMs }>();
  private arrivals: { at: EpochMs; counts: Map<string, number> } | null = null;
  private rates: { at: EpochMs; rates: ArrivalRates } | null = null;

  constructor(private readonly deps: WaitEstimatesDeps) {}

  private get config(): HallConfig {
    return this.deps.config;
  }

  dispatchConfig(): DispatchConfig {
    return {
      priorityInterleave: this.config.settings.priorityInterleave,
      fairnessMaxWaitMs: this.config.settings.fairnessMaxWaitMinutes * 60_000,
      crossSkillSlowdown: 1.3,
    };
  }

  /** Mean service minutes per category: the configured prior blended with the last three hours' services. */
  serviceMinutes(now: EpochMs): Record<string, number> {
    if (this.serviceCache && now - this.serviceCache.at < 30_000 && now >= this.serviceCache.at) return this.serviceCache.value;
    const recent = this.deps.tickets.recentServed(now - 3 * 3600_000);
    const value: Record<string, number> = {};
    for (const c of this.config.categories) {
      const own = recent
        .filter((r) => r.categoryId === c.id)
        .map(serviceMinutesOf)
        .filter((m): m is number => m !== null && m < 240)
        .slice(0, 50);
      const sum = own.reduce((a, m) => a + m, 0);
      value[c.id] = (c.defaultServiceMinutes * PRIOR_WEIGHT + sum) / (PRIOR_WEIGHT + own.length);
    }
    this.serviceCache = { at: now, value };
    return value;
  }

  dispatchWindows(now: EpochMs): DispatchWindow[] {
    return this.deps.model.dispatchWindows(now, this.serviceMinutes(now));
  }

  /** Whether any open window may serve the category now. */
  private anyOpenFor(categoryId: string, windows: readonly DispatchWindow[]): boolean {
    return windows.some((w) => w.isOpen && w.skills.includes(categoryId));
  }

  /** Quick estimate: the dispatcher's view of the tickets ahead and the windows that serve the category. */
  private quick(categoryId: string, priority: Priority, ahead: readonly QueuedTicket[], now: EpochMs, windows: readonly DispatchWindow[]) {
    return estimateWaitMinutes({
      categoryId,
      priority,
      ahead,
      windows,
      now,
      serviceMinutes: this.serviceMinutes(now),
      crossSkillSlowdown: this.dispatchConfig().crossSkillSlowdown,
    });
  }

  /** Full-mode estimate of a new normal ticket's wait in a category (what the simulator measures). */
  private full(categoryId: string, now: EpochMs): number {
    const waiting = this.deps.model.queued();
    const windows = this.dispatchWindows(now);
    if (!this.rates || now - this.rates.at > 30_000 || now < this.rates.at)
      this.rates = { at: now, rates: arrivalRatesPerHour(this.deps.tickets.issuedSince(now - 30 * 60_000), now) };
    const close = closingTime(this.config.hours, businessDate(now, this.config.hall.timeZone), this.config.hall.timeZone);
    return estimateWaitMinutes({
      categoryId,
      priority: 'normal',
      ahead: waiting.filter((t) => t.categoryId === categoryId && t.targetWindowId === null),
      windows,
      now,
      serviceMinutes: this.serviceMinutes(now),
      crossSkillSlowdown: this.dispatchConfig().crossSkillSlowdown,
      waiting,
      policy: 'dynamic',
      config: this.dispatchConfig(),
      arrivalRatePerHour: this.rates.rates.perHour,
      priorityShare: this.rates.rates.priorityShare,
      ...(close !== null ? { arrivalsEndAt: close } : {}),
    });
  }

  /** Refreshes the stalest categories' cached full estimates (`count` per call, so no call blocks long). */
  refresh(now: EpochMs, count = 1): void {
    const order = this.config.categories
      .map((c) => c.id)
      .sort((a, b) => (this.cache.get(a)?.at ?? -Infinity) - (this.cache.get(b)?.at ?? -Infinity));
    for (const id of order.slice(0, count)) this.cache.set(id, { minutes: this.full(id, now), at: now });
  }

  private cached(categoryId: string, now: EpochMs): number | null {
    const c = this.cache.get(categoryId);
    return c && now - c.at < ESTIMATE_TTL_MS && now >= c.at ? c.minutes : null;
  }

  /**
   * The estimate for a ticket with `ahead` in front of it: the point figure, an honest range, and a note
   * when no figure is honest (no open window may serve it; it will probably not be called before closing).
   */
  estimate(categoryId: string, priority: Priority, ahead: readonly QueuedTicket[], now: EpochMs, useCache: boolean): WaitEstimate {
    const windows = this.dispatchWindows(now);
    if (!this.anyOpenFor(categoryId, windows)) return { minutes: null, low: 0, high: 0, note: 'NO_OPEN_WINDOW' };
    const cached = useCache && priority === 'normal' ? this.cached(categoryId, now) : null;
    const minutes = Math.max(0, Math.round(cached ?? this.quick(categoryId, priority, ahead, now, windows)));
    const est: WaitEstimate = { minutes, low: Math.floor(minutes * 0.7), high: Math.ceil(minutes * 1.4 + 2) };
    const close = closingTime(this.config.hours, businessDate(now, this.config.hall.timeZone), this.config.hall.timeZone);
    if (close !== null && now + minutes * 60_000 > close) est.note = 'AFTER_CLOSE';
    return est;
  }

  /** People ahead of, and the estimate for, a ticket issued now. */
  forNew(categoryId: string, priority: Priority, now: EpochMs): { ahead: number; estimate: WaitEstimate } {
    const counts = this.deps.model.waitingCount(categoryId);
    const ahead = priority === 'normal' ? counts.normal + counts.priority : counts.priority;
    const queue = this.deps.model
      .queued()
      .filter((t) => t.categoryId === categoryId && t.targetWindowId === null && (priority === 'normal' || t.priority !== 'normal'));
    return { ahead, estimate: this.estimate(categoryId, priority, queue, now, true) };
  }

  /** A waiting ticket's own estimate (the phone page): only the tickets before it count. */
  forWaiting(t: QueuedTicket, now: EpochMs): { ahead: number; estimate: WaitEstimate } {
    const before = this.deps.model
      .queued()
      .filter(
        (x) =>
          x.categoryId === t.categoryId &&
          x.targetWindowId === null &&
          byQueueOrder(x, t) < 0 &&
          (t.priority === 'normal' || x.priority !== 'normal'),
      );
    return { ahead: before.length, estimate: this.estimate(t.categoryId, t.priority, before, now, false) };
  }

  /** Arrivals per category over the last hour (re-read at most every 10 s, counted up on each issue). */
  private arrivalsLastHour(now: EpochMs): Map<string, number> {
    if (!this.arrivals || now - this.arrivals.at > 10_000 || now < this.arrivals.at)
      this.arrivals = { at: now, counts: this.deps.tickets.arrivalsSince(now - 3600_000) };
    return this.arrivals.counts;
  }

  countArrival(categoryId: string): void {
    const counts = this.arrivals?.counts;
    if (counts) counts.set(categoryId, (counts.get(categoryId) ?? 0) + 1);
  }

  queueStats(now: EpochMs): CategoryQueue[] {
    const waiting = this.deps.model.queued();
    const arrivals = this.arrivalsLastHour(now);
    const windows = this.dispatchWindows(now);
    const byCategory = new Map<string, QueuedTicket[]>();
    for (const t of waiting) {
      if (t.targetWindowId !== null) continue;
      const list = byCategory.get(t.categoryId);
      if (list) list.push(t);
      else byCategory.set(t.categoryId, [t]);
    }
    return this.config.categories.map((c) => {
      const mine = byCategory.get(c.id) ?? [];
      const oldest = mine.reduce((m, t) => Math.min(m, t.issuedAt), now);
      const est = this.estimate(c.id, 'normal', mine, now, true);
      return {
        categoryId: c.id,
        waiting: waiting.filter((t) => t.categoryId === c.id).length,
        longestWaitMinutes: Math.round((now - oldest) / 60_000),
        estimatedWaitMinutes: est.minutes ?? 0,
        waitEstimate: est,
        arrivalsPerHour: arrivals.get(c.id) ?? 0,
        servingWindows: windows.filter((w) => w.isOpen && w.allocation.includes(c.id)).length,
      };
    });
  }
}
