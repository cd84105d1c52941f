/**
 * Counter-specific REST routes (the counter console's extension):
 *
 * - `GET /api/v1/me/day?date=` — the signed-in staff member's own day: tickets served, no-shows, transfers,
 *   mean service minutes (suspended time excluded) and the 好差评 ratings they received as counts per level.
 *   Ratings come from the rating service (`summaryForStaff`). Never who rated, never which ticket: staff see
 *   only the totals (domain rule "Staff never see who rated").
 * - `GET /api/v1/counter/rules` — the rules the console shows next to its buttons: recall cap, calls before 过号,
 *   preset pause reasons and the long-pause threshold.
 */
import { z } from 'zod';
import { IsoDate, serviceMinutesOf, type HallConfig, type RatingLevel } from '@hall/contract';
import { need, parse } from '../http/respond.ts';
import type { HallModule } from '../modules.ts';
import type { HallService } from '../hall/hall-service.ts';
import type { RatingService } from '../ratings/rating-service.ts';

export interface CounterModuleDeps {
  hall: HallService;
  config: HallConfig;
  ratings: RatingService;
}

export interface StaffDay {
  date: string;
  username: string;
  displayName: string;
  served: number;
  noShow: number;
  transferred: number;
  /** Mean minutes from start to finish, suspended time excluded; 0 when nothing was served. */
  avgServiceMinutes: number;
  ratings: { count: number; byLevel: Record<RatingLevel, number> };
}

/** Preset pause reasons (暂停原因) shown as one-key choices; 其他 lets staff type their own. */
export const PAUSE_REASONS = ['午休', '临时离开', '业务咨询', '系统故障', '其他'] as const;

const DayQuery = z.object({ date: IsoDate.optional() }).strict();

const emptyLevels = (): Record<RatingLevel, number> => ({ 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 });

export function staffDay(ctx: CounterModuleDeps, username: string, displayName: string, date: string): StaffDay {
  const mine = ctx.hall.queries.ticketsOfDay(date).filter((t) => t.servedBy === username);
  const served = mine.filter((t) => t.status === 'done');
  const minutes = served.map(serviceMinutesOf).filter((m): m is number => m !== null);
  const avg = minutes.length === 0 ? 0 : Math.round((minutes.reduce((a, b) => a + b, 0) / minutes.length) * 10) / 10;
  const transferred = ctx.hall.queries.auditOfDay(date, 'ticket.transferred').filter((e) => e.actor === username).length;
  const s = ctx.ratings.summaryForStaff(username, date);
  const byLevel = emptyLevels();
  for (const l of [1, 2, 3, 4, 5] as const) byLevel[l] = s.byLevel[l] ?? 0;
  return {
    date,
    username,
    displayName,
    served: served.length,
    noShow: mine.filter((t) => t.status === 'no_show').length,
    transferred,
    avgServiceMinutes: avg,
    ratings: { count: s.count, byLevel },
  };
}

/** The counter console's routes. */
export function counterModule(ctx: CounterModuleDeps): HallModule {
  return {
    register(app) {
      const p = '/api/v1';
      app.get(`${p}/me/day`, async (req) => {
        const pr = need(req, ['staff']);
        const q = parse(DayQuery, req.query);
        return staffDay(ctx, pr.id, pr.displayName, q.date ?? ctx.hall.today());
      });
      app.get(`${p}/counter/rules`, async (req) => {
        need(req, ['staff']);
        const s = ctx.config.settings;
        return {
          recallCap: s.recallCap,
          noShowAfterCalls: s.noShow.afterCalls,
          requeue: s.noShow.requeue,
          longPauseMinutes: s.longPauseMinutes,
          pauseReasons: [...PAUSE_REASONS],
        };
      });
    },
  };
}
