/**
 * The hall-day simulator: a discrete-event simulation with a simulated clock that drives the production
 * dispatcher (`pickNext`), allocator (`proposeAllocation`) and estimator (`estimateWaitMinutes`), the
 * same functions the server calls, with the same kind of inputs the server builds.
 *
 * Randomness (seeded, sim/random.ts) is drawn up front, per ticket, from streams that do not depend on
 * the policy: arrival times, priority class, no-show, and a home-speed service time. So the four policies
 * see exactly the same citizens (common random numbers), and a policy comparison is not blurred by luck.
 *
 * Rules (docs/scenario-format.md):
 * - Poisson arrivals per scenario entry, only between day.open and day.close.
 * - A window calls as soon as it is free and a ticket is eligible for it; several free windows are asked
 *   longest-idle first (the neutral "next free agent" rule).
 * - Service is log-normal (mean, cv) at home speed, × crossSkillSlowdown outside home (never under
 *   `pooled`, where everyone works at home speed on every category).
 * - A break starts when it is due or, for a busy window, as soon as its current ticket ends; nothing is
 *   served until it ends. A called no-show costs the window noShowTimeoutMinutes.
 * - After close, windows serve until the queues are empty. Tickets nobody may serve (e.g. `static` with no
 *   home window for a category) end as unserved.
 * - Under `dynamic`, the allocator runs every 30 s and its proposals are applied (automatic mode).
 */
import { proposeAllocation, type AllocatorSettings, type AllocatorWindow, type CategoryLoad } from '../core/allocator.ts';
import { pickNext } from '../core/dispatcher.ts';
import { learnRangeWidening, RANGE_WIDENING_TTL_MS, widenRange, type RangeRecord, type RangeWidening } from '../core/range-calibration.ts';
import { arrivalRatesPerHour, estimateWait, type EstimateTicket, type EstimateWindow, type IssuedRecord } from '../core/estimator.ts';
import { DEFAULT_DISPATCH_CONFIG, type DispatchConfig, type PolicyName, type QueuedTicket } from '../core/queue-model.ts';
import type { Priority } from '@hall/contract';
import { exponential, logNormal, substream, type Rng } from './random.ts';
import { hhmmToMs, matterSpread, type MatterSpread, type Scenario } from './scenario.ts';

const MINUTE = 60_000;
/** How often the server runs the allocator. */
export const ALLOCATOR_PERIOD_MS = 30_000;
/** Arrival rates are measured over this look-back, as the server does. */
const RATE_LOOKBACK_MINUTES = 30;
/** The spread the diagnostic floor gives a service whose real length it is told (a log-normal needs some). */
const ORACLE_CV = 0.01;
/** Give up this long after close (only reachable when some category has nobody to serve it). */
const MAX_OVERTIME_MS = 12 * 60 * MINUTE;

export interface SimOptions {
  readonly seed?: number;
  /**
   * Test hook: draw service times from an exponential distribution with the category mean instead of
   * the log-normal (log-normal with cv 1 is not exponential, and the M/M/c checks need exponential).
   */
  readonly serviceDistribution?: 'lognormal' | 'exponential';
  /** Test hook: tickets placed by hand instead of Poisson arrivals (minutes since midnight). */
  readonly fixedArrivals?: readonly {
    readonly atMinute: number;
    readonly category: string;
    readonly priority?: Priority;
    readonly serviceMinutes?: number;
    /** Whether the citizen fails to come when called (default: drawn from the category's noShowRate). */
    readonly noShow?: boolean;
  }[];
  /** Dispatch settings; default DEFAULT_DISPATCH_CONFIG with the scenario's crossSkillSlowdown. */
  readonly dispatch?: Partial<DispatchConfig>;
  readonly allocator?: Partial<AllocatorSettings>;
  /** Skip the estimator (faster; predictedWaitMAE is then 0). */
  readonly skipEstimates?: boolean;
  /** Sampled replays per estimate (the range); default the estimator's. */
  readonly estimateSamples?: number;
  /**
   * Whether the estimator is told each ticket's matter time (scenarios with `matters`), as the server is.
   * Default true; false measures what that knowledge is worth on the same day.
   */
  readonly estimateMatters?: boolean;
  /**
   * Diagnostic only, never what a server knows: tell the estimator every service's real length (and which
   * calls are no-shows). What error is left is the part no service-time knowledge removes (arrivals to
   * come, the dispatch), the floor that `bench:estimates --floor` prints.
   */
  readonly estimateOracle?: boolean;
  /** Sample the queue length every this many minutes for charts (0 = no series). */
  readonly seriesEveryMinutes?: number;
  /**
   * Earlier days' estimate records (`rangeRecordsOf`), from which the range shown is widened as the
   * server widens it from its own history (`core/range-calibration.ts`). Today's called tickets are
   * added as the day runs. Default none: the day learns from itself alone.
   */
  readonly rangeHistory?: readonly RangeRecord[];
}

