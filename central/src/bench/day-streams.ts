/**
 * Synthetic day streams for the central benchmark: for each hall, a business day of tickets (arrivals
 * heavier in the morning peak), each issued → called → started → finished (a few no-shows), half rated,
 * as uplink events with their real hashes, ascending by seq and by time.
 */
import type { UplinkEvent, UplinkTicket } from '@hall/contract';
import { event, ticketEvent, ticket } from '../testing/events.ts';

export interface HallDay {
  hallId: string;
  tier: 'city' | 'county' | 'township';
  events: Array<UplinkEvent & { due: number }>;
}

/** Tickets per day by tier. */
export const TICKETS = { city: 1500, county: 400, township: 60 } as const;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** 09:00–17:00 local; arrivals follow a morning peak (10:00) and a smaller afternoon one (15:00). */
function arrival(r: () => number, dayStart: number): number {
  const peak = r() < 0.65 ? 1 : 6;
  const h = Math.max(0, Math.min(7.9, peak + (r() + r() + r() - 1.5) * 1.6));
  return dayStart + Math.round(h * 3600_000);
}

export function hallDay(hallId: string, tier: HallDay['tier'], date: string, seed: number, firstSeq = 1): HallDay {
  const r = rng(seed);
  const dayStart = Date.parse(`${date}T09:00:00+08:00`);
  const n = TICKETS[tier];
  const windows = tier === 'city' ? 20 : tier === 'county' ? 8 : 2;
  const raw: Array<{ at: number; type: string; t: UplinkTicket | null; level?: number }> = [];
  for (let i = 1; i <= n; i++) {
    const issuedAt = arrival(r, dayStart);
    const base = ticket({
      id: `${hallId}-t${i}`,
      number: `A${String(i).padStart(3, '0')}`,
      businessDate: date,
      issuedAt,
      categoryId: r() < 0.7 ? 'A' : 'B',
    });
    raw.push({ at: issuedAt, type: 'ticket.issued', t: base });
    const calledAt = issuedAt + Math.round((2 + r() * 25) * 60_000);
    const windowId = `w${1 + Math.floor(r() * windows)}`;
    const called = {
      ...base,
      status: 'called' as const,
      firstCalledAt: calledAt,
      calledAt,
      windowId,
      servedBy: `staff-${windowId}`,
      callCount: 1,
    };
    raw.push({ at: calledAt, type: 'ticket.called', t: called });
    if (r() < 0.05) {
      raw.push({ at: calledAt + 180_000, type: 'ticket.no_show', t: { ...called, status: 'no_show', outcome: 'no_show' } });
      continue;
    }
    const startedAt = calledAt + 30_000;
    raw.push({ at: startedAt, type: 'ticket.started', t: { ...called, status: 'serving', startedAt } });
    const finishedAt = startedAt + Math.round((3 + r() * 12) * 60_000);
    const done = { ...called, status: 'done' as const, startedAt, finishedAt };
    raw.push({ at: finishedAt, type: 'ticket.finished', t: done });
    if (r() < 0.5) raw.push({ at: finishedAt + 20_000, type: 'rating.created', t: done, level: r() < 0.9 ? 5 : 2 });
  }
  raw.sort((a, b) => a.at - b.at);
  const events = raw.map((x, i) => {
    const seq = firstSeq + i;
    const t = x.t as UplinkTicket;
    const e =
      x.type === 'rating.created'
        ? event({
            seq,
            at: x.at,
            businessDate: date,
            type: x.type,
            ticketId: t.id,
            windowId: t.windowId,
            actor: 'keypad',
            data: { number: t.number, level: x.level ?? 5, channel: 'keypad' },
          })
        : ticketEvent(seq, x.type, t, x.at);
    return { ...e, due: x.at };
  });
  return { hallId, tier, events };
}

/** The city: 1 city hall, 7 county halls, 100 township centres. */
export function cityDays(date: string, firstSeq: (hallId: string) => number = () => 1): HallDay[] {
  const out: HallDay[] = [hallDay('city', 'city', date, 1, firstSeq('city'))];
  for (let i = 1; i <= 7; i++) out.push(hallDay(`county-${i}`, 'county', date, 100 + i, firstSeq(`county-${i}`)));
  for (let i = 1; i <= 100; i++) out.push(hallDay(`town-${i}`, 'township', date, 1000 + i, firstSeq(`town-${i}`)));
  return out;
}
