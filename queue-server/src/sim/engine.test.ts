import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate, type SimOptions, type SimResult } from './engine.ts';
import { computeStats, toReport } from './report.ts';
import { parseScenario, type Scenario } from './scenario.ts';

function scenario(raw: Record<string, unknown>): Scenario {
  const r = parseScenario({ name: 'test', seed: 1, day: { open: '09:00', close: '17:00' }, arrivals: [], ...raw });
  if (!r.ok) throw new Error(r.message);
  return r.scenario;
}

/** Waits (minutes) of served tickets by id. */
function waits(result: SimResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of result.tickets)
    if (t.outcome === 'served' && t.calledAt !== null) out[t.id] = Math.round(((t.calledAt - t.issuedAt) / 60_000) * 1000) / 1000;
  return out;
}

const at = (hh: number, mm: number) => hh * 60 + mm;
const deterministic = (id: string, mean: number, noShowRate = 0) => ({ id, name: id, serviceMinutes: { mean, cv: 0 }, noShowRate });
const noEstimates: SimOptions = { skipEstimates: true };

describe('simulate() hand-computable days', () => {
  it('one window, deterministic 10-minute service: exact waits', () => {
    const s = scenario({ categories: [deterministic('A', 10)], windows: [{ id: 'W1', home: 'A' }] });
    const arrivals = [at(9, 0), at(9, 2), at(9, 5), at(9, 30)].map((m) => ({ atMinute: m, category: 'A' }));
    const r = simulate(s, 'static', { ...noEstimates, fixedArrivals: arrivals });
    expect(waits(r)).toEqual({ A001: 0, A002: 8, A003: 15, A004: 0 });
    const report = toReport(s, r);
    expect(report.waitMinutes).toEqual({ mean: 5.8, p50: 0, p90: 15, max: 15 });
  });

  it('a break: the window finishes its ticket, then serves nothing until the break ends', () => {
    const s = scenario({
      categories: [deterministic('A', 10)],
      windows: [{ id: 'W1', home: 'A', breaks: [{ from: '09:05', to: '09:20' }] }],
    });
    const r = simulate(s, 'static', {
      ...noEstimates,
      fixedArrivals: [
        { atMinute: at(9, 0), category: 'A' },
        { atMinute: at(9, 1), category: 'A' },
      ],
    });
    expect(waits(r)).toEqual({ A001: 0, A002: 19 });
  });

  it('a ticket arriving during a break waits for its end', () => {
    const s = scenario({
      categories: [deterministic('A', 10)],
      windows: [{ id: 'W1', home: 'A', breaks: [{ from: '12:00', to: '13:00' }] }],
    });
    const r = simulate(s, 'static', { ...noEstimates, fixedArrivals: [{ atMinute: at(12, 10), category: 'A' }] });
    expect(waits(r)).toEqual({ A001: 50 });
  });

  it('no-shows cost the window noShowTimeoutMinutes and are left out of the wait statistics', () => {
    const s = scenario({
      crossSkillSlowdown: 1.5,
      categories: [deterministic('A', 10, 1), deterministic('B', 10)],
      windows: [{ id: 'W1', home: 'A', skills: ['A', 'B'] }],
    });
    const fixedArrivals = [
      { atMinute: at(9, 0), category: 'A' },
      { atMinute: at(9, 1), category: 'B' },
      { atMinute: at(9, 3), category: 'A' },
    ];
    const r = simulate(s, 'skillfifo', { ...noEstimates, fixedArrivals });
    // A001 no-show 09:00–09:02; B001 called 09:02 (1 min), 15 min cross-skill; A002 called 09:17 and no-show.
    expect(waits(r)).toEqual({ B001: 1 });
    expect(toReport(s, r)).toMatchObject({ tickets: 3, served: 1, noShows: 2, unserved: 0 });
    expect(r.tickets.find((t) => t.id === 'A002')?.calledAt).toBe(at(9, 17) * 60_000);
  });

  it('cross-skill service is slower, except under pooled', () => {
    const s = scenario({
      crossSkillSlowdown: 1.5,
      categories: [deterministic('A', 10), deterministic('B', 10)],
      windows: [{ id: 'W1', home: 'A', skills: ['A', 'B'] }],
    });
    const fixedArrivals = [
      { atMinute: at(9, 0), category: 'B' },
      { atMinute: at(9, 1), category: 'A' },
    ];
    expect(waits(simulate(s, 'skillfifo', { ...noEstimates, fixedArrivals }))).toEqual({ B001: 0, A001: 14 });
    expect(waits(simulate(s, 'pooled', { ...noEstimates, fixedArrivals }))).toEqual({ B001: 0, A001: 9 });
  });

  it('a window never serves outside its skills: static leaves an unstaffed category unserved', () => {
    const s = scenario({
      categories: [deterministic('A', 10), deterministic('B', 10)],
      windows: [
        { id: 'W1', home: 'A', skills: ['A', 'B'] },
        { id: 'W2', home: 'A' },
      ],
    });
    const fixedArrivals = [{ atMinute: at(9, 0), category: 'B' }];
    expect(toReport(s, simulate(s, 'static', { ...noEstimates, fixedArrivals }))).toMatchObject({ served: 0, unserved: 1 });
    expect(toReport(s, simulate(s, 'dynamic', { ...noEstimates, fixedArrivals }))).toMatchObject({ served: 1, unserved: 0 });
  });

  it('priority tickets go first under the interleave', () => {
    const s = scenario({ categories: [deterministic('A', 10)], windows: [{ id: 'W1', home: 'A' }] });
    const fixedArrivals = [
      { atMinute: at(9, 0), category: 'A' },
      { atMinute: at(9, 1), category: 'A' },
      { atMinute: at(9, 2), category: 'A', priority: 'green' as const },
    ];
    // A001 at once; at 09:10 the green A003 goes before A002.
    expect(waits(simulate(s, 'static', { ...noEstimates, fixedArrivals }))).toEqual({ A001: 0, A003: 8, A002: 19 });
  });

  it('issues tickets only while the hall is open and serves them all after close', () => {
    const s = scenario({
      day: { open: '09:00', close: '09:30' },
      categories: [{ id: 'A', name: 'A', serviceMinutes: { mean: 20, cv: 0.5 } }],
      windows: [{ id: 'W1', home: 'A' }],
      arrivals: [{ category: 'A', from: '08:00', to: '10:00', perHour: 60 }],
    });
    const r = simulate(s, 'static', noEstimates);
    expect(r.tickets.length).toBeGreaterThan(10);
    for (const t of r.tickets) {
      expect(t.issuedAt).toBeGreaterThanOrEqual(at(9, 0) * 60_000);
      expect(t.issuedAt).toBeLessThan(at(9, 30) * 60_000);
    }
    expect(toReport(s, r).unserved).toBe(0);
    expect(Math.max(...r.tickets.map((t) => t.calledAt ?? 0))).toBeGreaterThan(at(9, 30) * 60_000);
  });
});