export interface TicketRecord {
  readonly id: string;
  readonly categoryId: string;
  readonly priority: Priority;
  readonly issuedAt: number;
  readonly estimateMinutes: number;
  /** The range given at issue (minutes) and its note (`estimateMinutes` is then the raw projection). */
  readonly estimateLow?: number;
  readonly estimateHigh?: number;
  /** The sampled replays' range before it was widened from the record (`core/range-calibration.ts`). */
  readonly estimateSampledLow?: number;
  readonly estimateSampledHigh?: number;
  /** The point as shown (whole minutes). */
  readonly estimateShown?: number;
  readonly estimateNote?: 'NO_OPEN_WINDOW' | 'AFTER_CLOSE';
  /** The expected-time replay alone (for comparing point figures). */
  readonly estimateExpected?: number;
  readonly calledAt: number | null;
  readonly windowId: string | null;
  readonly outcome: 'served' | 'no-show' | 'unserved';
}

export interface SimResult {
  readonly scenario: string;
  readonly policy: PolicyName;
  readonly seed: number;
  readonly tickets: readonly TicketRecord[];
  readonly reassignments: number;
  readonly allocationLog: readonly {
    readonly at: number;
    readonly windowId: string;
    readonly from: string[];
    readonly to: string[];
    readonly reason: string;
  }[];
  /** (minute of day, tickets waiting) samples when seriesEveryMinutes > 0. */
  readonly queueSeries: readonly (readonly [number, number])[];
}

interface PlannedTicket {
  readonly id: string;
  readonly categoryId: string;
  readonly priority: Priority;
  readonly at: number;
  readonly isNoShow: boolean;
  /** Service minutes at home speed (before any cross-skill slowdown). */
  readonly serviceMinutes: number;
  /** The ticket's matter, when the scenario lists its category's matters: what the server would know of it. */
  readonly matter?: { readonly id: string; readonly minutes: number; readonly cv: number };
}

interface LiveTicket {
  readonly plan: PlannedTicket;
  readonly queued: QueuedTicket;
  estimateMinutes: number;
  estimateLow?: number;
  estimateHigh?: number;
  estimateSampledLow?: number;
  estimateSampledHigh?: number;
  estimateShown?: number;
  estimateNote?: 'NO_OPEN_WINDOW' | 'AFTER_CLOSE';
  estimateExpected?: number;
  calledAt: number | null;
  windowId: string | null;
  outcome: TicketRecord['outcome'];
}

interface SimWindow {
  readonly id: string;
  readonly home: string;
  readonly skills: readonly string[];
  readonly breaks: readonly { from: number; to: number }[];
  state: 'idle' | 'busy' | 'break';
  /** Real end of the current service or break. */
  until: number;
  /** What the server would know: call time + expected service. */
  expectedUntil: number;
  /** What the server would know: when the current service was called, its category and matter. */
  busySince: number;
  currentCategory: string;
  currentMatter: PlannedTicket['matter'] | null;
  idleSince: number;
  /** A break fell due while busy: it starts when the current ticket ends and lasts until this. */
  pendingBreakTo: number | null;
  allocation: string[];
  lastChangedAt: number | null;
  priorityStreak: number;
}

type SimEvent =
  | { readonly at: number; readonly seq: number; readonly kind: 'arrival'; readonly ticket: PlannedTicket }
  | { readonly at: number; readonly seq: number; readonly kind: 'free'; readonly window: SimWindow }
  | { readonly at: number; readonly seq: number; readonly kind: 'break-start'; readonly window: SimWindow; readonly to: number }
  | { readonly at: number; readonly seq: number; readonly kind: 'break-end'; readonly window: SimWindow }
  | { readonly at: number; readonly seq: number; readonly kind: 'tick' }
  | { readonly at: number; readonly seq: number; readonly kind: 'sample' };

