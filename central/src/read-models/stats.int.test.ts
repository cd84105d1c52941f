/**
 * Central read models from uplinked events: a small hand-written day, sent out of order and twice, gives
 * exactly the `computeDayStats` object of the same tickets (computed here from the hand-written facts),
 * plus the live summary, the city totals and the XLSX export.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { computeDayStats, computeMetrics, statsRatingsOf, type Outcome, type UplinkEvent, type UplinkTicket } from '@hall/contract';
import { requirePg } from '../testing/pg-cluster.ts';
import { adminToken, call, freshDatabase, registerHall, startCentral, startPgCluster, type PgCluster } from '../testing/central-harness.ts';
import { event, live, ticket, ticketEvent } from '../testing/events.ts';
import type { Central } from '../server.ts';

const HAS_PG = requirePg();
const date = '2026-12-01';
const at = (hhmm: string) => Date.parse(`${date}T${hhmm}:00+08:00`);

// The day's final facts, by hand.
const t1 = ticket({ id: 't1', number: 'A001', businessDate: date, issuedAt: at('09:00') });
const t1Done: UplinkTicket = {
  ...t1,
  status: 'done',
  firstCalledAt: at('09:05'),
  calledAt: at('09:05'),
  startedAt: at('09:06'),
  finishedAt: at('09:16'),
  suspendedMs: 60_000,
  windowId: 'w1',
  servedBy: 'staff-a',
  callCount: 1,
};
const t2 = ticket({ id: 't2', number: 'A002', businessDate: date, issuedAt: at('09:02') });
const t2Done: UplinkTicket = {
  ...t2,
  status: 'done',
  firstCalledAt: at('09:20'),
  calledAt: at('09:20'),
  startedAt: at('09:21'),
  finishedAt: at('09:30'),
  windowId: 'w1',
  servedBy: 'staff-a',
  callCount: 1,
};
const t3 = ticket({ id: 't3', number: 'B001', categoryId: 'B', businessDate: date, issuedAt: at('09:10') });
const t3NoShow: UplinkTicket = {
  ...t3,
  status: 'no_show',
  firstCalledAt: at('09:15'),
  calledAt: at('09:19'),
  windowId: 'w2',
  servedBy: 'staff-b',
  callCount: 3,
  outcome: 'no_show',
};
const t4 = ticket({ id: 't4', number: 'A003', businessDate: date, issuedAt: at('09:40') });
const t5 = ticket({ id: 't5', number: 'B002', categoryId: 'B', businessDate: date, issuedAt: at('09:45') });
const t5Serving: UplinkTicket = {
  ...t5,
  status: 'serving',
  firstCalledAt: at('09:50'),
  calledAt: at('09:50'),
  startedAt: at('09:51'),
  windowId: 'w2',
  servedBy: 'staff-b',
  callCount: 1,
};
const finalTickets = [t1Done, t2Done, t3NoShow, t4, t5Serving];

function dayEvents(): UplinkEvent[] {
  const steps: Array<[string, UplinkTicket, number]> = [
    ['ticket.issued', t1, t1.issuedAt],
    ['ticket.issued', t2, t2.issuedAt],
    [
      'ticket.called',
      { ...t1, status: 'called', firstCalledAt: at('09:05'), calledAt: at('09:05'), windowId: 'w1', servedBy: 'staff-a', callCount: 1 },
      at('09:05'),
    ],
    ['ticket.started', { ...t1Done, status: 'serving', finishedAt: null, suspendedMs: 0 }, at('09:06')],
    ['ticket.issued', t3, t3.issuedAt],
    ['ticket.finished', t1Done, at('09:16')],
    ['ticket.called', { ...t3NoShow, status: 'called', outcome: null }, at('09:19')],
    ['ticket.called', { ...t2Done, status: 'called', startedAt: null, finishedAt: null }, at('09:20')],
    ['ticket.no_show', t3NoShow, at('09:20')],
    ['ticket.started', { ...t2Done, status: 'serving', finishedAt: null }, at('09:21')],
    ['ticket.finished', t2Done, at('09:30')],
    ['ticket.issued', t4, t4.issuedAt],
    ['ticket.issued', t5, t5.issuedAt],
    ['ticket.started', t5Serving, at('09:51')],
  ];
  const out = steps.map(([type, t, when], i) => ticketEvent(i + 1, type, t, when));
  let seq = out.length;
  const rate = (t: UplinkTicket, level: number, when: number) =>
    event({
      seq: ++seq,
      at: when,
      businessDate: date,
      type: 'rating.created',
      ticketId: t.id,
      windowId: t.windowId,
      actor: 'keypad-1',
      data: { number: t.number, level, channel: 'keypad' },
    });
  out.push(rate(t1Done, 5, at('09:17')));
  out.push(rate(t2Done, 1, at('09:31')));
  out.push(
    event({
      seq: ++seq,
      at: at('10:00'),
      businessDate: date,
      type: 'rectification.advanced',
      ticketId: 't2',
      windowId: 'w1',
      actor: 'supervisor',
      data: { caseId: 'C1', step: 'verify', from: 'open', to: 'verified' },
    }),
  );
  return out;
}

describe.skipIf(!HAS_PG)('central read models', () => {
  let cluster: PgCluster;
  let central: Central;
  let admin: string;
  let key1: string;
  let key2: string;
  const send = (key: string, hallId: string, events: UplinkEvent[], extra: object = {}) =>
    call(central.url, 'POST', '/uplink', key, { hallId, epoch: 'epoch-one-01', events, ...extra });

  beforeAll(async () => {
    cluster = await startPgCluster();
    central = await startCentral(await freshDatabase(cluster));
    admin = await adminToken(central.url);
    key1 = await registerHall(central.url, admin, 'city', '市政务服务中心');
    key2 = await registerHall(central.url, admin, 'town', '城关镇便民服务中心');
    const ev = dayEvents();
    // Out of order, then again: the central must end with the same facts.
    expect((await send(key1, 'city', ev.slice(8))).status).toBe(200);
    expect((await send(key1, 'city', ev.slice(0, 8), { live: live() })).status).toBe(200);
    expect((await send(key1, 'city', ev)).status).toBe(200);
    const other = ticket({ id: 'x1', number: 'A001', businessDate: date, issuedAt: at('10:00') });
    expect((await send(key2, 'town', [ticketEvent(1, 'ticket.issued', other, other.issuedAt)])).status).toBe(200);
  });
  afterAll(async () => {
    await central?.close();
    await cluster?.stop();
  });

  it("equals computeDayStats over the day's hand-written tickets", async () => {
    const served = finalTickets.filter((t) => t.status === 'done');
    const outcomes = new Map<string, Outcome>([
      ['t1', { level: 5, caseStatus: null, caseOverdue: false }],
      ['t2', { level: 1, caseStatus: 'verified', caseOverdue: false }],
    ]);
    const expected = computeDayStats(
      date,
      finalTickets,
      ['A', 'B'],
      ['w1', 'w2'],
      statsRatingsOf(computeMetrics(date, date, served, outcomes)),
    );
    const r = await call(central.url, 'GET', `/halls/city/stats?date=${date}`, admin);
    expect(r.status).toBe(200);
    expect(r.body).toEqual(expected);
    // And by hand, so the definition itself is pinned: waits 5 and 18 min; services 10−1 and 9 min.
    expect(r.body).toMatchObject({
      issued: 5,
      served: 2,
      noShow: 1,
      waiting: 1,
      waitMinutes: { mean: 11.5, p90: 18 },
      serviceMinutes: { mean: 9, p90: 9 },
    });
    expect(r.body).toMatchObject({ ratings: { count: 2, good: 1, bad: 1, cases: 1, closedCases: 0 } });
  });

  it('sums the city over every hall, with byHall', async () => {
    const r = await call<any>(central.url, 'GET', `/city/stats?date=${date}`, admin);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ date, issued: 6, served: 2, waiting: 2, noShow: 1, ratings: { count: 2, good: 1, bad: 1 } });
    expect(Object.keys(r.body.byHall).sort()).toEqual(['city', 'town']);
    expect(r.body.byHall.town).toMatchObject({ issued: 1, waiting: 1 });
  });

  it('shows the live summary a hall sent last', async () => {
    const r = await call<any>(central.url, 'GET', '/halls/city/live', admin);
    expect(r.body).toMatchObject({ hallId: 'city', connected: true, waiting: 4, openWindows: 1, alerts: 0, ackSeq: 17 });
    expect(r.body.live.windows.map((w: { id: string }) => w.id)).toEqual(['w1', 'w2']);
    expect((await call(central.url, 'GET', '/halls/nope/live', admin)).status).toBe(404);
  });

  it('gives 好差评 rates and 差评整改 cases per hall and for the city', async () => {
    const r = await call<any>(central.url, 'GET', `/city/ratings?date=${date}`, admin);
    expect(r.status).toBe(200);
    // t1 rated 5, t2 rated 1 with its case verified (not closed); the town served nothing.
    const city = {
      served: 2,
      rated: 2,
      good: 1,
      bad: 1,
      neutral: 0,
      unrated: 0,
      goodRate: 0.5,
      badRate: 0.5,
      cases: 1,
      closedCases: 0,
      rectificationRate: 0,
      satisfaction: 0.6,
    };
    expect(r.body.byHall.city).toMatchObject(city);
    expect(r.body.byHall.town).toMatchObject({ served: 0, rated: 0, goodRate: null });
    expect(r.body.overall).toMatchObject(city);
  });

  it("exports the city's day as XLSX", async () => {
    const res = await fetch(`${central.url}/api/v1/city/export.xlsx?date=${date}`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const sheet = wb.worksheets[0] as ExcelJS.Worksheet;
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows.map((r) => r.slice(1, 4))).toEqual([
      ['大厅编号 Hall id', '大厅 Hall', '取号 Issued'],
      ['city', '市政务服务中心', 5],
      ['town', '城关镇便民服务中心', 1],
      ['合计 Total', date, 6],
    ]);
  });

  it('lets an auditor read and not write; refuses without a token', async () => {
    expect(
      (await call(central.url, 'POST', '/accounts', admin, { username: 'audit', password: 'audit-pass-1', role: 'auditor' })).status,
    ).toBe(201);
    const login = await call<{ token: string; role: string }>(central.url, 'POST', '/auth/login', undefined, {
      username: 'audit',
      password: 'audit-pass-1',
    });
    expect(login.body.role).toBe('auditor');
    expect((await call(central.url, 'GET', `/city/stats?date=${date}`, login.body.token)).status).toBe(200);
    const w = await call<any>(central.url, 'POST', '/halls', login.body.token, { id: 'x', name: 'x' });
    expect([w.status, w.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect((await call(central.url, 'GET', '/halls')).status).toBe(401);
    const bad = await call<any>(central.url, 'POST', '/auth/login', undefined, { username: 'audit', password: 'wrong-password' });
    expect([bad.status, bad.body.error.code]).toEqual([401, 'BAD_CREDENTIALS']);
    // A hall key is not an account.
    expect((await call(central.url, 'GET', '/halls', key1)).status).toBe(401);
  });
});
