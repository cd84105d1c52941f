/**
 * 好差评 indicators: the ONE definition of every rating figure, used by `GET /stats`, `GET /ratings/metrics`,
 * the reports and their CSV/XLSX exports, and the central server. Pure: served tickets, their ratings and
 * their cases in; counts and rates per group out. docs/ratings.md explains each figure with its source.
 *
 * - served: finished (`done`) tickets of the service day(s); every rating belongs to one of them.
 * - An **active** rating is one the citizen gave (any channel). A **default** rating is not stored anywhere:
 *   where the province's policy says so, a served ticket still unrated `defaultAfterDays` natural days after
 *   its service day counts as `defaultLevel` in 好评率 / 差评率 (never in 主动评价好评率, never as a rating row).
 * - 好评率 = good (active + default) / rated (active + default) · 差评率 likewise with bad levels
 * - 未评率 = served tickets with no active rating / served
 * - 主动评价好评率 = active good / active rated
 * - 差评整改率 = closed cases / cases · 回访满意率 = (satisfied + basically satisfied) / revisits that reached
 *   the citizen (`unreachable` revisits are left out of the denominator)
 * - A 差评 excluded by an approved 申诉 (appeal) is left out of every figure; the rating row stays unchanged.
 * - satisfaction = mean active level / 5.
 * - Rates are fractions rounded to 4 places, null when the denominator is 0 (no data is not 0 %). Reports
 *   show the same fraction as a percentage with one decimal (`asPercent`).
 * A ticket with several matters (一事一次办) counts once for each of its matters in `byMatter`; tickets
 * without a matter, window or staff are left out of that grouping only.
 */
import type { CaseStatus, RatingMetrics, RatingMetricsReport, RevisitOutcome } from './ratings.ts';

// ───────────────────────────── per-province policy ─────────────────────────────

/**
 * What differs between provinces. `national` follows the national rules (five levels, 好评 = 4–5, 差评 = 1–2,
 * no default rating). A province that counts an unrated service as rated after some days sets
 * `defaultAfterDays` and `defaultLevel`; each entry names where it comes from (docs/ratings.md).
 */
export interface RatingPolicy {
  id: string;
  name: string;
  /** Levels counted as 好评 / 差评. */
  goodLevels: readonly number[];
  badLevels: readonly number[];
  /** Natural days after the service day after which an unrated service counts as `defaultLevel`; null: never. */
  defaultAfterDays: number | null;
  defaultLevel: 1 | 2 | 3 | 4 | 5 | null;
  /** Natural days after the service day (办结) during which the citizen may rate; null: no limit. */
  ratingPeriodDays: number | null;
  /** Natural days after a case is closed during which the citizen may add a 追评; 0: no 追评. */
  followUpDays: number;
  source: string;
}

export const RATING_POLICIES = {
  national: {
    id: 'national',
    name: '全国通用',
    goodLevels: [4, 5],
    badLevels: [1, 2],
    defaultAfterDays: null,
    defaultLevel: null,
    ratingPeriodDays: null,
    followUpDays: 15,
    source:
      'GB/T 39734-2020 (five levels, 好评 4–5, 差评 1–2); 国办发〔2019〕51号 (一次一评, 差评整改); period and 追评 days: hall defaults',
  },
  guangdong: {
    id: 'guangdong',
    name: '广东省',
    goodLevels: [4, 5],
    badLevels: [1, 2],
    defaultAfterDays: 7,
    defaultLevel: 3,
    ratingPeriodDays: 7,
    followUpDays: 15,
    source:
      'Guangdong practice: a service unrated 7 natural days after 办结 counts as 基本满意; check the province’s current 实施细则 before go-live',
  },
} as const satisfies Record<string, RatingPolicy>;

export type RatingPolicyId = keyof typeof RATING_POLICIES;
export const RATING_POLICY_IDS = Object.keys(RATING_POLICIES) as RatingPolicyId[];

