import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UplinkEvent, uplinkHashInput } from '@hall/contract';
import { planTickets, simulate } from '../../../queue-server/src/sim/engine.ts';
import { parseScenario, type Scenario } from '../../../queue-server/src/sim/scenario.ts';
import { CITY, hallDay, ratingLevel, seedOf, type HallDay } from './day-streams.ts';

const DATE = '2026-12-01';
/** 2026-12-01 00:00 in Beijing, written out rather than computed by the builder. */
const MIDNIGHT = Date.UTC(2026, 10, 30, 16, 0, 0);
const HOUR = 3_600_000;

function shipped(name: string): Scenario {
  const r = parseScenario(JSON.parse(readFileSync(new URL(`../../../scenarios/${name}.json`, import.meta.url), 'utf8')));
  if (!r.ok) throw new Error(r.message);
  return r.scenario;
}

const LIFECYCLES = [
  ['ticket.issued', 'ticket.called', 'ticket.started', 'ticket.finished'],
  ['ticket.issued', 'ticket.called', 'ticket.started', 'ticket.finished', 'rating.created'],
  ['ticket.issued', 'ticket.called', 'ticket.recalled', 'ticket.recalled', 'ticket.no_show'],
  ['ticket.issued', 'ticket.day_closed'],
];
/** `UplinkTicket`'s fields, spelled out: anything else in a ticket's facts would be a leak. */
const TICKET_KEYS = [
  'bundleId',
  'businessDate',
  'callCount',
  'calledAt',
  'categoryId',
  'channel',
  'finishedAt',
  'firstCalledAt',
  'id',
  'issuedAt',
  'matters',
  'number',
  'outcome',
  'priority',
  'priorityGroup',
  'servedBy',
  'serviceIds',
  'startedAt',
  'status',
  'suspendedMs',
  'transferCount',
  'windowId',
];
const PERSONAL = /"(form|token|note|comment|name|phone|idNumber|idCard|address|reasons)"\s*:/;

function byTicket(day: HallDay): Map<string, HallDay['events']> {
  const m = new Map<string, HallDay['events']>();
  for (const e of day.events) {
    if (e.ticketId === null) continue;
    const list = m.get(e.ticketId) ?? [];
    list.push(e);
    m.set(e.ticketId, list);
  }
  return m;
}

