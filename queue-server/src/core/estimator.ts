/**
 * Wait estimates (printed on the ticket, shown at the kiosk, on the hall screen, on the phone page, in the
 * supervisor's table and alert texts). Pure: the server and the simulator call the same functions.
 *
 * `estimateWait` (the full estimate) replays the hall forward with the very dispatcher the server uses
 * (`pickNext`): the services in progress, the tickets waiting (with their own expected service times when
 * known), the recent arrival rates as an evenly spaced stream over the next 15 minutes (priority arrivals
 * overtake, as they will), the lunch rota and paused windows coming back. The ticket's first projected call
 * is its wait. Replaying the policy follows whatever it does (priority interleave, fairness limit,
 * cross-skill and idle help, cμ) instead of a formula that would drift from it.
 *
 * It runs that replay once with expected times (the point) and `samples` times more with service times
 * drawn from each matter's distribution (log-normal with the category's cv), a service in progress drawn
 * on condition that it has already run as long as it has (`busySince`): the spread of those replays is the
 * range (`rangeQuantiles`, default the 10th and 90th percentiles), and their median the point figure (the
 * median is the figure with the least absolute error). The draws are seeded from the inputs, so the same
 * state gives the same figure on every screen.
 *
 * Notes instead of numbers: `NO_OPEN_WINDOW` when no open window (nor a paused one known to come back) may
 * serve the category; `AFTER_CLOSE` when in most replays the ticket is not called before `callsEndAt` (the
 * hall's closing). In both cases `minutes` is null; `projectedMinutes` keeps the raw figure for measurement.
 *
 * Cost: the replay only involves windows within two certification hops of the ticket's category and
 * hands `pickNext` only the head of each queue and the queue lengths (every policy decides from those;
 * the dispatcher tests check it): about a millisecond per replay in a 67-window hall.
 *
 * `estimateWaitMinutes` is the older call: without `waiting` (the v1 input) the work ahead shared among
 * the windows that serve the category now, plus the time until the first of them frees up; with
 * `waiting`, the expected-time replay alone.
 */
import type { EpochMs, Priority } from '@hall/contract';
import { pickNext } from './dispatcher.ts';
import { DEFAULT_DISPATCH_CONFIG, type DispatchConfig, type DispatchWindow, type PolicyName, type QueuedTicket } from './queue-model.ts';

/** A window as the estimator sees it: the dispatcher's view plus what it knows of the service in progress. */
export interface EstimateWindow extends DispatchWindow {
  /** When the current service started (called or started), if one is in progress. */
  readonly busySince?: EpochMs;
  /**
   * Expected minutes of the current service at this window's speed (the matter's own time). Default:
   * `busyUntil − busySince`, or the category mean when `busySince` is unknown.
   */
  readonly currentServiceMinutes?: number;
  /** The category of the current service (its cv). Default the window's home. */
  readonly currentCategoryId?: string;
  /** Spread (cv) of the current service around `currentServiceMinutes`. Default the category's cv. */
  readonly currentServiceCv?: number;
}

/** A waiting ticket as the estimator sees it: optionally its own expected service minutes (its matters). */
export interface EstimateTicket extends QueuedTicket {
  readonly expectedServiceMinutes?: number;
  /**
   * Spread (cv) of this ticket's service around `expectedServiceMinutes`: smaller than the category's
   * when the matters are known (the category's cv also holds the spread between its matters).
   * Default the category's cv.
   */
  readonly expectedServiceCv?: number;
}

export interface EstimateInput {
  readonly categoryId: string;
  readonly priority: QueuedTicket['priority'];
  /** Waiting tickets ahead of the new one in its category (simple mode only). */
  readonly ahead: readonly QueuedTicket[];
  readonly windows: readonly EstimateWindow[];
  readonly now: EpochMs;
  /** Mean service minutes per category at home speed. */
  readonly serviceMinutes: Readonly<Record<string, number>>;
  readonly crossSkillSlowdown: number;
  /**
   * Every waiting ticket of the hall, all categories (turns on the replay in `estimateWaitMinutes`;
   * `estimateWait` treats a missing list as empty). Windows should carry `isIdle` and, if known,
   * `busySince`, `pausedUntil` and `plannedBreaks`.
   */
  readonly waiting?: readonly EstimateTicket[];
  /** Optional: the ticket being estimated (in `waiting` or not). Default: a new ticket issued `now`. */
  readonly ticket?: EstimateTicket;
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
  /** Optional: coefficient of variation of service times per category. Default `DEFAULT_SERVICE_CV`. */
  readonly serviceCv?: Readonly<Record<string, number>>;
  /** Optional: no call is made after this (the hall closes); a ticket probably not called by then is AFTER_CLOSE. */
  readonly callsEndAt?: EpochMs;
  /** Optional: sampled replays for the range. Default `DEFAULT_SAMPLES`; 0 gives the expected-time replay only. */
  readonly samples?: number;
  /** Optional: seed of the sampled replays. Default: derived from the inputs (the clock included). */
  readonly seed?: number;
  /** Optional: the range's quantiles. Default [0.1, 0.9]. */
  readonly rangeQuantiles?: readonly [number, number];
}

