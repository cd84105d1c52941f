/**
 * Turns a simulated day into the JSON output of docs/scenario-format.md. Waits are minutes from
 * issue to the call that led to service, over served tickets; percentiles use the nearest-rank method;
 * predictedWaitMAE is the mean |estimate given at issue − actual wait| over served tickets.
 */
import type { PolicyName } from '../core/queue-model.ts';
import type { Scenario } from './scenario.ts';
import type { SimResult } from './engine.ts';

export interface WaitSummary {
  mean: number;
  p50: number;
  p90: number;
  max: number;
}

export interface CategorySummary {
  served: number;
  mean: number;
  p90: number;
  max: number;
}

/** Exactly the spec's output object, key order included. */
export interface SimReport {
  scenario: string;
  policy: PolicyName;
  seed: number;
  tickets: number;
  served: number;
  noShows: number;
  unserved: number;
  waitMinutes: WaitSummary;
  byCategory: Record<string, CategorySummary>;
  reassignments: number;
  predictedWaitMAE: number;
}

/** Nearest-rank percentile of an ascending list: the value at rank ⌈p/100 · n⌉ (0 for an empty list). */
export function nearestRank(sortedAsc: readonly number[], p: number): number {
  const n = sortedAsc.length;
  if (n === 0) return 0;
  const rank = Math.min(n, Math.max(1, Math.ceil((p / 100) * n)));
  return sortedAsc[rank - 1] ?? 0;
}

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Rounds for the JSON output (one decimal, as in the spec's example). */
const r1 = (x: number) => Math.round(x * 10) / 10;

function summarize(waits: readonly number[]): WaitSummary {
  const sorted = [...waits].sort((a, b) => a - b);
  return { mean: mean(sorted), p50: nearestRank(sorted, 50), p90: nearestRank(sorted, 90), max: sorted[sorted.length - 1] ?? 0 };
}

/** Unrounded statistics, for results.ts and the tests. */
export function computeStats(scenario: Scenario, result: SimResult) {
  const served = result.tickets.filter((t) => t.outcome === 'served' && t.calledAt !== null);
  const waitOf = (t: (typeof served)[number]) => ((t.calledAt ?? t.issuedAt) - t.issuedAt) / 60_000;
  const waits = served.map(waitOf);
  const byCategory: Record<string, CategorySummary> = {};
  for (const c of scenario.categories) {
    const w = served.filter((t) => t.categoryId === c.id).map(waitOf);
    const s = summarize(w);
    byCategory[c.id] = { served: w.length, mean: s.mean, p90: s.p90, max: s.max };
  }
  return {
    tickets: result.tickets.length,
    served: served.length,
    noShows: result.tickets.filter((t) => t.outcome === 'no-show').length,
    unserved: result.tickets.filter((t) => t.outcome === 'unserved').length,
    waitMinutes: summarize(waits),
    byCategory,
    predictedWaitMAE: mean(served.map((t) => Math.abs(t.estimateMinutes - waitOf(t)))),
  };
}

export function toReport(scenario: Scenario, result: SimResult): SimReport {
  const s = computeStats(scenario, result);
  const byCategory: Record<string, CategorySummary> = {};
  for (const [id, c] of Object.entries(s.byCategory))
    byCategory[id] = { served: c.served, mean: r1(c.mean), p90: r1(c.p90), max: r1(c.max) };
  return {
    scenario: result.scenario,
    policy: result.policy,
    seed: result.seed,
    tickets: s.tickets,
    served: s.served,
    noShows: s.noShows,
    unserved: s.unserved,
    waitMinutes: { mean: r1(s.waitMinutes.mean), p50: r1(s.waitMinutes.p50), p90: r1(s.waitMinutes.p90), max: r1(s.waitMinutes.max) },
    byCategory,
    reassignments: result.reassignments,
    predictedWaitMAE: r1(s.predictedWaitMAE),
  };
}
