/** The dashboard's data: REST reads, refreshed on every `hall:update` from the `/city` socket. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { io } from 'socket.io-client';
import { api } from '@hall/ui';
import type { HallEntry } from '../../src/halls/hall-service.ts';
import type { HallLive } from '../../src/read-models/live.ts';
import type { CityStats } from '../../src/read-models/stats.ts';

export type { HallEntry, HallLive, CityStats };

export interface CityData {
  halls: HallEntry[];
  live: Map<string, HallLive>;
  stats: CityStats | null;
  socketUp: boolean;
  error: unknown;
}

export function useCityData(token: string, onUnauthorised: () => void): CityData {
  const [data, setData] = useState<CityData>({ halls: [], live: new Map(), stats: null, socketUp: false, error: null });
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  const load = useCallback(async () => {
    try {
      const [h, l, s] = await Promise.all([
        api<{ halls: HallEntry[] }>('/halls', { token }),
        api<{ halls: HallLive[] }>('/city/live', { token }),
        api<CityStats>('/city/stats', { token }),
      ]);
      setData((d) => ({ ...d, halls: h.halls, live: new Map(l.halls.map((x) => [x.hallId, x])), stats: s, error: null }));
    } catch (err) {
      if ((err as { status?: number }).status === 401) onUnauthorised();
      else setData((d) => ({ ...d, error: err }));
    }
  }, [token, onUnauthorised]);

  useEffect(() => {
    void load();
    const socket = io('/city', { auth: { token }, transports: ['websocket'] });
    socket.on('connect', () => {
      setData((d) => ({ ...d, socketUp: true }));
      void load();
    });
    socket.on('disconnect', () => setData((d) => ({ ...d, socketUp: false })));
    socket.on('hall:update', () => {
      // Bursts of uplinks (a hall catching up) become one reload.
      if (pending.current) return;
      pending.current = setTimeout(() => {
        pending.current = null;
        void load();
      }, 300);
    });
    // The `connected` flag ages without any event: re-read every 30 s.
    const timer = setInterval(() => void load(), 30_000);
    return () => {
      socket.disconnect();
      clearInterval(timer);
      if (pending.current) clearTimeout(pending.current);
    };
  }, [token, load]);

  return data;
}
