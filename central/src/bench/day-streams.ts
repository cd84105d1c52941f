/**
 * Day streams for the central benchmark, from the project's simulator: for each of the city's 108 halls
 * one simulated day (`queue-server/src/sim`, policy `dynamic`, the shipped scenarios, a seed per hall and
 * day), and each simulated ticket's life turned into the audit rows the hall itself would write, then
 * through the hall's own projection (`toUplinkEvent`), so the events, their data and hashes are what a
 * real hall uplinks.
 *
 * Life of a ticket (the hall's defaults: 过号 after 3 calls, 2 recalls allowed), every step through the
 * hall's ticket rules (`applyTicketAction`, which refuses an illegal step):
 * - served: `ticket.issued` → `ticket.called` (the sim's call time and window) → `ticket.started` when
 *   the citizen reaches the desk (a third of the service, at most 30 s, after the call) → `ticket.finished`
 *   when the sim frees the window (home-speed service × the scenario's cross-skill slowdown off home);
 * - no-show: `ticket.called` → two `ticket.recalled` → `ticket.no_show` when the sim's no-show timeout
 *   frees the window;
 * - unserved (nobody could serve it): `ticket.day_closed` an hour after the closing time or the day's last
 *   call, whichever is later;
 * - a deterministic share of served tickets is rated on the window's keypad 15 s after 办结
 *   (`rating.created`; about 60 %, levels mostly 非常满意, about 3 % 差评).
 * The simulator has no transfers and no suspensions, so the streams have none. Window pauses and staff
 * sign-ins are not in the streams either (a few events a window a day, next to ~4.6 per ticket).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Priority, UplinkEvent } from '@hall/contract';
import {
  applyTicketAction,
  type TicketAction,
  type TicketActor,
  type TicketRulesConfig,
} from '../../../queue-server/src/core/ticket-rules.ts';
import type { EventRow } from '../../../queue-server/src/db/event-log.ts';
import type { TicketRecord } from '../../../queue-server/src/db/ticket-repository.ts';
import { ticketFacts } from '../../../queue-server/src/hall/audit.ts';
import { planTickets, simulate, type TicketRecord as SimTicket } from '../../../queue-server/src/sim/engine.ts';
import { hhmmToMs, parseScenario, type Scenario } from '../../../queue-server/src/sim/scenario.ts';
import { toUplinkEvent } from '../../../queue-server/src/uplink/projection.ts';

export type Tier = 'city' | 'county' | 'township';

export interface HallDay {
  hallId: string;
  tier: Tier;
  scenario: string;
  seed: number;
  tickets: number;
  events: Array<UplinkEvent & { due: number }>;
}

const SCENARIO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'scenarios');
/** The shipped scenario each tier's halls run. */
export const TIER_SCENARIO: Readonly<Record<Tier, string>> = { city: 'city-hall', county: 'county-yearend', township: 'township' };
/** The hall's default ticket rules (contract/src/hall.ts: recallCap 2, noShow.afterCalls 3). */
const RULES: TicketRulesConfig = { recallCap: 2, noShowAfterCalls: 3 };
const SYSTEM: TicketActor = { kind: 'system', windowId: null, certified: [], takeover: false };
const POLICY = 'dynamic';
const MINUTE = 60_000;

const scenarios = new Map<string, Scenario>();
function scenario(name: string): Scenario {
  let s = scenarios.get(name);
  if (s === undefined) {
    const r = parseScenario(JSON.parse(readFileSync(join(SCENARIO_DIR, `${name}.json`), 'utf8')));
    if (!r.ok) throw new Error(`scenario ${name}: ${r.message}`);
    s = r.scenario;
    scenarios.set(name, s);
  }
  return s;
}

/** A number in [0, 1) fixed by the text: the rating draws, independent of the simulator's streams. */
function unit(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32;
}