export type WaitNoteCode = 'NO_OPEN_WINDOW' | 'AFTER_CLOSE';

export interface WaitRange {
  /** Point figure in whole minutes; null with a note. */
  readonly minutes: number | null;
  /** The range in whole minutes (0, 0 with NO_OPEN_WINDOW). */
  readonly low: number;
  readonly high: number;
  readonly note?: WaitNoteCode;
  /** The point figure even when a note hides it (minutes, unrounded), or null when no replay reached the ticket. */
  readonly projectedMinutes: number | null;
  /** Share of replays in which the ticket is called before `callsEndAt` (1 without it). */
  readonly calledBeforeCloseShare: number;
  /** The expected-time replay alone (minutes, unrounded; null when it cannot reach the ticket). */
  readonly expectedMinutes: number | null;
}

/** Service-time spread assumed when the hall has no measured one (county hall services run 0.5–0.8). */
export const DEFAULT_SERVICE_CV = 0.7;
export const DEFAULT_SAMPLES = 24;

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
/** A service in progress is assumed to need at least this much longer (it has not ended yet). */
const MIN_RESIDUAL_MS = 30_000;

export function estimateWaitMinutes(input: EstimateInput): number {
  if (input.waiting !== undefined) {
    const projected = project(input, expectedDraw(input));
    if (projected !== null) return Math.max(0, Math.round(projected / 60_000));
  }
  return simpleEstimate(input);
}

/** Whether any window that is open, or paused and known to come back, may serve the category. */
export function anyWindowMayServe(windows: readonly DispatchWindow[], categoryId: string, policy: PolicyName = 'dynamic'): boolean {
  return windows.some(
    (w) =>
      (w.isOpen || w.pausedUntil !== undefined) &&
      (policy === 'static' ? w.home === categoryId : policy === 'pooled' || w.skills.includes(categoryId) || w.home === categoryId),
  );
}

/** The full estimate: a point, an honest range, or a note instead of a number (see the file comment). */
export function estimateWait(input: EstimateInput): WaitRange {
  const policy = input.policy ?? 'dynamic';
  if (!anyWindowMayServe(input.windows, input.categoryId, policy))
    return {
      minutes: null,
      low: 0,
      high: 0,
      note: 'NO_OPEN_WINDOW',
      projectedMinutes: null,
      calledBeforeCloseShare: 0,
      expectedMinutes: null,
    };
  const full: EstimateInput = { ...input, waiting: input.waiting ?? [] };
  const expected = project(full, expectedDraw(full));
  const samples = Math.max(0, Math.floor(input.samples ?? DEFAULT_SAMPLES));
  const rng = mulberry32(input.seed ?? seedOf(full));
  const draws: number[] = [];
  for (let i = 0; i < samples; i++) {
    const ms = project(full, sampledDraw(full, rng));
    draws.push(ms === null ? Infinity : ms);
  }
  draws.sort((a, b) => a - b);
  const end = input.callsEndAt;
  const expectedMinutes = expected === null ? null : expected / 60_000;
  const pointMs = draws.length > 0 ? quantile(draws, 0.5) : (expected ?? Infinity);
  if (!Number.isFinite(pointMs)) {
    // No replay reached the ticket within ten hours: honest only as "not today".
    return { minutes: null, low: 0, high: 0, note: 'AFTER_CLOSE', projectedMinutes: null, calledBeforeCloseShare: 0, expectedMinutes };
  }
  const [qLow, qHigh] = input.rangeQuantiles ?? [0.1, 0.9];
  const lowMs = draws.length > 0 ? quantile(draws, qLow) : pointMs;
  const highMs = draws.length > 0 ? quantile(draws, qHigh) : pointMs;
  const share =
    end === undefined
      ? 1
      : draws.length > 0
        ? draws.filter((ms) => input.now + ms <= end).length / draws.length
        : input.now + pointMs <= end
          ? 1
          : 0;
  const minutes = Math.max(0, Math.round(pointMs / 60_000));
  const low = Math.min(minutes, Math.max(0, Math.floor(lowMs / 60_000)));
  const high = Number.isFinite(highMs)
    ? Math.max(minutes, Math.ceil(highMs / 60_000))
    : Math.max(minutes, Math.ceil(MAX_PROJECTION_MS / 60_000));
  if (end !== undefined && share < 0.5)
    return {
      minutes: null,
      low,
      high,
      note: 'AFTER_CLOSE',
      projectedMinutes: pointMs / 60_000,
      calledBeforeCloseShare: share,
      expectedMinutes,
    };
  return { minutes, low, high, projectedMinutes: pointMs / 60_000, calledBeforeCloseShare: share, expectedMinutes };
}

