/**
 * How wide the wait range must be to hold the wait as often as it says: learned from the hall's own record.
 *
 * `estimateWait` gives the 10th–90th percentiles of its sampled replays. Those replays draw the services
 * ahead, but not what else moves a long wait: green-channel tickets and other categories' arrivals beyond
 * the projection's horizon, the allocator moving windows, a pause nobody announced. So the longer the wait,
 * the more often the actual wait falls outside the sampled range (measured on the simulated county, township
 * and city days: a range meant to hold 8 waits in 10 held 93–96% of the waits shown under 5 minutes and
 * 63–74% of those shown 15–30), and nearly always above it.
 *
 * The hall knows, for every ticket already called, what it showed at issue and what happened. From those
 * records this module learns, per band of the point figure, by how much each side of the range must be
 * stretched so that at most a tenth of the waits fall below it and a tenth above (split-conformal
 * calibration, one band at a time). The point itself is left alone: measured, it is already the median of
 * the waits that follow it. A range is only ever widened, never narrowed below what the replays give.
 *
 * Pure: the server reads the records (`hall/wait-estimates.ts`), the simulator keeps them as it runs
 * (`sim/engine.ts`); both call the same two functions.
 */

/** One ticket's estimate at issue, as the replays gave it (before any widening), and the wait that followed. */
export interface RangeRecord {
  /** The point shown (whole minutes). */
  readonly minutes: number;
  /** The sampled range (whole minutes), not the widened one shown. */
  readonly low: number;
  readonly high: number;
  /** Issue to first call (minutes). */
  readonly waitedMinutes: number;
}

/** The stretch of each side of the range for points below `upToMinutes` (and at least the previous band's bound). */
export interface WideningBand {
  readonly upToMinutes: number;
  /** Factors ≥ 1 on `minutes − low` and on `high − minutes`. */
  readonly lower: number;
  readonly upper: number;
  /** Records the band learned from (0: too few, factors 1). */
  readonly records: number;
}

export interface RangeWidening {
  readonly bands: readonly WideningBand[];
}

/** Point bands (minutes): a wait's spread grows with its length, so each length learns its own stretch. */
export const WIDENING_BANDS = [5, 15, 30, Infinity] as const;
/** Each side of the range should leave out this share of the waits (0.1 and 0.1: the 10th–90th percentiles). */
export const RANGE_TAIL = 0.1;
/** A side learns its own stretch only once this many records measure it (fewer say too little). */
export const MIN_RANGE_RECORDS = 30;
/** The stretch stays within this (beyond it the records describe another hall, or a broken day). */
export const MAX_WIDENING = 4;

/** The server re-learns the stretch this often (the simulator likewise, on its clock)… */
export const RANGE_WIDENING_TTL_MS = 10 * 60_000;
/** …from this many days of record (the simulator's benchmark keeps as many earlier days). */
export const RANGE_HISTORY_DAYS = 14;

/** No widening: what a hall with no record runs with. */
export const NO_WIDENING: RangeWidening = {
  bands: WIDENING_BANDS.map((upToMinutes) => ({ upToMinutes, lower: 1, upper: 1, records: 0 })),
};

/** The band (index into `WIDENING_BANDS`) of a point as shown, in whole minutes. */
export function rangeBandOf(minutes: number): number {
  const i = WIDENING_BANDS.findIndex((b) => minutes < b);
  return i < 0 ? WIDENING_BANDS.length - 1 : i;
}

/** Whether a wait fell within a range shown in whole minutes (half a minute either side counts as inside). */
export function rangeHolds(range: { readonly low: number; readonly high: number }, waitedMinutes: number): boolean {
  return waitedMinutes >= range.low - 0.5 && waitedMinutes <= range.high + 0.5;
}

/**
 * The conformal quantile: the smallest score such that at most `tail` of n exchangeable records lie above
 * it, with the usual (n + 1) correction.
 */
function conformalQuantile(scores: number[], tail: number): number {
  scores.sort((a, b) => a - b);
  const n = scores.length;
  const k = Math.min(n - 1, Math.max(0, Math.ceil((n + 1) * (1 - tail)) - 1));
  return scores[k] as number;
}

/** A side's stretch from its scores; with too few of them, `fallback` (the band below's stretch). */
function stretch(scores: number[], fallback: number): number {
  if (scores.length < MIN_RANGE_RECORDS) return fallback;
  return Math.min(MAX_WIDENING, Math.max(1, conformalQuantile(scores, RANGE_TAIL)));
}

/**
 * Learns each band's stretch. A record's upper score is how many of its range's upper halves the wait went
 * past the point (less half a minute: the range is shown in whole minutes, so a wait within half a minute of
 * its bound was inside it); the lower score likewise. Sides narrower than a minute say nothing about
 * proportion and are left out. A side with too few records takes the stretch of the band below it: the
 * longer the wait, the more its range needs (measured), so the shorter band's stretch is the least a longer
 * one needs. This matters on a hall's first day, when the long waits of the afternoon have no record yet.
 */
export function learnRangeWidening(records: readonly RangeRecord[]): RangeWidening {
  const up: number[][] = WIDENING_BANDS.map(() => []);
  const down: number[][] = WIDENING_BANDS.map(() => []);
  const counts = WIDENING_BANDS.map(() => 0);
  for (const r of records) {
    if (![r.minutes, r.low, r.high, r.waitedMinutes].every(Number.isFinite) || r.waitedMinutes < 0) continue;
    const b = rangeBandOf(r.minutes);
    counts[b] = (counts[b] as number) + 1;
    if (r.high - r.minutes >= 1) (up[b] as number[]).push((r.waitedMinutes - 0.5 - r.minutes) / (r.high - r.minutes));
    if (r.minutes - r.low >= 1) (down[b] as number[]).push((r.minutes - r.waitedMinutes - 0.5) / (r.minutes - r.low));
  }
  const bands: WideningBand[] = [];
  for (const [i, upToMinutes] of WIDENING_BANDS.entries()) {
    const below = bands[i - 1];
    bands.push({
      upToMinutes,
      lower: stretch(down[i] as number[], below?.lower ?? 1),
      upper: stretch(up[i] as number[], below?.upper ?? 1),
      records: counts[i] as number,
    });
  }
  return { bands };
}

/** The range to show: each side of the sampled range stretched by its band's factor, in whole minutes. */
export function widenRange(
  range: { readonly minutes: number; readonly low: number; readonly high: number },
  widening: RangeWidening,
): { low: number; high: number } {
  const band = widening.bands[rangeBandOf(range.minutes)];
  if (band === undefined) return { low: range.low, high: range.high };
  const low = Math.max(0, Math.round(range.minutes - band.lower * (range.minutes - range.low)));
  const high = Math.round(range.minutes + band.upper * (range.high - range.minutes));
  return { low: Math.min(low, range.low), high: Math.max(high, range.high) };
}
