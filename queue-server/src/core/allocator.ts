/**
 * The window allocator (窗口动态调整): proposes which categories each window should serve now.
 *
 * The server calls `proposeAllocation` about every 30 s. In "advisory" mode the supervisor console shows
 * the proposals; in "automatic" mode the server applies them. The simulator applies them under the
 * `dynamic` policy, so what the simulator measures is what the hall gets.
 *
 * Model. Each open window gives one window-minute per minute; spent on its home category it does one
 * minute of work, spent on another certified category only 1 / crossSkillSlowdown (less practised staff
 * are slower). A category's load, in home-speed windows, is
 *
 *     load = arrivalRatePerHour / 60 × meanServiceMinutes + excessBacklog × meanServiceMinutes / drainMinutes
 *
 * where the excess backlog is the queue beyond one ticket per window already serving it (that much queue
 * is normal and clears by itself). A category's pressure is load / capacity: above 1 its queue grows.
 * Given who may serve what, capacity is split the way the dispatcher's generalized-cμ rule tends to split
 * it: towards the categories under most pressure (`balance`, a water-filling heuristic for the static
 * planning problem of Harrison & López 1999).
 *
 * Each run:
 * 1. Certifications: a window allocated to a category it is not certified for loses it.
 * 2. Help: while some category's balanced pressure is above `addAbove` and it has a real backlog (more
 *    waiting than windows serving it: a rate estimate alone never moves anybody), the open, unpinned
 *    window that lowers it most (of the few quietest certified candidates) gains that category. Only if the helper's own categories stay
 *    comfortable (below `donorBelow`, or below `donorRelative` × the helped pressure when the whole hall
 *    is busy), so help flows from quiet queues to busy ones and never just moves the queue, and only if
 *    the gain is real (≥ 5%). Cross-skill minutes count at 1 / crossSkillSlowdown, so a slow helper
 *    brings less and more of them are needed; the dispatcher still prefers the home queue when both wait.
 * 3. Release: a window's help for a category is withdrawn once that category's pressure without it stays
 *    below `removeBelow`; the window goes back to its home category. The last window serving a category
 *    that still gets tickets is never released.
 * Hysteresis: `addAbove` > `removeBelow` (a dead band), and a window's allocation changes at most once per
 * `minDwellMinutes`, so noise around a threshold never makes windows flap (allocator.test.ts replays two
 * hours of such noise). The one exception: a category with waiting citizens and no open window allowed
 * to serve it (its windows are at lunch) gets cover at once, because no hysteresis justifies serving
 * nobody. At most `maxChangesPerRun` changes per run, so a supervisor can follow them.
 * Supervisor pins are never changed (a pin is how a supervisor keeps a manual move); pinned windows still
 * count with their allocation. Paused windows count as capacity only for the part of the drain horizon
 * after they are expected back.
 *
 * Settings were chosen on the simulator (docs/simulation.md); the defaults are what it reports.
 */
import type { EpochMs } from '@hall/contract';

export interface AllocatorWindow {
  readonly id: string;
  /** Categories the staff are certified for. The allocator never allocates outside these (plus home). */
  readonly skills: readonly string[];
  readonly home: string;
  /** Categories the window serves now. Empty means home only. */
  readonly allocation: readonly string[];
  /** False when logged out, paused or on a break. */
  readonly isOpen: boolean;
  /** Set by a supervisor: the allocator leaves this window alone. */
  readonly pinned: boolean;
  /** When the allocation last changed (by anyone); null when never. Drives the minimum dwell. */
  readonly lastChangedAt: EpochMs | null;
  /** Optional: when a paused window is expected back (planned lunch). Counts it as partial capacity. */
  readonly pausedUntil?: EpochMs;
}

export interface CategoryLoad {
  readonly id: string;
  /** Waiting tickets now. */
  readonly queueLength: number;
  /** Recent arrival rate (tickets per hour), e.g. from `arrivalRatesPerHour` in estimator.ts. */
  readonly arrivalRatePerHour: number;
  /** Mean service minutes at home speed. */
  readonly meanServiceMinutes: number;
  /** How long the oldest waiting ticket has waited (0 when none). Shown in reasons. */
  readonly oldestWaitMinutes: number;
}

