/**
 * A seeded generator of hall days nobody has drawn by hand, in the scenario format of scenario.ts, so the
 * dispatcher and allocator can be tuned on many halls and reported on the shipped ones
 * (docs/simulation.md, "Generated days").
 *
 * Each seed gives one hall and one day:
 * - 3–80 windows (log-uniform, so small halls are as common as big ones) and 3–16 categories (never more
 *   than windows + 2: a small hall may have a category with no home window of its own);
 * - service means 4–25 minutes (cv 0.4–1.0), no-show rates 0–8%, green-channel 0–10% and appointment
 *   0–20% of tickets per category;
 * - a skill structure: `dedicated` (home only, one window in seven with a second skill), `chained`
 *   (a closed chain: every window also serves the next one or two categories), `mixed` (specialists plus
 *   about 20% generalists certified for everything) or `all` (every window certified for everything);
 * - a cross-skill slowdown of 1.0–1.5;
 * - a load ρ of 0.7–1.1: the day's offered work (home speed, no-shows included) ÷ the window-minutes
 *   staffed (lunch taken out), shaped by a morning peak, a lunch dip and on most days one or two surges
 *   (a category at 1.5–2.5× for 1–2.5 hours), so peaks run above 1 even on a 0.8 day;
 * - home windows that follow the demand only roughly (±30% per category; a category without a home
 *   window gets about a third of a window's work);
 * - a lunch rota (two or three shifts, 45–60 minutes) on most days.
 */
import { substream, type Rng } from './random.ts';
import type { Scenario } from './scenario.ts';

export type SkillStructure = 'dedicated' | 'chained' | 'mixed' | 'all';

export interface GeneratedMeta {
  readonly structure: SkillStructure;
  readonly load: number;
  readonly surges: number;
}

const CATEGORY_NAMES = [
  '企业开办',
  '不动产登记',
  '社保',
  '医保',
  '公积金',
  '税务',
  '户政',
  '出入境',
  '民政',
  '残联',
  '退役军人',
  '投资审批',
  '人才服务',
  '交通运输',
  '市场监管',
  '综合出件',
];

const uniform = (rng: Rng, a: number, b: number) => a + (b - a) * rng.next();
const int = (rng: Rng, a: number, b: number) => Math.floor(uniform(rng, a, b + 1 - 1e-9));
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)] as T;
const round2 = (x: number) => Math.round(x * 100) / 100;

const toMin = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

function hhmm(minutes: number): string {
  const m = Math.max(0, Math.min(23 * 60 + 59, Math.round(minutes)));
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Splits n into parts proportional to weights, each at least `min` when n allows (largest remainder). */
function apportion(n: number, weights: readonly number[], min: number): number[] {
  const k = weights.length;
  const floor = n >= k * min ? min : 0;
  const rest = n - floor * k;
  const total = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / total) * rest);
  const parts = exact.map((x) => Math.floor(x) + floor);
  let left = n - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left--;
  }
  return parts;
}

