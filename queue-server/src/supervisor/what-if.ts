/**
 * The supervisor's what-if (假设分析): a recorded hall day replayed through the simulator, the same
 * dispatcher and allocator the hall runs, against a changed staffing plan; staffing advice per hour; and
 * a cross-training advisor. Pure: the routes (what-if-routes.ts) read the day's ticket facts from the hall
 * and hand them in. Documented in docs/simulation.md ("Supervisor what-if").
 *
 * The recorded day becomes a scenario file (scenario.ts, `recorded`): every ticket of the day with its
 * category, issue minute, priority, whether it was a no-show, and its real service time (finish − start,
 * suspensions taken out; a ticket not yet served gets its category's mean). The CLI replays that file to
 * the same figures: `npm run -s simulate -- --scenario day.json --policy dynamic --json`.
 */
import type { Priority } from '@hall/contract';
import type { PolicyName } from '../core/queue-model.ts';
import { simulate } from '../sim/engine.ts';
import { computeStats, toReport, type SimReport } from '../sim/report.ts';
import type { Scenario } from '../sim/scenario.ts';

export interface DayTicketFact {
  readonly categoryId: string;
  readonly priority: Priority;
  /** Minutes since local midnight. */
  readonly issuedMinute: number;
  /** Real service minutes, or null when the ticket was never served (then the category mean is used). */
  readonly serviceMinutes: number | null;
  readonly noShow: boolean;
}

export interface DayFacts {
  readonly date: string;
  readonly hallName: string;
  readonly categories: readonly { readonly id: string; readonly name: string; readonly meanServiceMinutes: number }[];
  /** The hall's windows; `staffed`: it served that day (the replay "as staffed" opens only these). */
  readonly windows: readonly {
    readonly id: string;
    readonly home: string;
    readonly skills: readonly string[];
    readonly staffed: boolean;
    /** The window's recorded pauses that day (minutes since local midnight), replayed as its breaks. */
    readonly pauses?: readonly { readonly from: number; readonly to: number }[];
    /**
     * Who served at the window that day (most of its tickets), with their certifications: the window then
     * serves only what both the window and that person may (as the hall's dispatcher does).
     */
    readonly staff?: { readonly username: string; readonly name: string; readonly certified: readonly string[] } | null;
  }[];
  readonly tickets: readonly DayTicketFact[];
  readonly crossSkillSlowdown: number;
  readonly noShowTimeoutMinutes: number;
}

/** A staffing plan: changes to the day as staffed (the windows that served that day, their recorded pauses). */
export interface StaffingPlan {
  /** Windows that stay closed all day. */
  readonly closeWindows?: readonly string[];
  /** Configured windows that did not serve that day, opened all day. */
  readonly openExisting?: readonly string[];
  /** Extra (temporary) windows. */
  readonly openWindows?: readonly { readonly home: string; readonly skills?: readonly string[] }[];
  /** New certifications. */
  readonly addSkills?: readonly { readonly windowId: string; readonly categoryId: string }[];
  /** Lunch / breaks per window (HH:MM), on top of the window's recorded pauses. */
  readonly breaks?: readonly { readonly windowId: string; readonly from: string; readonly to: string }[];
}

const hhmm = (minutes: number) => {
  const m = Math.max(0, Math.min(23 * 60 + 59, Math.floor(minutes)));
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};
const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * A window's recorded pauses as scenario breaks: whole minutes that cover each pause (a scenario break
 * lasts at least a minute), overlapping ones merged.
 */
function recordedBreaks(pauses: readonly { readonly from: number; readonly to: number }[]): { from: string; to: string }[] {
  const spans = pauses
    .map((p) => ({ from: Math.max(0, Math.floor(p.from)), to: Math.min(23 * 60 + 59, Math.max(Math.floor(p.from) + 1, Math.ceil(p.to))) }))
    .filter((p) => p.to > p.from)
    .sort((a, b) => a.from - b.from);
  const merged: { from: number; to: number }[] = [];
  for (const p of spans) {
    const last = merged[merged.length - 1];
    if (last !== undefined && p.from <= last.to) last.to = Math.max(last.to, p.to);
    else merged.push({ ...p });
  }
  return merged.map((p) => ({ from: hhmm(p.from), to: hhmm(p.to) }));
}

