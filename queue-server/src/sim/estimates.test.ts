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

  it('counts the replays’ range beside the one shown, and both by the band of the point shown', () => {
    const a = estimateAccuracy(
      [
        // Shown 12 (8–25), the replays said 8–16: waited 20, inside the widened range only.
        s(20, 12, 8, 25, { sampledLow: 8, sampledHigh: 16 }),
        // Shown 3 (1–6), replays 1–6: waited 4, inside both.
        s(4, 3, 1, 6, { sampledLow: 1, sampledHigh: 6 }),
        // Shown 40 (30–70), replays 30–55: waited 80, inside neither.
        s(80, 40, 30, 70, { sampledLow: 30, sampledHigh: 55 }),
      ],
      600 * MIN,
    );
    expect(a.coverage).toBeCloseTo(2 / 3, 10);
    expect(a.sampledCoverage).toBeCloseTo(1 / 3, 10);
    expect(a.sampledWidth).toBeCloseTo((8 + 5 + 25) / 3, 10);
    expect(a.coverageByBand.map((b) => [b.tickets, b.coverage, b.sampledCoverage])).toEqual([
      [1, 1, 1],
      [1, 1, 0],
      [0, 0, null],
      [1, 0, 0],
    ]);
  });
});
