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

export interface PauseRow {
  key: string;
  label: string;
  count: number;
  minutes: number;
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
