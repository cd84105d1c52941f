/**
 * The kiosk's view of opening hours: `hallOpening` (contract/src/hours.ts) on the server's clock (local
 * time plus the skew the hall stream measured: kiosk PCs drift), re-evaluated every few seconds, with the
 * hours fetched again every few minutes so a supervisor's change reaches a kiosk that runs for days.
 */
import { useEffect, useState } from 'react';
import { hallOpening, type HallInfo, type HallOpening, type HoursConfig } from '@hall/contract';
import { api, type HallState } from '@hall/ui';

const TICK_MS = 5_000;
const HOURS_REFRESH_MS = 5 * 60_000;

export function useHallOpening(hall: HallInfo, live: HallState | null): HallOpening {
  const [hours, setHours] = useState<HoursConfig>(hall.hours);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(id);
  }, []);
  useEffect(() => {
    const id = setInterval(() => {
      void api<HallInfo>('/hall').then(
        (h) => setHours(h.hours),
        () => undefined,
      );
    }, HOURS_REFRESH_MS);
    return () => clearInterval(id);
  }, []);
  return hallOpening(hours, now + (live?.clockSkewMs ?? 0), hall.timeZone);
}
