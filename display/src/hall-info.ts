import { useEffect, useRef, useState } from 'react';
import type { HallInfo } from '@hall/contract';
import { api } from '@hall/ui';

/**
 * `GET /api/v1/hall` (name, categories, hours, voice settings), retried every few seconds until it answers,
 * fetched again on every reconnect (a server restarted with a new configuration) and every few minutes (a
 * supervisor's new opening hours reach a screen that runs for weeks).
 */
const REFRESH_MS = 5 * 60_000;
export function useHallInfo(connected: boolean): HallInfo | null {
  const [info, setInfo] = useState<HallInfo | null>(null);
  const loaded = useRef(false);
  useEffect(() => {
    // The first load goes ahead even while still disconnected; later ones wait for the reconnect.
    if (!connected && loaded.current) return undefined;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      timer = undefined;
      api<HallInfo>('/hall')
        .then((h) => {
          if (!cancelled) {
            loaded.current = true;
            setInfo(h);
          }
        })
        .catch(() => {
          if (!cancelled) timer = setTimeout(load, 3000);
        });
    };
    load();
    // A refresh while a retry is pending would start a second retry chain.
    const refresh = setInterval(() => {
      if (timer === undefined) load();
    }, REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(refresh);
      if (timer) clearTimeout(timer);
    };
  }, [connected]);
  return info;
}
