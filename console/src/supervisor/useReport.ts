/** Loads a report from `GET /reports` and keeps it fresh (live days: after hall changes, at most every 5 s). */
import { useEffect, useRef, useState } from 'react';
import { useSupervisor } from './supervisor-data.ts';

export interface Dist {
  mean: number;
  p90: number;
}
export interface RatingFigures {
  count: number;
  good: number;
  bad: number;
  goodRate: number;
  badRate: number;
  unratedRate: number;
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
  byHour: ReportRow[];
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
  ratings: (RatingFigures & { rectificationRate: number | null; openCases: number | null; overdueCases: number | null }) | null;
}
export interface ReportBody {
  hallName: string;
  generatedAt: string;
  report: Report;
}

export function useReport(query: string | null, isLive: boolean): { body: ReportBody | null; error: string | null; isLoading: boolean } {
  const { call, state } = useSupervisor();
  const [body, setBody] = useState<ReportBody | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isLoading, setLoading] = useState(false);
  const last = useRef(0);
  const seq = isLive ? (state?.seq ?? 0) : 0;
  useEffect(() => {
    if (!query) return undefined;
    let isCurrent = true;
    const load = () => {
      last.current = Date.now();
      setLoading(true);
      call<ReportBody>(`/reports?${query}`)
        .then((b) => {
          if (isCurrent) {
            setBody(b);
            setError(null);
          }
        })
        .catch((err: unknown) => {
          if (isCurrent) setError(err instanceof Error ? err.message : String(err));
        })
        .finally(() => {
          if (isCurrent) setLoading(false);
        });
    };
    const wait = Math.max(0, 5000 - (Date.now() - last.current));
    const timer = setTimeout(load, isLive ? wait : 0);
    const every = isLive ? setInterval(load, 60_000) : null;
    return () => {
      isCurrent = false;
      clearTimeout(timer);
      if (every) clearInterval(every);
    };
  }, [query, seq, isLive, call]);
  return { body, error, isLoading };
}