describe('simulate() against queueing theory', () => {
  /** Mean wait over many days of one exponential-service hall, all categories equal. */
  function meanWait(servers: number, perHour: number, serviceMinutes: number, days: number): number {
    const s = scenario({
      day: { open: '00:00', close: '23:59' },
      categories: [{ id: 'A', name: 'A', serviceMinutes: { mean: serviceMinutes, cv: 1 } }],
      windows: Array.from({ length: servers }, (_, i) => ({ id: `W${i}`, home: 'A' })),
      arrivals: [{ category: 'A', from: '00:00', to: '23:59', perHour }],
    });
    let total = 0;
    let n = 0;
    for (let seed = 1; seed <= days; seed++) {
      const r = simulate(s, 'static', { seed, serviceDistribution: 'exponential', skipEstimates: true });
      for (const t of r.tickets) {
        if (t.calledAt === null) continue;
        total += (t.calledAt - t.issuedAt) / 60_000;
        n++;
      }
    }
    return total / n;
  }

  /** Erlang C: probability of waiting in M/M/c, then Wq = C / (cμ − λ). */
  function erlangCWait(c: number, lambdaPerMin: number, muPerMin: number): number {
    const a = lambdaPerMin / muPerMin;
    let sum = 0;
    let term = 1;
    for (let k = 0; k < c; k++) {
      sum += term;
      term *= a / (k + 1);
    }
    const top = term * (c / (c - a));
    return top / (sum + top) / (c * muPerMin - lambdaPerMin);
  }

  it('M/M/1: the mean wait is within 10% of ρ/(μ − λ)', () => {
    const lambda = 3 / 60;
    const mu = 6 / 60;
    const expected = lambda / mu / (mu - lambda);
    expect(expected).toBeCloseTo(10);
    const got = meanWait(1, 3, 10, 250);
    expect(Math.abs(got - expected) / expected).toBeLessThan(0.1);
  });

  it('M/M/3: the mean wait is within 10% of the Erlang C formula', () => {
    const expected = erlangCWait(3, 12 / 60, 6 / 60);
    expect(expected).toBeCloseTo(4.444, 2);
    const got = meanWait(3, 12, 10, 100);
    expect(Math.abs(got - expected) / expected).toBeLessThan(0.1);
  });
});

