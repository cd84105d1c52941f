/**
 * Results over generated hall days (generate.ts): every day under static, skillfifo, homefirst, dynamic
 * and pooled (estimates off: waits only), and the distribution of the ratios the project is judged on.
 *
 *   npm run -s simulate -- --generated 300 [--from 1] [--workers 2] [--json]
 *
 * Days run in worker threads (default: one per CPU, at most 4). Deterministic: the same seeds give the
 * same table whatever the number of workers.
 *
 * Invariants checked on every day (the run exits 1 if one fails, so the table cannot hide a breach):
 * - dynamic's mean wait ≤ static's (on days static serves everybody: with a category that has no home
 *   window static leaves its tickets unserved, and its mean covers fewer people) and ≤ skillfifo's;
 * - no category starves: its longest wait under dynamic is at most the hall's longest wait under
 *   skillfifo or static (whichever is longer) plus 15 minutes.
 */
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { PolicyName } from '../core/queue-model.ts';
import { simulate } from './engine.ts';
import { generateScenario, type SkillStructure } from './generate.ts';
import { computeStats, nearestRank } from './report.ts';

export const GENERATED_POLICIES: readonly PolicyName[] = ['static', 'skillfifo', 'homefirst', 'dynamic', 'pooled'];
/** Slack in the starvation check (minutes). */
export const STARVATION_SLACK_MINUTES = 15;

export interface DayResult {
  readonly seed: number;
  readonly windows: number;
  readonly categories: number;
  readonly structure: SkillStructure;
  readonly load: number;
  readonly slowdown: number;
  readonly tickets: number;
  readonly mean: Readonly<Record<string, number>>;
  readonly p90: Readonly<Record<string, number>>;
  readonly max: Readonly<Record<string, number>>;
  /** Tickets nobody served (static leaves a category without a home window unserved). */
  readonly unserved: Readonly<Record<string, number>>;
  /** The longest wait of any one category under dynamic, and which. */
  readonly dynamicWorstCategory: { readonly id: string; readonly max: number };
  /**
   * A reference, not a policy a hall can run: the mean wait of skillfifo and dynamic on the same day with
   * cross-skill work at home speed (slowdown 1). It shows how much of skillfifo's wait any dispatcher
   * could remove if the slower cross-skill minutes cost nothing.
   */
  readonly freeCrossSkillMean: { readonly skillfifo: number; readonly dynamic: number };
  /**
   * Per policy, the category whose citizens waited longest on average, and that mean: what a lower hall
   * mean can cost one queue (static's low mean on an overloaded day is often one category left to wait).
   */
  readonly worstCategoryMean: Readonly<Record<string, { readonly id: string; readonly mean: number }>>;
}

export function evaluateDay(seed: number): DayResult {
  const { scenario, meta } = generateScenario(seed);
  const mean: Record<string, number> = {};
  const p90: Record<string, number> = {};
  const max: Record<string, number> = {};
  const unserved: Record<string, number> = {};
  let tickets = 0;
  let worst = { id: '', max: 0 };
  const worstMean: Record<string, { id: string; mean: number }> = {};
  for (const policy of GENERATED_POLICIES) {
    const stats = computeStats(scenario, simulate(scenario, policy, { skipEstimates: true }));
    let wm = { id: '', mean: 0 };
    for (const [id, c] of Object.entries(stats.byCategory)) if (c.served > 0 && c.mean > wm.mean) wm = { id, mean: c.mean };
    worstMean[policy] = wm;
    mean[policy] = stats.waitMinutes.mean;
    p90[policy] = stats.waitMinutes.p90;
    max[policy] = stats.waitMinutes.max;
    unserved[policy] = stats.unserved;
    tickets = stats.tickets;
    if (policy === 'dynamic') for (const [id, c] of Object.entries(stats.byCategory)) if (c.max > worst.max) worst = { id, max: c.max };
  }
  const free = { ...scenario, crossSkillSlowdown: 1 };
  const freeMean = (policy: PolicyName) => computeStats(free, simulate(free, policy, { skipEstimates: true })).waitMinutes.mean;
  return {
    seed,
    windows: scenario.windows.length,
    categories: scenario.categories.length,
    structure: meta.structure,
    load: meta.load,
    slowdown: scenario.crossSkillSlowdown,
    tickets,
    mean,
    p90,
    max,
    unserved,
    dynamicWorstCategory: worst,
    freeCrossSkillMean: { skillfifo: freeMean('skillfifo'), dynamic: freeMean('dynamic') },
    worstCategoryMean: worstMean,
  };
}

