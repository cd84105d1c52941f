/**
 * How good the wait estimates are: from a simulated (or recorded) day, each ticket's estimate at issue
 * against its actual wait (issue → first call). Used by the simulator's estimate report
 * (`npm run -s bench:estimates`) and by the live-server benchmark, so both count the same way.
 *
 * - `mae`: mean |point − actual| over served tickets that got a number (no note).
 * - `coverage`: share of those whose actual wait fell inside the range [low, high].
 * - `afterClose`: tickets that got AFTER_CLOSE, and how many of them were indeed not called before close.
 */
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
  return {
    tickets: samples.length,
    measured: numeric.length,
    meanWait,
    mae,
    maeShare: meanWait > 0 ? mae / meanWait : 0,
    bias: mean(numeric.map((s) => s.minutes - waitOf(s))),
    coverage: mean(
      numeric.map((s) => {
        const w = waitOf(s);
        return w >= s.low - 0.5 && w <= s.high + 0.5 ? 1 : 0;
      }),
    ),
    meanWidth: mean(numeric.map((s) => s.high - s.low)),
    alternativeMae: withAlt.length > 0 ? mean(withAlt.map((s) => Math.abs((s.alternative as number) - waitOf(s)))) : null,
    afterClose: { given: after.length, notCalledBeforeClose: after.filter((s) => s.calledAt === null || s.calledAt > closeAt).length },
    noOpenWindow: samples.filter((s) => s.note === 'NO_OPEN_WINDOW').length,
    meetsTarget: mae <= 0.3 * meanWait || mae <= 2,
  };
}
