/**
 * Day statistics (`GET /stats`), pure: the same function serves a hall (from its ticket table) and the
 * central server (from the tickets it rebuilt out of uplinked events), so both answer the same object for
 * the same day.
 *
 * Definitions:
 * - issued: tickets of the business date; served: tickets that ended `done`; noShow: ended `no_show`.
 * - waitMinutes: issue → first call, over served tickets.
 * - serviceMinutes: start → finish minus suspended time, over served tickets.
 * - Mean and p90 (nearest rank), 1 decimal; 0 for an empty list.
 * - byPriorityGroup: tickets of each 绿色通道 group (every configured group, plus any group a ticket
 *   carries), with `share` = its tickets / all tickets of the day, in percent (1 decimal).
 * - matters: the matters of the day's tickets (a single-matter ticket counts one, a 一事一次办 visit one
 *   per matter) by status, and `visits` the tickets issued for a bundle.
 */
import type { Priority, TicketStatus } from './ticket.ts';
import type { EpochMs } from './time.ts';

/** Mean and p90 (nearest rank), in minutes, 1 decimal. */
export interface Dist {
  mean: number;
  p90: number;
}

/** The fields of a ticket that day statistics read. Pseudonymous: no form, no token. */
export interface StatsTicket {
  readonly id: string;
  readonly businessDate: string;
  readonly categoryId: string;
  readonly serviceIds: readonly string[];
  readonly priority: Priority;
  readonly status: TicketStatus;
  readonly windowId: string | null;
  readonly servedBy: string | null;
  readonly issuedAt: EpochMs;
  readonly firstCalledAt: EpochMs | null;
  readonly startedAt: EpochMs | null;
  readonly finishedAt: EpochMs | null;
  readonly suspendedMs: number;
  readonly priorityGroup?: string | null;
  readonly bundleId?: string | null;
  readonly matters?: ReadonlyArray<{ readonly serviceId: string; readonly status: string }>;
}

export interface StatsGroup {
  issued: number;
  served: number;
  noShow: number;
  waiting: number;
  waitMinutes: Dist;
  serviceMinutes: Dist;
}

export interface RatingsSummary {
  count: number;
  good: number;
  bad: number;
  satisfaction: number;
  [k: string]: unknown;
}

export interface PriorityGroupStats extends StatsGroup {
  /** Percent of all tickets of the day, 1 decimal. */
  share: number;
}

export interface MatterCounts {
  /** Tickets issued for a 一事一次办 bundle. */
  visits: number;
  matters: number;
  done: number;
  transferred: number;
  needsDocuments: number;
  /** Neither 办结 nor 转办 (待办, 受理, 需补件). */
  open: number;
}

export interface DayStats extends StatsGroup {
  date: string;
  byCategory: Record<string, StatsGroup>;
  byWindow: Record<string, StatsGroup>;
  byPriorityGroup: Record<string, PriorityGroupStats>;
  matters: MatterCounts;
  ratings: RatingsSummary;
}

export const percentOf = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);

/** The matters of a ticket: its per-matter statuses, or one matter per service id (older tickets). */
export function mattersOf(t: Pick<StatsTicket, 'matters' | 'serviceIds' | 'status'>): Array<{ serviceId: string; status: string }> {
  if (t.matters && t.matters.length > 0) return [...t.matters];
  return t.serviceIds.map((serviceId) => ({ serviceId, status: t.status === 'done' ? 'done' : 'pending' }));
}

export function matterCounts(tickets: readonly StatsTicket[]): MatterCounts {
  const all = tickets.flatMap((t) => mattersOf(t));
  const n = (s: string) => all.filter((m) => m.status === s).length;
  const done = n('done');
  const transferred = n('transferred');
  return {
    visits: tickets.filter((t) => (t.bundleId ?? null) !== null).length,
    matters: all.length,
    done,
    transferred,
    needsDocuments: n('needs_documents'),
    open: all.length - done - transferred,
  };
}

/** Tickets by 绿色通道 group, each with its share of all `tickets`. */
export function priorityGroupStats(tickets: readonly StatsTicket[], groupIds: readonly string[]): Record<string, PriorityGroupStats> {
  const keys = [...new Set([...groupIds, ...tickets.flatMap((t) => (t.priorityGroup ? [t.priorityGroup] : []))])];
  const out: Record<string, PriorityGroupStats> = {};
  for (const g of keys) {
    const mine = tickets.filter((t) => t.priorityGroup === g);
    out[g] = { ...statsGroup(mine), share: percentOf(mine.length, tickets.length) };
  }
  return out;
}

/** Nearest-rank percentile of an ascending list (0 for an empty list). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? 0;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export function dist(values: readonly number[]): Dist {
  if (values.length === 0) return { mean: 0, p90: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { mean: round1(mean), p90: round1(percentile(sorted, 90)) };
}

/**
 * Service time of a finished ticket: start → finish, suspended time excluded, never negative. The one
 * definition: audit events, `/stats`, reports, the staff member's day and the central all use it.
 */
export function serviceMsOf(t: Pick<StatsTicket, 'startedAt' | 'finishedAt' | 'suspendedMs'>): number | null {
  if (t.startedAt === null || t.finishedAt === null) return null;
  return Math.max(0, t.finishedAt - t.startedAt - t.suspendedMs);
}

export function serviceMinutesOf(t: Pick<StatsTicket, 'startedAt' | 'finishedAt' | 'suspendedMs'>): number | null {
  const ms = serviceMsOf(t);
  return ms === null ? null : ms / 60_000;
}

/** Minutes from issue to first call, or null if never called. */
export function waitMinutesOf(t: Pick<StatsTicket, 'issuedAt' | 'firstCalledAt'>): number | null {
  return t.firstCalledAt === null ? null : (t.firstCalledAt - t.issuedAt) / 60_000;
}

export function statsGroup(tickets: readonly StatsTicket[]): StatsGroup {
  const served = tickets.filter((t) => t.status === 'done');
  const waits = served.map(waitMinutesOf).filter((m): m is number => m !== null);
  const services = served.map(serviceMinutesOf).filter((m): m is number => m !== null);
  return {
    issued: tickets.length,
    served: served.length,
    noShow: tickets.filter((t) => t.status === 'no_show').length,
    waiting: tickets.filter((t) => t.status === 'waiting').length,
    waitMinutes: dist(waits),
    serviceMinutes: dist(services),
  };
}

export const NO_RATINGS: RatingsSummary = { count: 0, good: 0, bad: 0, satisfaction: 0 };

/**
 * `GET /stats` for one business date. `categoryIds` and `windowIds` list every key the answer carries
 * (a category with no ticket still appears, with zeros).
 */
export function computeDayStats(
  date: string,
  tickets: readonly StatsTicket[],
  categoryIds: readonly string[],
  windowIds: readonly string[],
  ratings: RatingsSummary = NO_RATINGS,
  priorityGroupIds: readonly string[] = [],
): DayStats {
  const mine = tickets.filter((t) => t.businessDate === date);
  const byCategory: Record<string, StatsGroup> = {};
  for (const c of categoryIds) byCategory[c] = statsGroup(mine.filter((t) => t.categoryId === c));
  const byWindow: Record<string, StatsGroup> = {};
  for (const w of windowIds) byWindow[w] = statsGroup(mine.filter((t) => t.windowId === w));
  return {
    date,
    ...statsGroup(mine),
    byCategory,
    byWindow,
    byPriorityGroup: priorityGroupStats(mine, priorityGroupIds),
    matters: matterCounts(mine),
    ratings,
  };
}
