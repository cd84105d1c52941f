/**
 * How good the wait estimates are: from a simulated (or recorded) day, each ticket's estimate at issue
 * against its actual wait (issue → first call). Used by the simulator's estimate report
 * (`npm run -s bench:estimates`) and by the live-server benchmark, so both count the same way.
 *
 * - `mae`: mean |point − actual| over served tickets that got a number (no note).
 * - `coverage`: share of those whose actual wait fell inside the range [low, high].
 * - `afterClose`: tickets that got AFTER_CLOSE, and how many of them were indeed not called before close.
 */
import { rangeBandOf, rangeHolds, WIDENING_BANDS, type RangeRecord } from '../core/range-calibration.ts';
import type { TicketRecord } from './engine.ts';

export interface EstimateSample {
  /** Issue time and first call time (ms); calledAt null when never called. */
  readonly issuedAt: number;
  readonly calledAt: number | null;
  readonly served: boolean;
  /** The point given at issue (minutes); with a note, the raw projection. */
  readonly minutes: number;
  readonly low: number;
  readonly high: number;
  readonly note?: 'NO_OPEN_WINDOW' | 'AFTER_CLOSE';
  /** Alternative point figure to compare (e.g. the expected-time replay). */
  readonly alternative?: number;
  /** The sampled replays' range before it was widened from the record, to compare. */
  readonly sampledLow?: number;
  readonly sampledHigh?: number;
}

export interface EstimateAccuracy {
  readonly tickets: number;
  /** Served tickets with a numeric estimate. */
  readonly measured: number;
  readonly meanWait: number;
  readonly mae: number;
  /** mae ÷ meanWait. */
  readonly maeShare: number;
  /** Mean (point − actual): positive means estimates run long. */
  readonly bias: number;
  readonly coverage: number;
  /** Mean high − low (minutes). */
  readonly meanWidth: number;
  /** Coverage and mean width of the sampled range before widening, over the samples that carry it (null: none). */
  readonly sampledCoverage: number | null;
  readonly sampledWidth: number | null;
  /** Coverage by the point's band (minutes below `upTo`), shown range and sampled range. */
  readonly coverageByBand: readonly {
    readonly upTo: number;
    readonly tickets: number;
    readonly coverage: number;
    readonly sampledCoverage: number | null;
    readonly width: number;
  }[];
  /** The alternative point's MAE, when samples carry one. */
  readonly alternativeMae: number | null;
  readonly afterClose: { readonly given: number; readonly notCalledBeforeClose: number };
  readonly noOpenWindow: number;
  /** Whether mae ≤ 30% of the mean wait or ≤ 2 minutes. */
  readonly meetsTarget: boolean;
}

export function estimateAccuracy(samples: readonly EstimateSample[], closeAt: number): EstimateAccuracy {
  const numeric = samples.filter((s) => s.served && s.calledAt !== null && s.note === undefined);
  const waitOf = (s: EstimateSample) => ((s.calledAt as number) - s.issuedAt) / 60_000;
  const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((a, x) => a + x, 0) / xs.length);
  const waits = numeric.map(waitOf);
  const meanWait = mean(waits);
  const mae = mean(numeric.map((s) => Math.abs(s.minutes - waitOf(s))));
  const withAlt = numeric.filter((s) => s.alternative !== undefined);
  const after = samples.filter((s) => s.note === 'AFTER_CLOSE');
  const inside = (s: EstimateSample, low: number, high: number) => (rangeHolds({ low, high }, waitOf(s)) ? 1 : 0);
  const withSampled = numeric.filter((s) => s.sampledLow !== undefined && s.sampledHigh !== undefined);
  const sampledCoverageOf = (xs: readonly EstimateSample[]) => {
    const ys = xs.filter((s) => s.sampledLow !== undefined && s.sampledHigh !== undefined);
    return ys.length === 0 ? null : mean(ys.map((s) => inside(s, s.sampledLow as number, s.sampledHigh as number)));
  };
  return {
    tickets: samples.length,
    measured: numeric.length,
    meanWait,
    mae,
    maeShare: meanWait > 0 ? mae / meanWait : 0,
    bias: mean(numeric.map((s) => s.minutes - waitOf(s))),
    coverage: mean(numeric.map((s) => inside(s, s.low, s.high))),
    meanWidth: mean(numeric.map((s) => s.high - s.low)),
    sampledCoverage: sampledCoverageOf(numeric),
    sampledWidth: withSampled.length === 0 ? null : mean(withSampled.map((s) => (s.sampledHigh as number) - (s.sampledLow as number))),
    coverageByBand: WIDENING_BANDS.map((upTo, i) => {
      const xs = numeric.filter((s) => rangeBandOf(Math.round(s.minutes)) === i);
      return {
        upTo,
        tickets: xs.length,
        coverage: mean(xs.map((s) => inside(s, s.low, s.high))),
        sampledCoverage: sampledCoverageOf(xs),
        width: mean(xs.map((s) => s.high - s.low)),
      };
    }),
    alternativeMae: withAlt.length > 0 ? mean(withAlt.map((s) => Math.abs((s.alternative as number) - waitOf(s)))) : null,
    afterClose: { given: after.length, notCalledBeforeClose: after.filter((s) => s.calledAt === null || s.calledAt > closeAt).length },
    noOpenWindow: samples.filter((s) => s.note === 'NO_OPEN_WINDOW').length,
    meetsTarget: mae <= 0.3 * meanWait || mae <= 2,
  };
}

/** A simulated day's estimate records (called tickets with a figure), for the next day's `rangeHistory`. */
export function rangeRecordsOf(tickets: readonly TicketRecord[]): RangeRecord[] {
  const out: RangeRecord[] = [];
  for (const t of tickets)
    if (t.calledAt !== null && t.estimateShown !== undefined && t.estimateSampledLow !== undefined && t.estimateSampledHigh !== undefined)
      out.push({
        minutes: t.estimateShown,
        low: t.estimateSampledLow,
        high: t.estimateSampledHigh,
        waitedMinutes: (t.calledAt - t.issuedAt) / 60_000,
      });
  return out;
}
