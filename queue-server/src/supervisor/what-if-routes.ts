/**
 * REST routes of the supervisor's what-if (supervisor+; what-if.ts does the work, docs/simulation.md
 * "Supervisor what-if" documents the shapes):
 *
 *   POST /api/v1/what-if/run             {date?, policy?, plan?}  the recorded day as staffed and under the plan,
 *                                                                   with the slowdown and 过号 cost it assumed
 *   GET  /api/v1/what-if/staffing?date=&targetMinutes=            windows per category per hour for a target wait
 *   POST /api/v1/what-if/cross-training  {date?, plan?}            the one new certification per staff member that helps most
 *
 * Read only: nothing here changes the hall. The day's facts come from `hall.queries` (the ticket records).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { IsoDate, localTimeToEpoch, serviceMinutesOf } from '@hall/contract';
import { HttpError, need, parse } from '../http/respond.ts';
import type { HallService } from '../hall/hall-service.ts';
import { callOutcome, learnNoShows } from '../core/hall-learning.ts';
import { crossTrainingAdvice, dayScenario, pausesOfDay, runScenario, staffingAdvice, type DayFacts, type StaffingPlan } from './what-if.ts';

const Hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const Id = z.string().min(1).max(32);
const Plan = z
  .object({
    closeWindows: z.array(Id).max(200).default([]),
    openExisting: z.array(Id).max(200).default([]),
    openWindows: z
      .array(z.object({ home: Id, skills: z.array(Id).max(20).default([]) }).strict())
      .max(40)
      .default([]),
    addSkills: z
      .array(z.object({ windowId: Id, categoryId: Id }).strict())
      .max(200)
      .default([]),
    breaks: z
      .array(
        z
          .object({ windowId: Id, from: Hhmm, to: Hhmm })
          .strict()
          .refine((b) => b.from < b.to, { message: '开始时间须早于结束时间 / from must be before to' }),
      )
      .max(400)
      .default([]),
  })
  .strict();
const RunBody = z
  .object({
    date: IsoDate.optional(),
    policy: z.enum(['static', 'skillfifo', 'dynamic', 'pooled']).default('dynamic'),
    plan: Plan.optional(),
  })
  .strict();
const CrossBody = z.object({ date: IsoDate.optional(), plan: Plan.optional() }).strict();
const StaffingQuery = z.object({ date: IsoDate.optional(), targetMinutes: z.coerce.number().min(1).max(240).default(10) }).strict();

/** Who can tell a username's display name and certifications (the account repository). */
export interface StaffDirectory {
  byUsername(username: string): { displayName: string; certified: readonly string[] } | null;
}

/**
 * Per window, the person who served most of its tickets that day (ties: the first to serve there), with
 * their certifications from the account: the replay lets a window serve what that person may serve.
 */
function staffOfDay(tickets: readonly { windowId: string | null; servedBy: string | null }[], staff: StaffDirectory | undefined) {
  const counts = new Map<string, Map<string, number>>();
  for (const t of tickets) {
    if (t.windowId === null || t.servedBy === null) continue;
    const per = counts.get(t.windowId) ?? new Map<string, number>();
    per.set(t.servedBy, (per.get(t.servedBy) ?? 0) + 1);
    counts.set(t.windowId, per);
  }
  const out = new Map<string, { username: string; name: string; certified: readonly string[] }>();
  for (const [windowId, per] of counts) {
    const [username] = [...per].reduce((a, b) => (b[1] > a[1] ? b : a));
    const account = staff?.byUsername(username);
    if (account) out.set(windowId, { username, name: account.displayName, certified: account.certified });
  }
  return out;
}