/** A UUID-shaped id fixed by the text (the hall uses randomUUID; the bench must be reproducible). */
function uuidOf(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Keypad level of a served ticket, or null when the citizen did not rate: ~60 % rate, ~3 % 差评 (1–2). */
export function ratingLevel(u: number): 1 | 2 | 3 | 4 | 5 | null {
  if (u >= 0.6) return null;
  const v = u / 0.6;
  return v < 0.01 ? 1 : v < 0.03 ? 2 : v < 0.07 ? 3 : v < 0.17 ? 4 : 5;
}

interface Row {
  at: number;
  type: EventRow['type'];
  actor: string;
  source: string;
  ticketId: string;
  windowId: string | null;
  data: Record<string, unknown>;
}

/** What `saveTicket` (queue-server/src/hall/audit.ts) logs for a ticket change. */
function ticketRow(
  before: TicketRecord | null,
  after: TicketRecord,
  type: Row['type'],
  at: number,
  who: { actor: string; source: string },
  data: Record<string, unknown> = {},
): Row {
  return {
    at,
    type,
    ...who,
    ticketId: after.id,
    windowId: after.windowId ?? before?.windowId ?? null,
    data: { number: after.number, from: before?.status ?? null, to: after.status, ...data, ticket: ticketFacts(after) },
  };
}

function issuedRecord(hallId: string, date: string, t: SimTicket, issuedAt: number): TicketRecord {
  const seq = Number(t.id.slice(t.categoryId.length));
  const priority: Priority = t.priority;
  return {
    id: uuidOf(`${hallId}/${date}/${t.id}`),
    businessDate: date,
    prefix: t.categoryId,
    seq,
    number: t.id,
    categoryId: t.categoryId,
    serviceId: null,
    serviceIds: [],
    priorityGroup: priority === 'green' ? 'elderly' : null,
    bundleId: null,
    matters: [],
    channel: 'kiosk',
    status: 'waiting',
    priority,
    issuedAt,
    queuedAt: issuedAt,
    ahead: 0,
    estimatedWaitMinutes: null,
    waitEstimate: { minutes: null, low: 0, high: 0 },
    windowId: null,
    targetWindowId: null,
    calledAt: null,
    firstCalledAt: null,
    startedAt: null,
    finishedAt: null,
    callCount: 0,
    transferCount: 0,
    suspendedAt: null,
    suspendedMs: 0,
    servedBy: null,
    note: null,
    outcome: null,
    heldUntil: null,
    token: '',
    form: null,
    appointmentId: null,
    idempotencyKey: null,
    requestHash: null,
  };
}

/** One ticket's audit rows, in lifecycle order, every step checked by the hall's ticket rules. */
function ticketRows(
  ctx: { hallId: string; date: string; midnight: number; sc: Scenario; serviceMin: Map<string, number>; dayEnd: number },
  t: SimTicket,
): Row[] {
  const { hallId, date, midnight, sc } = ctx;
  const at = (ms: number) => midnight + Math.round(ms);
  let cur = issuedRecord(hallId, date, t, at(t.issuedAt));
  const rows: Row[] = [];
  const kiosk = { actor: `kiosk-${1 + (cur.seq % 2)}`, source: 'kiosk' };
  rows.push(
    ticketRow(null, cur, 'ticket.issued', cur.issuedAt, kiosk, {
      categoryId: cur.categoryId,
      serviceIds: cur.serviceIds,
      priority: cur.priority,
      priorityGroup: cur.priorityGroup,
      bundleId: null,
      channel: cur.channel,
      printerId: 'printer-1',
    }),
  );
  const step = (action: TicketAction, now: number, actor: TicketActor): TicketRecord => {
    const d = applyTicketAction(cur, action, { now, rules: RULES, actor });
    if (!d.ok) throw new Error(`${hallId} ${t.id}: ${action.type} refused (${d.code})`);
    return d.ticket;
  };
  if (t.calledAt === null || t.windowId === null) {
    const next = step({ type: 'close-day' }, ctx.dayEnd, SYSTEM);
    rows.push(ticketRow(cur, next, 'ticket.day_closed', ctx.dayEnd, { actor: 'system', source: 'day-rules' }, { reason: 'closing_time' }));
    return rows;
  }
  const w = sc.windows.find((x) => x.id === t.windowId);
  if (w === undefined) throw new Error(`${hallId}: unknown window ${t.windowId}`);
  const staff = `staff-${w.id}`;
  const win: TicketActor = { kind: 'window', windowId: w.id, certified: [w.home, ...w.skills], takeover: false };
  const desk = { actor: staff, source: 'counter' };
  const calledAt = at(t.calledAt);
  const log = (next: TicketRecord, type: Row['type'], when: number, data: Record<string, unknown> = {}, who = desk) => {
    rows.push(ticketRow(cur, next, type, when, who, data));
    cur = next;
  };
  log(step({ type: 'call', staff }, calledAt, win), 'ticket.called', calledAt, { waitMs: calledAt - cur.issuedAt });
  if (t.outcome === 'no-show') {
    // The sim frees the window after the no-show timeout; staff recall twice in it, then mark 过号.
    const timeout = sc.noShowTimeoutMinutes * MINUTE;
    for (const k of [1, 2]) {
      const when = calledAt + Math.round((timeout * k) / 3);
      const next = step({ type: 'recall' }, when, win);
      log(next, 'ticket.recalled', when, { callCount: next.callCount });
    }
    const when = at(t.calledAt + timeout);
    log(step({ type: 'no-show' }, when, win), 'ticket.no_show', when);
    return rows;
  }
  // Service as the simulator ran it: home speed, slowed off the window's home category.
  const home = t.categoryId === w.home;
  const serviceMs = (ctx.serviceMin.get(t.id) ?? 0) * (home ? 1 : sc.crossSkillSlowdown) * MINUTE;
  // Rounded as the sim's own free time (call + service), so the window's next call is never before it.
  const startedAt = calledAt + Math.max(1, Math.min(30_000, Math.round(serviceMs / 3)));
  const finishedAt = Math.max(startedAt + 1, at(t.calledAt + serviceMs));
  log(step({ type: 'start', staff }, startedAt, win), 'ticket.started', startedAt);
  const done = step({ type: 'finish', staff }, finishedAt, win);
  log(done, 'ticket.finished', finishedAt, { serviceMs: finishedAt - startedAt, suspendedMs: 0 });
  const level = ratingLevel(unit(`rating/${cur.id}`));
  if (level !== null) {
    const device = `keypad-${w.id}`;
    rows.push({
      at: finishedAt + 15_000,
      type: 'rating.created',
      actor: device,
      source: 'keypad',
      ticketId: cur.id,
      windowId: cur.windowId,
      data: { number: cur.number, level, channel: 'keypad' },
    });
  }
  return rows;
}

/** One hall's simulated day as its uplink stream: seq from `firstSeq`, gap-free, in time order. */
export function hallDay(hallId: string, tier: Tier, date: string, seed: number, firstSeq = 1): HallDay {
  const name = TIER_SCENARIO[tier];
  const sc = scenario(name);
  const sim = simulate(sc, POLICY, { seed, skipEstimates: true });
  // The engine does not return service times; the plan it drew them from does (same scenario and seed).
  const serviceMin = new Map(planTickets(sc, seed).map((p) => [p.id, p.serviceMinutes]));
  const midnight = Date.parse(`${date}T00:00:00+08:00`);
  const lastSimMs = Math.max(hhmmToMs(sc.day.close), ...sim.tickets.map((t) => t.calledAt ?? 0));
  const ctx = { hallId, date, midnight, sc, serviceMin, dayEnd: midnight + lastSimMs + 60 * MINUTE };
  const rows = sim.tickets.flatMap((t) => ticketRows(ctx, t));
  // The audit log is in commit order, i.e. time order; a stable sort keeps each ticket's steps in order.
  rows.sort((a, b) => a.at - b.at);
  const events = rows.map((r, i) => {
    const row: EventRow = { id: firstSeq + i, businessDate: date, ...r };
    return { ...toUplinkEvent(row), due: r.at };
  });
  return { hallId, tier, scenario: name, seed, tickets: sim.tickets.length, events };
}

/** Position of a hall in the city (0 the city hall, 1–7 the counties, 8–107 the townships). */
export interface CityHall {
  hallId: string;
  tier: Tier;
  index: number;
}

export const CITY: readonly CityHall[] = [
  { hallId: 'city', tier: 'city', index: 0 },
  ...Array.from({ length: 7 }, (_, i) => ({ hallId: `county-${i + 1}`, tier: 'county' as const, index: 1 + i })),
  ...Array.from({ length: 100 }, (_, i) => ({ hallId: `town-${i + 1}`, tier: 'township' as const, index: 8 + i })),
];

/** Seed of a hall's day: the scenario's own seed + the hall's index + 1000 × the day's index (0, 1, …). */
export function seedOf(h: CityHall, dayIndex: number): number {
  return scenario(TIER_SCENARIO[h.tier]).seed + h.index + 1000 * dayIndex;
}

/** The city's halls for one simulated day. */
export function cityDays(date: string, dayIndex: number, firstSeq: (hallId: string) => number = () => 1): HallDay[] {
  return CITY.map((h) => hallDay(h.hallId, h.tier, date, seedOf(h, dayIndex), firstSeq(h.hallId)));
}
