/** The hall's public info (`GET /hall`: names, categories, services, windows), loaded once; retried with backoff up to 10 s. */
import { useEffect, useState } from 'react';
import { api } from '@hall/ui';
import type { HallInfo } from '@hall/contract';

export function useHallInfo(): HallInfo | null {
  const [hall, setHall] = useState<HallInfo | null>(null);
  useEffect(() => {
    let isLive = true;
    const load = (delayMs: number) => {
      api<HallInfo>('/hall')
        .then((h) => {
          if (isLive) setHall(h);
        })
        .catch(() => {
          if (isLive) setTimeout(() => load(Math.min(delayMs * 2, 10_000)), delayMs);
        });
    };
    load(1000);
    return () => {
      isLive = false;
    };
  }, []);
  return hall;
}