describe('simulate() reproducibility and fairness between policies', () => {
  const township = (() => {
    const r = parseScenario(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'scenarios', 'township.json'), 'utf8')));
    if (!r.ok) throw new Error(r.message);
    return r.scenario;
  })();

  it('gives the same output for the same scenario, policy and seed', () => {
    const a = toReport(township, simulate(township, 'dynamic', { seed: 5 }));
    const b = toReport(township, simulate(township, 'dynamic', { seed: 5 }));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const c = toReport(township, simulate(township, 'dynamic', { seed: 6 }));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  it('uses the scenario seed when none is given', () => {
    expect(simulate(township, 'static', noEstimates).seed).toBe(township.seed);
  });

  it('shows every policy the same citizens (common random numbers)', () => {
    const issued = (p: 'static' | 'skillfifo' | 'dynamic' | 'pooled') =>
      simulate(township, p, { seed: 9, skipEstimates: true }).tickets.map((t) => `${t.id}@${t.issuedAt}/${t.priority}`);
    const base = issued('static');
    expect(issued('skillfifo')).toEqual(base);
    expect(issued('dynamic')).toEqual(base);
    expect(issued('pooled')).toEqual(base);
  });

  it('dynamic respects breaks and certifications over a whole day', () => {
    const r = simulate(township, 'dynamic', { seed: 3 });
    for (const t of r.tickets) {
      if (t.calledAt === null || t.windowId === null) continue;
      const w = township.windows.find((x) => x.id === t.windowId);
      expect([w?.home, ...(w?.skills ?? [])]).toContain(t.categoryId);
      for (const b of w?.breaks ?? []) {
        const from = Number(b.from.slice(0, 2)) * 60 + Number(b.from.slice(3));
        const to = Number(b.to.slice(0, 2)) * 60 + Number(b.to.slice(3));
        const calledMinute = t.calledAt / 60_000;
        expect(calledMinute >= from && calledMinute < to).toBe(false);
      }
    }
    expect(r.reassignments).toBe(r.allocationLog.length);
  });

  it('reports estimates for every served ticket (predictedWaitMAE)', () => {
    const r = simulate(township, 'dynamic', { seed: 2 });
    const stats = computeStats(township, r);
    expect(stats.predictedWaitMAE).toBeGreaterThan(0);
    expect(stats.predictedWaitMAE).toBeLessThan(stats.waitMinutes.mean + 5);
  });
});

