/**
 * The defects measured on the hall before the rules moved into core/ (issue 13), each as a test through
 * REST against a real server: who may serve what, which action is allowed from where, the end of the day,
 * honest service times, dates and idempotency keys, and the citizen's token.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { localTimeToEpoch } from '@hall/contract';
import { demoConfig, startTestServer, type TestServer } from '../testing/test-server.ts';
import { manualClock, type ManualClock } from '../services/clock.ts';
import type { TicketPrinter, TicketPrintData } from './hall-service.ts';

const TZ = 'Asia/Shanghai';
const at = (date: string, hhmm: string) => localTimeToEpoch(date, hhmm, TZ);
const MIN = 60_000;
const MONDAY = '2026-11-23';
const TUESDAY = '2026-11-24';

let srv: TestServer | null = null;
afterEach(async () => {
  await srv?.stop();
  srv = null;
});

async function hall(clock: ManualClock, printers: ReadonlyMap<string, TicketPrinter> = new Map()) {
  const s = await startTestServer({ clock, printers });
  srv = s;
  const kiosk = await s.kioskToken();
  const sup = await s.login('supervisor');
  const signIn = async (username: string, windowId: string) => {
    const token = await s.login(username);
    const r = await s.api('POST', `/windows/${windowId}/sign-in`, { token });
    expect(r.status, r.text).toBe(200);
    return token;
  };
  /** Issues a ticket one second after the last (the manual clock would give them all the same instant). */
  const issue = async (categoryId: string) => {
    clock.advance(1000);
    const r = await s.api('POST', '/tickets', { token: kiosk, body: { categoryId } });
    expect(r.status, r.text).toBe(201);
    return r.body.ticket as { id: string; number: string; token: string };
  };
  const act = (token: string, windowId: string, action: string, body: unknown = {}) =>
    s.api('POST', `/windows/${windowId}/${action}`, { token, body });
  const ticket = async (id: string) => (await s.api('GET', `/tickets/${id}`, { token: sup })).body.ticket;
  return { s, kiosk, sup, signIn, issue, act, ticket };
}

describe('who may serve what: the certifications of the person signed in', () => {
  it('call-next, call-specific and allocation never hand anyone a category they are not certified for', async () => {
    const clock = manualClock(at(MONDAY, '09:00'));
    const h = await hall(clock);
    // W16 may serve 公安, but linxiaoyu (医保社保/公积金/社会事务) may not; W10 may serve 医保社保, hejun may not.
    const lin = await h.signIn('linxiaoyu', 'W16');
    const he = await h.signIn('hejun', 'W10');
    const police = await h.issue('police');
    expect((await h.act(lin, 'W16', 'call-next')).status).toBe(204);
    const specific = await h.act(lin, 'W16', 'call-specific', { ticketId: police.id });
    expect([specific.status, specific.body.error.code]).toEqual([403, 'NOT_CERTIFIED']);
    const alloc = await h.s.api('PUT', '/windows/W16/allocation', { token: h.sup, body: { categories: ['police'] } });
    expect([alloc.status, alloc.body.error.code]).toEqual([422, 'ALLOCATION_OUTSIDE_SKILLS']);
    expect((await h.ticket(police.id)).status).toBe('waiting');
    // hejun (公安/社会事务) is certified for it and gets it.
    expect((await h.act(he, 'W10', 'call-next')).body.ticket.id).toBe(police.id);
    expect((await h.act(he, 'W10', 'finish')).status).toBe(200);
    const insurance = await h.issue('insurance');
    expect((await h.act(he, 'W10', 'call-next')).status).toBe(204);
    expect((await h.ticket(insurance.id)).status).toBe('waiting');
    expect((await h.act(lin, 'W16', 'call-next')).body.ticket.id).toBe(insurance.id);
  });

  it('a transfer goes only to an open window whose staff may serve the ticket', async () => {
    const clock = manualClock(at(MONDAY, '09:00'));
    const h = await hall(clock);
    const lin = await h.signIn('linxiaoyu', 'W16');
    await h.issue('social');
    expect((await h.act(lin, 'W16', 'call-next')).status).toBe(200);
    const closed = await h.act(lin, 'W16', 'transfer', { windowId: 'W11' });
    expect([closed.status, closed.body.error]).toEqual([
      409,
      expect.objectContaining({ code: 'TARGET_WINDOW_CLOSED', params: { windowId: 'W11' } }),
    ]);
    await h.signIn('xujun', 'W11');
    const ok = await h.act(lin, 'W16', 'transfer', { windowId: 'W11' });
    expect(ok.status).toBe(200);
    await h.issue('insurance');
    expect((await h.act(lin, 'W16', 'call-next')).status).toBe(200);
    const uncertified = await h.act(lin, 'W16', 'transfer', { windowId: 'W11' });
    expect([uncertified.status, uncertified.body.error.code]).toEqual([409, 'TARGET_NOT_CERTIFIED']);
  });
});

