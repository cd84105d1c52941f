/**
 * Wait estimates: one model for every screen. The kiosk, the ticket reply and printed slip, the hall screen,
 * the phone page, the supervisor's table and the alert texts all read their figure from here, computed by
 * `core/estimator.ts` (`estimateWait`) from the same state, so the same queue shows the same figure at the
 * same moment.
 *
 * What the server feeds the estimator: the waiting tickets (each with its matters' expected time), each
 * window's current service (when it was called, the matter's own expected time), what the person signed in
 * may serve (skills ∩ certifications; open windows only), the dispatch settings, the last half hour's
 * arrival rates, today's closing time, the service-time means and spreads learned from the last three hours
 * (the configured priors weighted as five tickets), today's no-show share per category and how long a no-show
 * holds a window, and the cross-skill slowdown learned from the last 14 days (`core/hall-learning.ts`; the
 * dispatcher, the allocator and the what-if page run with the same figure).
 *
 * Caching: an estimate is kept per (category, priority class), and per waiting ticket for the phone page,
 * while the state it was computed from is unchanged (the category's waiting counts, the windows that may
 * serve it, the services in progress) and for at most `ESTIMATE_TTL_MS`. A ticket issued into a queue
 * changes its counts, so the next ticket's estimate is computed afresh: burst issuing grows with the queue.
 * The draws are seeded by the category, the class and the place in the queue (not by the clock), so a
 * ticket's estimate at issue and the phone page a moment later agree.
 */
import type { CategoryQueue, EpochMs, HallConfig, Priority, WaitEstimate } from '@hall/contract';
import { businessDate, localTimeToEpoch, serviceMinutesOf, spansOn } from '@hall/contract';
import { addDays } from '../core/appointment-rules.ts';
import type { TicketRepository } from '../db/ticket-repository.ts';
import {
  arrivalRatesPerHour,
  estimateWait,
  DEFAULT_SERVICE_CV,
  type ArrivalRates,
  type EstimateTicket,
  type EstimateWindow,
  type WaitRange,
} from '../core/estimator.ts';
import type { DispatchConfig, DispatchWindow, QueuedTicket } from '../core/queue-model.ts';
import { closingTime } from '../core/day-rules.ts';
import { callOutcome, learnCrossSkillSlowdown, learnNoShows, type LearnedNoShows, type LearnedSlowdown } from '../core/hall-learning.ts';
import { byQueueOrder } from '../core/dispatcher.ts';
import {
  learnRangeWidening,
  RANGE_HISTORY_DAYS,
  RANGE_WIDENING_TTL_MS,
  widenRange,
  type RangeWidening,
} from '../core/range-calibration.ts';
import type { HallReadModel } from './read-model.ts';

/** Cached estimates older than this are computed again. */
const ESTIMATE_TTL_MS = 15_000;
/** Configured prior weight, in tickets, against today's measured service times. */
const PRIOR_WEIGHT = 5;
/** The cross-skill slowdown is learned from this many days of services, re-read at most this often. */
const SLOWDOWN_HISTORY_DAYS = 14;
const SLOWDOWN_TTL_MS = 10 * 60_000;
/** Today's no-show figures are re-read at most this often. */
const NO_SHOW_TTL_MS = 60_000;
/**
 * How long a pause usually lasts, by the reason staff picked at the counter (counter-routes PAUSE_REASONS):
 * a paused window is expected back this long after it paused. Reasons without an entry (系统故障, 其他)
 * give no known return, and neither does a pause already longer than its usual length.
 */
const LUNCH = '午休';
const USUAL_PAUSE_MINUTES: Readonly<Record<string, number>> = { [LUNCH]: 60, 临时离开: 10, 业务咨询: 10 };

/** Today's opening spans as instants (the gaps between them are the hall's lunch break). */
interface DaySpans {
  readonly spans: readonly { readonly open: EpochMs; readonly close: EpochMs }[];
}

export interface WaitEstimatesDeps {
  config: HallConfig;
  tickets: TicketRepository;
  model: HallReadModel;
}

interface ServiceProfile {
  /** Mean minutes per category (prior blended with history). */
  readonly means: Record<string, number>;
  /** Coefficient of variation per category (prior 0.7 blended with history). */
  readonly cv: Record<string, number>;
  /** Learned ÷ configured mean per category: scales a matter's own configured time. */
  readonly ratio: Record<string, number>;
}

