/**
 * Hall reports (统计报表): the figures `GET /reports` returns, shared by the queue server (which builds them)
 * and the supervisor console (which shows them). Types only. Definitions: docs/supervisor.md.
 */

import type { Dist } from './stats.ts';

export interface RatingFigures {
  count: number;
  good: number;
  bad: number;
  /** 好评率, 差评率, 未评率, 主动评价好评率 in percent (1 decimal): contract/src/rating-metrics.ts as percent. */
  goodRate: number;
  badRate: number;
  unratedRate: number;
  activeGoodRate: number;
  meanLevel: number;
}

export interface ReportRow {
  key: string;
  label: string;
  issued: number;
  served: number;
  noShow: number;
  cancelled: number;
  transferred: number;
  suspended: number;
  waitMinutes: Dist;
  serviceMinutes: Dist;
  ratings: RatingFigures | null;
}

/** A 绿色通道 group's row: its tickets, and their share of all tickets issued (percent, 1 decimal). */
export interface PriorityGroupRow extends ReportRow {
  share: number;
}

/** 一事一次办 matters of one service (事项). */
export interface MatterRow {
  key: string;
  label: string;
  matters: number;
  done: number;
  transferred: number;
  needsDocuments: number;
  open: number;
}

export interface PauseRow {
  key: string;
  label: string;
  count: number;
  minutes: number;
}

/** Wait figures shown at issue against the waits that followed, for tickets shown a figure in one band. */
export interface EstimateBandRow {
  /** The band of the figure shown: from `fromMinutes` to below `toMinutes` (null: no upper bound). */
  fromMinutes: number;
  toMinutes: number | null;
  tickets: number;
  meanErrorMinutes: number;
  /** Percent (1 decimal) of these tickets whose wait fell within the range shown. */
  withinRange: number;
}

/**
 * How true the wait figures were (预计等候准确度): over served tickets that were shown a figure at issue (not
 * a note), the figure shown against the wait to first call. Minutes with 1 decimal, shares in percent.
 */
export interface EstimateReport {
  tickets: number;
  meanWaitMinutes: number;
  /** Mean |figure shown − wait|. */
  meanErrorMinutes: number;
  /** meanErrorMinutes ÷ meanWaitMinutes, percent. */
  errorShare: number;
  /** Mean (figure shown − wait): negative when waits ran longer than shown. */
  biasMinutes: number;
  /** Share whose wait fell within the range shown (half a minute either side, as whole minutes are shown). */
  withinRange: number;
  byShown: EstimateBandRow[];
}

export interface Report {
  from: string;
  to: string;
  days: string[];
  totals: ReportRow;
  byDay: ReportRow[];
  byCategory: ReportRow[];
  byWindow: ReportRow[];
  byStaff: ReportRow[];
  /** Rows by the hour tickets were issued. */
  byHour: ReportRow[];
  /** 绿色通道: every configured group (and any group a ticket carries), with its share. */
  byPriorityGroup: PriorityGroupRow[];
  /**
   * Matters as well as tickets: `visits` are tickets issued for a bundle; every ticket counts its matters
   * (one for a single matter). By service, most matters first.
   */
  matters: {
    visits: number;
    matters: number;
    done: number;
    transferred: number;
    needsDocuments: number;
    open: number;
    byService: MatterRow[];
  };
  /** The wait figures shown at issue against the waits that followed. */
  estimates: EstimateReport;
  /** The day chart: tickets issued and finished per clock hour (served by the hour they finished). */
  timeline: Array<{ hour: number; issued: number; served: number }>;
  pauses: { totalMinutes: number; count: number; byReason: PauseRow[]; byWindow: PauseRow[]; byStaff: PauseRow[] };
  appointments: {
    booked: number;
    checkedIn: number;
    missed: number;
    served: number;
    noShow: number;
    attendanceRate: number;
    appointmentTickets: number;
    /** How bookings were kept: arrivals by their place against the slot, and 爽约 recorded by the hall. */
    byArrival: { early: number; onTime: number; lateGrace: number; late: number; missed: number };
    /**
     * The hall's repeated no-show policy and who reached it on the report's last day. Reported, never
     * applied by the hall: `action` says what the hall's booking system is to do.
     */
    repeatedNoShow: {
      count: number;
      periodDays: number;
      action: 'report' | 'restrict';
      people: Array<{ nameMasked: string | null; missed: number; lastDate: string }>;
    } | null;
  };
  ratings:
    | (RatingFigures & {
        /** 差评整改率 and 回访满意率 in percent, null when there is no case / no revisit. */
        rectificationRate: number | null;
        revisitSatisfactionRate?: number | null;
        openCases: number | null;
        overdueCases: number | null;
      })
    | null;
}

/** `GET /reports` (JSON): the report with the hall's name and when it was made. */
export interface ReportBody {
  hallName: string;
  generatedAt: string;
  report: Report;
}
