/**
 * Counter-specific REST routes (the counter console's extension):
 *
 * - `GET /api/v1/me/day?date=` — the signed-in staff member's own day: tickets served, no-shows, transfers,
 *   mean service minutes (suspended time excluded) and the 好差评 ratings they received as counts per level.
 *   Ratings come from the ratings extension (`registry.get('ratings').summaryForStaff`); without it the counts
 *   are 0. Never who rated, never which ticket: staff see only the totals (domain rule "Staff never see who rated").
 * - `GET /api/v1/counter/rules` — the rules the console shows next to its buttons: recall cap, calls before 过号,
 *   preset pause reasons and the long-pause threshold.
 */
import { z } from 'zod';
import type { RatingLevel } from '@hall/contract';
import { need, parse } from '../http/respond.ts';
import type { ExtensionContext, ServerExtension } from '../server.ts';

/** What the ratings extension offers the counter (structural, looked up lazily). */
export interface StaffRatingsSummary {
  summaryForStaff(username: string, date: string): { count: number; byLevel: Record<RatingLevel, number> };
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

const DayQuery = z
  .object({
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
  })
  .strict();

const emptyLevels = (): Record<RatingLevel, number> => ({ 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 });

function isStaffRatings(x: unknown): x is StaffRatingsSummary {
  return typeof x === 'object' && x !== null && typeof (x as { summaryForStaff?: unknown }).summaryForStaff === 'function';
}

export function staffDay(ctx: ExtensionContext, username: string, displayName: string, date: string): StaffDay {
  const mine = ctx.hall.tickets.ofDay(date).filter((t) => t.servedBy === username);
  const served = mine.filter((t) => t.status === 'done');
  const minutes = served
    .filter((t) => t.startedAt !== null && t.finishedAt !== null)
    .map((t) => Math.max(0, (t.finishedAt as number) - (t.startedAt as number) - t.suspendedMs) / 60_000);
  const avg = minutes.length === 0 ? 0 : Math.round((minutes.reduce((a, b) => a + b, 0) / minutes.length) * 10) / 10;
  const transferred = ctx.hall.events.ofDay(date, 'ticket.transferred').filter((e) => e.actor === username).length;
  let ratings = { count: 0, byLevel: emptyLevels() };
  const provider = ctx.registry.get('ratings');
  if (isStaffRatings(provider)) {
    try {
      const s = provider.summaryForStaff(username, date);
      const byLevel = emptyLevels();
      for (const l of [1, 2, 3, 4, 5] as const) byLevel[l] = Number(s.byLevel?.[l] ?? 0) || 0;
      ratings = { count: Number(s.count) || 0, byLevel };
    } catch (err) {
      ctx.log.warn({ err: (err as Error).message }, 'ratings summary for staff failed; showing none');
    }
  }
  return {
    date,
    username,
    displayName,
    served: served.length,
    noShow: mine.filter((t) => t.status === 'no_show').length,
    transferred,
    avgServiceMinutes: avg,
    ratings,
  };
}

/** The counter console's server extension: registers the routes above. */
export function counterExtension(): ServerExtension {
  return {
    setup(ctx) {
      const p = '/api/v1';
      ctx.app.get(`${p}/me/day`, async (req) => {
        const pr = need(req, ['staff']);
        const q = parse(DayQuery, req.query);
        return staffDay(ctx, pr.id, pr.displayName, q.date ?? ctx.hall.today());
      });
      ctx.app.get(`${p}/counter/rules`, async (req) => {
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