describe('which action is allowed from where', () => {
  it('a second call-next over a ticket only called is refused; the citizen keeps the ticket', async () => {
    const clock = manualClock(at(MONDAY, '09:00'));
    const h = await hall(clock);
    const zhang = await h.signIn('zhangwei', 'W01');
    const a = await h.issue('enterprise');
    await h.issue('enterprise');
    expect((await h.act(zhang, 'W01', 'call-next')).body.ticket.id).toBe(a.id);
    const again = await h.act(zhang, 'W01', 'call-next');
    expect([again.status, again.body.error]).toEqual([
      409,
      expect.objectContaining({ code: 'CURRENT_NOT_STARTED', params: { number: a.number } }),
    ]);
    expect((await h.ticket(a.id)).status).toBe('called');
    // Once served, the next call finishes it first (the caller-keypad rule).
    expect((await h.act(zhang, 'W01', 'start')).status).toBe(200);
    clock.advance(4 * MIN);
    expect((await h.act(zhang, 'W01', 'call-next')).status).toBe(200);
    expect(await h.ticket(a.id)).toMatchObject({ status: 'done' });
  });

  it('only the window holding a ticket resumes or re-queues it; a supervisor may take over', async () => {
    const clock = manualClock(at(MONDAY, '09:00'));
    const h = await hall(clock);
    const lin = await h.signIn('linxiaoyu', 'W16');
    const wu = await h.signIn('wuxia', 'W10');
    const b1 = await h.issue('social');
    expect((await h.act(lin, 'W16', 'call-next')).body.ticket.id).toBe(b1.id);
    expect((await h.act(lin, 'W16', 'suspend')).status).toBe(200);
    const resume = await h.act(wu, 'W10', 'resume-ticket', { ticketId: b1.id });
    expect([resume.status, resume.body.error]).toEqual([409, expect.objectContaining({ code: 'NOT_HOLDER', params: { windowId: 'W16' } })]);
    const b2 = await h.issue('social');
    expect((await h.act(lin, 'W16', 'call-next')).body.ticket.id).toBe(b2.id);
    const requeueCalled = await h.act(wu, 'W10', 'requeue', { ticketId: b2.id });
    expect(requeueCalled.status).toBe(409);
    for (let i = 0; i < 2; i++) expect((await h.act(lin, 'W16', 'recall')).status).toBe(200);
    expect((await h.act(lin, 'W16', 'no-show')).status).toBe(200);
    const requeue = await h.act(wu, 'W10', 'requeue', { ticketId: b2.id });
    expect([requeue.status, requeue.body.error.code]).toEqual([409, 'NOT_HOLDER']);
    // The supervisor takes over for W16 (audited as a takeover).
    expect((await h.act(h.sup, 'W16', 'requeue', { ticketId: b2.id })).status).toBe(200);
    expect((await h.act(lin, 'W16', 'resume-ticket', { ticketId: b1.id })).status).toBe(200);
    const audit = (await h.s.api('GET', '/events?type=ticket.requeued', { token: h.sup })).body.events;
    expect(audit).toEqual([
      expect.objectContaining({ actor: 'supervisor', windowId: 'W16', data: expect.objectContaining({ takeover: true }) }),
    ]);
  });
});

