/**
 * 好差评 indicators, pure: served tickets, their ratings and their cases in; rates per group out.
 *
 * - served: finished (`done`) tickets of the service day(s); every rating belongs to one of them.
 * - 好评率 = (4 + 5) / rated · 差评率 = (1 + 2) / rated · 未评率 = (served − rated) / served
 * - 差评整改率 = closed cases / cases · satisfaction = mean level / 5
 * - Rates are fractions rounded to 4 places, null when the denominator is 0 (no data is not 0 %).
 * A ticket with several matters (一事一次办) counts once for each of its matters in `byMatter`; tickets
 * without a matter, window or staff are left out of that grouping only.
 */
import type { CaseStatus, RatingMetrics, RatingMetricsReport } from './ratings.ts';

export interface ServedTicket {
  id: string;
  businessDate: string;
  windowId: string | null;
  servedBy: string | null;
  categoryId: string;
  serviceIds: readonly string[];
}

export interface Outcome {
  level: number | null;
  caseStatus: CaseStatus | null;
  caseOverdue: boolean;
}

const rate = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);

class Tally {
  served = 0;
  byLevel: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  levelSum = 0;
  cases = 0;
  closedCases = 0;
  overdueCases = 0;

  add(o: Outcome): void {
    this.served += 1;
    if (o.level !== null) {
      this.byLevel[o.level - 1] = (this.byLevel[o.level - 1] ?? 0) + 1;
      this.levelSum += o.level;
    }
    if (o.caseStatus !== null) {
      this.cases += 1;
      if (o.caseStatus === 'closed') this.closedCases += 1;
      if (o.caseOverdue) this.overdueCases += 1;
    }
  }

  result(): RatingMetrics {
    const [l1, l2, l3, l4, l5] = this.byLevel;
    const rated = l1 + l2 + l3 + l4 + l5;
    const good = l4 + l5;
    const bad = l1 + l2;
    return {
      served: this.served,
      rated,
      good,
      neutral: l3,
      bad,
      unrated: this.served - rated,
      byLevel: { 1: l1, 2: l2, 3: l3, 4: l4, 5: l5 },
      goodRate: rate(good, rated),
      badRate: rate(bad, rated),
      unratedRate: rate(this.served - rated, this.served),
      cases: this.cases,
      closedCases: this.closedCases,
      overdueCases: this.overdueCases,
      rectificationRate: rate(this.closedCases, this.cases),
      satisfaction: rated === 0 ? null : rate(this.levelSum, rated * 5),
    };
  }
}

class Groups {
  private readonly map = new Map<string, Tally>();
  add(key: string | null, o: Outcome): void {
    if (key === null || key === '') return;
    let t = this.map.get(key);
    if (!t) this.map.set(key, (t = new Tally()));
    t.add(o);
  }
  result(): Record<string, RatingMetrics> {
    return Object.fromEntries([...this.map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, t]) => [k, t.result()]));
  }
}

/** `outcomes` maps ticket id → its rating level and case status (absent: unrated). */
export function computeMetrics(
  from: string,
  to: string,
  served: readonly ServedTicket[],
  outcomes: ReadonlyMap<string, Outcome>,
): RatingMetricsReport {
  const overall = new Tally();
  const byWindow = new Groups();
  const byStaff = new Groups();
  const byCategory = new Groups();
  const byMatter = new Groups();
  const byDay = new Groups();
  const none: Outcome = { level: null, caseStatus: null, caseOverdue: false };
  for (const t of served) {
    const o = outcomes.get(t.id) ?? none;
    overall.add(o);
    byWindow.add(t.windowId, o);
    byStaff.add(t.servedBy, o);
    byCategory.add(t.categoryId, o);
    for (const m of new Set(t.serviceIds)) byMatter.add(m, o);
    byDay.add(t.businessDate, o);
  }
  const o = overall.result();
  return {
    from,
    to,
    overall: o,
    rectification: {
      cases: o.cases,
      closed: o.closedCases,
      open: o.cases - o.closedCases,
      overdue: o.overdueCases,
      rate: o.rectificationRate,
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
    cases: o.cases,
    closedCases: o.closedCases,
    rectificationRate: o.rectificationRate,
    byWindow: Object.fromEntries(Object.entries(m.byWindow).map(([k, v]) => [k, brief(v)])),
    byCategory: Object.fromEntries(Object.entries(m.byCategory).map(([k, v]) => [k, brief(v)])),
  };
}
