/**
 * The latest-state summary a hall adds to its uplink batches (`UplinkLive`): waiting per category with the
 * estimate, the windows, open alerts and the published configuration's versions. Built from the hall's
 * views only; no ticket beyond its number, no person's name (staff appear by username).
 */
import type { UplinkLive } from '@hall/contract';
import type { HallService } from '../hall/hall-service.ts';
import type { AlertService } from '../services/alert-service.ts';

const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s);

export function buildLive(
  hall: HallService,
  alerts: AlertService,
  config: { deployed: number | null; received: number | null },
): UplinkLive {
  const c = hall.config;
  return {
    at: hall.now(),
    businessDate: hall.today(),
    hallName: cut(c.hall.name, 80),
    categories: c.categories.slice(0, 64).map((k) => ({ id: k.id, name: cut(k.name, 40), prefix: k.prefix })),
    priorityGroups: c.settings.priorityGroups.slice(0, 32).map((g) => g.id),
    windows: hall
      .windowStates()
      .slice(0, 200)
      .map((w) => ({
        id: w.id,
        name: cut(w.name, 20),
        number: w.number,
        status: w.status,
        allocation: w.allocation.slice(0, 32),
        staff: w.staff?.username ?? null,
        currentTicket: w.currentTicket?.number ?? null,
      })),
    queues: hall
      .queueStats()
      .slice(0, 64)
      .map((q) => ({
        categoryId: q.categoryId,
        waiting: q.waiting,
        longestWaitMinutes: Math.max(0, q.longestWaitMinutes),
        estimatedWaitMinutes: q.waitEstimate.minutes === null ? null : Math.max(0, q.waitEstimate.minutes),
      })),
    alerts: alerts
      .open()
      .slice(0, 200)
      .map((a) => ({ id: a.id, kind: a.kind, severity: a.severity, subject: a.subject ? cut(a.subject, 64) : null, raisedAt: a.raisedAt })),
    config,
  };
}
