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

export interface DayStats extends StatsGroup {
  date: string;
  byCategory: Record<string, StatsGroup>;
  byWindow: Record<string, StatsGroup>;
  ratings: RatingsSummary;
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
): DayStats {
  const mine = tickets.filter((t) => t.businessDate === date);
  const byCategory: Record<string, StatsGroup> = {};
  for (const c of categoryIds) byCategory[c] = statsGroup(mine.filter((t) => t.categoryId === c));
  const byWindow: Record<string, StatsGroup> = {};
  for (const w of windowIds) byWindow[w] = statsGroup(mine.filter((t) => t.windowId === w));
  return { date, ...statsGroup(mine), byCategory, byWindow, ratings };
}
