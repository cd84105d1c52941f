/**
 * What the hall learns from its own history for the dispatcher and the estimator: how much slower a window
 * serves a category that is not its home (the cross-skill slowdown), and what share of the called tickets
 * end as no-shows and how long each of those holds a window. Pure: the server reads the rows
 * (`hall/wait-estimates.ts`), these functions turn them into figures, with a prior so that a quiet morning
 * or a new hall does not swing them.
 */

/** The slowdown assumed before the hall has history (and the weight, in cross-skill services, it keeps). */
export const PRIOR_CROSS_SKILL_SLOWDOWN = 1.3;
export const SLOWDOWN_PRIOR_WEIGHT = 20;
/** A learned slowdown stays in this range (a faster-than-home helper is noise; beyond 2 is a data problem). */
export const SLOWDOWN_RANGE = { min: 1, max: 2 } as const;
/** A category counts towards the slowdown only with at least this many home services to compare against. */
export const MIN_HOME_SERVICES = 5;

/** One finished service: its category, whether the window's home was that category, and its length. */
export interface ServedSample {
  readonly categoryId: string;
  readonly atHome: boolean;
  readonly minutes: number;
}

export interface LearnedSlowdown {
  /** The slowdown the hall runs with: the prior blended with the measured ratio. */
  readonly slowdown: number;
  /** Cross-skill services that went into it (0: the prior alone). */
  readonly crossServices: number;
  /** The measured ratio alone (null without a comparable category). */
  readonly measured: number | null;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Share of the shortest and of the longest services each group drops before averaging. */
export const TRIM_SHARE = 0.1;

/**
 * The mean of the logarithms of a group of service times, with `TRIM_SHARE` cut at each end: service times
 * are near log-normal, for which the log mean is the efficient figure, and the trim keeps a forgotten 完成
 * press (two hours) or a mis-tap (ten seconds) from moving it.
 */
function trimmedLogMean(xs: readonly number[]): number {
  const logs = xs.map(Math.log).sort((a, b) => a - b);
  const cut = Math.floor(logs.length * TRIM_SHARE);
  const kept = logs.slice(cut, logs.length - cut);
  return kept.reduce((a, x) => a + x, 0) / kept.length;
}

/**
 * Cross-skill slowdown from finished services. Within each category the cross-skill services are compared
 * with the same category's home services (so a category's own length does not count as slowness), by their
 * trimmed log means (`trimmedLogMean`); the categories' log ratios are averaged, weighted by their
 * cross-skill services, and blended with the prior as if it were `priorWeight` services.
 */
export function learnCrossSkillSlowdown(
  samples: readonly ServedSample[],
  prior = PRIOR_CROSS_SKILL_SLOWDOWN,
  priorWeight = SLOWDOWN_PRIOR_WEIGHT,
): LearnedSlowdown {
  const byCategory = new Map<string, { home: number[]; cross: number[] }>();
  for (const s of samples) {
    if (!Number.isFinite(s.minutes) || s.minutes <= 0) continue;
    let c = byCategory.get(s.categoryId);
    if (!c) byCategory.set(s.categoryId, (c = { home: [], cross: [] }));
    (s.atHome ? c.home : c.cross).push(s.minutes);
  }
  let weight = 0;
  let logSum = 0;
  for (const c of byCategory.values()) {
    if (c.home.length < MIN_HOME_SERVICES || c.cross.length === 0) continue;
    weight += c.cross.length;
    logSum += c.cross.length * (trimmedLogMean(c.cross) - trimmedLogMean(c.home));
  }
  const clamp = (x: number) => Math.min(SLOWDOWN_RANGE.max, Math.max(SLOWDOWN_RANGE.min, x));
  const measured = weight > 0 ? Math.exp(logSum / weight) : null;
  const blended = priorWeight + weight > 0 ? Math.exp((Math.log(prior) * priorWeight + logSum) / (priorWeight + weight)) : prior;
  return { slowdown: clamp(blended), crossServices: weight, measured };
}

/** One called ticket that has ended: served, or marked 过号 (with the minutes from its first call to the mark). */
export interface CallOutcome {
  readonly categoryId: string;
  readonly noShow: boolean;
  /** For a no-show: minutes from the first call to the 过号 mark (what the window spent on it). */
  readonly heldMinutes?: number;
}

/**
 * A ticket's record as a `CallOutcome`: only a called ticket that ended served (`done`) or 过号 (`no_show`)
 * is one, else null. A no-show holds its window from the first call to the mark.
 */
export function callOutcome(r: {
  readonly categoryId: string;
  readonly status: string;
  readonly firstCalledAt: number | null;
  readonly finishedAt: number | null;
}): CallOutcome | null {
  if ((r.status !== 'done' && r.status !== 'no_show') || r.firstCalledAt === null) return null;
  const noShow = r.status === 'no_show';
  return {
    categoryId: r.categoryId,
    noShow,
    ...(noShow && r.finishedAt !== null ? { heldMinutes: (r.finishedAt - r.firstCalledAt) / 60_000 } : {}),
  };
}

export interface LearnedNoShows {
  /** Per category: the share of its ended calls that were no-shows, shrunk towards 0 with `priorWeight` calls. */
  readonly rate: Record<string, number>;
  /** Minutes a no-show holds a window: the median of the measured ones (at least 3), else `priorMinutes`. */
  readonly timeoutMinutes: number;
}

/** A no-show costs the window this long before the hall has measured any (call, two recalls, the mark). */
export const PRIOR_NO_SHOW_MINUTES = 2;
export const NO_SHOW_PRIOR_WEIGHT = 5;

export function learnNoShows(
  outcomes: readonly CallOutcome[],
  categoryIds: readonly string[],
  priorWeight = NO_SHOW_PRIOR_WEIGHT,
  priorMinutes = PRIOR_NO_SHOW_MINUTES,
): LearnedNoShows {
  const rate: Record<string, number> = {};
  for (const id of categoryIds) {
    const mine = outcomes.filter((o) => o.categoryId === id);
    const missed = mine.filter((o) => o.noShow).length;
    rate[id] = missed / (mine.length + priorWeight);
  }
  // A mark made hours after the call (a forgotten ticket closed at day end) is not what a window spends.
  const held = outcomes
    .filter((o) => o.noShow && o.heldMinutes !== undefined && Number.isFinite(o.heldMinutes) && o.heldMinutes >= 0 && o.heldMinutes <= 30)
    .map((o) => o.heldMinutes as number);
  return { rate, timeoutMinutes: held.length >= 3 ? median(held) : priorMinutes };
}
