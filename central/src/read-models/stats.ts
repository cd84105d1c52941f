/**
 * `GET /halls/:id/stats` and `GET /city/stats`: the contract's `computeDayStats` over tickets rebuilt from
 * uplinked events, so a hall's central stats are the same object as its own `GET /stats`. The categories
 * and windows listed are those of the hall's latest live summary (its configuration), as the hall does.
 */
import { computeDayStats, computeMetrics, statsRatingsOf, type DayStats, type StatsGroup } from '@hall/contract';
import type { Db } from '../db/pool.ts';
import { hallRepository } from '../halls/hall-repository.ts';
import { outcomesOf, ticketsOfDay } from './day-facts.ts';

export async function hallDayStats(db: Db, hallId: string, date: string): Promise<DayStats | null> {
  const hall = await hallRepository.byId(db, hallId);
  if (!hall) return null;
  const tickets = await ticketsOfDay(db, hallId, date);
  const categoryIds = hall.live ? hall.live.categories.map((c) => c.id) : [...new Set(tickets.map((t) => t.categoryId))].sort();
  const windowIds = hall.live
    ? hall.live.windows.map((w) => w.id)
    : [...new Set(tickets.map((t) => t.windowId).filter((w): w is string => w !== null))].sort();
  const served = tickets.filter((t) => t.status === 'done');
  const outcomes = await outcomesOf(
    db,
    hallId,
    date,
    served.map((t) => t.id),
  );
  const groupIds = hall.live?.priorityGroups ?? [];
  return computeDayStats(date, tickets, categoryIds, windowIds, statsRatingsOf(computeMetrics(date, date, served, outcomes)), groupIds);
}

export interface CityStats extends StatsGroup {
  date: string;
  byHall: Record<string, DayStats>;
  ratings: { count: number; good: number; bad: number };
}

/**
 * The city: counts summed over every hall; waits and service times are recomputed over every ticket of
 * the city (a mean of means would weigh a township like the city hall).
 */
export async function cityDayStats(db: Db, date: string): Promise<CityStats> {
  const halls = await hallRepository.list(db);
  const byHall: Record<string, DayStats> = {};
  const all = [];
  for (const h of halls) {
    const s = await hallDayStats(db, h.id, date);
    if (s) byHall[h.id] = s;
    all.push(...(await ticketsOfDay(db, h.id, date)).map((t) => ({ ...t, id: `${h.id}/${t.id}` })));
  }
  const { byCategory: _c, byWindow: _w, ratings: _r, date: _d, ...totals } = computeDayStats(date, all, [], []);
  const ratings = { count: 0, good: 0, bad: 0 };
  for (const s of Object.values(byHall)) {
    ratings.count += s.ratings.count;
    ratings.good += s.ratings.good;
    ratings.bad += s.ratings.bad;
  }
  return { date, ...totals, ratings, byHall };
}
