/**
 * Estimated wait for a ticket (printed on the ticket, shown at the kiosk and on the hall display).
 *
 * Full mode (the server passes `waiting`): the estimator replays the hall forward with the very
 * dispatcher the server uses (`pickNext`), expected service times instead of real ones (and the expected
 * no-show losses), and the recent arrival rates as an evenly spaced stream of future tickets over the
 * next 15 minutes (priority ones among them overtake, as they will). The ticket's first projected call is
 * its estimate. Replaying the policy follows whatever it does (priority interleave, fairness limit,
 * cross-skill and idle help, generalized cμ) instead of a formula that would drift from it. Planned
 * lunch breaks (`plannedBreaks`) and paused windows coming back (`pausedUntil`) are respected.
 *
 * Why not more: a hall's waits are mostly the randomness of the services ahead (a 20-minute matter may
 * take 8 or 40), which no estimate removes. The projection is nearly unbiased on the shipped scenarios (under a minute); its
 * error shrinks with the number of services ahead (docs/simulation.md gives the figures). Things tried and
 * dropped because they did not help: projecting arrivals further ahead, replaying the allocator inside the
 * projection, blending with a throughput estimate (recent calls per category).
 *
 * Cost: the projection only involves windows within two certification hops of the ticket's category
 * and hands `pickNext` only the head of each queue (every policy decides from the heads; the dispatcher
 * tests check it), so one estimate in a 67-window hall takes about a millisecond.
 *
 * Simple mode (no `waiting`, the v1 input): the work ahead in the category shared among the open
 * windows that serve it now, plus the time until the first of them frees up.
 */
import type { EpochMs, Priority } from '@hall/contract';
import { pickNext } from './dispatcher.ts';
import { DEFAULT_DISPATCH_CONFIG, type DispatchConfig, type DispatchWindow, type PolicyName, type QueuedTicket } from './queue-model.ts';

export interface EstimateInput {
  readonly categoryId: string;
  readonly priority: QueuedTicket['priority'];
  /** Waiting tickets ahead of the new one in its category (the estimator does not filter). */
  readonly ahead: readonly QueuedTicket[];
  readonly windows: readonly DispatchWindow[];
  readonly now: EpochMs;
  readonly serviceMinutes: Readonly<Record<string, number>>;
  readonly crossSkillSlowdown: number;
  /**
   * Optional, turns on full mode: every waiting ticket of the hall, all categories. `ahead` is then
   * ignored. Windows should carry `isIdle` and, if known, `pausedUntil` and `plannedBreaks`.
   */
  readonly waiting?: readonly QueuedTicket[];
  /** Optional: the ticket being estimated (in `waiting` or not). Default: a new ticket issued `now`. */
  readonly ticket?: QueuedTicket;
  /** Optional: the dispatch policy the hall runs. Default `dynamic`. */
  readonly policy?: PolicyName;
  /** Optional: the dispatch settings the hall runs. Default DEFAULT_DISPATCH_CONFIG with `crossSkillSlowdown`. */
  readonly config?: DispatchConfig;
  /** Optional: recent arrivals per category, tickets per hour (`arrivalRatesPerHour`). Default: none expected. */
  readonly arrivalRatePerHour?: Readonly<Record<string, number>>;
  /** Optional: share (0–1) of each category's arrivals that are priority (green or appointment). */
  readonly priorityShare?: Readonly<Record<string, number>>;
  /** Optional: when ticket issuing stops today (hall close); no arrivals are projected after it. */
  readonly arrivalsEndAt?: EpochMs;
  /** Optional: share (0–1) of calls per category that end as no-shows. Default 0. */
  readonly noShowRate?: Readonly<Record<string, number>>;
  /** Optional: minutes a window loses on a no-show. Default 2. */
  readonly noShowTimeoutMinutes?: number;
}