/** Binary min-heap on (at, seq): deterministic order for simultaneous events. */
class EventQueue {
  private readonly heap: SimEvent[] = [];
  private seq = 0;

  push(e: DistributiveOmit<SimEvent, 'seq'>): void {
    const item = { ...e, seq: this.seq++ } as SimEvent;
    const h = this.heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent] as SimEvent;
      if (!before(item, p)) break;
      h[i] = p;
      i = parent;
    }
    h[i] = item;
  }

  pop(): SimEvent | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined || h.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      let mv = last;
      const lv = h[l];
      const rv = h[r];
      if (lv !== undefined && before(lv, mv)) {
        m = l;
        mv = lv;
      }
      if (rv !== undefined && before(rv, mv)) {
        m = r;
        mv = rv;
      }
      if (m === i) break;
      h[i] = mv;
      i = m;
    }
    h[i] = last;
    return top;
  }

  get size(): number {
    return this.heap.length;
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function before(a: SimEvent, b: SimEvent): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/** Draws the day's citizens. Independent of the policy, so every policy meets the same people. */
export function planTickets(scenario: Scenario, seed: number, options: SimOptions = {}): PlannedTicket[] {
  const means = new Map(scenario.categories.map((c) => [c.id, c]));
  const serviceRng = substream(seed, 'service');
  // Matters are drawn from their own stream, so a scenario without matters draws exactly as before.
  const matterRng = substream(seed, 'matter');
  const matters = new Map<string, MatterSpread[]>();
  for (const c of scenario.categories) {
    const m = matterSpread(c);
    if (m) matters.set(c.id, m);
  }
  const drawMatter = (categoryId: string): MatterSpread | undefined => {
    const list = matters.get(categoryId);
    if (!list) return undefined;
    let u = matterRng.next();
    for (const m of list) {
      if (u < m.share) return m;
      u -= m.share;
    }
    return list[list.length - 1];
  };
  const drawService = (categoryId: string, rng: Rng): number => {
    const c = means.get(categoryId);
    if (c === undefined) return 10;
    return options.serviceDistribution === 'exponential'
      ? exponential(rng, c.serviceMinutes.mean)
      : logNormal(rng, c.serviceMinutes.mean, c.serviceMinutes.cv);
  };
  const raw: { at: number; categoryId: string; priority: Priority; serviceMinutes?: number; noShow?: boolean }[] = [];
  const fixed =
    options.fixedArrivals ??
    scenario.recorded?.map((r) => ({
      atMinute: r.atMinute,
      category: r.category,
      priority: r.priority,
      serviceMinutes: r.serviceMinutes,
      noShow: r.noShow,
    }));
  if (fixed) {
    for (const a of fixed) {
      raw.push({
        at: a.atMinute * MINUTE,
        categoryId: a.category,
        priority: a.priority ?? 'normal',
        ...(a.serviceMinutes !== undefined ? { serviceMinutes: a.serviceMinutes } : {}),
        ...(a.noShow !== undefined ? { noShow: a.noShow } : {}),
      });
    }
  } else {
    const open = hhmmToMs(scenario.day.open);
    const close = hhmmToMs(scenario.day.close);
    scenario.arrivals.forEach((a, i) => {
      if (a.perHour <= 0) return;
      const rng = substream(seed, `arrivals#${i}`);
      const from = Math.max(open, hhmmToMs(a.from));
      const to = Math.min(close, hhmmToMs(a.to));
      const gapMean = 60 / a.perHour;
      let t = hhmmToMs(a.from) + exponential(rng, gapMean) * MINUTE;
      while (t < hhmmToMs(a.to)) {
        const u = rng.next();
        if (t >= from && t < to) {
          const green = a.priority?.green ?? 0;
          const appointment = a.priority?.appointment ?? 0;
          const priority: Priority = u < green ? 'green' : u < green + appointment ? 'appointment' : 'normal';
          raw.push({ at: t, categoryId: a.category, priority });
        }
        t += exponential(rng, gapMean) * MINUTE;
      }
    });
  }
  raw.sort((a, b) => a.at - b.at || (a.categoryId < b.categoryId ? -1 : a.categoryId > b.categoryId ? 1 : 0));
  const noShowRng = substream(seed, 'no-show');
  const counters = new Map<string, number>();
  return raw.map((r) => {
    const n = (counters.get(r.categoryId) ?? 0) + 1;
    counters.set(r.categoryId, n);
    const noShowRate = means.get(r.categoryId)?.noShowRate ?? 0;
    const drawn = noShowRng.next() < noShowRate;
    const isNoShow = r.noShow ?? drawn;
    const matter = r.serviceMinutes === undefined ? drawMatter(r.categoryId) : undefined;
    const serviceMinutes =
      r.serviceMinutes ??
      (matter !== undefined && options.serviceDistribution !== 'exponential'
        ? logNormal(serviceRng, matter.minutes, matter.cv)
        : drawService(r.categoryId, serviceRng));
    return {
      id: `${r.categoryId}${String(n).padStart(3, '0')}`,
      categoryId: r.categoryId,
      priority: r.priority,
      at: r.at,
      isNoShow,
      serviceMinutes,
      ...(matter !== undefined ? { matter: { id: matter.id, minutes: matter.minutes, cv: matter.cv } } : {}),
    };
  });
}

export function simulate(scenario: Scenario, policy: PolicyName, options: SimOptions = {}): SimResult {
  const seed = options.seed ?? scenario.seed;
  const open = hhmmToMs(scenario.day.open);
  const close = hhmmToMs(scenario.day.close);
  const slowdown = scenario.crossSkillSlowdown;
  const noShowMs = scenario.noShowTimeoutMinutes * MINUTE;
  const config: DispatchConfig = { ...DEFAULT_DISPATCH_CONFIG, crossSkillSlowdown: slowdown, ...options.dispatch };
  const serviceMinutes: Record<string, number> = {};
  const noShowRate: Record<string, number> = {};
  const serviceCv: Record<string, number> = {};
  for (const c of scenario.categories) {
    serviceMinutes[c.id] = c.serviceMinutes.mean;
    serviceCv[c.id] = c.serviceMinutes.cv;
    noShowRate[c.id] = c.noShowRate;
  }

  const windows: SimWindow[] = scenario.windows.map((w) => ({
    id: w.id,
    home: w.home,
    skills: w.skills.includes(w.home) ? w.skills : [w.home, ...w.skills],
    breaks: w.breaks.map((b) => ({ from: hhmmToMs(b.from), to: hhmmToMs(b.to) })).sort((a, b) => a.from - b.from),
    state: 'idle',
    until: open,
    expectedUntil: open,
    busySince: open,
    currentCategory: w.home,
    currentMatter: null,
    idleSince: open,
    pendingBreakTo: null,
    allocation: [w.home],
    lastChangedAt: null,
    priorityStreak: 0,
  }));

  const events = new EventQueue();
  const planned = planTickets(scenario, seed, options);
  for (const t of planned) events.push({ at: t.at, kind: 'arrival', ticket: t });
  for (const w of windows) for (const b of w.breaks) events.push({ at: b.from, kind: 'break-start', window: w, to: b.to });
  if (policy === 'dynamic') events.push({ at: open, kind: 'tick' });
  const seriesEvery = (options.seriesEveryMinutes ?? 0) * MINUTE;
  if (seriesEvery > 0) events.push({ at: open, kind: 'sample' });

  const live: LiveTicket[] = [];
  // Waiting tickets, and the same tickets as the dispatcher sees them (kept in step to avoid copies).
  const waiting: LiveTicket[] = [];
  const waitingQueued: QueuedTicket[] = [];
  const issued: IssuedRecord[] = [];
  const allocationLog: { at: number; windowId: string; from: string[]; to: string[]; reason: string }[] = [];
  const queueSeries: [number, number][] = [];
  let reassignments = 0;
  let now = open;

  const isAvailable = (w: SimWindow) => w.state === 'idle';
  /** The current service's matter time at the window's speed, as the server knows it (not its real length). */
  const currentMatterOf = (w: SimWindow) => {
    const m = w.currentMatter;
    if (!m || options.estimateMatters === false) return {};
    const factor = policy === 'pooled' || w.currentCategory === w.home ? 1 : slowdown;
    return { currentServiceMinutes: m.minutes * factor, currentServiceCv: m.cv };
  };
  const view = (w: SimWindow): EstimateWindow => ({
    id: w.id,
    skills: w.skills,
    home: w.home,
    allocation: policy === 'dynamic' ? w.allocation : [w.home],
    priorityStreak: w.priorityStreak,
    isOpen: w.state !== 'break',
    busyUntil: w.state === 'busy' ? w.expectedUntil : now,
    isIdle: w.state === 'idle',
    ...(w.state === 'busy' ? { busySince: w.busySince, currentCategoryId: w.currentCategory, ...currentMatterOf(w) } : {}),
    ...(w.state === 'break' ? { pausedUntil: w.until } : {}),
    plannedBreaks: w.breaks,
  });

  /** What the range shown learns from: earlier days' records and today's called tickets, re-learned as the server does. */
  const todaysRecords: RangeRecord[] = [];
  let learnedWidening: { at: number; value: RangeWidening } | null = null;
  const widening = (): RangeWidening => {
    if (learnedWidening === null || now - learnedWidening.at >= RANGE_WIDENING_TTL_MS)
      learnedWidening = { at: now, value: learnRangeWidening([...(options.rangeHistory ?? []), ...todaysRecords]) };
    return learnedWidening.value;
  };

  const startService = (w: SimWindow, t: LiveTicket) => {
    lastProgressAt = now;
    t.calledAt = now;
    t.windowId = w.id;
    if (t.estimateShown !== undefined && t.estimateSampledLow !== undefined && t.estimateSampledHigh !== undefined)
      todaysRecords.push({
        minutes: t.estimateShown,
        low: t.estimateSampledLow,
        high: t.estimateSampledHigh,
        waitedMinutes: (now - t.plan.at) / MINUTE,
      });
    w.priorityStreak = t.plan.priority === 'normal' ? 0 : w.priorityStreak + 1;
    const isHome = policy === 'pooled' || t.plan.categoryId === w.home;
    const factor = isHome ? 1 : slowdown;
    const expected = (serviceMinutes[t.plan.categoryId] ?? 10) * factor * MINUTE;
    let duration: number;
    if (t.plan.isNoShow) {
      t.outcome = 'no-show';
      duration = noShowMs;
    } else {
      t.outcome = 'served';
      duration = t.plan.serviceMinutes * factor * MINUTE;
    }
    w.state = 'busy';
    w.until = now + duration;
    // What the server knows at the call: the expected service; a no-show only shows when it times out.
    w.expectedUntil = now + expected;
    w.busySince = now;
    w.currentCategory = t.plan.categoryId;
    w.currentMatter = t.plan.matter ?? null;
    events.push({ at: w.until, kind: 'free', window: w });
  };

  /** Lets free windows call until nobody takes anything (a call changes what the others see). */
  const dispatch = () => {
    if (waiting.length === 0) return;
    for (;;) {
      const free = windows.filter(isAvailable).sort((a, b) => a.idleSince - b.idleSince);
      if (free.length === 0) return;
      let called = false;
      const views = windows.map(view);
      for (const w of free) {
        if (waiting.length === 0) return;
        const i = windows.indexOf(w);
        const pick = pickNext(policy, { window: views[i] ?? view(w), waiting: waitingQueued, windows: views, now, config, serviceMinutes });
        if (pick === null) continue;
        const idx = waitingQueued.indexOf(pick);
        const ticket = waiting[idx];
        if (ticket === undefined) throw new Error(`policy ${policy} returned a ticket that is not waiting`);
        if (!(policy === 'pooled' || w.skills.includes(pick.categoryId)))
          throw new Error(`policy ${policy} broke certification: ${pick.categoryId} at ${w.id}`);
        waiting.splice(idx, 1);
        waitingQueued.splice(idx, 1);
        startService(w, ticket);
        views[i] = view(w);
        called = true;
      }
      if (!called) return;
    }
  };

  // Rates over the last 30 minutes, as the server measures them; recomputed once per simulated instant
  // over the tickets of the last half hour only.
  let recentFrom = 0;
  let ratesAt = -1;
  let ratesValue: ReturnType<typeof arrivalRatesPerHour> = { perHour: {}, priorityShare: {} };
  const rates = () => {
    if (ratesAt !== now) {
      while (recentFrom < issued.length && (issued[recentFrom]?.issuedAt ?? now) <= now - RATE_LOOKBACK_MINUTES * MINUTE) recentFrom++;
      ratesValue = arrivalRatesPerHour(issued.slice(recentFrom), now, { since: open, lookbackMinutes: RATE_LOOKBACK_MINUTES });
      ratesAt = now;
    }
    return ratesValue;
  };

  const runAllocator = () => {
    const r = rates();
    const byCat = new Map<string, LiveTicket[]>();
    for (const t of waiting) {
      const list = byCat.get(t.plan.categoryId) ?? [];
      list.push(t);
      byCat.set(t.plan.categoryId, list);
    }
    const categories: CategoryLoad[] = scenario.categories.map((c) => {
      const q = byCat.get(c.id) ?? [];
      const oldest = q.reduce((m, t) => Math.min(m, t.queued.queuedAt), now);
      return {
        id: c.id,
        queueLength: q.length,
        arrivalRatePerHour: now < close ? (r.perHour[c.id] ?? 0) : 0,
        meanServiceMinutes: c.serviceMinutes.mean,
        oldestWaitMinutes: (now - oldest) / MINUTE,
      };
    });
    const aw: AllocatorWindow[] = windows.map((w) => ({
      id: w.id,
      skills: w.skills,
      home: w.home,
      allocation: w.allocation,
      isOpen: w.state !== 'break',
      pinned: false,
      lastChangedAt: w.lastChangedAt,
      ...(w.state === 'break' ? { pausedUntil: w.until } : {}),
    }));
    const changes = proposeAllocation({
      now,
      windows: aw,
      categories,
      crossSkillSlowdown: slowdown,
      ...(options.allocator ? { hysteresis: options.allocator } : {}),
    });
    for (const c of changes) {
      const w = windows.find((x) => x.id === c.windowId);
      if (w === undefined) continue;
      if (c.to.some((cat) => !w.skills.includes(cat))) throw new Error(`allocator broke certification at ${w.id}`);
      w.allocation = [...c.to];
      w.lastChangedAt = now;
      reassignments++;
      lastProgressAt = now;
      allocationLog.push({ at: now, windowId: c.windowId, from: c.from, to: c.to, reason: c.reason });
    }
  };

  const estimate = (t: LiveTicket) => {
    const r = rates();
    const oracle = options.estimateOracle === true;
    const views = oracle ? windows.map(oracleView) : windows.map(view);
    const queued = oracle ? waiting.map(oracleTicket) : waitingQueued;
    return estimateWait({
      categoryId: t.plan.categoryId,
      priority: t.plan.priority,
      ahead: queued.filter((q) => q.categoryId === t.plan.categoryId && q !== t.queued),
      windows: views,
      now,
      serviceMinutes,
      crossSkillSlowdown: slowdown,
      waiting: queued,
      ticket: oracle ? (queued.find((q) => q.id === t.queued.id) ?? t.queued) : t.queued,
      policy,
      config,
      arrivalRatePerHour: r.perHour,
      priorityShare: r.priorityShare,
      arrivalsEndAt: close,
      noShowRate: oracle ? {} : noShowRate,
      noShowTimeoutMinutes: scenario.noShowTimeoutMinutes,
      serviceCv,
      callsEndAt: close,
      ...(options.estimateSamples !== undefined ? { samples: options.estimateSamples } : {}),
    });
  };

  /** The diagnostic floor's views: the real remaining service, almost no spread. */
  const oracleView = (w: SimWindow): EstimateWindow => {
    const v = view(w);
    return w.state === 'busy' ? { ...v, currentServiceMinutes: (w.until - w.busySince) / MINUTE, currentServiceCv: ORACLE_CV } : v;
  };
  // A no-show is told as its timeout (the estimator stretches it by the slowdown at a cross-skill window).
  const oracleTicket = (x: LiveTicket): EstimateTicket => ({
    ...x.queued,
    expectedServiceMinutes: x.plan.isNoShow ? scenario.noShowTimeoutMinutes : x.plan.serviceMinutes,
    expectedServiceCv: ORACLE_CV,
  });

  // After close the day goes on while someone is serving or on a break, or while waiting tickets still
  // find takers; once nothing has happened for two allocator periods, the rest stay unserved (e.g.
  // `static` with no home window for a category).
  let lastProgressAt = open;
  const goesOn = () =>
    now < close || windows.some((w) => w.state !== 'idle') || (waiting.length > 0 && now - lastProgressAt <= 2 * ALLOCATOR_PERIOD_MS);

  for (;;) {
    const e = events.pop();
    if (e === undefined) break;
    now = e.at;
    if (now > close + MAX_OVERTIME_MS) break;
    switch (e.kind) {
      case 'arrival': {
        const p = e.ticket;
        // With its matter's expected time, as the server's waiting tickets carry it (never the real service time).
        const queued: EstimateTicket = {
          id: p.id,
          categoryId: p.categoryId,
          priority: p.priority,
          issuedAt: p.at,
          queuedAt: p.at,
          targetWindowId: null,
          ...(p.matter !== undefined && options.estimateMatters !== false
            ? { expectedServiceMinutes: p.matter.minutes, expectedServiceCv: p.matter.cv }
            : {}),
        };
        const t: LiveTicket = { plan: p, queued, estimateMinutes: 0, calledAt: null, windowId: null, outcome: 'unserved' };
        live.push(t);
        issued.push({ categoryId: p.categoryId, priority: p.priority, issuedAt: p.at });
        ratesAt = -1;
        waiting.push(t);
        waitingQueued.push(queued);
        // The estimate printed on the ticket: computed when it is issued, before anyone calls it.
        if (!options.skipEstimates) {
          const est = estimate(t);
          t.estimateMinutes = est.projectedMinutes ?? est.minutes ?? 0;
          t.estimateLow = est.low;
          t.estimateHigh = est.high;
          if (est.minutes !== null) {
            const shown = widenRange({ minutes: est.minutes, low: est.low, high: est.high }, widening());
            t.estimateShown = est.minutes;
            t.estimateSampledLow = est.low;
            t.estimateSampledHigh = est.high;
            t.estimateLow = shown.low;
            t.estimateHigh = shown.high;
          }
          if (est.note !== undefined) t.estimateNote = est.note;
          if (est.expectedMinutes !== null) t.estimateExpected = est.expectedMinutes;
        }
        dispatch();
        break;
      }
      case 'free': {
        const w = e.window;
        if (w.state !== 'busy' || w.until !== now) break;
        if (w.pendingBreakTo !== null && w.pendingBreakTo > now) {
          w.state = 'break';
          w.until = w.pendingBreakTo;
          w.pendingBreakTo = null;
          events.push({ at: w.until, kind: 'break-end', window: w });
        } else {
          w.pendingBreakTo = null;
          w.state = 'idle';
          w.idleSince = now;
        }
        dispatch();
        break;
      }
      case 'break-start': {
        const w = e.window;
        if (w.state === 'idle') {
          w.state = 'break';
          w.until = e.to;
          events.push({ at: e.to, kind: 'break-end', window: w });
        } else if (w.state === 'busy') {
          w.pendingBreakTo = Math.max(w.pendingBreakTo ?? 0, e.to);
        } else {
          w.until = Math.max(w.until, e.to);
          events.push({ at: w.until, kind: 'break-end', window: w });
        }
        break;
      }
      case 'break-end': {
        const w = e.window;
        if (w.state !== 'break' || w.until !== now) break;
        w.state = 'idle';
        w.idleSince = now;
        dispatch();
        break;
      }
      case 'tick': {
        runAllocator();
        dispatch();
        if (goesOn()) events.push({ at: now + ALLOCATOR_PERIOD_MS, kind: 'tick' });
        break;
      }
      case 'sample': {
        queueSeries.push([now / MINUTE, waiting.length]);
        if (goesOn()) events.push({ at: now + seriesEvery, kind: 'sample' });
        break;
      }
      default: {
        const never: never = e;
        throw new Error(`unknown event ${String(never)}`);
      }
    }
  }

  return {
    scenario: scenario.name,
    policy,
    seed,
    tickets: live.map((t) => ({
      id: t.plan.id,
      categoryId: t.plan.categoryId,
      priority: t.plan.priority,
      issuedAt: t.plan.at,
      estimateMinutes: t.estimateMinutes,
      ...(t.estimateLow !== undefined ? { estimateLow: t.estimateLow, estimateHigh: t.estimateHigh ?? t.estimateLow } : {}),
      ...(t.estimateShown !== undefined
        ? { estimateShown: t.estimateShown, estimateSampledLow: t.estimateSampledLow, estimateSampledHigh: t.estimateSampledHigh }
        : {}),
      ...(t.estimateNote !== undefined ? { estimateNote: t.estimateNote } : {}),
      ...(t.estimateExpected !== undefined ? { estimateExpected: t.estimateExpected } : {}),
      calledAt: t.calledAt,
      windowId: t.windowId,
      outcome: t.outcome,
    })),
    reassignments,
    allocationLog,
    queueSeries,
  };
}