/** The day's ticket facts, as the simulator needs them. */
export function dayFacts(hall: HallService, date: string, staff?: StaffDirectory): DayFacts {
  const tz = hall.timeZone;
  const midnight = localTimeToEpoch(date, '00:00', tz);
  const dayTickets = hall.queries.ticketsOfDay(date);
  const slowdown = hall.queries.dispatchConfig().crossSkillSlowdown;
  const tickets = dayTickets
    .filter((t) => t.status !== 'cancelled')
    .map((t) => {
      const measured = t.status === 'done' ? serviceMinutesOf(t) : null;
      // The replay times a service at the speed of the window that takes it, so a service given outside
      // its window's home is brought back to home speed first.
      const home = t.windowId !== null ? hall.windowConfigs.get(t.windowId)?.home : undefined;
      const away = home !== undefined && home !== t.categoryId;
      return {
        categoryId: t.categoryId,
        priority: t.priority,
        issuedMinute: (t.issuedAt - midnight) / 60_000,
        serviceMinutes: measured !== null && away ? measured / slowdown : measured,
        noShow: t.status === 'no_show',
      };
    });
  const means = hall.queries.serviceMinutes();
  const served = new Set(dayTickets.flatMap((t) => (t.windowId !== null && t.calledAt !== null ? [t.windowId] : [])));
  // The day's real pauses (午休 and the rest), replayed as each window's breaks; one still open runs to now.
  const events = hall.queries.auditOfDay(date).sort((a, b) => a.at - b.at || a.id - b.id);
  const endOfDay = localTimeToEpoch(date, '23:59', tz);
  const pauses = pausesOfDay(events, midnight, Math.min(hall.now(), endOfDay));
  const people = staffOfDay(dayTickets, staff);
  // What a 过号 cost a window that day: from its first call to the mark (the hall's measured median).
  const noShowTimeoutMinutes = learnNoShows(
    dayTickets.flatMap((t) => callOutcome(t) ?? []),
    [],
  ).timeoutMinutes;
  return {
    date,
    hallName: hall.config.hall.name,
    categories: hall.config.categories.map((c) => ({ id: c.id, name: c.name, meanServiceMinutes: means[c.id] ?? 10 })),
    // A day nobody served yet (e.g. early morning) is replayed with every window open.
    windows: [...hall.windowConfigs.values()].map((w) => ({
      id: w.id,
      home: w.home,
      skills: w.skills,
      staffed: served.size === 0 || served.has(w.id),
      pauses: pauses.get(w.id) ?? [],
      staff: people.get(w.id) ?? null,
    })),
    tickets,
    crossSkillSlowdown: slowdown,
    noShowTimeoutMinutes,
  };
}

function checkPlan(facts: DayFacts, plan: StaffingPlan): void {
  const windows = new Set(facts.windows.map((w) => w.id));
  const cats = new Set(facts.categories.map((c) => c.id));
  for (const id of [
    ...(plan.closeWindows ?? []),
    ...(plan.addSkills ?? []).map((a) => a.windowId),
    ...(plan.breaks ?? []).map((b) => b.windowId),
  ])
    if (!windows.has(id)) throw new HttpError('UNKNOWN_WINDOW', { id });
  for (const id of [
    ...(plan.addSkills ?? []).map((a) => a.categoryId),
    ...(plan.openWindows ?? []).flatMap((w) => [w.home, ...(w.skills ?? [])]),
  ])
    if (!cats.has(id)) throw new HttpError('UNKNOWN_CATEGORY', { id });
}

export function registerWhatIfRoutes(app: FastifyInstance, hall: HallService, staff?: StaffDirectory): void {
  const p = '/api/v1/what-if';
  app.post(`${p}/run`, async (req) => {
    need(req, ['supervisor']);
    const body = parse(RunBody, req.body ?? {});
    const facts = dayFacts(hall, body.date ?? hall.today(), staff);
    const plan = body.plan ?? {};
    checkPlan(facts, plan);
    return {
      date: facts.date,
      policy: body.policy,
      windows: facts.windows,
      // What the replay assumes beyond the day's records, so the page can say so.
      assumptions: {
        crossSkillSlowdown: facts.crossSkillSlowdown,
        crossServices: hall.queries.learnedSlowdown().crossServices,
        noShowTimeoutMinutes: facts.noShowTimeoutMinutes,
      },
      baseline: runScenario(dayScenario(facts), body.policy),
      plan: runScenario(dayScenario(facts, plan), body.policy),
    };
  });
  app.get(`${p}/staffing`, async (req) => {
    need(req, ['supervisor']);
    const q = parse(StaffingQuery, req.query);
    const facts = dayFacts(hall, q.date ?? hall.today(), staff);
    return { date: facts.date, targetMinutes: q.targetMinutes, rows: staffingAdvice(facts, q.targetMinutes) };
  });
  app.post(`${p}/cross-training`, async (req) => {
    need(req, ['supervisor']);
    const body = parse(CrossBody, req.body ?? {});
    const facts = dayFacts(hall, body.date ?? hall.today(), staff);
    const plan = body.plan ?? {};
    checkPlan(facts, plan);
    return { date: facts.date, advice: crossTrainingAdvice(facts, plan) };
  });
}
