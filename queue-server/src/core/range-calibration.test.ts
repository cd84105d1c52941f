import { describe, expect, it } from 'vitest';
import { learnRangeWidening, MAX_WIDENING, NO_WIDENING, widenRange, type RangeRecord } from './range-calibration.ts';

/** `n` tickets shown 10 minutes (8–12) that waited `waited` minutes. */
const shown10 = (n: number, waited: number): RangeRecord[] =>
  Array.from({ length: n }, () => ({ minutes: 10, low: 8, high: 12, waitedMinutes: waited }));

const band = (w: ReturnType<typeof learnRangeWidening>, upTo: number) => w.bands.find((b) => b.upToMinutes === upTo);

describe('learnRangeWidening', () => {
  it('a hall with no record shows the sampled range unchanged', () => {
    expect(learnRangeWidening([])).toEqual(NO_WIDENING);
    expect(widenRange({ minutes: 10, low: 8, high: 12 }, NO_WIDENING)).toEqual({ low: 8, high: 12 });
  });

  it('stretches the upper side when more than a tenth of the waits ran past it', () => {
    // 36 waited the 10 minutes shown, 4 of 40 (a tenth) waited 16.5. Their upper score is
    // (16.5 − 0.5 − 10) ÷ (12 − 10) = 3; the conformal quantile is the ⌈41 × 0.9⌉ = 37th smallest score of
    // 40, which is the first 3. So the upper half is stretched threefold: 10 + 3 × 2 = 16. Nobody waited
    // less than shown, so the lower side stays.
    const w = learnRangeWidening([...shown10(36, 10), ...shown10(4, 16.5)]);
    expect(band(w, 15)).toEqual({ upToMinutes: 15, lower: 1, upper: 3, records: 40 });
    expect(widenRange({ minutes: 10, low: 8, high: 12 }, w)).toEqual({ low: 8, high: 16 });
    // A point of 7 with 5–9 in the same band: 7 + 3 × 2 = 13.
    expect(widenRange({ minutes: 7, low: 5, high: 9 }, w)).toEqual({ low: 5, high: 13 });
  });

  it('leaves the range alone when the waits beyond it are within the tenth the range allows', () => {
    // 3 of 40 beyond: the 37th smallest score is one of the 37 on time (−0.25), so the factor stays 1.
    const w = learnRangeWidening([...shown10(37, 10), ...shown10(3, 16.5)]);
    expect(band(w, 15)?.upper).toBe(1);
  });

  it('stretches the lower side from the waits that ended well before it', () => {
    // 4 of 40 called after 3.5 minutes: lower score (10 − 3.5 − 0.5) ÷ (10 − 8) = 3; low 10 − 3 × 2 = 4.
    const w = learnRangeWidening([...shown10(36, 10), ...shown10(4, 3.5)]);
    expect(band(w, 15)).toMatchObject({ lower: 3, upper: 1 });
    expect(widenRange({ minutes: 10, low: 8, high: 12 }, w)).toEqual({ low: 4, high: 12 });
  });

  it('needs 30 records before it stretches a side', () => {
    // 26 + 3 = 29 records, over a tenth of them late: too few to say.
    expect(band(learnRangeWidening([...shown10(26, 10), ...shown10(3, 16.5)]), 15)).toMatchObject({ upper: 1, records: 29 });
    // 27 + 3 = 30: ⌈31 × 0.9⌉ = 28th smallest score, the first late one, (16.5 − 0.5 − 10) ÷ 2 = 3.
    expect(band(learnRangeWidening([...shown10(27, 10), ...shown10(3, 16.5)]), 15)?.upper).toBe(3);
  });

  it('each band of the point learns on its own; a band with too few records takes the stretch of the band below', () => {
    // The late waits are all in the 5–15 band: a 3-minute point (0–5, below it) keeps its range.
    const w = learnRangeWidening([...shown10(36, 10), ...shown10(4, 16.5)]);
    expect(widenRange({ minutes: 3, low: 1, high: 6 }, w)).toEqual({ low: 1, high: 6 });
    expect(band(w, 5)?.records).toBe(0);
    // 15–30 and 30+ have no record: they take 5–15's threefold upper stretch, 40 + 3 × 15 = 85.
    expect(band(w, 30)).toEqual({ upToMinutes: 30, lower: 1, upper: 3, records: 0 });
    expect(widenRange({ minutes: 40, low: 30, high: 55 }, w)).toEqual({ low: 30, high: 85 });
    // Once 30+ has a record of its own (30 waits as shown), it keeps its own range.
    const own = learnRangeWidening([
      ...shown10(36, 10),
      ...shown10(4, 16.5),
      ...Array.from({ length: 30 }, () => ({ minutes: 40, low: 30, high: 55, waitedMinutes: 40 })),
    ]);
    expect(widenRange({ minutes: 40, low: 30, high: 55 }, own)).toEqual({ low: 30, high: 55 });
  });

  it('caps the stretch, and a garbled record (no figure, a negative wait) is left out', () => {
    const garbled: RangeRecord[] = [
      { minutes: Number.NaN, low: 8, high: 12, waitedMinutes: 10 },
      { minutes: 10, low: 8, high: 12, waitedMinutes: -5 },
      { minutes: 10, low: 8, high: Infinity, waitedMinutes: 10 },
    ];
    const w = learnRangeWidening([...shown10(30, 10), ...shown10(10, 200), ...garbled]);
    expect(band(w, 15)).toEqual({ upToMinutes: 15, lower: 1, upper: MAX_WIDENING, records: 40 });
    expect(widenRange({ minutes: 10, low: 8, high: 12 }, w).high).toBe(10 + MAX_WIDENING * 2);
  });

  it('a side narrower than a minute says nothing about proportion and is not scored', () => {
    // Points of 0 shown 0–0: no side to stretch; 40 of them called after 3 minutes change nothing.
    const w = learnRangeWidening(Array.from({ length: 40 }, () => ({ minutes: 0, low: 0, high: 0, waitedMinutes: 3 })));
    expect(band(w, 5)).toEqual({ upToMinutes: 5, lower: 1, upper: 1, records: 40 });
  });
});