/**
 * A day's pauses per window from its audit events (in time order): each `window.paused` ends at the
 * window's next resume, sign-out or sign-in (as the reports count them); one still open ends at `endAt`
 * (now, for today). Minutes since local midnight.
 */
export function pausesOfDay(
  events: readonly { readonly type: string; readonly at: number; readonly windowId: string | null }[],
  midnight: number,
  endAt: number,
): Map<string, { from: number; to: number }[]> {
  const out = new Map<string, { from: number; to: number }[]>();
  const open = new Map<string, number>();
  const minute = (at: number) => (at - midnight) / 60_000;
  const close = (windowId: string, at: number) => {
    const from = open.get(windowId);
    if (from === undefined) return;
    open.delete(windowId);
    const list = out.get(windowId) ?? [];
    list.push({ from: minute(from), to: minute(Math.max(from, at)) });
    out.set(windowId, list);
  };
  for (const e of events) {
    if (e.windowId === null) continue;
    if (e.type === 'window.paused') {
      close(e.windowId, e.at);
      open.set(e.windowId, e.at);
    } else if (e.type === 'window.resumed' || e.type === 'window.signed_out' || e.type === 'window.signed_in') close(e.windowId, e.at);
  }
  for (const id of [...open.keys()]) close(id, endAt);
  return out;
}

/** The recorded day as a scenario file, with `plan` applied. */
export function dayScenario(facts: DayFacts, plan: StaffingPlan = {}): Scenario {
  const means = new Map(facts.categories.map((c) => [c.id, Math.max(0.5, c.meanServiceMinutes)]));
  const served = facts.tickets.filter((t) => t.serviceMinutes !== null && !t.noShow);
  const categories = facts.categories.map((c) => {
    const xs = served.filter((t) => t.categoryId === c.id).map((t) => t.serviceMinutes ?? 0);
    const mean = xs.length >= 3 ? xs.reduce((a, b) => a + b, 0) / xs.length : (means.get(c.id) ?? 10);
    const sd = xs.length >= 3 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : mean * 0.6;
    const n = facts.tickets.filter((t) => t.categoryId === c.id).length;
    const noShows = facts.tickets.filter((t) => t.categoryId === c.id && t.noShow).length;
    return {
      id: c.id,
      name: c.name.slice(0, 40) || c.id,
      serviceMinutes: { mean: round2(Math.max(0.5, Math.min(480, mean))), cv: round2(Math.min(5, mean > 0 ? sd / mean : 0.6)) },
      noShowRate: n > 0 ? round2(noShows / n) : 0,
    };
  });
  const known = new Set(categories.map((c) => c.id));
  const closed = new Set(plan.closeWindows ?? []);
  const opened = new Set(plan.openExisting ?? []);
  const windows = facts.windows
    .filter((w) => (w.staffed || opened.has(w.id)) && !closed.has(w.id))
    .map((w) => {
      const extra = (plan.addSkills ?? []).filter((a) => a.windowId === w.id && known.has(a.categoryId)).map((a) => a.categoryId);
      const breaks = [
        ...recordedBreaks(w.pauses ?? []),
        ...(plan.breaks ?? []).filter((b) => b.windowId === w.id).map((b) => ({ from: b.from, to: b.to })),
      ];
      const person = w.staff ?? null;
      const mayServe = (c: string) => c === w.home || person === null || person.certified.includes(c);
      return {
        id: w.id,
        home: w.home,
        skills: [...new Set([w.home, ...w.skills.filter((c) => known.has(c) && mayServe(c)), ...extra])],
        breaks,
      };
    });
  (plan.openWindows ?? []).forEach((w, i) => {
    if (!known.has(w.home)) return;
    windows.push({
      id: `T${i + 1}`,
      home: w.home,
      skills: [...new Set([w.home, ...(w.skills ?? []).filter((s) => known.has(s))])],
      breaks: [],
    });
  });
  const minutes = facts.tickets.map((t) => t.issuedMinute);
  const first = minutes.length > 0 ? Math.min(...minutes) : 8 * 60 + 30;
  const last = minutes.length > 0 ? Math.max(...minutes) : 17 * 60 + 30;
  const open = Math.floor(first);
  const close = Math.max(open + 1, Math.min(23 * 60 + 59, Math.ceil(last) + 1));
  return {
    name: `${facts.hallName} ${facts.date}`.slice(0, 100),
    seed: 1,
    day: { open: hhmm(open), close: hhmm(close) },
    crossSkillSlowdown: facts.crossSkillSlowdown,
    noShowTimeoutMinutes: facts.noShowTimeoutMinutes,
    categories,
    windows,
    arrivals: [],
    recorded: facts.tickets
      .filter((t) => known.has(t.categoryId))
      .map((t) => ({
        category: t.categoryId,
        atMinute: round2(Math.max(0, t.issuedMinute)),
        serviceMinutes: round2(Math.max(0, Math.min(480, t.serviceMinutes ?? means.get(t.categoryId) ?? 10))),
        priority: t.priority,
        noShow: t.noShow,
      })),
  };
}