export interface AllocatorSettings {
  /** A window's allocation changes at most once per this many minutes. */
  readonly minDwellMinutes: number;
  /** A category gets help when its balanced pressure (load / capacity) exceeds this. */
  readonly addAbove: number;
  /** Help is withdrawn when the category's pressure without the helper would stay below this. */
  readonly removeBelow: number;
  /**
   * A helper's own categories must stay below this pressure after giving time away, or below
   * `donorRelative` × the helped category's pressure when the whole hall is busy (then help still
   * evens out the waits, but only from a clearly quieter queue).
   */
  readonly donorBelow: number;
  readonly donorRelative: number;
  /** Excess backlog is planned to clear within this many minutes. */
  readonly drainMinutes: number;
  /** At most this many changes per run, so a supervisor can follow them. */
  readonly maxChangesPerRun: number;
}

export const DEFAULT_ALLOCATOR_SETTINGS: AllocatorSettings = {
  minDwellMinutes: 20,
  addAbove: 0.95,
  removeBelow: 0.6,
  donorBelow: 0.85,
  donorRelative: 0.6,
  drainMinutes: 30,
  maxChangesPerRun: 4,
};

export interface AllocatorInput {
  readonly now: EpochMs;
  readonly windows: readonly AllocatorWindow[];
  readonly categories: readonly CategoryLoad[];
  readonly crossSkillSlowdown: number;
  /** Hysteresis and planning settings; missing ones take DEFAULT_ALLOCATOR_SETTINGS. */
  readonly hysteresis?: Partial<AllocatorSettings>;
}

export interface AllocationChange {
  readonly windowId: string;
  readonly from: string[];
  readonly to: string[];
  readonly reason: string;
}

interface PlanWindow {
  readonly w: AllocatorWindow;
  /** Share of the drain horizon the window is available (1 when open, 0 when closed with no return). */
  readonly availability: number;
  perms: string[];
  changed: boolean;
}

type Pressure = Map<string, number>;

const EPS = 1e-9;
/** Helper candidates planned in full per step (the quietest eligible windows). */
const CANDIDATES_PER_STEP = 6;

/** Categories a window may serve: its skills plus its home. */
function certified(w: AllocatorWindow): Set<string> {
  return new Set([w.home, ...w.skills]);
}

function currentPerms(w: AllocatorWindow): string[] {
  return w.allocation.length > 0 ? [...w.allocation] : [w.home];
}

interface Loads {
  readonly ids: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  /** Per category index: load in home-speed windows. */
  readonly load: Float64Array;
}

/**
 * Splits each window's time among its permitted categories to even out pressure (load / capacity), and
 * returns each category's pressure. Greedy water-filling with shrinking steps: cheap (arrays only; a
 * 60-window hall takes tens of microseconds) and deterministic.
 */
function balance(plan: readonly PlanWindow[], loads: Loads, slowdown: number): Pressure {
  const n = loads.ids.length;
  const capacity = new Float64Array(n);
  const cross = 1 / Math.max(1, slowdown);
  const perms: number[][] = [];
  const rates: number[][] = [];
  const shares: Float64Array[] = [];
  for (const p of plan) {
    const idx: number[] = [];
    const rate: number[] = [];
    if (p.availability > 0) {
      for (const c of p.perms) {
        const i = loads.index.get(c);
        if (i === undefined || idx.includes(i)) continue;
        idx.push(i);
        rate.push(p.availability * (c === p.w.home ? 1 : cross));
      }
    }
    const x = new Float64Array(idx.length);
    const homeAt = idx.indexOf(loads.index.get(p.w.home) ?? -1);
    if (homeAt >= 0) x[homeAt] = 1;
    else x.fill(idx.length > 0 ? 1 / idx.length : 0);
    idx.forEach((c, k) => {
      capacity[c] = (capacity[c] ?? 0) + (x[k] ?? 0) * (rate[k] ?? 0);
    });
    perms.push(idx);
    rates.push(rate);
    shares.push(x);
  }
  const pressure = (c: number, extra: number) => {
    const load = loads.load[c] ?? 0;
    if (load <= EPS) return 0;
    const cap = (capacity[c] ?? 0) + extra;
    return cap <= EPS ? load / EPS : load / cap;
  };
  for (const step of [0.5, 0.25, 0.125, 0.0625]) {
    for (let round = 0; round < 6; round++) {
      let moved = false;
      for (let w = 0; w < perms.length; w++) {
        const idx = perms[w] ?? [];
        if (idx.length < 2) continue;
        const x = shares[w] ?? new Float64Array(0);
        const rate = rates[w] ?? [];
        let hi = -1;
        let lo = -1;
        let hiP = -Infinity;
        let loP = Infinity;
        for (let k = 0; k < idx.length; k++) {
          const pk = pressure(idx[k] ?? 0, 0);
          if (pk > hiP) {
            hi = k;
            hiP = pk;
          }
          if ((x[k] ?? 0) > EPS && pk < loP) {
            lo = k;
            loP = pk;
          }
        }
        if (hi < 0 || lo < 0 || hi === lo) continue;
        const delta = Math.min(step, x[lo] ?? 0);
        const ci = idx[hi] ?? 0;
        const cj = idx[lo] ?? 0;
        const gain = delta * (rate[hi] ?? 0);
        const loss = delta * (rate[lo] ?? 0);
        if (Math.max(pressure(ci, gain), pressure(cj, -loss)) < Math.max(hiP, loP) - 1e-6) {
          x[hi] = (x[hi] ?? 0) + delta;
          x[lo] = (x[lo] ?? 0) - delta;
          capacity[ci] = (capacity[ci] ?? 0) + gain;
          capacity[cj] = (capacity[cj] ?? 0) - loss;
          moved = true;
        }
      }
      if (!moved) break;
    }
  }
  const out: Pressure = new Map();
  loads.ids.forEach((c, i) => out.set(c, pressure(i, 0)));
  return out;
}