describe('honest service times', () => {
  it('finishing a ticket that was only called counts the service from the call, not 0 minutes', async () => {
    const clock = manualClock(at(MONDAY, '09:00'));
    const h = await hall(clock);
    const zhang = await h.signIn('zhangwei', 'W01');
    await h.issue('enterprise');
    expect((await h.act(zhang, 'W01', 'call-next')).status).toBe(200);
    clock.advance(7 * MIN);
    expect((await h.act(zhang, 'W01', 'finish')).status).toBe(200);
    const stats = (await h.s.api('GET', `/stats?date=${MONDAY}`, { token: h.sup })).body;
    expect(stats.serviceMinutes.mean).toBe(7);
  });

  it('suspending before start does not zero the service; the audit and /stats agree on suspended time', async () => {
    const clock = manualClock(at(MONDAY, '09:00'));
    const h = await hall(clock);
    const zhang = await h.signIn('zhangwei', 'W01');
    const t = await h.issue('enterprise');
    expect((await h.act(zhang, 'W01', 'call-next')).status).toBe(200);
    clock.advance(2 * MIN);
    expect((await h.act(zhang, 'W01', 'suspend')).status).toBe(200); // service starts now: 09:02
    clock.advance(10 * MIN);
    expect((await h.act(zhang, 'W01', 'resume-ticket', { ticketId: t.id })).status).toBe(200);
    clock.advance(3 * MIN);
    expect((await h.act(zhang, 'W01', 'finish')).status).toBe(200);
    const stats = (await h.s.api('GET', `/stats?date=${MONDAY}`, { token: h.sup })).body;
    expect(stats.serviceMinutes.mean).toBe(3);
    const finished = (await h.s.api('GET', '/events?type=ticket.finished', { token: h.sup })).body.events;
    expect(finished).toHaveLength(1);
    expect(finished[0].data).toMatchObject({ serviceMs: 3 * MIN, suspendedMs: 10 * MIN });
  });
});