export interface WhatIfRun {
  readonly scenario: Scenario;
  readonly report: SimReport;
  /** Mean wait (minutes) of the tickets issued in each hour of the day. */
  readonly hourly: readonly { readonly hour: number; readonly issued: number; readonly meanWait: number }[];
  /** Tickets waiting, every 15 minutes: [minute of day, count]. */
  readonly waiting: readonly (readonly [number, number])[];
}

/** Replays one scenario exactly as the CLI does (`simulate --scenario … --policy …`). */
export function runScenario(scenario: Scenario, policy: PolicyName = 'dynamic'): WhatIfRun {
  const result = simulate(scenario, policy, { seed: scenario.seed, seriesEveryMinutes: 15 });
  const report = toReport(scenario, result);
  const byHour = new Map<number, { issued: number; waits: number[] }>();
  for (const t of result.tickets) {
    const hour = Math.floor(t.issuedAt / 3_600_000);
    const h = byHour.get(hour) ?? { issued: 0, waits: [] };
    h.issued++;
    if (t.outcome === 'served' && t.calledAt !== null) h.waits.push((t.calledAt - t.issuedAt) / 60_000);
    byHour.set(hour, h);
  }
  const hourly = [...byHour.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([hour, h]) => ({
      hour,
      issued: h.issued,
      meanWait: round2(h.waits.length > 0 ? h.waits.reduce((a, b) => a + b, 0) / h.waits.length : 0),
    }));
  return { scenario, report, hourly, waiting: result.queueSeries.map(([m, n]) => [Math.round(m), n] as const) };
}

/** Mean wait in M/M/n (Erlang C), minutes; Infinity when n cannot keep up. */
export function erlangCWaitMinutes(perHour: number, meanServiceMinutes: number, n: number): number {
  const a = (perHour / 60) * meanServiceMinutes;
  if (perHour <= 0) return 0;
  if (n <= a) return Infinity;
  // Erlang B by recursion, then C.
  let b = 1;
  for (let k = 1; k <= n; k++) b = (a * b) / (k + a * b);
  const c = b / (1 - (a / n) * (1 - b));
  return (c * meanServiceMinutes) / (n - a);
}

export interface StaffingAdviceRow {
  readonly hour: number;
  readonly categoryId: string;
  readonly arrivals: number;
  /** Windows at home speed the category needs in that hour to keep its mean wait ≤ the target. */
  readonly windowsNeeded: number;
  /** Home windows the hall has for the category. */
  readonly homeWindows: number;
}

/**
 * Per hour and category: the fewest windows (Erlang C with the hour's arrivals and the day's mean
 * service) that keep the mean wait at or under `targetMinutes`. A steady-state figure: it says how many
 * windows an hour like this needs, not how to drain a backlog carried in from the hour before.
 */
