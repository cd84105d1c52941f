/**
 * `GET /city/ratings?date=`: 好差评 indicators and 差评整改 cases for every hall and the whole city, through
 * the contract's `computeMetrics` (the same rates a hall reports) over tickets and ratings rebuilt from
 * uplinked events, overdue marks included (`rectification.overdue`).
 */
import { computeMetrics, type Outcome, type RatingMetrics, type ServedTicket } from '@hall/contract';
import type { Db } from '../db/pool.ts';
import { hallRepository } from '../halls/hall-repository.ts';
import { outcomesOf, ticketsOfDay } from './day-facts.ts';

export interface CityRatings {
  date: string;
  overall: RatingMetrics;
  byHall: Record<string, RatingMetrics>;
}

export async function cityRatings(db: Db, date: string): Promise<CityRatings> {
  const halls = await hallRepository.list(db);
  const allServed: ServedTicket[] = [];
  const allOutcomes = new Map<string, Outcome>();
  const byHall: Record<string, RatingMetrics> = {};
  for (const h of halls) {
    const served = (await ticketsOfDay(db, h.id, date)).filter((t) => t.status === 'done');
    const outcomes = await outcomesOf(
      db,
      h.id,
      date,
      served.map((t) => t.id),
    );
    byHall[h.id] = computeMetrics(date, date, served, outcomes).overall;
    for (const t of served) allServed.push({ ...t, id: `${h.id}/${t.id}` });
    for (const [id, o] of outcomes) allOutcomes.set(`${h.id}/${id}`, o);
  }
  return { date, overall: computeMetrics(date, date, allServed, allOutcomes).overall, byHall };
}