/** Beyond this the projection stops and the simple estimate is used (nothing useful is that certain). */
const MAX_PROJECTION_MS = 10 * 3_600_000;
const MAX_PROJECTION_STEPS = 50_000;
/** Idle windows look again this often in the projection (time-dependent rules such as idle help). */
const REPOLL_MS = 60_000;
const ESTIMATE_ID = '\uffff-estimate';
/**
 * Projected arrivals stop this far ahead. A rate measured over the last half hour says little about the
 * hour after (a surge ends, lunch comes); beyond this horizon the projection assumes no new tickets,
 * which matters only for tickets that newer ones may overtake (priority, shared windows).
 */
const ARRIVAL_HORIZON_MS = 15 * 60_000;
/**
 * A busy window whose expected end has passed is still busy: services overrun. It is assumed to need
 * at least this much longer rather than to be free this instant.
 */
const MIN_RESIDUAL_MS = 60_000;

export function estimateWaitMinutes(input: EstimateInput): number {
  if (input.waiting !== undefined) {
    const projected = projectWaitMs(input);
    if (projected !== null) return Math.max(0, Math.round(projected / 60_000));
  }
  return simpleEstimate(input);
}

function simpleEstimate(input: EstimateInput): number {
  const mean = input.serviceMinutes[input.categoryId] ?? 10;
  const servers = input.windows.filter((w) => w.isOpen && (w.allocation.length > 0 ? w.allocation : [w.home]).includes(input.categoryId));
  if (servers.length === 0) return Math.round((input.ahead.length + 1) * mean);
  let capacity = 0;
  for (const w of servers) {
    const speed = w.home === input.categoryId ? 1 : 1 / input.crossSkillSlowdown;
    capacity += speed / Math.max(1, w.allocation.length);
  }
  const firstFree = Math.min(...servers.map((w) => Math.max(0, w.busyUntil - input.now))) / 60_000;
  const minutes = firstFree + (input.ahead.length * mean) / Math.max(capacity, 0.1);
  return Math.max(0, Math.round(minutes));
}

