/** Day statistics for `GET /stats`: the hall's tickets through the shared pure definition in the contract. */
import { computeDayStats, type DayStats, type RatingsSummary } from '@hall/contract';
import type { HallService } from '../hall/hall-service.ts';

export function dayStats(hall: HallService, date: string, ratings?: RatingsSummary): DayStats {
  return computeDayStats(
    date,
    hall.queries.ticketsOfDay(date),
    hall.config.categories.map((c) => c.id),
    hall.config.windows.map((w) => w.id),
    ratings,
    hall.config.settings.priorityGroups.map((g) => g.id),
  );
}