function quantile(sortedAsc: readonly number[], q: number): number {
  if (sortedAsc.length === 0) return NaN;
  const pos = Math.min(sortedAsc.length - 1, Math.max(0, q * (sortedAsc.length - 1)));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sortedAsc[lo] as number;
  const b = sortedAsc[hi] as number;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return pos - lo < 0.5 ? a : b;
  return a + (b - a) * (pos - lo);
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
 * Every policy decides from the oldest ticket of each (category, class) queue, from tickets directed at
 * one window and from the queue lengths: a ticket behind another of its category and class is never
 * chosen first. So the projection hands `pickNext` only those heads and the lengths (dispatcher.test.ts
 * checks every policy on heads and lengths against the full list; estimator.test.ts the lengths kept
 * up to date here).
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

  /** Tickets left per category, every class (directed ones not counted), as `DispatchInput.queueLengths`. */
  lengths(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const q of this.queues.values()) {
      const c = q.items[0]?.categoryId;
      if (c !== undefined) out[c] = (out[c] ?? 0) + q.items.length - q.next;
    }
    return out;
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
function relevantWindows<W extends DispatchWindow>(windows: readonly W[], categoryId: string, policy: PolicyName): readonly W[] {
  if (policy === 'pooled') return windows;
  const serves = (w: DispatchWindow): readonly string[] => (policy === 'static' ? [w.home] : [w.home, ...w.skills, ...w.allocation]);
  const first = windows.filter((w) => serves(w).includes(categoryId));
  const reach = new Set(first.flatMap(serves));
  return windows.filter((w) => serves(w).some((c) => reach.has(c)));
}

/** How one replay times services: expected values, or draws from the service-time distributions. */
interface Draw {
  /** Remaining ms of the service in progress at a busy window. */
  residualMs(w: EstimateWindow): number;
  /** How long a window is taken by a ticket it calls (service at its speed, or a no-show's timeout). */
  occupancyMs(w: DispatchWindow, t: EstimateTicket): number;
}

interface Lognormal {
  readonly mu: number;
  readonly sigma: number;
  readonly mean: number;
}

function lognormal(mean: number, cv: number): Lognormal {
  const s2 = Math.log(1 + Math.max(0.01, cv) ** 2);
  return { mu: Math.log(Math.max(1e-6, mean)) - s2 / 2, sigma: Math.sqrt(s2), mean };
}

/** E[S − a | S > a] for a log-normal S; at most the mean (a service far past its time is most likely about to end or forgotten). */
function expectedResidual(d: Lognormal, a: number): number {
  if (a <= 0) return d.mean;
  const surv = 1 - normalCdf((Math.log(a) - d.mu) / d.sigma);
  if (surv < 1e-6) return Math.min(d.mean, Math.max(MIN_RESIDUAL_MS, d.mean * 0.25));
  const partial = d.mean * normalCdf((d.mu + d.sigma * d.sigma - Math.log(a)) / d.sigma);
  return Math.min(d.mean, Math.max(MIN_RESIDUAL_MS, partial / surv - a));
}

function sampleResidual(d: Lognormal, a: number, u: number): number {
  const p0 = a <= 0 ? 0 : normalCdf((Math.log(a) - d.mu) / d.sigma);
  if (p0 > 1 - 1e-6) return expectedResidual(d, a);
  const q = p0 + (1 - p0) * Math.min(1 - 1e-9, Math.max(1e-9, u));
  return Math.max(MIN_RESIDUAL_MS, Math.exp(d.mu + d.sigma * normalInv(q)) - Math.max(0, a));
}

function cvOf(input: EstimateInput, categoryId: string): number {
  return input.serviceCv?.[categoryId] ?? DEFAULT_SERVICE_CV;
}

function speedFactor(input: EstimateInput, w: DispatchWindow, categoryId: string): number {
  const policy = input.policy ?? 'dynamic';
  const slowdown = input.config?.crossSkillSlowdown ?? input.crossSkillSlowdown;
  return policy === 'pooled' || categoryId === w.home ? 1 : Math.max(1, slowdown);
}

/** The current service's distribution and how long it has run, from what the window carries. */
function currentService(input: EstimateInput, w: EstimateWindow): { d: Lognormal; elapsed: number } {
  const cat = w.currentCategoryId ?? w.home;
  if (w.busySince !== undefined) {
    const meanMs =
      w.currentServiceMinutes !== undefined ? w.currentServiceMinutes * 60_000 : Math.max(MIN_RESIDUAL_MS, w.busyUntil - w.busySince);
    return { d: lognormal(meanMs, w.currentServiceCv ?? cvOf(input, cat)), elapsed: input.now - w.busySince };
  }
  return { d: lognormal(Math.max(2 * MIN_RESIDUAL_MS, w.busyUntil - input.now), cvOf(input, cat)), elapsed: 0 };
}

function ticketMeanMs(input: EstimateInput, w: DispatchWindow, t: EstimateTicket): number {
  const base = t.expectedServiceMinutes ?? input.serviceMinutes[t.categoryId] ?? 10;
  return base * 60_000 * speedFactor(input, w, t.categoryId);
}

function expectedDraw(input: EstimateInput): Draw {
  const noShowMs = (input.noShowTimeoutMinutes ?? 2) * 60_000;
  return {
    residualMs(w) {
      const { d, elapsed } = currentService(input, w);
      return expectedResidual(d, elapsed);
    },
    occupancyMs(w, t) {
      const ns = Math.min(1, Math.max(0, input.noShowRate?.[t.categoryId] ?? 0));
      return (1 - ns) * ticketMeanMs(input, w, t) + ns * noShowMs;
    },
  };
}

function sampledDraw(input: EstimateInput, rng: () => number): Draw {
  const noShowMs = (input.noShowTimeoutMinutes ?? 2) * 60_000;
  return {
    residualMs(w) {
      const { d, elapsed } = currentService(input, w);
      return sampleResidual(d, elapsed, rng());
    },
    occupancyMs(w, t) {
      const ns = Math.min(1, Math.max(0, input.noShowRate?.[t.categoryId] ?? 0));
      if (ns > 0 && rng() < ns) return noShowMs;
      const d = lognormal(ticketMeanMs(input, w, t), t.expectedServiceCv ?? cvOf(input, t.categoryId));
      return Math.exp(d.mu + d.sigma * normalInv(Math.min(1 - 1e-9, Math.max(1e-9, rng()))));
    },
  };
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 on erf; error under 1e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Inverse standard normal CDF (Acklam's rational approximation; relative error under 1.2e-9). */
function normalInv(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - pl) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return (
      -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A seed from the state (FNV-1a): the same state gives the same draws, hence the same figure everywhere. */
function seedOf(input: EstimateInput): number {
  const key = `${input.now}|${input.ticket?.id ?? ''}|${input.categoryId}|${input.priority}|${input.waiting?.length ?? 0}|${input.windows.length}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Replays the hall and returns the ticket's wait in ms, or null when the replay cannot reach it (nobody serves it). */
function project(input: EstimateInput, draw: Draw): number | null {
  const { now } = input;
  const policy = input.policy ?? 'dynamic';
  const config = input.config ?? { ...DEFAULT_DISPATCH_CONFIG, crossSkillSlowdown: input.crossSkillSlowdown };
  const target: EstimateTicket = input.ticket ?? {
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
    const busy = !idle;
    return {
      view,
      breaks: w.plannedBreaks ?? [],
      state: busy ? 'busy' : 'idle',
      at: busy ? now + draw.residualMs(w) : now,
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
      queueLengths: queues.lengths(),
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
    current.at = t + draw.occupancyMs(current.view, pick as EstimateTicket);
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