describe('the end of the day', () => {
  it('at closing + grace every open ticket ends, windows sign out, and the next day starts clean', async () => {
    const clock = manualClock(at(MONDAY, '16:50'));
    const h = await hall(clock);
    const zhang = await h.signIn('zhangwei', 'W01');
    const wang = await h.signIn('wangfang', 'W02');
    const chen = await h.signIn('chenjing', 'W05');
    // A normal service: 5 minutes.
    await h.issue('enterprise');
    expect((await h.act(zhang, 'W01', 'call-next')).status).toBe(200);
    expect((await h.act(zhang, 'W01', 'start')).status).toBe(200);
    clock.advance(5 * MIN);
    expect((await h.act(zhang, 'W01', 'finish')).status).toBe(200);
    // Left open at closing: one serving, one called, one suspended, one waiting.
    const serving = await h.issue('enterprise');
    const called = await h.issue('enterprise');
    const suspended = await h.issue('enterprise');
    const waiting = await h.issue('enterprise');
    expect((await h.act(zhang, 'W01', 'call-next')).body.ticket.id).toBe(serving.id);
    expect((await h.act(zhang, 'W01', 'start')).status).toBe(200);
    expect((await h.act(wang, 'W02', 'call-next')).body.ticket.id).toBe(called.id);
    expect((await h.act(chen, 'W05', 'call-next')).body.ticket.id).toBe(suspended.id);
    expect((await h.act(chen, 'W05', 'suspend')).status).toBe(200);
    // A window holding a ticket cannot sign out: it must end it first.
    expect((await h.s.api('POST', '/windows/W01/sign-out', { token: zhang, body: {} })).status).toBe(409);

    clock.set(at(MONDAY, '17:59'));
    h.s.hall.tick();
    expect((await h.ticket(waiting.id)).status).toBe('waiting');
    clock.set(at(MONDAY, '18:00')); // 17:30 close + 30 minutes grace
    h.s.hall.tick();
    for (const t of [serving, called, suspended, waiting])
      expect(await h.ticket(t.id)).toMatchObject({ status: 'cancelled', outcome: 'day_closed' });
    const windows = (await h.s.api('GET', '/windows', { token: h.sup })).body.windows as Array<{ id: string; status: string }>;
    expect(windows.filter((w) => w.status !== 'closed')).toEqual([]);
    const monday = (await h.s.api('GET', `/stats?date=${MONDAY}`, { token: h.sup })).body;
    expect(monday).toMatchObject({ issued: 5, served: 1, waiting: 0, serviceMinutes: { mean: 5, p90: 5 } });

    // Tuesday: the first call of the morning serves a Tuesday ticket; nothing of Monday moves.
    clock.set(at(TUESDAY, '08:30'));
    const zhang2 = await h.signIn('zhangwei', 'W01');
    const tue = await h.issue('enterprise');
    expect(tue.number).toBe('A001');
    expect((await h.act(zhang2, 'W01', 'call-next')).body.ticket.id).toBe(tue.id);
    expect((await h.act(zhang2, 'W01', 'start')).status).toBe(200);
    clock.advance(6 * MIN);
    expect((await h.act(zhang2, 'W01', 'finish')).status).toBe(200);
    const sup = await h.s.login('supervisor'); // Monday's session has expired
    const tuesday = (await h.s.api('GET', `/stats?date=${TUESDAY}`, { token: sup })).body;
    expect(tuesday).toMatchObject({ issued: 1, served: 1, serviceMinutes: { mean: 6 } });
    expect((await h.s.api('GET', `/stats?date=${MONDAY}`, { token: sup })).body).toEqual(monday);
  });

  it('a ticket left open after closing is ended by the new day before anything of that day is called', async () => {
    const clock = manualClock(at(MONDAY, '19:00'));
    const h = await hall(clock);
    // The day was closed at 18:00; a supervisor issues one more in the evening and leaves it waiting.
    h.s.hall.tick();
    const late = (await h.s.api('POST', '/tickets', { token: h.sup, body: { categoryId: 'enterprise' } })).body.ticket;
    const zhang = await h.signIn('zhangwei', 'W01');
    expect(zhang).toBeTruthy();
    // 15 ms after midnight, before any scheduler run: a call must not reach yesterday's ticket.
    clock.set(at(TUESDAY, '00:00') + 15);
    const token = await h.s.login('wangfang');
    expect((await h.s.api('POST', '/windows/W02/sign-in', { token })).status).toBe(200);
    expect((await h.act(token, 'W02', 'call-next')).status).toBe(204);
    expect(await h.ticket(late.id)).toMatchObject({ status: 'cancelled', outcome: 'day_closed' });
    // zhangwei's window from Monday evening was signed out by the new day.
    expect((await h.s.api('GET', '/windows', { token: h.sup })).body.windows.find((w: { id: string }) => w.id === 'W01').status).toBe(
      'closed',
    );
  });

  it('retention reaches every ticket, also one that was never served', async () => {
    const clock = manualClock(at(MONDAY, '10:00'));
    const h = await hall(clock);
    const r = await h.s.api('POST', '/tickets', {
      token: h.kiosk,
      body: { categoryId: 'enterprise', form: { name: '张三', idKind: 'none', phone: '13812345678', fields: {} } },
    });
    expect(r.status).toBe(201);
    clock.set(at(MONDAY, '18:00'));
    h.s.hall.tick();
    clock.advance((h.s.config.settings.retentionDays + 1) * 24 * 3600_000);
    expect(h.s.hall.applyRetention()).toBe(1);
    const row = h.s.db.prepare('SELECT form FROM ticket WHERE id = ?').get(r.body.ticket.id) as { form: string | null };
    expect(row.form).toBeNull();
  });
});

describe('opening hours', () => {
  it('kiosks stop issuing at the last-ticket time and say when issuing opens again; staff may still issue', async () => {
    const clock = manualClock(at(MONDAY, '16:59'));
    const s = await startTestServer({
      clock,
      printers: new Map(),
      config: demoConfig((c) => {
        c.hours.lastTicketMinutesBeforeClose = 30;
      }),
    });
    srv = s;
    const kiosk = await s.kioskToken();
    expect((await s.api('POST', '/tickets', { token: kiosk, body: { categoryId: 'enterprise' } })).status).toBe(201);
    clock.set(at(MONDAY, '17:00'));
    const late = await s.api('POST', '/tickets', { token: kiosk, body: { categoryId: 'enterprise' } });
    expect([late.status, late.body.error]).toEqual([
      409,
      expect.objectContaining({ code: 'HALL_CLOSED', params: { nextOpen: `${TUESDAY} 08:30` } }),
    ]);
    const staff = await s.login('zhangwei');
    expect((await s.api('POST', '/tickets', { token: staff, body: { categoryId: 'enterprise' } })).status).toBe(201);
  });
});

