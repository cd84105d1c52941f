/**
 * 预约 rules (issue 20), pure: how an arrival stands to its booked slot, when a booking becomes 爽约, and who
 * reached the hall's repeated no-show policy. Times come in as epoch ms; nothing here reads a clock.
 *
 *   … early ──────────▶│ slot start ── on time ──▶│ slot end ── late within grace ──▶│ + grace ── late ▶
 *   held until the slot,  priority at once            priority at once                   normal ticket,
 *   then priority                                                                       booking marked late
 *                                                   no check-in by slot end + grace: 爽约 (missed)
 */
import type { AppointmentRules } from '@hall/contract';

export type AppointmentArrival = 'early' | 'on_time' | 'late_grace' | 'late';

export interface SlotTimes {
  readonly startMs: number;
  readonly endMs: number;
}

export interface ArrivalDecision {
  readonly arrival: AppointmentArrival;
  /** The ticket's class: an appointment ticket, or a normal one for a late-past-grace arrival. */
  readonly priority: 'appointment' | 'normal';
  /** An early arrival waits held until the slot start. */
  readonly heldUntil: number | null;
}

/** How a check-in at `now` stands to the slot. */
export function arrivalAt(slot: SlotTimes, now: number, rules: Pick<AppointmentRules, 'graceMinutes'>): ArrivalDecision {
  if (now < slot.startMs) return { arrival: 'early', priority: 'appointment', heldUntil: slot.startMs };
  if (now < slot.endMs) return { arrival: 'on_time', priority: 'appointment', heldUntil: null };
  if (now < missedAt(slot, rules)) return { arrival: 'late_grace', priority: 'appointment', heldUntil: null };
  return { arrival: 'late', priority: 'normal', heldUntil: null };
}

/** When a booking nobody checked in for is recorded as 爽约: the slot end plus the grace. */
export function missedAt(slot: SlotTimes, rules: Pick<AppointmentRules, 'graceMinutes'>): number {
  return slot.endMs + rules.graceMinutes * 60_000;
}

export interface MissedBooking {
  /** The pseudonymous person key (salted hash of the ID); bookings without one cannot be counted. */
  readonly person: string | null;
  readonly businessDate: string;
  readonly nameMasked: string | null;
}

export interface RepeatedNoShow {
  readonly person: string;
  readonly nameMasked: string | null;
  readonly missed: number;
  readonly lastDate: string;
}

/**
 * Who reached the policy (e.g. 3 爽约 within 90 days) on `today`: people with at least `count` missed
 * bookings dated within the `periodDays` days that end on `today`. Most missed first.
 */
export function repeatedNoShows(
  missed: readonly MissedBooking[],
  today: string,
  policy: AppointmentRules['repeatedNoShow'],
): RepeatedNoShow[] {
  const from = addDays(today, -(policy.periodDays - 1));
  const by = new Map<string, { nameMasked: string | null; missed: number; lastDate: string }>();
  for (const m of missed) {
    if (m.person === null || m.businessDate < from || m.businessDate > today) continue;
    const p = by.get(m.person) ?? { nameMasked: m.nameMasked, missed: 0, lastDate: m.businessDate };
    p.missed += 1;
    if (m.businessDate >= p.lastDate) {
      p.lastDate = m.businessDate;
      p.nameMasked = m.nameMasked ?? p.nameMasked;
    }
    by.set(m.person, p);
  }
  return [...by.entries()]
    .filter(([, p]) => p.missed >= policy.count)
    .map(([person, p]) => ({ person, ...p }))
    .sort((a, b) => b.missed - a.missed || (a.lastDate < b.lastDate ? 1 : -1));
}

/** A local date plus `days` (negative for earlier), by civil-date arithmetic (no clock, no Date). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return fromDayNumber(dayNumber(y, m, d) + days);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function dayNumber(y0: number, m: number, d: number): number {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function fromDayNumber(z0: number): string {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