describe('simulate() with matters', () => {
  // Two matters of 2 and 18 minutes that explain the whole spread of the category (mean 10, cv 0.8):
  // each service is within a few percent of its matter's time.
  const s = scenario({
    categories: [
      {
        id: 'A',
        name: 'A',
        serviceMinutes: { mean: 10, cv: 0.8 },
        matters: [
          { id: 'quick', share: 0.5, minutes: 2 },
          { id: 'long', share: 0.5, minutes: 18 },
        ],
      },
    ],
    windows: [{ id: 'W1', home: 'A' }],
  });
  const arrivals = Array.from({ length: 8 }, (_, i) => ({ atMinute: at(9, 0) + i / 60, category: 'A' }));
  const error = (r: SimResult) =>
    r.tickets.reduce((a, t) => a + Math.abs(t.estimateMinutes - ((t.calledAt as number) - t.issuedAt) / 60_000), 0) / r.tickets.length;

  it("tells the estimator each ticket's matter time, as the server does, and that makes the estimates right", () => {
    const told = simulate(s, 'static', { fixedArrivals: arrivals, estimateSamples: 8 });
    const untold = simulate(s, 'static', { fixedArrivals: arrivals, estimateSamples: 8, estimateMatters: false });
    // Same citizens, same services: only what the estimator knows differs.
    expect(told.tickets.map((t) => t.calledAt)).toEqual(untold.tickets.map((t) => t.calledAt));
    const last = told.tickets[7]!;
    expect(((last.calledAt as number) - last.issuedAt) / 60_000).toBeGreaterThan(20);
    expect(error(told)).toBeLessThan(1.5);
    expect(error(untold)).toBeGreaterThan(3 * error(told));
  });
});

describe('simulate() widens the range shown from the record, as the server does', () => {
  // One window, 10-minute services with spread: every ticket after the first waits behind someone.
  const s = scenario({ categories: [{ id: 'A', name: 'A', serviceMinutes: { mean: 10, cv: 0.5 } }], windows: [{ id: 'W1', home: 'A' }] });
  const arrivals = Array.from({ length: 6 }, (_, i) => ({ atMinute: at(9, 0) + i, category: 'A' }));
  // An earlier day's record: forty tickets shown 10 minutes (8–12) in the 5–15 band, each called after 20.
  const lateRecord = Array.from({ length: 40 }, () => ({ minutes: 10, low: 8, high: 12, waitedMinutes: 20 }));

  it('without a record the range shown is the replays’ own; the same day with the late record stretches the 5–15 band (and the longer ones) fourfold', () => {
    const plain = simulate(s, 'static', { fixedArrivals: arrivals, estimateSamples: 8 });
    const widened = simulate(s, 'static', { fixedArrivals: arrivals, estimateSamples: 8, rangeHistory: lateRecord });
    // The record changes what is shown, not the day: the same calls, the same points, the same replays.
    expect(widened.tickets.map((t) => t.calledAt)).toEqual(plain.tickets.map((t) => t.calledAt));
    let stretched = 0;
    for (const [i, t] of widened.tickets.entries()) {
      const p = plain.tickets[i]!;
      expect(p.estimateLow).toBe(p.estimateSampledLow);
      expect(p.estimateHigh).toBe(p.estimateSampledHigh);
      expect(t.estimateShown).toBe(p.estimateShown);
      expect(t.estimateSampledHigh).toBe(p.estimateSampledHigh);
      const m = t.estimateShown as number;
      const up = (t.estimateSampledHigh as number) - m;
      // (20 − 0.5 − 10) ÷ 2 = 4.75 upper halves past the point, capped at 4. The longer bands have no record
      // and take 5–15's stretch; the 0–5 band below it learns nothing.
      if (m >= 5 && up >= 1) {
        expect(t.estimateHigh).toBe(m + 4 * up);
        stretched++;
      } else expect(t.estimateHigh).toBe(t.estimateSampledHigh);
      expect(t.estimateLow).toBe(t.estimateSampledLow);
    }
    expect(stretched).toBeGreaterThan(0);
  });
});
