import { z } from 'zod';

/** Epoch milliseconds. Every time inside the system is one of these; ISO strings only at the edges. */
export type EpochMs = number;

const dateFormatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = dateFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    dateFormatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock parts of an instant in a time zone. */
export function localParts(at: EpochMs, timeZone: string) {
  const parts = formatterFor(timeZone).formatToParts(new Date(at));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** The hall's local business date (YYYY-MM-DD) of an instant: tickets restart at 001 on each. */
export function businessDate(at: EpochMs, timeZone: string): string {
  // Shift by the zone's offset and read the UTC date: the same as Intl's local date, much faster.
  return new Date(at + zoneOffsetMinutes(at, timeZone) * 60_000).toISOString().slice(0, 10);
}

const offsetCache = new Map<string, number>();
/**
 * Offset of the zone from UTC at an instant, in minutes (Asia/Shanghai: +480). Zones change offset only
 * on quarter-hour boundaries, so the answer is cached per zone and quarter hour (Intl is slow).
 */
export function zoneOffsetMinutes(at: EpochMs, timeZone: string): number {
  const key = `${timeZone}|${Math.floor(at / 900_000)}`;
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  const p = localParts(at, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const offset = Math.round((asUtc - Math.floor(at / 1000) * 1000) / 60000);
  if (offsetCache.size > 1000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

/** ISO 8601 with the hall's offset, e.g. `2026-11-21T09:05:00.000+08:00`. */
export function toIsoLocal(at: EpochMs, timeZone: string): string {
  const offset = zoneOffsetMinutes(at, timeZone);
  const local = new Date(at + offset * 60000).toISOString().slice(0, 23);
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The instant of a local wall-clock time on a business date (`2026-11-21`, `08:30`). */
export function localTimeToEpoch(date: string, hhmm: string, timeZone: string): EpochMs {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  const offset = zoneOffsetMinutes(guess, timeZone);
  const first = guess - offset * 60000;
  const offset2 = zoneOffsetMinutes(first, timeZone);
  return guess - offset2 * 60000;
}

/** Minutes since local midnight of an instant. */
export function localMinuteOfDay(at: EpochMs, timeZone: string): number {
  const p = localParts(at, timeZone);
  return p.hour * 60 + p.minute;
}

export function parseHhmm(hhmm: string): number {
  const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
  return hh * 60 + mm;
}

/** True for a real calendar date written YYYY-MM-DD (2026-02-29 and 2026-13-45 are not). */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** A local calendar date, `YYYY-MM-DD`, checked to exist: the one date schema of every interface. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'a real date as YYYY-MM-DD' })
  .refine(isCalendarDate, { message: 'a real date as YYYY-MM-DD' });
