/**
 * A day's central stats read that day's tickets by the ticket's own business date: a ticket of day 1
 * closed on day 3 (the hall's `new_day` close after a weekend) and rated on day 2 still counts on day 1,
 * and never on the day its last event was logged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UplinkTicket } from '@hall/contract';
import { requirePg } from '../testing/pg-cluster.ts';
import { adminToken, call, freshDatabase, registerHall, startCentral, startPgCluster, type PgCluster } from '../testing/central-harness.ts';
import { event, ticket, ticketEvent } from '../testing/events.ts';
import type { Central } from '../server.ts';

const HAS_PG = requirePg();
const D1 = '2026-12-04';
const D2 = '2026-12-05';
const D3 = '2026-12-07';
const at = (date: string, hhmm: string) => Date.parse(`${date}T${hhmm}:00+08:00`);

const served = ticket({ id: 'a1', number: 'A001', businessDate: D1, issuedAt: at(D1, '09:00') });
const servedDone: UplinkTicket = {
  ...served,
  status: 'done',
  firstCalledAt: at(D1, '09:10'),
  calledAt: at(D1, '09:10'),
  startedAt: at(D1, '09:11'),
  finishedAt: at(D1, '09:20'),
  windowId: 'w1',
  servedBy: 'staff-a',
  callCount: 1,
};
const left = ticket({ id: 'a2', number: 'A002', businessDate: D1, issuedAt: at(D1, '16:55') });
const leftClosed: UplinkTicket = { ...left, status: 'cancelled', finishedAt: at(D3, '08:30'), outcome: 'day_closed' };
const monday = ticket({ id: 'b1', number: 'A001', businessDate: D3, issuedAt: at(D3, '08:35') });

describe.skipIf(!HAS_PG)('central day stats: bounded by the ticket’s business date', () => {
  let cluster: PgCluster;
  let central: Central;
  let admin: string;

  beforeAll(async () => {
    cluster = await startPgCluster();
    central = await startCentral(await freshDatabase(cluster));
    admin = await adminToken(central.url);
    const key = await registerHall(central.url, admin, 'town', '城关镇便民服务中心');
    const events = [
      ticketEvent(1, 'ticket.issued', served, served.issuedAt),
      ticketEvent(2, 'ticket.finished', servedDone, servedDone.finishedAt as number),
      ticketEvent(3, 'ticket.issued', left, left.issuedAt),
      // Rated the next day (within the rating period), logged under that day's business date.
      event({
        seq: 4,
        at: at(D2, '10:00'),
        businessDate: D2,
        type: 'rating.created',
        ticketId: 'a1',
        windowId: 'w1',
        actor: 'kiosk-1',
        data: { number: 'A001', level: 4, channel: 'kiosk' },
      }),
      // Closed when the hall opened again on Monday: the row carries Monday's business date.
      onDate(ticketEvent(5, 'ticket.day_closed', leftClosed, leftClosed.finishedAt as number), D3),
      ticketEvent(6, 'ticket.issued', monday, monday.issuedAt),
    ];
    const r = await call(central.url, 'POST', '/uplink', key, { hallId: 'town', epoch: 'epoch-one-01', events });
    expect(r.status).toBe(200);
  });
  afterAll(async () => {
    await central?.close();
    await cluster?.stop();
  });

  it('counts a ticket on its own day, whenever its last event was logged', async () => {
    const d1 = await call(central.url, 'GET', `/halls/town/stats?date=${D1}`, admin);
    expect(d1.status).toBe(200);
    expect(d1.body).toMatchObject({ issued: 2, served: 1, waiting: 0, ratings: { count: 1, good: 1, bad: 0 } });
    const d3 = await call(central.url, 'GET', `/halls/town/stats?date=${D3}`, admin);
    expect(d3.body).toMatchObject({ issued: 1, served: 0, waiting: 1, ratings: { count: 0 } });
    const d2 = await call(central.url, 'GET', `/halls/town/stats?date=${D2}`, admin);
    expect(d2.body).toMatchObject({ issued: 0, served: 0 });
  });
});

describe.skipIf(!HAS_PG)('central 差评整改: the overdue mark the hall uplinks', () => {
  let cluster: PgCluster;
  let central: Central;
  let admin: string;
  let key: string;
  let seq = 0;
  const send = async (...events: ReturnType<typeof event>[]) =>
    expect((await call(central.url, 'POST', '/uplink', key, { hallId: 'town', epoch: 'epoch-one-02', events })).status).toBe(200);
  const rectification = (type: string, hhmm: string, data: Record<string, unknown>) =>
    event({ seq: ++seq, at: at(D2, hhmm), businessDate: D2, type, ticketId: 'a1', windowId: 'w1', actor: 'system', data });
  const overdueOf = async () => {
    const r = await call(central.url, 'GET', `/city/ratings?date=${D1}`, admin);
    expect(r.status).toBe(200);
    return (r.body.byHall as Record<string, { cases: number; overdueCases: number }>).town;
  };

  beforeAll(async () => {
    cluster = await startPgCluster();
    central = await startCentral(await freshDatabase(cluster));
    admin = await adminToken(central.url);
    key = await registerHall(central.url, admin, 'town', '城关镇便民服务中心');
    await send(
      ticketEvent(++seq, 'ticket.issued', served, served.issuedAt),
      ticketEvent(++seq, 'ticket.finished', servedDone, servedDone.finishedAt as number),
      event({
        seq: ++seq,
        at: at(D1, '09:25'),
        businessDate: D1,
        type: 'rating.created',
        ticketId: 'a1',
        windowId: 'w1',
        actor: 'kiosk-1',
        data: { level: 1, channel: 'kiosk', caseId: 'RC1' },
      }),
    );
  });
  afterAll(async () => {
    await central?.close();
    await cluster?.stop();
  });

  it('counts a case overdue once the hall marks it, and no longer once the case moves on', async () => {
    expect(await overdueOf()).toMatchObject({ cases: 1, overdueCases: 0 });
    await send(rectification('rectification.overdue', '09:00', { caseId: 'RC1', step: 'verify', status: 'open' }));
    expect(await overdueOf()).toMatchObject({ cases: 1, overdueCases: 1 });
    await send(rectification('rectification.advanced', '10:00', { caseId: 'RC1', step: 'verify', from: 'open', to: 'verified' }));
    expect(await overdueOf()).toMatchObject({ cases: 1, overdueCases: 0 });
  });
});

/** The same event logged under another business date, with its hash recomputed. */
function onDate(e: ReturnType<typeof ticketEvent>, businessDate: string): ReturnType<typeof ticketEvent> {
  const { hash: _hash, ...rest } = e;
  return event({ ...rest, businessDate });
}
