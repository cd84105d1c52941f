/** `GET /halls/:id/live`: the latest live summary a hall sent (queues, windows, alerts), with its age. */
import type { UplinkLive } from '@hall/contract';
import type { Db } from '../db/pool.ts';
import { hallRepository } from '../halls/hall-repository.ts';
import { CONNECTED_MS } from '../halls/hall-service.ts';

export interface HallLive {
  hallId: string;
  name: string;
  connected: boolean;
  lastSeenAt: string | null;
  ackSeq: number;
  /** Null until the hall sent its first live summary. */
  live: UplinkLive | null;
  waiting: number;
  openWindows: number;
  alerts: number;
}

export async function hallLive(db: Db, hallId: string): Promise<HallLive | null> {
  const h = await hallRepository.byId(db, hallId);
  if (!h) return null;
  const live = h.live;
  return {
    hallId: h.id,
    name: h.name,
    connected: h.lastSeenAt !== null && Date.now() - h.lastSeenAt.getTime() < CONNECTED_MS,
    lastSeenAt: h.lastSeenAt?.toISOString() ?? null,
    ackSeq: h.ackSeq,
    live,
    waiting: live ? live.queues.reduce((a, q) => a + q.waiting, 0) : 0,
    openWindows: live ? live.windows.filter((w) => w.status === 'open').length : 0,
    alerts: live ? live.alerts.length : 0,
  };
}
