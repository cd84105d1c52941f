import { describe, expect, it } from 'vitest';
import { asPercent, computeMetrics, ratingPolicy, type Outcome, type ServedTicket } from './rating-metrics.ts';

const ticket = (id: string, businessDate: string): ServedTicket => ({
  id,
  businessDate,
  windowId: 'W01',
  servedBy: 'zhangwei',
  categoryId: 'enterprise',
  serviceIds: ['company-setup'],
});
const rated = (level: number, extra: Partial<Outcome> = {}): Outcome => ({ level, caseStatus: null, caseOverdue: false, ...extra });

describe('rating metrics: one definition', () => {
  const served = [ticket('a', '2026-11-02'), ticket('b', '2026-11-02'), ticket('c', '2026-11-02'), ticket('d', '2026-11-09')];
  const outcomes = new Map<string, Outcome>([
    ['a', rated(5)],
    ['b', rated(3)],
  ]);

  it('national: 好评 is 4–5 only, no default rating, 主动评价好评率 equals 好评率', () => {
    const m = computeMetrics('2026-11-02', '2026-11-09', served, outcomes, { policy: ratingPolicy(), asOf: '2026-11-30' }).overall;
    expect(m).toMatchObject({
      served: 4,
      rated: 2,
      good: 1,
      neutral: 1,
      defaulted: 0,
      goodRate: 0.5,
      activeGoodRate: 0.5,
      unratedRate: 0.5,
    });
  });

  it('Guangdong: unrated 7 natural days after the service counts as 基本满意 in 好评率, never in 主动评价好评率', () => {
    const policy = ratingPolicy({ province: 'guangdong' });
    // As of 9 November: c (2 November) is 7 days old and defaults; d (served that day) does not.
    const m = computeMetrics('2026-11-02', '2026-11-09', served, outcomes, { policy, asOf: '2026-11-09' }).overall;
    expect(m).toMatchObject({ rated: 2, defaulted: 1, goodRate: 0.3333, activeGoodRate: 0.5, unratedRate: 0.5 });
    // A day earlier nothing has defaulted yet.
    const before = computeMetrics('2026-11-02', '2026-11-09', served, outcomes, { policy, asOf: '2026-11-08' }).overall;
    expect([before.defaulted, before.goodRate]).toEqual([0, 0.5]);
    // The hall may override the days.
    expect(ratingPolicy({ province: 'guangdong', defaultAfterDays: 3 }).defaultAfterDays).toBe(3);
  });

  it('an appealed 差评 approved for exclusion leaves every figure; revisits that did not reach the citizen do not count', () => {
    const o = new Map<string, Outcome>([
      ['a', rated(1, { caseStatus: 'closed', excluded: true })],
      ['b', rated(2, { caseStatus: 'closed', revisitOutcome: 'unsatisfied' })],
      ['c', rated(2, { caseStatus: 'closed', revisitOutcome: 'unreachable' })],
      ['d', rated(2, { caseStatus: 'rectified', revisitOutcome: null, caseOverdue: true })],
    ]);
    const m = computeMetrics('2026-11-02', '2026-11-09', served, o).overall;
    expect(m).toMatchObject({ served: 3, rated: 3, bad: 3, excluded: 1, cases: 3, closedCases: 2, overdueCases: 1, revisits: 1 });
    expect([m.rectificationRate, m.revisitSatisfactionRate]).toEqual([0.6667, 0]);
  });

  it('reports show the same fraction in percent, one decimal; no data is 0 there and null in the metrics', () => {
    expect([asPercent(0.3333), asPercent(0.5), asPercent(null)]).toEqual([33.3, 50, 0]);
    expect(computeMetrics('2026-11-02', '2026-11-02', [], new Map()).overall.goodRate).toBeNull();
  });
});
