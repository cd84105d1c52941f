/**
 * Opening hours as pure functions of (hours, instant, time zone): is the hall open, may a kiosk issue a ticket,
 * when does it open next. The server refuses kiosk tickets with it and the kiosk and hall screens show their
 * closed state with it, so every part of the hall agrees to the minute.
 *
 * Rules:
 * - A date's spans: none on a holiday (法定节假日); the weekday spans on a 调休 working day, whatever its day
 *   of the week; else the spans of its day (weekdays, saturday, sunday). Spans are taken in time order, and a
 *   span whose close is not after its open is ignored.
 * - Open: `open ≤ minute < close` of a span (the lunch break is the gap between two spans).
 * - Issuing (kiosk tickets): open, and before the span's last-ticket time, `close − lastTicketMinutesBeforeClose`
 *   (never before the span's open). Inside opening hours and before that time nothing is capped.
 * - Next opening: the start of the first span that begins after the instant and still has issuing time, looked
 *   for up to `horizonDays` ahead (a hall closed for longer has `nextOpenAt: null`).
 */
import type { HoursConfig } from './hall.ts';
import { businessDate, localMinuteOfDay, localTimeToEpoch, parseHhmm, type EpochMs } from './time.ts';

export interface OpeningSpan {
  open: string;
  close: string;
}

export type OpeningReason =
  /** Inside a span, kiosks issue. */
  | 'open'
  /** Inside a span, after its last-ticket time: tickets already taken are still served. */
  | 'last_ticket_passed'
  /** Before the first span of the day. */
  | 'before_open'
  /** Between two spans (午休). */
  | 'break'
  /** After the last span of the day. */
  | 'after_close'
  /** A day without spans (a weekend). */
  | 'day_off'
  /** A listed holiday. */
  | 'holiday';

export interface HallOpening {
  /** The hall's local date of the instant. */
  date: string;
  /** Inside an opening span. */
  open: boolean;
  /** Kiosks may issue tickets now. */
  issuing: boolean;
  reason: OpeningReason;
  /** The current span (when open). */
  span: OpeningSpan | null;
  /** End of the current span (when open). */
  closesAt: EpochMs | null;
  /** Last kiosk ticket of the current span (when open). */
  lastTicketAt: EpochMs | null;
  /** Start of the next span with issuing time, after the instant. */
  nextOpenAt: EpochMs | null;
  /** Its local date and time ("2026-05-13", "08:30"). */
  nextOpenDate: string | null;
  nextOpenTime: string | null;
}

/** Day of the week of a calendar date, 0 = Sunday (Sakamoto's method: arithmetic only). */
export function weekdayOf(date: string): number {
  const T = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
  const [y0, m, d] = date.split('-').map(Number) as [number, number, number];
  const y = m < 3 ? y0 - 1 : y0;
  return (y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) + (T[m - 1] ?? 0) + d) % 7;
}

/**
 * The opening spans of a local date, in time order: a 调休 working day opens with weekday hours (even if
 * the date is also listed as a holiday), a holiday is closed, otherwise the weekday decides.
 */
export function spansOn(hours: HoursConfig, date: string): OpeningSpan[] {
  if (hours.holidays.includes(date) && !hours.workdays.includes(date)) return [];
  const day = weekdayOf(date);
  const spans = hours.workdays.includes(date) ? hours.weekdays : day === 0 ? hours.sunday : day === 6 ? hours.saturday : hours.weekdays;
  return spans.filter((s) => parseHhmm(s.close) > parseHhmm(s.open)).sort((a, b) => parseHhmm(a.open) - parseHhmm(b.open));
}

/** Minute of the day of a span's last kiosk ticket (exclusive: issuing stops at this minute). */
export function lastTicketMinute(hours: Pick<HoursConfig, 'lastTicketMinutesBeforeClose'>, span: OpeningSpan): number {
  const before = hours.lastTicketMinutesBeforeClose ?? 0;
  return Math.max(parseHhmm(span.open), parseHhmm(span.close) - before);
}

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function hhmm(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** Whether the hall is open, whether kiosks issue, and when it opens next, at `now`. */
export function hallOpening(hours: HoursConfig, now: EpochMs, timeZone: string, horizonDays = 400): HallOpening {
  const date = businessDate(now, timeZone);
  const minute = localMinuteOfDay(now, timeZone);
  const spans = spansOn(hours, date);
  const span = spans.find((s) => parseHhmm(s.open) <= minute && minute < parseHhmm(s.close)) ?? null;
  const issuing = span !== null && minute < lastTicketMinute(hours, span);

  let next: { date: string; open: string } | null = null;
  for (let i = 0; i <= horizonDays && !next; i += 1) {
    const d = addDays(date, i);
    const s = spansOn(hours, d).find((x) => (i > 0 || parseHhmm(x.open) > minute) && lastTicketMinute(hours, x) > parseHhmm(x.open));
    if (s) next = { date: d, open: s.open };
  }

  let reason: OpeningReason;
  if (span) reason = issuing ? 'open' : 'last_ticket_passed';
  else if (hours.holidays.includes(date)) reason = 'holiday';
  else if (spans.length === 0) reason = 'day_off';
  else if (minute < parseHhmm((spans[0] as OpeningSpan).open)) reason = 'before_open';
  else if (minute >= parseHhmm((spans[spans.length - 1] as OpeningSpan).close)) reason = 'after_close';
  else reason = 'break';

  return {
    date,
    open: span !== null,
    issuing,
    reason,
    span,
    closesAt: span ? localTimeToEpoch(date, span.close, timeZone) : null,
    lastTicketAt: span ? localTimeToEpoch(date, hhmm(lastTicketMinute(hours, span)), timeZone) : null,
    nextOpenAt: next ? localTimeToEpoch(next.date, next.open, timeZone) : null,
    nextOpenDate: next?.date ?? null,
    nextOpenTime: next?.open ?? null,
  };
}

/** Whether a kiosk may issue a ticket at `now` (the server's check; staff issue at any time). */
export function isIssuingOpen(hours: HoursConfig, now: EpochMs, timeZone: string): boolean {
  return hallOpening(hours, now, timeZone).issuing;
}