function byQueueOrder(a: QueuedTicket, b: QueuedTicket): number {
  return a.queuedAt - b.queuedAt || a.issuedAt - b.issuedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Every policy decides from the oldest ticket of each (category, class) queue and from tickets directed
 * at one window: a ticket behind another of its category and class is never chosen first. So the
 * projection hands `pickNext` only those heads (tested in estimator.test.ts against the full list).
 */
class ProjectedQueues {
  private readonly queues = new Map<string, { items: QueuedTicket[]; next: number }>();
  private readonly directed: QueuedTicket[] = [];

  constructor(tickets: readonly QueuedTicket[]) {
    for (const t of [...tickets].sort(byQueueOrder)) this.add(t);
  }

  private key(t: QueuedTicket): string {
    return `${t.categoryId}\u0000${t.priority === 'normal' ? 'n' : 'p'}`;
  }

  /** Appends in queue order (projected arrivals come later than everything already queued). */
  add(t: QueuedTicket): void {
    if (t.targetWindowId !== null) {
      this.directed.push(t);
      return;
    }
    const k = this.key(t);
    let q = this.queues.get(k);
    if (q === undefined) {
      q = { items: [], next: 0 };
      this.queues.set(k, q);
    }
    q.items.push(t);
  }

  heads(): QueuedTicket[] {
    const out = [...this.directed];
    for (const q of this.queues.values()) {
      const h = q.items[q.next];
      if (h !== undefined) out.push(h);
    }
    return out;
  }

  remove(t: QueuedTicket): void {
    if (t.targetWindowId !== null) {
      const i = this.directed.indexOf(t);
      if (i >= 0) this.directed.splice(i, 1);
      return;
    }
    const q = this.queues.get(this.key(t));
    if (q !== undefined && q.items[q.next] === t) q.next++;
  }

  isEmpty(): boolean {
    if (this.directed.length > 0) return false;
    for (const q of this.queues.values()) if (q.next < q.items.length) return false;
    return true;
  }
}

type MutableWindow = { -readonly [K in keyof DispatchWindow]: DispatchWindow[K] };

interface ProjectedWindow {
  readonly view: MutableWindow;
  readonly breaks: readonly { from: EpochMs; to: EpochMs }[];
  /** closed: paused or on a break until `at`; busy: serving until `at`; idle: looks again at `at`. */
  state: 'closed' | 'busy' | 'idle';
  at: EpochMs;
}

interface ArrivalStream {
  readonly categoryId: string;
  readonly gapMs: number;
  readonly share: number;
  k: number;
  nextAt: EpochMs;
}

/**
 * The windows that matter for a ticket of `categoryId`: those that may serve it, and those that may
 * serve any category the first ones may serve (they drain the queues the first ones also draw from).
 * Farther windows change the answer very little and would multiply the projection's cost in a big hall.
 */
function relevantWindows(windows: readonly DispatchWindow[], categoryId: string, policy: PolicyName): readonly DispatchWindow[] {
  if (policy === 'pooled') return windows;
  const serves = (w: DispatchWindow): readonly string[] => (policy === 'static' ? [w.home] : [w.home, ...w.skills, ...w.allocation]);
  const first = windows.filter((w) => serves(w).includes(categoryId));
  const reach = new Set(first.flatMap(serves));
  return windows.filter((w) => serves(w).some((c) => reach.has(c)));
}

/** Projects the ticket's wait in ms, or null when the projection cannot reach it (nobody serves it). */
function projectWaitMs(input: EstimateInput): number | null {
  const { now } = input;
  const policy = input.policy ?? 'dynamic';
  const config = input.config ?? { ...DEFAULT_DISPATCH_CONFIG, crossSkillSlowdown: input.crossSkillSlowdown };
  const noShowMs = (input.noShowTimeoutMinutes ?? 2) * 60_000;
  const target: QueuedTicket = input.ticket ?? {
    id: ESTIMATE_ID,
    categoryId: input.categoryId,
    priority: input.priority,
    issuedAt: now,
    queuedAt: now,
    targetWindowId: null,
  };
  const waiting = input.waiting ?? [];
  const queues = new ProjectedQueues(waiting.some((t) => t.id === target.id) ? waiting : [...waiting, target]);

  const windows: ProjectedWindow[] = relevantWindows(input.windows, target.categoryId, policy).map((w) => {
    const view: MutableWindow = { ...w };
    if (!w.isOpen)
      return {
        view,
        breaks: w.plannedBreaks ?? [],
        state: 'closed',
        at: w.pausedUntil !== undefined ? Math.max(now, w.pausedUntil) : Infinity,
      };
    const idle = w.isIdle ?? w.busyUntil <= now;
    return {
      view,
      breaks: w.plannedBreaks ?? [],
      state: idle ? 'idle' : 'busy',
      at: idle ? now : Math.max(now + MIN_RESIDUAL_MS, w.busyUntil),
    };
  });
  const views: DispatchWindow[] = windows.map((w) => w.view);
  const sync = (w: ProjectedWindow) => {
    w.view.isOpen = w.state !== 'closed';
    w.view.isIdle = w.state === 'idle';
    w.view.busyUntil = w.state === 'busy' ? w.at : Math.min(w.view.busyUntil, now);
  };
  windows.forEach(sync);

  const endAt = Math.min(input.arrivalsEndAt ?? Infinity, now + ARRIVAL_HORIZON_MS);
  const streams: ArrivalStream[] = [];
  for (const [categoryId, perHour] of Object.entries(input.arrivalRatePerHour ?? {})) {
    if (!(perHour > 0)) continue;
    const gapMs = 3_600_000 / perHour;
    const share = Math.min(1, Math.max(0, input.priorityShare?.[categoryId] ?? 0));
    streams.push({ categoryId, gapMs, share, k: 1, nextAt: now + gapMs });
  }
  const nextArrivalAt = () => {
    let t = Infinity;
    for (const s of streams) if (s.nextAt < t && s.nextAt <= endAt) t = s.nextAt;
    return t;
  };
  const admitArrivals = (until: EpochMs) => {
    for (const s of streams) {
      while (s.nextAt <= until && s.nextAt <= endAt) {
        // Evenly spread priority tickets: the k-th arrival is priority when k·share crosses an integer.
        const isPriority = Math.floor(s.k * s.share + 0.5) > Math.floor((s.k - 1) * s.share + 0.5);
        const priority: Priority = isPriority ? 'green' : 'normal';
        queues.add({
          id: `\uffff~${s.categoryId}~${s.k}`,
          categoryId: s.categoryId,
          priority,
          issuedAt: s.nextAt,
          queuedAt: s.nextAt,
          targetWindowId: null,
        });
        s.k++;
        s.nextAt = now + s.k * s.gapMs;
      }
    }
  };

  const occupancyMs = (w: DispatchWindow, categoryId: string): number => {
    const mean = (input.serviceMinutes[categoryId] ?? 10) * 60_000;
    const factor = policy === 'pooled' || categoryId === w.home ? 1 : Math.max(1, config.crossSkillSlowdown);
    const ns = Math.min(1, Math.max(0, input.noShowRate?.[categoryId] ?? 0));
    return (1 - ns) * mean * factor + ns * noShowMs;
  };

  for (let step = 0; step < MAX_PROJECTION_STEPS; step++) {
    let current: ProjectedWindow | null = null;
    for (const w of windows) if (current === null || w.at < current.at) current = w;
    if (current === null || !Number.isFinite(current.at) || current.at - now > MAX_PROJECTION_MS) return null;
    const t = current.at;
    admitArrivals(t);
    const inBreak = current.breaks.find((b) => b.from <= t && t < b.to);
    if (inBreak !== undefined) {
      current.state = 'closed';
      current.at = inBreak.to;
      sync(current);
      continue;
    }
    current.state = 'idle';
    current.at = t;
    sync(current);
    const pick = pickNext(policy, {
      window: current.view,
      waiting: queues.heads(),
      windows: views,
      now: t,
      config,
      serviceMinutes: input.serviceMinutes,
    });
    if (pick === null) {
      const next = nextArrivalAt();
      current.at = queues.isEmpty() ? next : Math.min(next, t + REPOLL_MS);
      continue;
    }
    if (pick.id === target.id) return t - now;
    queues.remove(pick);
    current.view.priorityStreak = pick.priority === 'normal' ? 0 : current.view.priorityStreak + 1;
    current.state = 'busy';
    current.at = t + occupancyMs(current.view, pick.categoryId);
    sync(current);
  }
  return null;
}

export interface IssuedRecord {
  readonly categoryId: string;
  readonly priority: Priority;
  readonly issuedAt: EpochMs;
}

export interface ArrivalRates {
  /** Tickets per hour per category over the look-back window. */
  readonly perHour: Record<string, number>;
  /** Share of those tickets that were priority (green or appointment). */
  readonly priorityShare: Record<string, number>;
}

/**
 * Recent arrival rates per category, for the estimator and the allocator: tickets issued in the last
 * `lookbackMinutes` (default 30) divided by the time observed, which is shorter just after opening
 * (`since`, but at least `minMinutes`, default 10, so the first ticket of the day is not read as a rush).
 */
export function arrivalRatesPerHour(
  issued: readonly IssuedRecord[],
  now: EpochMs,
  options: { readonly lookbackMinutes?: number; readonly since?: EpochMs; readonly minMinutes?: number } = {},
): ArrivalRates {
  const lookbackMs = (options.lookbackMinutes ?? 30) * 60_000;
  const from = Math.max(now - lookbackMs, options.since ?? -Infinity);
  const observedMin = Math.max(options.minMinutes ?? 10, (now - from) / 60_000);
  const counts = new Map<string, { all: number; priority: number }>();
  for (const r of issued) {
    if (r.issuedAt <= from || r.issuedAt > now) continue;
    const c = counts.get(r.categoryId) ?? { all: 0, priority: 0 };
    c.all++;
    if (r.priority !== 'normal') c.priority++;
    counts.set(r.categoryId, c);
  }
  const perHour: Record<string, number> = {};
  const priorityShare: Record<string, number> = {};
  for (const [id, c] of counts) {
    perHour[id] = (c.all / observedMin) * 60;
    priorityShare[id] = c.priority / c.all;
  }
  return { perHour, priorityShare };
}