/** The province's policy with the hall's own overrides (settings.ratingPolicy). */
export function ratingPolicy(setting?: {
  province?: string;
  defaultAfterDays?: number | null;
  ratingPeriodDays?: number | null;
}): RatingPolicy {
  const base: RatingPolicy = RATING_POLICIES[(setting?.province ?? 'national') as RatingPolicyId] ?? RATING_POLICIES.national;
  return {
    ...base,
    ...(setting?.defaultAfterDays !== undefined ? { defaultAfterDays: setting.defaultAfterDays } : {}),
    ...(setting?.ratingPeriodDays !== undefined ? { ratingPeriodDays: setting.ratingPeriodDays } : {}),
  };
}

// ───────────────────────────── the figures ─────────────────────────────

export interface ServedTicket {
  id: string;
  businessDate: string;
  windowId: string | null;
  servedBy: string | null;
  categoryId: string;
  serviceIds: readonly string[];
}

export interface Outcome {
  /** The active rating's level, null when the citizen has not rated. */
  level: number | null;
  caseStatus: CaseStatus | null;
  caseOverdue: boolean;
  /** An approved 申诉 excludes this 差评 from every figure. */
  excluded?: boolean;
  revisitOutcome?: RevisitOutcome | null;
}

export interface MetricOptions {
  policy?: RatingPolicy;
  /** The day the figures are made (for default ratings); without it no default applies. */
  asOf?: string;
}

/** A fraction rounded to 4 places; null when there is nothing to divide by. */
export const rateOf = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);
/** The same fraction as a report shows it: percent, one decimal (0 when there is no data). */
export const asPercent = (fraction: number | null): number => (fraction === null ? 0 : Math.round(fraction * 1000) / 10);

const dayNumber = (d: string): number => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

/** The running tally of one group. Every figure of every screen and export comes out of `result()`. */
export class RatingTally {
  served = 0;
  byLevel: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  levelSum = 0;
  defaulted = 0;
  defaultGood = 0;
  defaultBad = 0;
  cases = 0;
  closedCases = 0;
  overdueCases = 0;
  excluded = 0;
  revisits = 0;
  revisitsSatisfied = 0;

  constructor(private readonly opts: MetricOptions = {}) {}

  add(o: Outcome, businessDate: string): void {
    if (o.excluded) {
      // Excluded by an approved appeal: neither served, rated nor a case in any figure.
      this.excluded += 1;
      return;
    }
    this.served += 1;
    const policy = this.opts.policy ?? RATING_POLICIES.national;
    if (o.level !== null) {
      this.byLevel[o.level - 1] = (this.byLevel[o.level - 1] ?? 0) + 1;
      this.levelSum += o.level;
    } else if (
      policy.defaultAfterDays !== null &&
      policy.defaultLevel !== null &&
      this.opts.asOf !== undefined &&
      dayNumber(this.opts.asOf) - dayNumber(businessDate) >= policy.defaultAfterDays
    ) {
      this.defaulted += 1;
      if (policy.goodLevels.includes(policy.defaultLevel)) this.defaultGood += 1;
      if (policy.badLevels.includes(policy.defaultLevel)) this.defaultBad += 1;
    }
    if (o.caseStatus !== null) {
      this.cases += 1;
      if (o.caseStatus === 'closed') this.closedCases += 1;
      if (o.caseOverdue) this.overdueCases += 1;
      if (o.revisitOutcome && o.revisitOutcome !== 'unreachable') {
        this.revisits += 1;
        if (o.revisitOutcome === 'satisfied' || o.revisitOutcome === 'basically_satisfied') this.revisitsSatisfied += 1;
      }
    }
  }

  result(): RatingMetrics {
    const policy = this.opts.policy ?? RATING_POLICIES.national;
    const [l1, l2, l3, l4, l5] = this.byLevel;
    const rated = l1 + l2 + l3 + l4 + l5;
    const count = (levels: readonly number[]) => levels.reduce((a, l) => a + (this.byLevel[l - 1] ?? 0), 0);
    const good = count(policy.goodLevels);
    const bad = count(policy.badLevels);
    const withDefaults = rated + this.defaulted;
    return {
      served: this.served,
      rated,
      good,
      neutral: rated - good - bad,
      bad,
      unrated: this.served - rated,
      byLevel: { 1: l1, 2: l2, 3: l3, 4: l4, 5: l5 },
      defaulted: this.defaulted,
      excluded: this.excluded,
      goodRate: rateOf(good + this.defaultGood, withDefaults),
      badRate: rateOf(bad + this.defaultBad, withDefaults),
      unratedRate: rateOf(this.served - rated, this.served),
      activeGoodRate: rateOf(good, rated),
      cases: this.cases,
      closedCases: this.closedCases,
      overdueCases: this.overdueCases,
      rectificationRate: rateOf(this.closedCases, this.cases),
      revisits: this.revisits,
      revisitSatisfactionRate: rateOf(this.revisitsSatisfied, this.revisits),
      satisfaction: rated === 0 ? null : rateOf(this.levelSum, rated * 5),
    };
  }
}