describe('the interface as written', () => {
  it('a date that does not exist is 400 on every route that takes one', async () => {
    const clock = manualClock(at(MONDAY, '10:00'));
    const h = await hall(clock);
    const staff = await h.s.login('zhangwei');
    for (const [path, token] of [
      ['/stats?date=2026-13-45', h.sup],
      ['/stats?date=2026-02-29', h.sup],
      ['/tickets?date=2026-02-30', h.sup],
      ['/ratings?date=2026-13-01', h.sup],
      ['/events?date=2026-04-31', h.sup],
      ['/reports?date=2026-13-45', h.sup],
      ['/me/day?date=2026-13-45', staff],
    ] as const) {
      const res = await h.s.api('GET', path, { token });
      expect([path, res.status, res.body?.error?.code]).toEqual([path, 400, 'VALIDATION_FAILED']);
    }
    expect((await h.s.api('GET', '/stats?date=2028-02-29', { token: h.sup })).status).toBe(200);
  });

  it('an idempotency key is any 1–128 characters; the same key with another body is 409 and prints nothing', async () => {
    const printed: TicketPrintData[] = [];
    const printer: TicketPrinter = {
      id: 'K1',
      status: async () => 'ok',
      printTicket: async (d) => {
        await new Promise((r) => setTimeout(r, 15));
        printed.push(d);
      },
    };
    const clock = manualClock(at(MONDAY, '10:00'));
    const h = await hall(clock, new Map([['K1', printer]]));
    const post = (body: Record<string, unknown>) => h.s.api('POST', '/tickets', { token: h.kiosk, body: { printerId: 'K1', ...body } });
    expect((await post({ categoryId: 'enterprise', idempotencyKey: 'k' })).status).toBe(201);
    expect((await post({ categoryId: 'enterprise', idempotencyKey: 'x'.repeat(128) })).status).toBe(201);
    expect((await post({ categoryId: 'enterprise', idempotencyKey: 'x'.repeat(129) })).status).toBe(400);
    expect((await post({ categoryId: 'enterprise', idempotencyKey: '' })).status).toBe(400);
    expect(printed).toHaveLength(2);

    // Ten at once with one key and different bodies: one ticket, one slip, nine conflicts.
    const cats = ['enterprise', 'tax', 'social', 'insurance', 'fund', 'police', 'realestate', 'investment', 'enterprise', 'tax'];
    const mixed = await Promise.all(
      cats.map((c, i) => post({ categoryId: c, idempotencyKey: 'same-key', ...(i === 8 ? { priority: 'green' } : {}) })),
    );
    expect(mixed.filter((r) => r.status === 201)).toHaveLength(1);
    expect(mixed.filter((r) => r.status === 409).map((r) => r.body.error.code)).toEqual(Array(9).fill('IDEMPOTENCY_CONFLICT'));
    expect(printed).toHaveLength(3);
    // Ten at once with one key and the same body: one ticket, one slip, the same answer ten times.
    const same = await Promise.all(Array.from({ length: 10 }, () => post({ categoryId: 'tax', idempotencyKey: 'tap-twice' })));
    expect(new Set(same.map((r) => r.body.ticket.id)).size).toBe(1);
    expect(printed).toHaveLength(4);
    expect(h.s.alerts.open().filter((a) => a.kind === 'storage')).toEqual([]);
  });

  it('no listing carries the citizen’s token, for any role; only the reply to the issuer does', async () => {
    const clock = manualClock(at(MONDAY, '10:00'));
    const h = await hall(clock);
    const t = await h.issue('enterprise');
    expect(t.token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    for (const who of ['zhangwei', 'supervisor', 'admin']) {
      const token = await h.s.login(who);
      for (const path of ['/tickets', `/tickets/${t.id}`, '/windows']) {
        const res = await h.s.api('GET', path, { token });
        expect(res.status).toBe(200);
        expect(res.text).not.toContain(t.token);
        expect(res.text).not.toContain('"token"');
      }
    }
  });
});
