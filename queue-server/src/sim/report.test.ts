import { describe, expect, it } from 'vitest';
import type { SimResult } from './engine.ts';
import { nearestRank, toReport } from './report.ts';
import { parseScenario } from './scenario.ts';

describe('nearestRank()', () => {
  const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  it('takes the value at rank ⌈p/100 · n⌉', () => {
    expect(nearestRank(ten, 50)).toBe(5);
    expect(nearestRank(ten, 90)).toBe(9);
    expect(nearestRank(ten, 91)).toBe(10);
    expect(nearestRank(ten, 100)).toBe(10);
    expect(nearestRank([1, 2, 3], 50)).toBe(2);
    expect(nearestRank([7], 90)).toBe(7);
    expect(nearestRank([], 90)).toBe(0);
  });
});

describe('toReport()', () => {
  const parsed = parseScenario({
    name: 'mini',
    seed: 3,
    day: { open: '09:00', close: '10:00' },
    categories: [
      { id: 'A', name: 'A', serviceMinutes: { mean: 10, cv: 0 } },
      { id: 'B', name: 'B', serviceMinutes: { mean: 10, cv: 0 } },
    ],
    windows: [{ id: 'W1', home: 'A' }],
    arrivals: [],
  });
  if (!parsed.ok) throw new Error(parsed.message);
  const t = (
    id: string,
    categoryId: string,
    issuedMin: number,
    calledMin: number | null,
    outcome: 'served' | 'no-show' | 'unserved',
    estimateMinutes: number,
  ) => ({
    id,
    categoryId,
    priority: 'normal' as const,
    issuedAt: issuedMin * 60_000,
    calledAt: calledMin === null ? null : calledMin * 60_000,
    windowId: calledMin === null ? null : 'W1',
    outcome,
    estimateMinutes,
  });
  const result: SimResult = {
    scenario: 'mini',
    policy: 'dynamic',
    seed: 3,
    tickets: [
      t('A001', 'A', 540, 540, 'served', 1),
      t('A002', 'A', 541, 550, 'served', 5),
      t('A003', 'A', 542, 560, 'no-show', 0),
      t('B001', 'B', 543, null, 'unserved', 9),
    ],
    reassignments: 2,
    allocationLog: [],
    queueSeries: [],
  };

  it('has exactly the spec fields, in the spec order', () => {
    const r = toReport(parsed.scenario, result);
    expect(Object.keys(r)).toEqual([
      'scenario',
      'policy',
      'seed',
      'tickets',
      'served',
      'noShows',
      'unserved',
      'waitMinutes',
      'byCategory',
      'reassignments',
      'predictedWaitMAE',
    ]);
    expect(Object.keys(r.waitMinutes)).toEqual(['mean', 'p50', 'p90', 'max']);
    expect(Object.keys(r.byCategory.A ?? {})).toEqual(['served', 'mean', 'p90', 'max']);
  });

  it('counts waits over served tickets only, and the MAE of their estimates', () => {
    expect(toReport(parsed.scenario, result)).toEqual({
      scenario: 'mini',
      policy: 'dynamic',
      seed: 3,
      tickets: 4,
      served: 2,
      noShows: 1,
      unserved: 1,
      waitMinutes: { mean: 4.5, p50: 0, p90: 9, max: 9 },
      byCategory: { A: { served: 2, mean: 4.5, p90: 9, max: 9 }, B: { served: 0, mean: 0, p90: 0, max: 0 } },
      reassignments: 2,
      // |1 − 0| and |5 − 9|
      predictedWaitMAE: 2.5,
    });
  });
});