class Groups {
  private readonly map = new Map<string, RatingTally>();
  constructor(private readonly opts: MetricOptions) {}
  add(key: string | null, o: Outcome, day: string): void {
    if (key === null || key === '') return;
    let t = this.map.get(key);
    if (!t) this.map.set(key, (t = new RatingTally(this.opts)));
    t.add(o, day);
  }
  result(): Record<string, RatingMetrics> {
    return Object.fromEntries([...this.map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, t]) => [k, t.result()]));
  }
}

export const NO_OUTCOME: Outcome = { level: null, caseStatus: null, caseOverdue: false };

/** `outcomes` maps ticket id → its rating level and case status (absent: unrated). */
export function computeMetrics(
  from: string,
  to: string,
  served: readonly ServedTicket[],
  outcomes: ReadonlyMap<string, Outcome>,
  opts: MetricOptions = {},
): RatingMetricsReport {
  const overall = new RatingTally(opts);
  const byWindow = new Groups(opts);
  const byStaff = new Groups(opts);
  const byCategory = new Groups(opts);
  const byMatter = new Groups(opts);
  const byDay = new Groups(opts);
  for (const t of served) {
    const o = outcomes.get(t.id) ?? NO_OUTCOME;
    const d = t.businessDate;
    overall.add(o, d);
    byWindow.add(t.windowId, o, d);
    byStaff.add(t.servedBy, o, d);
    byCategory.add(t.categoryId, o, d);
    for (const m of new Set(t.serviceIds)) byMatter.add(m, o, d);
    byDay.add(d, o, d);
  }
  const o = overall.result();
  return {
    from,
    to,
    policy: opts.policy?.id ?? 'national',
    overall: o,
    rectification: {
      cases: o.cases,
      closed: o.closedCases,
      open: o.cases - o.closedCases,
      overdue: o.overdueCases,
      rate: o.rectificationRate,
      revisitSatisfactionRate: o.revisitSatisfactionRate,
    },
    byWindow: byWindow.result(),
    byStaff: byStaff.result(),
    byCategory: byCategory.result(),
    byMatter: byMatter.result(),
    byDay: byDay.result(),
  };
}

/**
 * The `ratings` block of `GET /stats` from one day's metrics: the hall and the central both answer it
 * through this function (satisfaction = mean level / 5, 0 when nothing was rated).
 */
export function statsRatingsOf(m: RatingMetricsReport): {
  count: number;
  good: number;
  bad: number;
  satisfaction: number;
  [k: string]: unknown;
  byWindow: Record<string, unknown>;
  byCategory: Record<string, unknown>;
} {
  const brief = (x: RatingMetrics) => ({ count: x.rated, good: x.good, bad: x.bad, satisfaction: x.satisfaction ?? 0 });
  const o = m.overall;
  return {
    ...brief(o),
    neutral: o.neutral,
    byLevel: o.byLevel,
    served: o.served,
    unrated: o.unrated,
    goodRate: o.goodRate,
    badRate: o.badRate,
    unratedRate: o.unratedRate,
    activeGoodRate: o.activeGoodRate,
    defaulted: o.defaulted,
    excluded: o.excluded,
    revisitSatisfactionRate: o.revisitSatisfactionRate,
    cases: o.cases,
    closedCases: o.closedCases,
    rectificationRate: o.rectificationRate,
    byWindow: Object.fromEntries(Object.entries(m.byWindow).map(([k, v]) => [k, brief(v)])),
    byCategory: Object.fromEntries(Object.entries(m.byCategory).map(([k, v]) => [k, brief(v)])),
  };
}