/** One generated hall day, deterministic in `seed`. */
export function generateScenario(seed: number): { scenario: Scenario; meta: GeneratedMeta } {
  const rng = substream(seed, 'generate');
  const nWindows = Math.round(Math.exp(uniform(rng, Math.log(3), Math.log(80))));
  const nCategories = int(rng, 3, Math.min(16, nWindows + 2));
  const structure: SkillStructure = pick(rng, ['dedicated', 'chained', 'chained', 'mixed', 'all'] as const);
  const slowdown = round2(uniform(rng, 1, 1.5));
  const load = round2(uniform(rng, 0.7, 1.1));
  const openMin = pick(rng, [8 * 60 + 30, 9 * 60]);
  const closeMin = pick(rng, [17 * 60, 17 * 60 + 30]);

  const ids = Array.from({ length: nCategories }, (_, i) => String.fromCharCode(65 + i));
  const categories = ids.map((id, i) => ({
    id,
    name: CATEGORY_NAMES[i] ?? id,
    serviceMinutes: { mean: round2(Math.exp(uniform(rng, Math.log(4), Math.log(25)))), cv: round2(uniform(rng, 0.4, 1.0)) },
    noShowRate: round2(uniform(rng, 0, 0.08)),
  }));
  const priority = ids.map(() => ({
    green: round2(uniform(rng, 0, 0.1)),
    appointment: rng.next() < 0.5 ? round2(uniform(rng, 0, 0.2)) : 0,
  }));

  // Staffing first (random weights, at least one home window per category when the hall has enough),
  // then a demand that follows it only roughly (±30%): halls are never staffed exactly to the load.
  const staffingWeight = ids.map(() => Math.exp(uniform(rng, Math.log(0.4), Math.log(2.5))));
  const homes = apportion(nWindows, staffingWeight, 1);
  const share = homes.map((n) => Math.max(0.3, n) * uniform(rng, 0.75, 1.35));
  const homeOf: string[] = [];
  homes.forEach((n, c) => {
    for (let k = 0; k < n; k++) homeOf.push(ids[c] as string);
  });

  // Skills.
  const chainLength = rng.next() < 0.6 ? 2 : 3;
  const generalists = new Set<number>();
  if (structure === 'mixed') {
    const g = Math.max(1, Math.round(nWindows * uniform(rng, 0.15, 0.3)));
    while (generalists.size < Math.min(g, nWindows)) generalists.add(int(rng, 0, nWindows - 1));
  }
  const windows = homeOf.map((home, i) => {
    const c = ids.indexOf(home);
    let skills: string[] = [home];
    if (structure === 'all' || generalists.has(i)) skills = [home, ...ids.filter((x) => x !== home)];
    else if (structure === 'chained') {
      // Windows of one category alternate which neighbours they reach, so the chain is closed both ways.
      const k = homeOf.slice(0, i).filter((h) => h === home).length;
      const step = k % 2 === 0 ? 1 : nCategories - 1;
      for (let s = 1; s < chainLength; s++) skills.push(ids[(c + s * step) % nCategories] as string);
    } else if (structure === 'dedicated' && rng.next() < 1 / 7) skills.push(ids[(c + 1) % nCategories] as string);
    skills = [...new Set(skills)];
    return { id: `W${String(i + 1).padStart(2, '0')}`, home, skills, breaks: [] as { from: string; to: string }[] };
  });

  // Lunch rota.
  if (rng.next() < 0.8) {
    const shifts = nWindows >= 6 && rng.next() < 0.5 ? 3 : 2;
    const length = pick(rng, [45, 60]);
    const first = 11 * 60 + pick(rng, [30, 45, 60]) - 30;
    windows.forEach((w, i) => {
      const s = i % shifts;
      w.breaks.push({ from: hhmm(first + s * length), to: hhmm(first + (s + 1) * length) });
    });
  }

  // Arrivals: base rate so that offered work = load × windows (spread by share), shaped over the day.
  const totalShare = share.reduce((a, b) => a + b, 0);
  const segments: { from: number; to: number; factor: number }[] = [];
  const peakStart = openMin + int(rng, 30, 90);
  const cuts = [openMin, peakStart, peakStart + 120, 12 * 60 + 30, 14 * 60, closeMin - 30, closeMin];
  const factors = [0.9, uniform(rng, 1.1, 1.3), 1.0, 0.75, uniform(rng, 1.0, 1.15), 0.7];
  for (let s = 0; s < factors.length; s++) {
    const from = cuts[s] as number;
    const to = cuts[s + 1] as number;
    if (to > from) segments.push({ from, to, factor: factors[s] as number });
  }
  const surgeCount = rng.next() < 0.3 ? 0 : rng.next() < 0.7 ? 1 : 2;
  const surges = Array.from({ length: surgeCount }, () => {
    const c = int(rng, 0, nCategories - 1);
    const from = openMin + int(rng, 0, Math.max(0, closeMin - openMin - 150));
    return { c, from, to: Math.min(closeMin, from + int(rng, 60, 150)), factor: uniform(rng, 1.5, 2.5) };
  });
  // Rates: shaped by the day profile and the surges, then scaled so that the day's offered work
  // (at home speed) is `load` × the window-minutes actually staffed (lunch taken out).
  const raw: { c: number; from: number; to: number; weight: number }[] = [];
  ids.forEach((_, c) => {
    for (const seg of segments) {
      const points = new Set([seg.from, seg.to]);
      for (const s of surges) if (s.c === c) for (const p of [s.from, s.to]) if (p > seg.from && p < seg.to) points.add(p);
      const sorted = [...points].sort((a, b) => a - b);
      for (let k = 0; k + 1 < sorted.length; k++) {
        const from = sorted[k] as number;
        const to = sorted[k + 1] as number;
        const mid = (from + to) / 2;
        const surge = surges.filter((s) => s.c === c && mid >= s.from && mid < s.to).reduce((a, s) => a * s.factor, 1);
        raw.push({ c, from, to, weight: seg.factor * surge });
      }
    }
  });
  const staffedMinutes = windows.reduce((sum, w) => {
    const away = w.breaks.reduce((a, b) => a + (toMin(b.to) - toMin(b.from)), 0);
    return sum + (closeMin - openMin) - away;
  }, 0);
  // Work offered by a unit weight: per category, share × 60 / mean tickets per hour, each `mean` minutes.
  const unitWork = raw.reduce((a, r) => a + ((share[r.c] ?? 1) / totalShare) * (r.to - r.from) * r.weight, 0);
  const scale = (load * staffedMinutes) / unitWork;
  const arrivals: Scenario['arrivals'] = [];
  for (const r of raw) {
    const mean = categories[r.c]?.serviceMinutes.mean ?? 10;
    // Work per minute = scale × share × weight; tickets per hour = that × 60 / mean.
    const perHour = round2((scale * ((share[r.c] ?? 1) / totalShare) * r.weight * 60) / mean);
    if (perHour > 0)
      arrivals.push({
        category: ids[r.c] as string,
        from: hhmm(r.from),
        to: hhmm(r.to),
        perHour,
        priority: priority[r.c] ?? { green: 0, appointment: 0 },
      });
  }

  const scenario: Scenario = {
    name: `generated-${seed}`,
    seed,
    day: { open: hhmm(openMin), close: hhmm(closeMin) },
    crossSkillSlowdown: slowdown,
    noShowTimeoutMinutes: 2,
    categories,
    windows,
    arrivals,
  };
  return { scenario, meta: { structure, load, surges: surgeCount } };
}