/** Runs the days on `workers` threads; results come back in seed order. */
export async function evaluateDays(seeds: readonly number[], workers: number): Promise<DayResult[]> {
  if (workers <= 1 || seeds.length <= 1) return seeds.map(evaluateDay);
  const results = new Map<number, DayResult>();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(workers, seeds.length) }, () => {
      const worker = startWorker();
      return new Promise<void>((resolve, reject) => {
        const feed = () => {
          const seed = seeds[next++];
          if (seed === undefined) {
            void worker.terminate().then(() => resolve());
            return;
          }
          worker.postMessage(seed);
        };
        worker.on('message', (r: DayResult) => {
          results.set(r.seed, r);
          feed();
        });
        worker.on('error', reject);
        feed();
      });
    }),
  );
  return seeds.map((s) => {
    const r = results.get(s);
    if (r === undefined) throw new Error(`no result for generated day ${s}`);
    return r;
  });
}

/**
 * A worker thread running this file. Under tsx (npm run simulate) the TypeScript loader is registered in
 * the worker first: the loader of the main thread does not reach a worker's entry module.
 */
function startWorker(): Worker {
  const self = import.meta.url;
  const data = { role: 'generated-days' };
  if (!self.endsWith('.ts')) return new Worker(new URL(self), { workerData: data });
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(self)}); });`;
  return new Worker(boot, { eval: true, workerData: data });
}

export interface Violation {
  readonly seed: number;
  readonly what: string;
}

/** "(longest-waiting category on average: static C 114.3, dynamic C 56.9)" */
function worstQueues(d: DayResult, other: string): string {
  const o = d.worstCategoryMean[other];
  const y = d.worstCategoryMean['dynamic'];
  if (o === undefined || y === undefined) return '';
  return ` (longest-waiting category on average: ${other} ${o.id} ${o.mean.toFixed(1)}, dynamic ${y.id} ${y.mean.toFixed(1)})`;
}

/**
 * Whether dynamic's mean wait is above `other`'s, compared at the precision the table prints (0.01 min).
 * A day on which static leaves tickets unserved has no static baseline (its mean covers fewer people).
 */
function dynamicAbove(d: DayResult, other: 'static' | 'skillfifo'): boolean {
  if (other === 'static' && (d.unserved['static'] ?? 0) > 0) return false;
  return Math.round((d.mean['dynamic'] ?? 0) * 100) > Math.round((d.mean[other] ?? 0) * 100);
}

/** Days on which dynamic's mean is above `other`'s while its longest-waiting category fares better. */
export function fairerWhereSlower(days: readonly DayResult[], other: 'static' | 'skillfifo'): { slower: number; fairer: number } {
  const slower = days.filter((d) => dynamicAbove(d, other));
  const fairer = slower.filter((d) => (d.worstCategoryMean['dynamic']?.mean ?? 0) < (d.worstCategoryMean[other]?.mean ?? 0));
  return { slower: slower.length, fairer: fairer.length };
}

export function violations(days: readonly DayResult[]): Violation[] {
  const out: Violation[] = [];
  const m = (d: DayResult, p: string) => d.mean[p] ?? 0;
  for (const d of days) {
    for (const other of ['static', 'skillfifo'] as const)
      if (dynamicAbove(d, other))
        out.push({
          seed: d.seed,
          what: `dynamic ${m(d, 'dynamic').toFixed(2)} > ${other} ${m(d, other).toFixed(2)}${worstQueues(d, other)}`,
        });
    const bound =
      Math.max(d.max['skillfifo'] ?? 0, (d.unserved['static'] ?? 0) === 0 ? (d.max['static'] ?? 0) : 0) + STARVATION_SLACK_MINUTES;
    if (d.dynamicWorstCategory.max > bound)
      out.push({
        seed: d.seed,
        what: `category ${d.dynamicWorstCategory.id} waited ${d.dynamicWorstCategory.max.toFixed(1)} min under dynamic (bound ${bound.toFixed(1)})`,
      });
  }
  return out;
}

function distribution(xs: readonly number[]): { median: number; p90: number; max: number; min: number } {
  const s = [...xs].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return { median: nearestRank(s, 50), p90: nearestRank(s, 90), max: s[s.length - 1] ?? 0, min: s[0] ?? 0 };
}

/** Share of the skillfifo→pooled gap that dynamic closes; undefined when the gap is under a minute. */
export function gapClosed(d: DayResult): number | undefined {
  const sf = d.mean['skillfifo'] ?? 0;
  const pooled = d.mean['pooled'] ?? 0;
  if (sf - pooled < 1) return undefined;
  return (sf - (d.mean['dynamic'] ?? 0)) / (sf - pooled);
}

/** A figure of the day as a share of skillfifo's mean wait. */
const ofSkillfifo = (d: DayResult, x: number) => x / Math.max(1e-9, d.mean['skillfifo'] ?? 0);

export function generatedTable(days: readonly DayResult[]): string {
  const f2 = (x: number) => x.toFixed(2);
  const ratio = (a: string, b: string) => days.map((d) => (d.mean[a] ?? 0) / Math.max(1e-9, d.mean[b] ?? 0));
  const p90ratio = (a: string, b: string) => days.map((d) => (d.p90[a] ?? 0) / Math.max(1e-9, d.p90[b] ?? 0));
  const gaps = days.map(gapClosed).filter((g): g is number => g !== undefined);
  const rows: [string, number[]][] = [
    ['dynamic ÷ skillfifo, mean wait', ratio('dynamic', 'skillfifo')],
    ['dynamic ÷ skillfifo, p90 wait', p90ratio('dynamic', 'skillfifo')],
    ['dynamic ÷ homefirst, mean wait', ratio('dynamic', 'homefirst')],
    [
      'dynamic ÷ static, mean wait (days static serves everybody)',
      ratio('dynamic', 'static').filter((_, i) => (days[i]?.unserved['static'] ?? 0) === 0),
    ],
    ['homefirst ÷ skillfifo, mean wait', ratio('homefirst', 'skillfifo')],
    [
      'reference: skillfifo with cross-skill work at home speed ÷ skillfifo, mean wait',
      days.map((d) => ofSkillfifo(d, d.freeCrossSkillMean.skillfifo)),
    ],
    [
      'reference: dynamic with cross-skill work at home speed ÷ skillfifo, mean wait',
      days.map((d) => ofSkillfifo(d, d.freeCrossSkillMean.dynamic)),
    ],
    [`skillfifo→pooled gap closed by dynamic (${gaps.length} days with a gap ≥ 1 min)`, gaps],
  ];
  const out: string[] = [];
  const first = days[0]?.seed ?? 0;
  const last = days[days.length - 1]?.seed ?? 0;
  out.push(`${days.length} generated days (seeds ${first}–${last}); one seed per day, waits in minutes.`, '');
  out.push('| figure | median | p90 | max | min |', '|---|---:|---:|---:|---:|');
  for (const [name, xs] of rows) {
    const d = distribution(xs);
    out.push(`| ${name} | ${f2(d.median)} | ${f2(d.p90)} | ${f2(d.max)} | ${f2(d.min)} |`);
  }
  out.push('');
  out.push(
    '| skill structure | days | median dynamic ÷ skillfifo | median dynamic ÷ homefirst | median gap closed | reference: dynamic at home speed ÷ skillfifo |',
    '|---|---:|---:|---:|---:|---:|',
  );
  for (const s of ['dedicated', 'chained', 'mixed', 'all'] as const) {
    const sub = days.filter((d) => d.structure === s);
    if (sub.length === 0) continue;
    const r1 = distribution(sub.map((d) => ofSkillfifo(d, d.mean['dynamic'] ?? 0))).median;
    const r2 = distribution(sub.map((d) => (d.mean['dynamic'] ?? 0) / Math.max(1e-9, d.mean['homefirst'] ?? 0))).median;
    const g = sub.map(gapClosed).filter((x): x is number => x !== undefined);
    const r3 = distribution(sub.map((d) => ofSkillfifo(d, d.freeCrossSkillMean.dynamic))).median;
    out.push(`| ${s} | ${sub.length} | ${f2(r1)} | ${f2(r2)} | ${g.length > 0 ? f2(distribution(g).median) : '–'} | ${f2(r3)} |`);
  }
  out.push('');
  const v = violations(days);
  out.push(
    `Invariants: dynamic ≤ skillfifo and ≤ static (mean wait; static only on days it serves everybody) on every day, and no category's longest wait under dynamic beyond the hall's longest under skillfifo or static + ${STARVATION_SLACK_MINUTES} min: ${v.length === 0 ? '**held on every day**' : `**${v.length} breaches**`}.`,
  );
  const s = fairerWhereSlower(days, 'static');
  const f = fairerWhereSlower(days, 'skillfifo');
  if (s.slower + f.slower > 0)
    out.push(
      '',
      `Where dynamic's mean is higher, its longest-waiting category still waits less on average than under the other policy on ${s.fairer} of the ${s.slower} days above static and on ${f.fairer} of the ${f.slower} days above skillfifo.`,
      '',
    );
  for (const x of v.slice(0, 20)) out.push(`- day ${x.seed}: ${x.what}`);
  return out.join('\n');
}

export function defaultWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === 'generated-days') {
  parentPort?.on('message', (seed: number) => parentPort?.postMessage(evaluateDay(seed)));
}
