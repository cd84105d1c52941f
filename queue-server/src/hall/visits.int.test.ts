/**
 * Issue 20 through REST on a real server: a 一事一次办 visit with per-matter status (one number, routed to a
 * window certified for every matter, else matter by matter), priority groups with their shares, appointment
 * arrivals against the slot, 爽约, and automatic 过号.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { localTimeToEpoch } from '@hall/contract';
import { demoConfig, startTestServer, type TestServer } from '../testing/test-server.ts';
import { manualClock, type ManualClock } from '../services/clock.ts';
import type { HallConfig } from '@hall/contract';

const TZ = 'Asia/Shanghai';
const at = (date: string, hhmm: string) => localTimeToEpoch(date, hhmm, TZ);
const MIN = 60_000;
const MONDAY = '2026-11-23';

let srv: TestServer | null = null;
afterEach(async () => {
  await srv?.stop();
  srv = null;
});

async function hall(clock: ManualClock, patch?: (c: HallConfig) => void) {
  const s = await startTestServer({ clock, printers: new Map(), config: demoConfig(patch) });
  srv = s;
  const kiosk = await s.kioskToken();
  const sup = await s.login('supervisor');
  const signIn = async (username: string, windowId: string) => {
    const token = await s.login(username);
    const r = await s.api('POST', `/windows/${windowId}/sign-in`, { token });
    expect(r.status, r.text).toBe(200);
    return token;
  };
  const issue = async (body: Record<string, unknown>) => {
    clock.advance(1000);
    const r = await s.api('POST', '/tickets', { token: kiosk, body });
    expect(r.status, r.text).toBe(201);
    return r.body.ticket as { id: string; number: string; token: string; priority: string; priorityGroup: string | null };
  };
  const act = (token: string, windowId: string, action: string, body: unknown = {}) => {
    clock.advance(1000);
    return s.api('POST', `/windows/${windowId}/${action}`, { token, body });
  };
  const ticket = async (id: string) => (await s.api('GET', `/tickets/${id}`, { token: sup })).body.ticket;
  return { s, kiosk, sup, signIn, issue, act, ticket };
}

const statuses = (t: { matters: Array<{ serviceId: string; status: string }> }) =>
  Object.fromEntries(t.matters.map((m) => [m.serviceId, m.status]));

describe('一事一次办: a bundle is one visit with a status per matter', () => {
  it('with no window certified for every matter open, it goes matter by matter keeping its number and place', async () => {
    const clock = manualClock(at(MONDAY, '09:00'));
    const h = await hall(clock);
    const zhang = await h.signIn('zhangwei', 'W01'); // 企业服务, 税务, 投资审批
    const xu = await h.signIn('xujun', 'W11'); // 公安
    const visit = await h.issue({ bundleId: 'open-restaurant' });
    const police = await h.issue({ categoryId: 'police' }); // a later walk-in for 公安
    expect(visit.number).toMatch(/^A\d{3}$/);
    const t0 = await h.ticket(visit.id);
    expect(t0.bundleId).toBe('open-restaurant');
    expect(t0.serviceIds).toEqual(['company-setup', 'seal-filing', 'food-license', 'new-taxpayer']);
    expect(statuses(t0)).toEqual({
      'company-setup': 'pending',
      'seal-filing': 'pending',
      'food-license': 'pending',
      'new-taxpayer': 'pending',
    });

    expect((await h.act(zhang, 'W01', 'call-next')).body.ticket.id).toBe(visit.id);
    await h.act(zhang, 'W01', 'start');
    const accepted = await h.act(zhang, 'W01', 'matters/food-license', { status: 'accepted' });
    expect(accepted.status, accepted.text).toBe(200);
    expect(statuses(accepted.body.ticket)['food-license']).toBe('accepted');
    const notMine = await h.act(zhang, 'W01', 'matters/seal-filing', { status: 'done' });
    expect([notMine.status, notMine.body.error.code]).toEqual([403, 'MATTER_NOT_CERTIFIED']);
    const bad = await h.act(zhang, 'W01', 'matters/food-license', { status: 'pending' });
    expect(bad.status).toBe(400);

    // 办结 at W01: its three matters are done, the visit passes on to 公安 with the same number.
    const passed = await h.act(zhang, 'W01', 'finish');
    expect(passed.status, passed.text).toBe(200);
    expect(passed.body.ticket).toMatchObject({ id: visit.id, number: visit.number, status: 'waiting', categoryId: 'police' });
    expect(statuses(passed.body.ticket)).toEqual({
      'company-setup': 'done',
      'seal-filing': 'pending',
      'food-license': 'done',
      'new-taxpayer': 'done',
    });

    // Its place: issued before the 公安 walk-in, it is called first there.
    expect((await h.act(xu, 'W11', 'call-next')).body.ticket.id).toBe(visit.id);
    const done = await h.act(xu, 'W11', 'finish');
    expect(done.body.ticket.status).toBe('done');
    expect(Object.values(statuses(done.body.ticket))).toEqual(['done', 'done', 'done', 'done']);
    expect((await h.act(xu, 'W11', 'call-next')).body.ticket.id).toBe(police.id);

    const phone = await h.s.api('GET', `/public/tickets/${visit.token}`);
    expect(phone.body.ticket.matters.map((m: { status: string }) => m.status)).toEqual(['done', 'done', 'done', 'done']);
    const stats = (await h.s.api('GET', `/stats?date=${MONDAY}`, { token: h.sup })).body;
    // The 公安 walk-in took a number by category, with no matter named: four matters, all of the visit.
    expect(stats.matters).toEqual({ visits: 1, matters: 4, done: 4, transferred: 0, needsDocuments: 0, open: 0 });
    const report = (await h.s.api('GET', `/reports?from=${MONDAY}&to=${MONDAY}`, { token: h.sup })).body.report;
    expect(report.matters).toMatchObject({ visits: 1, matters: 4, done: 4 });
    expect(report.matters.byService.find((r: { key: string }) => r.key === 'seal-filing')).toMatchObject({ matters: 1, done: 1 });
    expect(report.totals.issued).toBe(2);
  });

  it('an open window certified for every matter takes the whole visit; others leave it to that window', async () => {
    const clock = manualClock(at(MONDAY, '09:00'));
    const h = await hall(clock);
    const zhang = await h.signIn('zhangwei', 'W01');
    const chen = await h.signIn('chenjing', 'W05'); // 企业服务, 税务, 公安 … (一窗通办)
    const visit = await h.issue({ bundleId: 'open-restaurant' });
    expect((await h.act(zhang, 'W01', 'call-next')).status).toBe(204);
    expect((await h.act(chen, 'W05', 'call-next')).body.ticket.id).toBe(visit.id);
    const done = await h.act(chen, 'W05', 'finish');
    expect(done.body.ticket.status).toBe('done');
    expect(Object.values(statuses(done.body.ticket))).toEqual(['done', 'done', 'done', 'done']);
  });

  it('an unknown bundle is a 404 with its code', async () => {
    const h = await hall(manualClock(at(MONDAY, '09:00')));
    const r = await h.s.api('POST', '/tickets', { token: h.kiosk, body: { bundleId: 'no-such' } });
    expect([r.status, r.body.error.code]).toEqual([404, 'UNKNOWN_BUNDLE']);
  });
});

describe('priority groups', () => {
  it('records the group (green channel), refuses an unknown one, and reports shares by group', async () => {
    const clock = manualClock(at(MONDAY, '09:00'));
    const h = await hall(clock);
    const elderly = await h.issue({ categoryId: 'insurance', priorityGroup: 'elderly' });
    expect([elderly.priority, elderly.priorityGroup]).toEqual(['green', 'elderly']);
    await h.issue({ categoryId: 'insurance', priorityGroup: 'military' });
    await h.issue({ categoryId: 'insurance' });
    await h.issue({ categoryId: 'insurance' });
    const bad = await h.s.api('POST', '/tickets', { token: h.kiosk, body: { categoryId: 'insurance', priorityGroup: 'vip' } });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'UNKNOWN_PRIORITY_GROUP']);
    const stats = (await h.s.api('GET', `/stats?date=${MONDAY}`, { token: h.sup })).body;
    expect(stats.byPriorityGroup.elderly).toMatchObject({ issued: 1, share: 25 });
    expect(stats.byPriorityGroup.military).toMatchObject({ issued: 1, share: 25 });
    expect(stats.byPriorityGroup.pregnant).toMatchObject({ issued: 0, share: 0 });
    const report = (await h.s.api('GET', `/reports?from=${MONDAY}&to=${MONDAY}`, { token: h.sup })).body.report;
    expect(report.byPriorityGroup.map((r: { key: string; issued: number; share: number }) => [r.key, r.issued, r.share])).toEqual([
      ['elderly', 1, 25],
      ['disabled', 0, 0],
      ['pregnant', 0, 0],
      ['military', 1, 25],
      ['other', 0, 0],
    ]);
    // The interleave is unchanged: the green ticket goes first.
    const liu = await h.signIn('liuyang', 'W06');
    expect((await h.act(liu, 'W06', 'call-next')).body.ticket.id).toBe(elderly.id);
  });
});

describe('appointments against their slot', () => {
  it('early waits held until the slot, on time and late within grace get priority, later a normal ticket, 爽约 recorded', async () => {
    const clock = manualClock(at(MONDAY, '09:00'));
    const h = await hall(clock, (c) => {
      c.settings.appointments.graceMinutes = 15;
    });
    const book = (code: string, slotStart: string, slotEnd: string, idNumber?: string) => ({
      code,
      serviceId: 'social-security-card',
      date: MONDAY,
      slotStart,
      slotEnd,
      ...(idNumber ? { idNumber } : {}),
    });
    const imp = await h.s.api('POST', '/appointments', {
      token: h.sup,
      body: {
        appointments: [
          book('EARLY1', '15:00', '15:30'),
          book('ONTIME', '09:00', '09:30'),
          book('GRACE1', '08:30', '09:00'),
          book('LATE01', '08:00', '08:30'),
          book('MISSED', '09:31', '10:01'),
        ],
      },
    });
    expect(imp.status, imp.text).toBe(200);
    expect(imp.body).toMatchObject({ imported: 5, flagged: 0 });
    const checkIn = async (code: string) => {
      clock.advance(1000);
      const r = await h.s.api('POST', '/appointments/check-in', { token: h.kiosk, body: { code } });
      expect(r.status, r.text).toBe(201);
      return r.body.ticket;
    };
    const walkIn = await h.issue({ serviceId: 'social-security-card' });
    const early = await checkIn('EARLY1');
    expect(early).toMatchObject({ priority: 'normal', status: 'waiting' });
    expect(early.heldUntil).toBe('2026-11-23T15:00:00.000+08:00');
    const onTime = await checkIn('ONTIME');
    expect(onTime.priority).toBe('appointment');
    clock.set(at(MONDAY, '09:10'));
    const grace = await checkIn('GRACE1');
    expect(grace.priority).toBe('appointment');
    const late = await checkIn('LATE01');
    expect(late.priority).toBe('normal');

    const liu = await h.signIn('liuyang', 'W06');
    const called: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const r = await h.act(liu, 'W06', 'call-next');
      if (r.status === 204) break;
      called.push(r.body.ticket.id);
      await h.act(liu, 'W06', 'finish');
    }
    // Priority first (on time, then within grace), then normal in order; the early arrival is not in the queue yet.
    expect(called).toEqual([onTime.id, grace.id, walkIn.id, late.id]);
    const specific = await h.act(liu, 'W06', 'call-specific', { ticketId: early.id });
    expect([specific.status, specific.body.error.code]).toEqual([409, 'TICKET_HELD']);

    // 爽约: the 09:31–10:01 booking at 10:16 (slot end + grace); the tick records it. (The demo hall seeds
    // its own bookings on the hour and half hour: their 爽约 fall at :15 and :45, so they are the baseline.)
    clock.set(at(MONDAY, '10:15'));
    h.s.hall.tick();
    let report = (await h.s.api('GET', `/reports?from=${MONDAY}&to=${MONDAY}`, { token: h.sup })).body.report;
    const seeded = report.appointments.byArrival.missed as number;
    expect(report.appointments.byArrival).toEqual({ early: 1, onTime: 1, lateGrace: 1, late: 1, missed: seeded });
    clock.set(at(MONDAY, '10:16') - 1);
    h.s.hall.tick();
    report = (await h.s.api('GET', `/reports?from=${MONDAY}&to=${MONDAY}`, { token: h.sup })).body.report;
    expect(report.appointments.byArrival.missed).toBe(seeded);
    clock.set(at(MONDAY, '10:16'));
    h.s.hall.tick();
    report = (await h.s.api('GET', `/reports?from=${MONDAY}&to=${MONDAY}`, { token: h.sup })).body.report;
    expect(report.appointments.byArrival.missed).toBe(seeded + 1);
    expect(report.appointments.repeatedNoShow).toMatchObject({ count: 3, periodDays: 90, action: 'report', people: [] });

    // At 15:00 the early arrival joins with priority, at its slot time.
    clock.set(at(MONDAY, '14:59'));
    h.s.hall.tick();
    expect((await h.act(liu, 'W06', 'call-next')).status).toBe(204);
    clock.set(at(MONDAY, '15:00'));
    h.s.hall.tick();
    const t = await h.ticket(early.id);
    expect([t.priority, t.heldUntil]).toEqual(['appointment', null]);
    expect((await h.act(liu, 'W06', 'call-next')).body.ticket.id).toBe(early.id);
  });

  it('reports people who reached the repeated no-show policy and flags their new bookings, without refusing them', async () => {
    const clock = manualClock(at('2026-11-20', '09:00'));
    const h = await hall(clock, (c) => {
      c.settings.appointments.repeatedNoShow = { count: 2, periodDays: 30, action: 'restrict' };
    });
    const id = '330106198802145678'; // not one of the demo seed's IDs
    const days = ['2026-11-20', '2026-11-21'];
    const imp = await h.s.api('POST', '/appointments', {
      token: h.sup,
      body: {
        appointments: days.map((date, i) => ({
          code: `MISS0${i}`,
          serviceId: 'social-security-card',
          date,
          slotStart: '09:00',
          slotEnd: '09:30',
          idNumber: id,
          name: '张三丰',
        })),
      },
    });
    expect(imp.body.flagged).toBe(0);
    for (const d of days) {
      clock.set(at(d, '12:00'));
      h.s.hall.tick();
    }
    const sup = await h.s.login('supervisor'); // a new day: sign in again
    const r = await h.s.api('GET', `/reports?from=2026-11-21&to=2026-11-21`, { token: sup });
    expect(r.status, r.text).toBe(200);
    const report = r.body.report;
    expect(report.appointments.repeatedNoShow).toEqual({
      count: 2,
      periodDays: 30,
      action: 'restrict',
      people: [{ nameMasked: '张*丰', missed: 2, lastDate: '2026-11-21' }],
    });
    const again = await h.s.api('POST', '/appointments', {
      token: sup,
      body: {
        appointments: [
          { code: 'AGAIN1', serviceId: 'social-security-card', date: '2026-11-22', slotStart: '09:00', slotEnd: '09:30', idNumber: id },
        ],
      },
    });
    expect(again.body).toMatchObject({ imported: 1, flagged: 1, repeatedNoShowPolicy: { action: 'restrict' } });
  });
});

describe('automatic 过号', () => {
  it('ends a called ticket as a no-show after the configured calls and minutes; staff can re-queue it', async () => {
    const clock = manualClock(at(MONDAY, '09:00'));
    const h = await hall(clock, (c) => {
      c.settings.noShow.auto = { enabled: true, afterCalls: 2, afterMinutes: 2 };
      c.settings.noShow.requeue = 'head';
    });
    const liu = await h.signIn('liuyang', 'W06');
    const a = await h.issue({ categoryId: 'insurance' });
    const b = await h.issue({ categoryId: 'insurance' });
    await h.act(liu, 'W06', 'call-next');
    clock.advance(5 * MIN);
    h.s.hall.tick();
    expect((await h.ticket(a.id)).status).toBe('called'); // one call only
    await h.act(liu, 'W06', 'recall');
    clock.advance(2 * MIN - 2000);
    h.s.hall.tick();
    expect((await h.ticket(a.id)).status).toBe('called');
    clock.advance(2000);
    h.s.hall.tick();
    const t = await h.ticket(a.id);
    expect([t.status, t.outcome]).toEqual(['no_show', 'auto_no_show']);
    const events = (await h.s.api('GET', `/events?date=${MONDAY}`, { token: h.sup })).body.events;
    expect(
      events.some(
        (e: { type: string; ticketId: string; data: { automatic?: boolean } }) =>
          e.type === 'ticket.no_show' && e.ticketId === a.id && e.data.automatic,
      ),
    ).toBe(true);
    // The citizen returns: re-queued at the head, called before b.
    expect((await h.act(liu, 'W06', 'requeue', { ticketId: a.id })).status).toBe(200);
    expect((await h.act(liu, 'W06', 'call-next')).body.ticket.id).toBe(a.id);
    void b;
  });
});
