/** Loads a report from `GET /reports` and keeps it fresh (live days: after hall changes, at most every 5 s). */
import { useEffect, useRef, useState } from 'react';
import type { ReportBody } from '@hall/contract';
import { useSupervisor } from './supervisor-data.ts';

export function useReport(query: string | null, isLive: boolean): { body: ReportBody | null; error: unknown; isLoading: boolean } {
  const { call, state } = useSupervisor();
  const [body, setBody] = useState<ReportBody | null>(null);
  const [error, setError] = useState<unknown>(null);
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
          if (isCurrent) setError(err);
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
