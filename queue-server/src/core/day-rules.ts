/**
 * The day rules: when a business date ends, and what ending it means. Pure (R2).
 *
 * A business date is closed once, by the first of:
 * - the close of its last opening span plus the hall's grace (`settings.dayClose.graceMinutes`), on a day
 *   the hall opens;
 * - the start of a later business date (midnight), whatever the hours say: a command of a new day first
 *   closes every earlier day, in the same transaction, so nothing of a new day is called before the old
 *   day is closed.
 *
 * Closing a day: every ticket of that day (or earlier) still waiting, called, serving or suspended ends
 * `cancelled` with outcome `day_closed` (its other times stay what they were, so no service time is
 * invented), and every window still signed in is signed out. Nothing of the old day reaches the next
 * day's figures, because figures are per business date and the old day's tickets all have an end.
 */
import type { EpochMs, HoursConfig } from '@hall/contract';
import { localTimeToEpoch, spansOn } from '@hall/contract';

/** When the last opening span of a date closes, or null when the hall does not open that day. */
export function closingTime(hours: HoursConfig, date: string, timeZone: string): EpochMs | null {
  const spans = spansOn(hours, date);
  const last = spans[spans.length - 1];
  return last ? localTimeToEpoch(date, last.close, timeZone) : null;
}

/** When a business date is closed by the clock: closing time + grace; null on a day the hall stays shut. */
export function dayCloseAt(hours: HoursConfig, date: string, timeZone: string, graceMinutes: number): EpochMs | null {
  const close = closingTime(hours, date, timeZone);
  return close === null ? null : close + graceMinutes * 60_000;
}

/** Whether the clock closes `today` now: its close time (with grace) has passed and it is not closed yet. */
export function isCloseDue(now: EpochMs, closeAt: EpochMs | null, alreadyClosed: boolean): boolean {
  return !alreadyClosed && closeAt !== null && now >= closeAt;
}
