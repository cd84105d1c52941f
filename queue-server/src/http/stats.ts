/** Day statistics for `GET /stats`, computed from the tickets and the event log. */
import type { Dist } from '@hall/contract';
import type { HallService } from '../services/hall-service.ts';
import type { TicketRecord } from '../db/ticket-repository.ts';

/** Nearest-rank percentile. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? 0;
}

export function dist(values: number[]): Dist {
  if (values.length === 0) return { mean: 0, p90: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { mean: round1(mean), p90: round1(percentile(sorted, 90)) };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export interface RatingsSummary {
  count: number;
  good: number;
  bad: number;
  satisfaction: number;
  [k: string]: unknown;
}
export type RatingsSummariser = (
  date: string,
) => RatingsSummary & { byWindow?: Record<string, unknown>; byCategory?: Record<string, unknown> };

function group(tickets: TicketRecord[]) {
  const served = tickets.filter((t) => t.status === 'done');
  const waits = served.filter((t) => t.firstCalledAt !== null).map((t) => ((t.firstCalledAt as number) - t.issuedAt) / 60_000);
  const services = served
    .filter((t) => t.finishedAt !== null && t.startedAt !== null)
    .map((t) => Math.max(0, (t.finishedAt as number) - (t.startedAt as number) - t.suspendedMs) / 60_000);
  return {
    issued: tickets.length,
    served: served.length,
    noShow: tickets.filter((t) => t.status === 'no_show').length,
    waiting: tickets.filter((t) => t.status === 'waiting').length,
    waitMinutes: dist(waits),
    serviceMinutes: dist(services),
  };
}

export function dayStats(hall: HallService, date: string, ratings?: RatingsSummariser) {
  const tickets = hall.tickets.ofDay(date);
  const byCategory: Record<string, ReturnType<typeof group>> = {};
  for (const c of hall.config.categories) byCategory[c.id] = group(tickets.filter((t) => t.categoryId === c.id));
  const byWindow: Record<string, ReturnType<typeof group>> = {};
  for (const w of hall.config.windows) byWindow[w.id] = group(tickets.filter((t) => t.windowId === w.id));
  const r = ratings?.(date) ?? { count: 0, good: 0, bad: 0, satisfaction: 0 };
  return { date, ...group(tickets), byCategory, byWindow, ratings: r };
}
