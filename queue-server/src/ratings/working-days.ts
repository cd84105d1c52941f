/**
 * The working-day calendar of 差评整改 deadlines ("15 个工作日内整改到位"). Pure: dates are local
 * `YYYY-MM-DD` strings, nothing reads a clock.
 *
 * A day is a working day when it is listed in `workdays` (调休上班, e.g. the Saturday after 国庆), or when it
 * is Monday–Friday and not listed in `holidays` (法定节假日). Saturday opening hours of the hall (周末轮班)
 * do not make Saturday a working day for deadlines.
 */
import type { HoursConfig } from '@hall/contract';

export interface WorkingCalendar {
  readonly holidays: ReadonlySet<string>;
  readonly workdays: ReadonlySet<string>;
}

export function calendarFrom(hours: Pick<HoursConfig, 'holidays' | 'workdays'>): WorkingCalendar {
  return { holidays: new Set(hours.holidays), workdays: new Set(hours.workdays) };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function toUtc(date: string): number {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

/** `2026-09-30` + 1 → `2026-10-01`. */
export function addDays(date: string, days: number): string {
  return new Date(toUtc(date) + days * 86_400_000).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(toUtc(date)).getUTCDay();
}

export function isWorkingDay(date: string, cal: WorkingCalendar): boolean {
  if (cal.workdays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  const d = weekday(date);
  return d !== 0 && d !== 6;
}

/**
 * The date `n` working days after `date` (not counting `date` itself). `n = 0` is `date` itself, whatever
 * it is. A calendar without a single working day in a year is a configuration error and throws.
 */
export function addWorkingDays(date: string, n: number, cal: WorkingCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
  let d = date;
  let left = n;
  let daysOff = 0;
  while (left > 0) {
    d = addDays(d, 1);
    if (isWorkingDay(d, cal)) {
      left -= 1;
      daysOff = 0;
    } else if (++daysOff > 366) {
      throw new RangeError('no working day within a year: check hours.holidays');
    }
  }
  return d;
}

/** Working days in (from, to]: how many working days a deadline at `to` gives from `from`. */
export function workingDaysBetween(from: string, to: string, cal: WorkingCalendar): number {
  if (to <= from) return 0;
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d, cal)) n += 1;
  return n;
}

/**
 * The years from `from` to `to` whose calendar is missing (not a single 法定节假日 entered). Deadlines in such
 * a year would count every weekday as a working day, 元旦 and 春节 included: the supervisor must be told.
 */
export function yearsWithoutCalendar(from: string, to: string, cal: WorkingCalendar): number[] {
  const known = new Set([...cal.holidays].map((d) => Number(d.slice(0, 4))));
  const out: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) if (!known.has(y)) out.push(y);
  return out;
}