export function staffingAdvice(facts: DayFacts, targetMinutes: number): StaffingAdviceRow[] {
  const scenario = dayScenario(facts);
  const rows: StaffingAdviceRow[] = [];
  const hours = [...new Set(facts.tickets.map((t) => Math.floor(t.issuedMinute / 60)))].sort((a, b) => a - b);
  for (const hour of hours) {
    for (const c of scenario.categories) {
      const arrivals = facts.tickets.filter((t) => t.categoryId === c.id && Math.floor(t.issuedMinute / 60) === hour).length;
      if (arrivals === 0) continue;
      let n = 1;
      while (n < 200 && erlangCWaitMinutes(arrivals, c.serviceMinutes.mean, n) > targetMinutes) n++;
      rows.push({ hour, categoryId: c.id, arrivals, windowsNeeded: n, homeWindows: facts.windows.filter((w) => w.home === c.id).length });
    }
  }
  return rows;
}

export interface CrossTrainingAdvice {
  /** The staff member who served at the window that day, or null when nobody did (every window replayed). */
  readonly staff: string | null;
  readonly staffName: string | null;
  readonly windowId: string;
  readonly categoryId: string;
  /** The window itself is not configured for the category: its skills must be added too. */
  readonly needsWindowSkill: boolean;
  readonly meanWaitBefore: number;
  readonly meanWaitAfter: number;
  /** Minutes of mean wait saved per citizen on the recorded day. */
  readonly gainMinutes: number;
}

/** Most candidate simulations per request (a 60-window hall tries its most promising categories only). */
export const CROSS_TRAINING_MAX_RUNS = 240;

/**
 * For every staff member who served that day (at the window where they served most), the one new
 * certification that shortens the recorded day's mean wait most under `dynamic` (with `plan` applied),
 * and the simulated gain (skill chaining: a person certified for a neighbour's category takes its queue
 * when theirs is empty). A day nobody served yet gets the advice per window. Candidates whose best gain
 * is nothing are left out. Sorted by gain.
 */
export function crossTrainingAdvice(facts: DayFacts, plan: StaffingPlan = {}): CrossTrainingAdvice[] {
  const base = runScenario(dayScenario(facts, plan));
  const before = runScenarioFast(dayScenario(facts, plan));
  const windows = dayScenario(facts, plan).windows;
  let categories = facts.categories.map((c) => c.id);
  if (windows.length * categories.length > CROSS_TRAINING_MAX_RUNS) {
    // Only the categories whose citizens waited longest are worth training for.
    const per = Math.max(1, Math.floor(CROSS_TRAINING_MAX_RUNS / Math.max(1, windows.length)));
    categories = [...categories]
      .sort((a, b) => (base.report.byCategory[b]?.mean ?? 0) - (base.report.byCategory[a]?.mean ?? 0))
      .slice(0, per);
  }
  const best = new Map<string, CrossTrainingAdvice>();
  const bestGain = new Map<string, number>();
  for (const w of windows) {
    const fact = facts.windows.find((x) => x.id === w.id);
    if (fact === undefined) continue;
    const person = fact.staff ?? null;
    const key = person?.username ?? `window:${w.id}`;
    for (const c of categories) {
      if (w.skills.includes(c)) continue;
      const trial: StaffingPlan = { ...plan, addSkills: [...(plan.addSkills ?? []), { windowId: w.id, categoryId: c }] };
      const after = runScenarioFast(dayScenario(facts, trial));
      const gain = before - after;
      const mine = bestGain.get(key);
      if (mine !== undefined && gain <= mine + 1e-9) continue;
      bestGain.set(key, gain);
      best.set(key, {
        staff: person?.username ?? null,
        staffName: person?.name ?? null,
        windowId: w.id,
        categoryId: c,
        needsWindowSkill: c !== fact.home && !fact.skills.includes(c),
        meanWaitBefore: round2(before),
        meanWaitAfter: round2(after),
        gainMinutes: round2(gain),
      });
    }
  }
  return [...best.values()]
    .filter((a) => a.gainMinutes > 0)
    .sort((a, b) => b.gainMinutes - a.gainMinutes || (a.windowId < b.windowId ? -1 : 1));
}

/** The unrounded mean wait of a scenario under dynamic, without estimates (they do not change waits). */
function runScenarioFast(scenario: Scenario): number {
  return computeStats(scenario, simulate(scenario, 'dynamic', { seed: scenario.seed, skipEstimates: true })).waitMinutes.mean;
}