/** Worst pressure, then the sum of squared pressures: how the plan compares alternatives. */
function score(p: Pressure): [number, number] {
  let worst = 0;
  let sum = 0;
  for (const v of p.values()) {
    worst = Math.max(worst, v);
    sum += v * v;
  }
  return [worst, sum];
}

const fmt = (x: number) => (x >= 1e6 ? '∞' : x.toFixed(2));

/**
 * Proposes allocation changes for the hall. Pure: the same input gives the same proposals. Apply them
 * (and set `lastChangedAt = now` on the changed windows) to follow the plan.
 */
export function proposeAllocation(input: AllocatorInput): AllocationChange[] {
  const s: AllocatorSettings = { ...DEFAULT_ALLOCATOR_SETTINGS, ...input.hysteresis };
  const { now, crossSkillSlowdown: slowdown } = input;
  const dwellMs = s.minDwellMinutes * 60_000;
  const drainMs = Math.max(1, s.drainMinutes) * 60_000;
  const byId = new Map(input.categories.map((c) => [c.id, c]));

  const plan: PlanWindow[] = input.windows.map((w) => {
    let availability = 0;
    if (w.isOpen) availability = 1;
    else if (w.pausedUntil !== undefined && w.pausedUntil > now) availability = Math.max(0, 1 - (w.pausedUntil - now) / drainMs);
    return { w, availability, perms: currentPerms(w), changed: false };
  });
  const changes: AllocationChange[] = [];
  const dwellOk = (p: PlanWindow) => p.w.lastChangedAt === null || now - p.w.lastChangedAt >= dwellMs;
  const commit = (p: PlanWindow, to: string[], reason: string) => {
    changes.push({ windowId: p.w.id, from: currentPerms(p.w), to: [...to], reason });
    p.perms = to;
    p.changed = true;
  };

  // 1. Certifications come first and ignore dwell: serving uncertified matters is never acceptable.
  for (const p of plan) {
    if (p.w.pinned) continue;
    const ok = certified(p.w);
    const bad = p.perms.filter((c) => !ok.has(c));
    if (bad.length === 0) continue;
    const kept = p.perms.filter((c) => ok.has(c));
    commit(p, kept.length > 0 ? kept : [p.w.home], `not certified for ${bad.join(', ')}`);
  }

  // Loads, in home-speed windows. Backlog up to one ticket per serving window is normal queueing.
  const servingCount = (c: string) => plan.filter((p) => p.availability > 0 && p.perms.includes(c)).length;
  const ids = input.categories.map((c) => c.id);
  const loads: Loads = { ids, index: new Map(ids.map((id, i) => [id, i])), load: new Float64Array(ids.length) };
  input.categories.forEach((c, i) => {
    const excess = Math.max(0, c.queueLength - servingCount(c.id));
    const mean = Math.max(0.1, c.meanServiceMinutes);
    loads.load[i] = (Math.max(0, c.arrivalRatePerHour) / 60) * mean + (excess * mean * 60_000) / drainMs;
  });
  const pressure = () => balance(plan, loads, slowdown);
  const budgetLeft = () => changes.length < s.maxChangesPerRun;

  // 2. Help where the pressure is highest, one window at a time, re-planning after each.
  const tried = new Set<string>();
  while (budgetLeft()) {
    const now_ = pressure();
    // Help needs evidence in the queue itself, not only a rate estimate: a queue beyond one ticket per
    // serving window. Rate noise alone (three tickets in five minutes) must not move anybody.
    const hasBacklog = (c: string) => (byId.get(c)?.queueLength ?? 0) > servingCount(c);
    const needy = [...now_.entries()]
      .filter(([c, v]) => v > s.addAbove && hasBacklog(c) && !tried.has(c))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const first = needy[0];
    if (first === undefined) break;
    const [cat, before] = first;
    const uncovered = servingCount(cat) === 0 && (byId.get(cat)?.queueLength ?? 0) > 0;
    let best: { p: PlanWindow; after: Pressure; key: [number, number] } | null = null;
    // Only the few quietest eligible windows are planned in full: the best helper is almost always
    // among them, and it keeps a run cheap in a 60-window hall.
    const eligible = plan
      .filter(
        (p) =>
          !(p.w.pinned || p.changed || p.availability < 1 || p.perms.includes(cat) || !certified(p.w).has(cat)) &&
          (dwellOk(p) || uncovered),
      )
      .map((p) => ({ p, busy: Math.max(...p.perms.map((c) => now_.get(c) ?? 0)) }))
      .sort((a, b) => a.busy - b.busy)
      .slice(0, CANDIDATES_PER_STEP);
    for (const { p } of eligible) {
      p.perms.push(cat);
      const after = pressure();
      p.perms.pop();
      const gained = after.get(cat) ?? 0;
      const donors = p.perms.map((c) => after.get(c) ?? 0);
      // The helper's own categories must stay comfortable, and the helped one must really improve.
      if (!uncovered && (Math.max(...donors) > Math.max(s.donorBelow, s.donorRelative * gained) || gained > before * 0.95)) continue;
      const key = score(after);
      if (best === null || key[0] < best.key[0] - 1e-9 || (Math.abs(key[0] - best.key[0]) <= 1e-9 && key[1] < best.key[1] - 1e-9)) {
        best = { p, after, key };
      }
    }
    if (best === null) {
      tried.add(cat);
      continue;
    }
    const c = byId.get(cat);
    const homeP = best.after.get(best.p.w.home) ?? 0;
    const why = uncovered
      ? `cover ${cat}: ${c?.queueLength ?? 0} waiting and no open window serves it`
      : `help ${cat}: pressure ${fmt(before)} → ${fmt(best.after.get(cat) ?? 0)} (${c?.queueLength ?? 0} waiting, oldest ${Math.round(c?.oldestWaitMinutes ?? 0)} min, ${Math.round(c?.arrivalRatePerHour ?? 0)}/h); home ${best.p.w.home} stays at ${fmt(homeP)}`;
    commit(best.p, [...best.p.perms, cat], why);
  }

  // 3. Release help that is no longer needed, windows in input order (deterministic).
  let current = pressure();
  for (const p of plan) {
    if (!budgetLeft()) break;
    if (p.w.pinned || p.changed || !dwellOk(p) || p.perms.every((c) => c === p.w.home)) continue;
    for (const cat of p.perms.filter((c) => c !== p.w.home)) {
      // Taking a helper away can only raise the pressure: no need to plan it when it is already high.
      if ((current.get(cat) ?? 0) >= s.removeBelow) continue;
      const without = p.perms.filter((c) => c !== cat);
      const next = without.length > 0 ? without : [p.w.home];
      const saved = p.perms;
      p.perms = next.includes(p.w.home) ? next : [p.w.home, ...next];
      const after = pressure();
      const left = after.get(cat) ?? 0;
      const uncovered = servingCount(cat) === 0 && ((byId.get(cat)?.queueLength ?? 0) > 0 || (byId.get(cat)?.arrivalRatePerHour ?? 0) > 0);
      p.perms = saved;
      if (left < s.removeBelow && !uncovered) {
        const target = next.includes(p.w.home) ? next : [p.w.home, ...next];
        commit(p, target, `release ${cat}: pressure without ${p.w.id} would be ${fmt(left)}`);
        current = pressure();
        break;
      }
    }
  }
  return changes;
}
