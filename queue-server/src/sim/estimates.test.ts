import { describe, expect, it } from 'vitest';
import { estimateAccuracy, type EstimateSample } from './estimates.ts';

const MIN = 60_000;
const s = (waited: number | null, minutes: number, low: number, high: number, extra: Partial<EstimateSample> = {}): EstimateSample => ({
  issuedAt: 0,
  calledAt: waited === null ? null : waited * MIN,
  served: waited !== null,
  minutes,
  low,
  high,
  ...extra,
});

describe('estimateAccuracy()', () => {
  it('counts MAE, bias, coverage and width over served tickets with a number', () => {
    const a = estimateAccuracy(
      [s(10, 12, 8, 16), s(20, 14, 10, 18), s(0, 0, 0, 2), s(null, 5, 3, 8), s(50, 60, 40, 80, { note: 'AFTER_CLOSE' })],
      40 * MIN,
    );
    expect(a.measured).toBe(3);
    expect(a.meanWait).toBe(10);
    expect(a.mae).toBeCloseTo((2 + 6 + 0) / 3, 10);
    expect(a.bias).toBeCloseTo((2 - 6 + 0) / 3, 10);
    expect(a.coverage).toBeCloseTo(2 / 3, 10);
    expect(a.meanWidth).toBeCloseTo((8 + 8 + 2) / 3, 10);
    expect(a.afterClose).toEqual({ given: 1, notCalledBeforeClose: 1 });
    expect(a.meetsTarget).toBe(true); // 2.67 is over 2 minutes but within 30% of 10
  });
});