/** An estimate as shown, and the range the sampled replays gave before it was widened (null with a note). */
export interface ShownEstimate {
  readonly estimate: WaitEstimate;
  readonly sampled: { readonly low: number; readonly high: number } | null;
}

interface Cached extends ShownEstimate {
  readonly at: EpochMs;
  readonly key: string;
}

/**
 * The estimate to show: a figure's range widened by what the hall's record says its ranges need
 * (`core/range-calibration.ts`); a note is shown as it is.
 */
export function toShownEstimate(r: WaitRange, widening: RangeWidening): ShownEstimate {
  if (r.minutes === null || r.note !== undefined)
    return { estimate: { minutes: r.minutes, low: r.low, high: r.high, ...(r.note !== undefined ? { note: r.note } : {}) }, sampled: null };
  const shown = widenRange({ minutes: r.minutes, low: r.low, high: r.high }, widening);
  return { estimate: { minutes: r.minutes, low: shown.low, high: shown.high }, sampled: { low: r.low, high: r.high } };
}

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class WaitEstimates {
  private profile: { at: EpochMs; value: ServiceProfile } | null = null;
  private readonly cache = new Map<string, Cached>();
  private arrivals: { at: EpochMs; counts: Map<string, number> } | null = null;
  private rates: { at: EpochMs; rates: ArrivalRates } | null = null;
  private readonly serviceMinutesById: Map<string, { categoryId: string; minutes: number | undefined }>;
  private slowdown: { at: EpochMs; value: LearnedSlowdown } | null = null;
  private noShows: { at: EpochMs; value: LearnedNoShows } | null = null;
  private widening: { at: EpochMs; value: RangeWidening } | null = null;

  constructor(private readonly deps: WaitEstimatesDeps) {
    this.serviceMinutesById = new Map(deps.config.services.map((s) => [s.id, { categoryId: s.categoryId, minutes: s.serviceMinutes }]));
  }

  private get config(): HallConfig {
    return this.deps.config;
  }

  /** The dispatch settings the hall runs at `now`: its configured rules and the slowdown learned from its history. */
  dispatchConfig(now: EpochMs): DispatchConfig {
    return {
      priorityInterleave: this.config.settings.priorityInterleave,
      fairnessMaxWaitMs: this.config.settings.fairnessMaxWaitMinutes * 60_000,
      crossSkillSlowdown: this.crossSkillSlowdown(now).slowdown,
    };
  }

  /**
   * How much slower a window serves a category that is not its home: the last 14 days' services, each
   * category's cross-skill services against its home ones, blended with the prior 1.3 (`learnCrossSkillSlowdown`).
   */
  crossSkillSlowdown(now: EpochMs): LearnedSlowdown {
    if (this.slowdown && now - this.slowdown.at < SLOWDOWN_TTL_MS && now >= this.slowdown.at) return this.slowdown.value;
    const homes = new Map(this.config.windows.map((w) => [w.id, w.home]));
    const from = addDays(businessDate(now, this.config.hall.timeZone), -SLOWDOWN_HISTORY_DAYS);
    const samples = this.deps.tickets.servedAtWindows(from).flatMap((r) => {
      const home = homes.get(r.windowId);
      const minutes = serviceMinutesOf(r);
      return home === undefined || minutes === null || minutes >= 240
        ? []
        : [{ categoryId: r.categoryId, atHome: r.categoryId === home, minutes }];
    });
    const value = learnCrossSkillSlowdown(samples);
    this.slowdown = { at: now, value };
    return value;
  }

  /** Today's share of called tickets per category that ended 过号, and the minutes each held its window (`learnNoShows`). */
  noShowProfile(now: EpochMs): LearnedNoShows {
    if (this.noShows && now - this.noShows.at < NO_SHOW_TTL_MS && now >= this.noShows.at) return this.noShows.value;
    const outcomes = this.deps.tickets.callOutcomes(businessDate(now, this.config.hall.timeZone)).flatMap((r) => callOutcome(r) ?? []);
    const value = learnNoShows(
      outcomes,
      this.config.categories.map((c) => c.id),
    );
    this.noShows = { at: now, value };
    return value;
  }

  /**
   * How far each side of a range is stretched so that it holds the wait as often as it says: learned from the
   * last 14 days' and today's called tickets, what each was shown against what it waited (`learnRangeWidening`).
   */
  rangeWidening(now: EpochMs): RangeWidening {
    if (this.widening && now - this.widening.at < RANGE_WIDENING_TTL_MS && now >= this.widening.at) return this.widening.value;
    const from = addDays(businessDate(now, this.config.hall.timeZone), -RANGE_HISTORY_DAYS);
    const value = learnRangeWidening(this.deps.tickets.rangeRecords(from));
    this.widening = { at: now, value };
    return value;
  }

  private serviceProfile(now: EpochMs): ServiceProfile {
    if (this.profile && now - this.profile.at < 30_000 && now >= this.profile.at) return this.profile.value;
    const recent = this.deps.tickets.recentServed(now - 3 * 3600_000);
    const means: Record<string, number> = {};
    const cv: Record<string, number> = {};
    const ratio: Record<string, number> = {};
    for (const c of this.config.categories) {
      const own = recent
        .filter((r) => r.categoryId === c.id)
        .map(serviceMinutesOf)
        .filter((m): m is number => m !== null && m < 240)
        .slice(0, 50);
      const n = own.length;
      const sum = own.reduce((a, m) => a + m, 0);
      const mean = (c.defaultServiceMinutes * PRIOR_WEIGHT + sum) / (PRIOR_WEIGHT + n);
      means[c.id] = mean;
      ratio[c.id] = mean / c.defaultServiceMinutes;
      if (n >= 3) {
        const m = sum / n;
        const sd = Math.sqrt(own.reduce((a, x) => a + (x - m) ** 2, 0) / (n - 1));
        cv[c.id] = (DEFAULT_SERVICE_CV * PRIOR_WEIGHT + (m > 0 ? sd / m : DEFAULT_SERVICE_CV) * n) / (PRIOR_WEIGHT + n);
      } else cv[c.id] = DEFAULT_SERVICE_CV;
    }
    const value = { means, cv, ratio };
    this.profile = { at: now, value };
    return value;
  }

  /** Mean service minutes per category: the configured prior blended with the last three hours' services. */
  serviceMinutes(now: EpochMs): Record<string, number> {
    return this.serviceProfile(now).means;
  }

  /** Expected minutes of a ticket's matters: each matter's own configured time (scaled as its category runs today), else the category mean. */
  private matterMinutes(categoryId: string, serviceIds: readonly string[] | undefined, p: ServiceProfile): number {
    const mean = p.means[categoryId] ?? 10;
    if (!serviceIds || serviceIds.length === 0) return mean;
    let total = 0;
    for (const id of serviceIds) {
      const s = this.serviceMinutesById.get(id);
      total += s?.minutes !== undefined ? s.minutes * (p.ratio[s.categoryId] ?? 1) : (p.means[s?.categoryId ?? categoryId] ?? mean);
    }
    return total;
  }

  dispatchWindows(now: EpochMs): DispatchWindow[] {
    return this.deps.model.dispatchWindows(now, this.serviceMinutes(now));
  }

  /**
   * The dispatcher's windows plus what the estimator knows of each: the service in progress (since when,
   * the matter's own time), the hall's lunch gap ahead, and when a paused window is expected back.
   */
  private estimateWindows(now: EpochMs, p: ServiceProfile): EstimateWindow[] {
    const breaks = this.hallBreaks(now, this.daySpans(now));
    const slowdown = this.crossSkillSlowdown(now).slowdown;
    return this.deps.model.dispatchWindows(now, p.means).map((dw) => {
      const back = dw.isOpen ? undefined : this.expectedReturn(dw.id, now, breaks);
      const w: EstimateWindow = {
        ...dw,
        ...(breaks.length > 0 ? { plannedBreaks: breaks } : {}),
        ...(back !== undefined && dw.skills.length > 0 ? { pausedUntil: back } : {}),
      };
      const cur = this.deps.model.currentOf(w.id);
      if (!cur || !w.isOpen) return w;
      const since = cur.startedAt ?? cur.calledAt ?? now;
      const speed = cur.categoryId === w.home ? 1 : slowdown;
      return {
        ...w,
        isIdle: false,
        busySince: Math.min(now, since),
        currentCategoryId: cur.categoryId,
        currentServiceMinutes: this.matterMinutes(cur.categoryId, cur.serviceIds, p) * speed,
      };
    });
  }

  private waitingForEstimate(p: ServiceProfile): EstimateTicket[] {
    return this.deps.model.queued().map((t) => {
      const ids = (t as { serviceIds?: readonly string[] }).serviceIds;
      return { ...t, expectedServiceMinutes: this.matterMinutes(t.categoryId, ids, p) };
    });
  }

  private closeAt(now: EpochMs): EpochMs | null {
    return closingTime(this.config.hours, businessDate(now, this.config.hall.timeZone), this.config.hall.timeZone);
  }

  private daySpans(now: EpochMs): DaySpans {
    const tz = this.config.hall.timeZone;
    const date = businessDate(now, tz);
    return {
      spans: spansOn(this.config.hours, date).map((s) => ({
        open: localTimeToEpoch(date, s.open, tz),
        close: localTimeToEpoch(date, s.close, tz),
      })),
    };
  }

  /** The gaps between today's spans still ahead: the hall closes then, so no window calls (the lunch break). */
  private hallBreaks(now: EpochMs, day: DaySpans): { from: EpochMs; to: EpochMs }[] {
    const gaps: { from: EpochMs; to: EpochMs }[] = [];
    for (let i = 1; i < day.spans.length; i++) {
      const from = (day.spans[i - 1] as { close: EpochMs }).close;
      const to = (day.spans[i] as { open: EpochMs }).open;
      if (to > now && to > from) gaps.push({ from, to });
    }
    return gaps;
  }

  /**
   * When a paused window is expected back: its pause's usual length for the reason given, if not yet over;
   * a 午休 that overlaps the hall's lunch gap ends with the gap.
   */
  private expectedReturn(windowId: string, now: EpochMs, gaps: readonly { from: EpochMs; to: EpochMs }[]): EpochMs | undefined {
    const rec = this.deps.model.window(windowId);
    if (!rec || rec.status !== 'paused' || rec.pausedAt === null || rec.pauseReason === null) return undefined;
    const usual = USUAL_PAUSE_MINUTES[rec.pauseReason];
    if (usual === undefined) return undefined;
    let back = rec.pausedAt + usual * 60_000;
    if (rec.pauseReason === LUNCH) {
      const gap = gaps.find((g) => g.from < back && rec.pausedAt !== null && g.to > rec.pausedAt);
      if (gap !== undefined) back = gap.to;
    }
    return back > now ? back : undefined;
  }

  /** The last half hour's arrival rates; just after opening, over the time the hall has been open (as the simulator measures them). */
  private arrivalRates(now: EpochMs): ArrivalRates {
    if (!this.rates || now - this.rates.at > 30_000 || now < this.rates.at) {
      const opened = this.daySpans(now).spans.find((s) => s.open <= now)?.open;
      this.rates = {
        at: now,
        rates: arrivalRatesPerHour(this.deps.tickets.issuedSince(now - 30 * 60_000), now, opened !== undefined ? { since: opened } : {}),
      };
    }
    return this.rates.rates;
  }

  /** No ticket is issued after the current span closes (the lunch gap, or the day's close). */
  private arrivalsEndAt(now: EpochMs): EpochMs | undefined {
    return this.daySpans(now).spans.find((s) => s.close > now)?.close;
  }

  /** What the cached figure depends on besides the clock: the category's counts, its windows, the services in progress. */
  private stateKey(categoryId: string, windows: readonly EstimateWindow[]): string {
    const c = this.deps.model.waitingCount(categoryId);
    const ws = windows
      .filter((w) => w.skills.includes(categoryId))
      .map((w) => `${w.id}:${w.isOpen ? 1 : 0}${w.isIdle ? 'i' : ''}${w.busySince ?? ''}`)
      .join(',');
    return `${c.normal}/${c.priority}|${ws}`;
  }

  private compute(categoryId: string, priority: Priority, now: EpochMs, ticket: QueuedTicket | undefined, ahead: number): ShownEstimate {
    const p = this.serviceProfile(now);
    const windows = this.estimateWindows(now, p);
    const rates = this.arrivalRates(now);
    const close = this.closeAt(now);
    const arrivalsEnd = this.arrivalsEndAt(now) ?? close;
    const config = this.dispatchConfig(now);
    const noShows = this.noShowProfile(now);
    const r = estimateWait({
      categoryId,
      priority,
      ahead: [],
      windows,
      now,
      serviceMinutes: p.means,
      serviceCv: p.cv,
      crossSkillSlowdown: config.crossSkillSlowdown,
      waiting: this.waitingForEstimate(p),
      ...(ticket ? { ticket } : {}),
      policy: 'dynamic',
      config,
      noShowRate: noShows.rate,
      noShowTimeoutMinutes: noShows.timeoutMinutes,
      arrivalRatePerHour: rates.perHour,
      priorityShare: rates.priorityShare,
      seed: hash(`${categoryId}|${priority === 'normal' ? 'n' : 'p'}|${ahead}`),
      ...(arrivalsEnd !== null ? { arrivalsEndAt: arrivalsEnd } : {}),
      ...(close !== null ? { callsEndAt: close } : {}),
    });
    return toShownEstimate(r, this.rangeWidening(now));
  }

  private cachedOr(key: string, state: string, now: EpochMs, make: () => ShownEstimate): ShownEstimate {
    const c = this.cache.get(key);
    if (c && c.key === state && now - c.at < ESTIMATE_TTL_MS && now >= c.at) return c;
    const shown = make();
    this.cache.set(key, { at: now, key: state, ...shown });
    return shown;
  }

  /**
   * Refreshes the stalest categories' cached estimates (`count` per call, so no call blocks long). The
   * scheduler calls this every second and each refresh computes estimates afresh, so the figures learned
   * from history (the range widening and the cross-skill slowdown, each up to 20,000 rows) are re-read
   * here when they expire, not by the next citizen's ticket.
   */
  refresh(now: EpochMs, count = 1): void {
    const order = this.config.categories
      .map((c) => c.id)
      .sort((a, b) => (this.cache.get(`new:${a}:n`)?.at ?? -Infinity) - (this.cache.get(`new:${b}:n`)?.at ?? -Infinity));
    for (const id of order.slice(0, count)) {
      this.cache.delete(`new:${id}:n`);
      this.forNew(id, 'normal', now);
    }
  }

  /** People ahead of, and the estimate for, a ticket issued now (the kiosk, the reply, the slip, the queue figures). */
  forNew(categoryId: string, priority: Priority, now: EpochMs): { ahead: number } & ShownEstimate {
    const counts = this.deps.model.waitingCount(categoryId);
    const ahead = priority === 'normal' ? counts.normal + counts.priority : counts.priority;
    const windows = this.estimateWindows(now, this.serviceProfile(now));
    const cls = priority === 'normal' ? 'n' : 'p';
    const shown = this.cachedOr(`new:${categoryId}:${cls}`, this.stateKey(categoryId, windows), now, () =>
      this.compute(categoryId, priority, now, undefined, ahead),
    );
    return { ahead, estimate: shown.estimate, sampled: shown.sampled };
  }

  /** A waiting ticket's own place and estimate (the phone page): only the tickets before it count. */
  forWaiting(t: QueuedTicket, now: EpochMs): { ahead: number; estimate: WaitEstimate } {
    const before = this.deps.model
      .queued()
      .filter(
        (x) =>
          x.categoryId === t.categoryId &&
          x.targetWindowId === null &&
          x.id !== t.id &&
          byQueueOrder(x, t) < 0 &&
          (t.priority === 'normal' || x.priority !== 'normal'),
      ).length;
    const windows = this.estimateWindows(now, this.serviceProfile(now));
    const queued = this.deps.model.queued().find((x) => x.id === t.id) ?? t;
    const { estimate } = this.cachedOr(`ticket:${t.id}`, `${t.categoryId}|${before}|${this.stateKey(t.categoryId, windows)}`, now, () =>
      this.compute(t.categoryId, t.priority, now, queued, before),
    );
    if (this.cache.size > 2_000) this.pruneTickets(now);
    return { ahead: before, estimate };
  }

  private pruneTickets(now: EpochMs): void {
    for (const [k, v] of this.cache) if (k.startsWith('ticket:') && now - v.at > ESTIMATE_TTL_MS) this.cache.delete(k);
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
    return this.config.categories.map((c) => {
      const mine = waiting.filter((t) => t.categoryId === c.id);
      const oldest = mine.reduce((m, t) => Math.min(m, t.issuedAt), now);
      const est = this.forNew(c.id, 'normal', now).estimate;
      return {
        categoryId: c.id,
        waiting: mine.length,
        longestWaitMinutes: Math.round((now - oldest) / 60_000),
        estimatedWaitMinutes: est.minutes ?? 0,
        waitEstimate: est,
        arrivalsPerHour: arrivals.get(c.id) ?? 0,
        servingWindows: windows.filter((w) => w.isOpen && w.allocation.includes(c.id)).length,
      };
    });
  }
}
