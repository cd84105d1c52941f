/** Day statistics for `GET /stats`: the hall's tickets through the shared pure definition in the contract. */
import { computeDayStats, type DayStats, type RatingsSummary } from '@hall/contract';
import type { HallService } from '../services/hall-service.ts';

export { dist, percentile, type RatingsSummary } from '@hall/contract';

export type RatingsSummariser = (
  date: string,
) => RatingsSummary & { byWindow?: Record<string, unknown>; byCategory?: Record<string, unknown> };

export function dayStats(hall: HallService, date: string, ratings?: RatingsSummariser): DayStats {
  return computeDayStats(
    date,
    hall.tickets.ofDay(date),
    hall.config.categories.map((c) => c.id),
    hall.config.windows.map((w) => w.id),
    ratings?.(date),
  );
}