describe('central bench day streams from the simulator', () => {
  const town = hallDay('town-1', 'township', DATE, 85, 1);
  const county = hallDay('county-1', 'county', DATE, 2026, 40);

  it('places 108 halls: 1 city, 7 counties, 100 townships, each with its own seed per day', () => {
    expect(CITY.filter((h) => h.tier === 'city')).toHaveLength(1);
    expect(CITY.filter((h) => h.tier === 'county')).toHaveLength(7);
    expect(CITY.filter((h) => h.tier === 'township')).toHaveLength(100);
    const seeds = new Set([0, 1].flatMap((d) => CITY.map((h) => `${h.tier}:${seedOf(h, d)}`)));
    expect(seeds.size).toBe(216);
    // The shipped scenarios' own seeds for the first hall of each tier on day 0.
    expect(seedOf(CITY[0] as (typeof CITY)[number], 0)).toBe(101);
    expect(seedOf(CITY[1] as (typeof CITY)[number], 0)).toBe(2026);
    expect(seedOf(CITY[8] as (typeof CITY)[number], 0)).toBe(85);
  });

  it('numbers each hall stream gap-free from its first seq, in time order', () => {
    expect(town.events[0]?.seq).toBe(1);
    expect(county.events[0]?.seq).toBe(40);
    for (const d of [town, county]) {
      d.events.forEach((e, i) => {
        expect(e.seq).toBe((d.events[0]?.seq ?? 0) + i);
        if (i > 0) expect(e.at).toBeGreaterThanOrEqual((d.events[i - 1] as (typeof d.events)[number]).at);
      });
    }
  });

  it('issues exactly the tickets the simulator planned, each called when and where the simulator called it', () => {
    const sc = shipped('township');
    const planned = planTickets(sc, 85);
    const issued = town.events.filter((e) => e.type === 'ticket.issued');
    expect(issued.map((e) => e.data.number).sort()).toEqual(planned.map((p) => p.id).sort());
    const sim = simulate(sc, 'dynamic', { seed: 85, skipEstimates: true });
    const called = new Map(town.events.filter((e) => e.type === 'ticket.called').map((e) => [e.data.number, e]));
    for (const t of sim.tickets) {
      if (t.calledAt === null) continue;
      const e = called.get(t.id);
      expect(e?.windowId).toBe(t.windowId);
      expect(Math.abs((e?.at ?? 0) - (MIDNIGHT + t.calledAt))).toBeLessThanOrEqual(1);
    }
  });

  it("keeps each ticket's events in lifecycle order, every step from the state the last one left", () => {
    for (const d of [town, county]) {
      const tickets = byTicket(d);
      for (const evs of tickets.values()) {
        expect(LIFECYCLES).toContainEqual(evs.map((e) => e.type));
        const changes = evs.filter((e) => e.type.startsWith('ticket.'));
        changes.forEach((e, i) => {
          if (i === 0) expect(e.data.from).toBeNull();
          else expect(e.data.from).toBe((changes[i - 1] as (typeof changes)[number]).data.to);
        });
      }
      const types = new Set(d.events.map((e) => e.type));
      expect(types).toContain('ticket.no_show');
      expect(types).toContain('rating.created');
    }
  });

  it('never has a window serve two tickets at once (service times match the simulation)', () => {
    for (const d of [town, county]) {
      const spans = new Map<string, Array<[number, number]>>();
      for (const evs of byTicket(d).values()) {
        const call = evs.find((e) => e.type === 'ticket.called');
        const end = evs.find((e) => e.type === 'ticket.finished' || e.type === 'ticket.no_show');
        if (!call || !end || call.windowId === null) continue;
        const list = spans.get(call.windowId) ?? [];
        list.push([call.at, end.at]);
        spans.set(call.windowId, list);
      }
      for (const list of spans.values()) {
        list.sort((a, b) => a[0] - b[0]);
        for (let i = 1; i < list.length; i++)
          expect((list[i] as [number, number])[0]).toBeGreaterThanOrEqual((list[i - 1] as [number, number])[1]);
      }
    }
  });

  it('issues inside the opening hours and keeps every event inside the business day', () => {
    // township.json opens 08:30–17:00, county-yearend.json 08:30–17:30 (Beijing time).
    for (const [d, close] of [
      [town, 17 * HOUR],
      [county, 17.5 * HOUR],
    ] as const) {
      for (const e of d.events) {
        expect(e.businessDate).toBe(DATE);
        expect(e.at).toBeGreaterThanOrEqual(MIDNIGHT + 8.5 * HOUR);
        expect(e.at).toBeLessThan(MIDNIGHT + 24 * HOUR);
        if (e.type === 'ticket.issued') expect(e.at).toBeLessThan(MIDNIGHT + close);
      }
    }
  });

  it('sends only the contract whitelist: valid events with real hashes and no personal fields', () => {
    for (const e of [...town.events, ...county.events]) {
      const { due: _due, ...wire } = e;
      expect(UplinkEvent.safeParse(wire).success).toBe(true);
      const { hash, ...rest } = wire;
      expect(hash).toBe(createHash('sha256').update(uplinkHashInput(rest)).digest('hex'));
      expect(JSON.stringify(wire)).not.toMatch(PERSONAL);
      const t = e.data.ticket as Record<string, unknown> | undefined;
      if (t) expect(Object.keys(t).sort()).toEqual(TICKET_KEYS);
    }
  });

  it('rates about 60 % of served tickets, 差评 (1–2) about 3 % of those', () => {
    expect(ratingLevel(0.6)).toBeNull();
    expect(ratingLevel(0.001)).toBe(1);
    expect(ratingLevel(0.01)).toBe(2);
    expect(ratingLevel(0.03)).toBe(3);
    expect(ratingLevel(0.05)).toBe(4);
    expect(ratingLevel(0.59)).toBe(5);
    const finished = county.events.filter((e) => e.type === 'ticket.finished').length;
    const rated = county.events.filter((e) => e.type === 'rating.created').length;
    expect(rated / finished).toBeGreaterThan(0.5);
    expect(rated / finished).toBeLessThan(0.7);
  });
});
