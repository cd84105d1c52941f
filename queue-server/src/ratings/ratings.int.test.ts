import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTimeToEpoch, type Alert } from '@hall/contract';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { manualClock, type ManualClock } from '../services/clock.ts';

const TZ = 'Asia/Shanghai';
/** Wednesday 30 September 2026, 10:00 in the hall: the day before 国庆. */
const START = localTimeToEpoch('2026-09-30', '10:00', TZ);

async function waitFor<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 5000): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A hall with the ratings extension, a signed-in staff member at W01 and helpers to serve tickets there. */
async function hall(opts: { clock?: ManualClock; tickMs?: number } = {}) {
  const srv = await startTestServer({ printers: new Map(), ...(opts.clock ? { clock: opts.clock } : {}), tickMs: opts.tickMs ?? 0 });
  const ext = srv.ratings;
  const kiosk = await srv.kioskToken();
  const staff = await srv.login('zhangwei');
  const supervisor = await srv.login('supervisor');
  expect((await srv.api('POST', '/windows/W01/sign-in', { token: staff, body: {} })).status).toBe(200);
  const issue = async () =>
    (await srv.api('POST', '/tickets', { token: kiosk, body: { serviceId: 'company-setup' } })).body.ticket as {
      id: string;
      number: string;
      token: string;
      checkCode: string;
    };
  /** Issues a ticket and serves it to the end at W01. */
  const serve = async () => {
    const t = await issue();
    const called = await srv.api('POST', '/windows/W01/call-next', { token: staff });
    expect(called.body.ticket.id).toBe(t.id);
    expect((await srv.api('POST', '/windows/W01/start', { token: staff })).status).toBe(200);
    expect((await srv.api('POST', '/windows/W01/finish', { token: staff })).status).toBe(200);
    return t;
  };
  return {
    srv,
    ext,
    kiosk,
    staff,
    supervisor,
    issue,
    serve,
    registry: () => srv.ratings.service,
  };
}

describe('好差评 over REST (interfaces.md §2)', () => {
  let h: Awaited<ReturnType<typeof hall>>;
  let srv: TestServer;
  const clock = manualClock(START);
  beforeAll(async () => {
    h = await hall({ clock });
    srv = h.srv;
  });
  afterAll(async () => {
    await srv.stop();
  });

  it('POST /ratings rates a finished ticket once: 201 with the rating, then 409 ALREADY_RATED', async () => {
    const t = await h.serve();
    const first = await srv.api('POST', '/ratings', { body: { token: t.token, level: 4 } });
    expect(first.status).toBe(201);
    expect(first.body.rating).toMatchObject({
      ticketId: t.id,
      ticketNumber: t.number,
      level: 4,
      channel: 'qr',
      reasons: [],
      reasonLabels: [],
    });
    expect(first.body.rating.createdAt).toMatch(/^2026-09-30T10:00:00\.000\+08:00$/);
    expect(first.body.rating).not.toHaveProperty('staffId');

    const again = await srv.api('POST', '/ratings', { body: { token: t.token, level: 1, reasons: [0] } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_RATED');
    // The other channels meet the same rule.
    const kiosk = await srv.api('POST', '/ratings/kiosk', { token: h.kiosk, body: { token: t.token, level: 5 } });
    expect([kiosk.status, kiosk.body.error.code]).toEqual([409, 'ALREADY_RATED']);
    const keypad = h.registry().rateLastFinished('W01', 3, 0, 'keypad', 'bus1/1');
    expect(keypad.ok ? null : keypad.code).toBe('ALREADY_RATED');
    expect(srv.db.prepare('SELECT COUNT(*) AS n FROM rating WHERE ticket_id = ?').get(t.id)).toEqual({ n: 1 });
  });

  it('one rating per ticket is the UNIQUE constraint, not only a check in code', async () => {
    const row = srv.db.prepare('SELECT * FROM rating LIMIT 1').get() as Record<string, unknown>;
    expect(() =>
      srv.db
        .prepare(
          `INSERT INTO rating (id, ticket_id, ticket_number, ticket_business_date, category_id, channel, level, created_at, business_date)
      VALUES ('x', ?, 'A001', '2026-09-30', 'enterprise', 'qr', 5, 0, '2026-09-30')`,
        )
        .run(row.ticket_id),
    ).toThrow(/UNIQUE/);
  });

  it('GET /ratings lists the day for supervisors with the spec fields, reason ids and labels', async () => {
    const t = await h.serve();
    expect(
      (await srv.api('POST', '/ratings', { body: { token: t.token, level: 2, reasons: [2, 1], comment: '材料要求说了三遍' } })).status,
    ).toBe(201);
    const list = await srv.api('GET', '/ratings?date=2026-09-30', { token: h.supervisor });
    expect(list.status).toBe(200);
    const r = list.body.ratings.find((x: { ticketId: string }) => x.ticketId === t.id);
    expect(r).toMatchObject({
      ticketId: t.id,
      ticketNumber: t.number,
      windowId: 'W01',
      staffId: 'zhangwei',
      level: 2,
      channel: 'qr',
      reasons: [1, 2],
      reasonLabels: ['等候太久', '办事效率低'],
      comment: '材料要求说了三遍',
    });
    expect(r.createdAt).toMatch(/\+08:00$/);
    expect(typeof r.caseId).toBe('string');
    expect((await srv.api('GET', '/ratings?date=2026-10-01', { token: h.supervisor })).body.ratings).toEqual([]);
    // Staff never see ratings one by one; nobody signed in sees nothing.
    expect((await srv.api('GET', '/ratings', { token: h.staff })).status).toBe(403);
    expect((await srv.api('GET', '/ratings')).status).toBe(401);
    expect((await srv.api('GET', '/ratings?date=yesterday', { token: h.supervisor })).status).toBe(400);
  });

  it('refuses what cannot be rated: unfinished, unknown, malformed', async () => {
    const waiting = await h.issue();
    const notDone = await srv.api('POST', '/ratings', { body: { token: waiting.token, level: 5 } });
    expect([notDone.status, notDone.body.error.code]).toEqual([409, 'NOT_RATEABLE']);
    const unknown = await srv.api('POST', '/ratings', { body: { token: 'x'.repeat(24), level: 5 } });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'UNKNOWN_TICKET']);
    for (const body of [
      { token: waiting.token, level: 6 },
      { token: waiting.token, level: '5' },
      { token: waiting.token, level: 3, comment: '长'.repeat(501) },
      { token: waiting.token, level: 3, who: '张三' },
      { level: 3 },
      { token: waiting.token, level: 1, reasons: [9] },
    ]) {
      const r = await srv.api('POST', '/ratings', { body });
      expect([r.status, r.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    const raw = await srv.api('POST', '/ratings', { raw: '{"token":' });
    expect(raw.status).toBe(400);
    // Serve the waiting ticket so later tests start with an empty queue.
    await srv.api('POST', '/windows/W01/call-next', { token: h.staff });
    await srv.api('POST', '/windows/W01/finish', { token: h.staff });
  });

  it('a 差评 without a reason is 400 REASON_REQUIRED and stores nothing', async () => {
    const t = await h.serve();
    for (const reasons of [undefined, []]) {
      const r = await srv.api('POST', '/ratings', { body: { token: t.token, level: 1, ...(reasons ? { reasons } : {}), comment: '很差' } });
      expect([r.status, r.body.error.code]).toEqual([400, 'REASON_REQUIRED']);
    }
    expect(srv.db.prepare('SELECT COUNT(*) AS n FROM rating WHERE ticket_id = ?').get(t.id)).toEqual({ n: 0 });
    const status = await srv.api('GET', `/public/ratings/${t.token}`);
    expect(status.body).toEqual({ rateable: true, rated: false, ticketStatus: 'done', rating: null, checkCode: t.checkCode });
    expect(t.checkCode).toMatch(/^\d{4}$/);
  });

  it("the kiosk rates today's ticket by number with the slip's check code; only kiosk devices may", async () => {
    const t = await h.serve();
    const proof = { number: t.number.toLowerCase(), checkCode: t.checkCode };
    expect((await srv.api('POST', '/ratings/kiosk', { token: h.staff, body: { ...proof, level: 5 } })).status).toBe(403);
    const r = await srv.api('POST', '/ratings/kiosk', { token: h.kiosk, body: { ...proof, level: 3 } });
    expect(r.status).toBe(201);
    expect(r.body.rating).toMatchObject({ ticketId: t.id, level: 3, channel: 'kiosk' });
    const both = await srv.api('POST', '/ratings/kiosk', { token: h.kiosk, body: { number: t.number, token: t.token, level: 3 } });
    expect(both.status).toBe(400);
    expect((await srv.api('GET', `/public/ratings/${t.token}`)).body).toMatchObject({
      rateable: false,
      rated: true,
      rating: { level: 3, channel: 'kiosk' },
    });
  });

  it('the registry rates the ticket the window finished last, with the keypad bitmask as reasons', async () => {
    const t = await h.serve();
    const reg = h.registry();
    const bad = reg.rateLastFinished('W01', 2, 0, 'keypad', 'bus1/1');
    expect(bad.ok ? null : bad.code).toBe('REASON_REQUIRED');
    const r = reg.rateLastFinished('W01', 1, 0b1000_0001, 'hid', 'hid:0483:5750');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      ticketId: t.id,
      level: 1,
      channel: 'hid',
      reasons: [0, 7],
      reasonLabels: ['态度不好', '其他'],
      staffId: 'zhangwei',
    });
    expect(r.value.caseId).toMatch(/^RC-20260930-\d{3}$/);
    const second = reg.rateLastFinished('W01', 5, 0, 'keypad', 'bus1/1');
    expect(second.ok ? null : second.code).toBe('ALREADY_RATED');
    const nothing = reg.rateLastFinished('W02', 5, 0, 'keypad', 'bus1/2');
    expect(nothing.ok ? null : nothing.code).toBe('NOTHING_TO_RATE');
    expect(reg.summaryForStaff('zhangwei', '2026-09-30')).toEqual({ count: 4, byLevel: { 1: 1, 2: 1, 3: 1, 4: 1, 5: 0 } });
    expect(reg.summaryForStaff('wangfang', '2026-09-30')).toEqual({ count: 0, byLevel: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } });
  });
});

describe('差评整改: cases with working-day deadlines, alerts and escalation', () => {
  let h: Awaited<ReturnType<typeof hall>>;
  let srv: TestServer;
  const clock = manualClock(START);
  beforeAll(async () => {
    h = await hall({ clock, tickMs: 20 });
    srv = h.srv;
  });
  afterAll(async () => {
    await srv.stop();
  });

  it('a 差评 opens a case in its transaction, deadlines across 国庆, and alerts supervisors live', async () => {
    const alerts: Alert[] = [];
    await srv.socket('/supervisor', h.supervisor, (s) => s.on('alert:raised', (a: Alert) => alerts.push(a)));
    const t = await h.serve();
    const r = await srv.api('POST', '/ratings', { body: { token: t.token, level: 2, reasons: [1] } });
    expect(r.status).toBe(201);
    const list = await srv.api('GET', '/rectifications?status=open', { token: h.supervisor });
    expect(list.body.cases).toHaveLength(1);
    const c = list.body.cases[0];
    expect(c).toMatchObject({
      ticketId: t.id,
      ticketNumber: t.number,
      windowId: 'W01',
      staffId: 'zhangwei',
      level: 2,
      reasons: [1],
      status: 'open',
      nextStep: 'verify',
      overdue: false,
      createdAt: '2026-09-30T10:00:00.000+08:00',
    });
    expect(c.deadlines.map((d: { step: string; dueDate: string }) => [d.step, d.dueDate])).toEqual([
      ['verify', '2026-10-08'],
      ['rectify', '2026-10-28'],
      ['revisit', '2026-10-29'],
    ]);
    expect(c.deadlines[0].dueAt).toBe('2026-10-09T00:00:00.000+08:00');
    const alert = await waitFor(() => alerts.find((a) => a.kind === 'bad_rating' && a.subject === c.id), 'the bad_rating alert');
    expect(alert.severity).toBe('critical');
    expect(alert.message).toContain(t.number);
    // Rating, case and both outbox records were written together.
    const outbox = srv.db.prepare('SELECT type, subject_id FROM rating_outbox ORDER BY id').all();
    expect(outbox).toEqual([
      { type: 'rating.created', subject_id: r.body.rating.id },
      { type: 'rectification.opened', subject_id: c.id },
    ]);
  });

  it('overdue cases escalate when the clock passes a deadline: marked, audited, alerted once', async () => {
    const c = (await srv.api('GET', '/rectifications?status=open', { token: h.supervisor })).body.cases[0];
    clock.set(localTimeToEpoch('2026-10-08', '23:59', TZ));
    await new Promise((r) => setTimeout(r, 100));
    // Sessions last 12 hours of hall time: sign in again after the jump.
    let sup = await srv.login('supervisor');
    expect((await srv.api('GET', `/rectifications/${c.id}`, { token: sup })).body.case.overdue).toBe(false);

    clock.set(localTimeToEpoch('2026-10-09', '00:00', TZ));
    sup = await srv.login('supervisor');
    const overdue = await waitFor(async () => {
      const got = (await srv.api('GET', `/rectifications/${c.id}`, { token: sup })).body.case;
      return got.overdue ? got : null;
    }, 'the case to be marked overdue');
    expect(overdue.overdueSince).toBe('2026-10-09T00:00:00.000+08:00');
    expect(overdue.history.map((e: { action: string }) => e.action)).toEqual(['created', 'overdue']);
    expect(srv.alerts.open().filter((a) => a.kind === 'rectification_overdue' && a.subject === c.id)).toHaveLength(1);
    // In the event log as well (what the uplink sends to the central), against the rated ticket.
    const logged = srv.hall.queries.auditOfDay('2026-10-09', 'rectification.overdue');
    expect(logged.map((e) => [e.actor, e.ticketId, e.data.caseId, e.data.step])).toEqual([['system', c.ticketId, c.id, 'verify']]);
    expect((await srv.api('GET', '/rectifications?status=overdue', { token: sup })).body.cases.map((x: { id: string }) => x.id)).toEqual([
      c.id,
    ]);
    clock.advance(3600_000);
    await new Promise((r) => setTimeout(r, 100));
    expect((await srv.api('GET', `/rectifications/${c.id}`, { token: sup })).body.case.overdueCount).toBe(1);
  });

  it('advances one step at a time with who and a note; skipping or staff is refused', async () => {
    const sup = await srv.login('supervisor');
    const staff = await srv.login('zhangwei');
    const c = (await srv.api('GET', '/rectifications?status=active', { token: sup })).body.cases[0];
    const path = `/rectifications/${c.id}/advance`;
    const skip = await srv.api('POST', path, { token: sup, body: { step: 'rectify', note: '已整改' } });
    expect([skip.status, skip.body.error.code, skip.body.error.params]).toEqual([409, 'CASE_WRONG_STEP', { step: 'verify' }]);
    expect((await srv.api('POST', path, { token: staff, body: { step: 'verify', note: '核实' } })).status).toBe(403);
    expect((await srv.api('POST', path, { token: sup, body: { step: 'verify' } })).status).toBe(400);
    expect((await srv.api('POST', path, { token: sup, body: { step: 'verify', note: '   ' } })).status).toBe(400);
    expect(
      (await srv.api('POST', '/rectifications/RC-19990101-001/advance', { token: sup, body: { step: 'verify', note: 'x' } })).status,
    ).toBe(404);

    const verified = await srv.api('POST', path, { token: sup, body: { step: 'verify', note: '调取录像核实：等候 70 分钟属实' } });
    expect(verified.status).toBe(200);
    expect(verified.body.case).toMatchObject({ status: 'verified', nextStep: 'rectify', overdue: false, overdueCount: 1 });
    expect(verified.body.case.deadlines[0]).toMatchObject({ doneBy: 'supervisor', doneAt: '2026-10-09T01:00:00.000+08:00' });
    expect(srv.alerts.open().some((a) => a.kind === 'rectification_overdue' && a.subject === c.id)).toBe(false);
    expect(srv.alerts.open().some((a) => a.kind === 'bad_rating' && a.subject === c.id)).toBe(false);

    // The rectify deadline did not move; passing it escalates again.
    clock.set(localTimeToEpoch('2026-10-29', '00:00', TZ));
    await waitFor(() => srv.alerts.open().some((a) => a.kind === 'rectification_overdue' && a.subject === c.id), 'the second escalation');
    const sup2 = await srv.login('supervisor');
    expect(
      (await srv.api('POST', path, { token: sup2, body: { step: 'rectify', note: '增开午间窗口，材料清单重新公示' } })).body.case.status,
    ).toBe('rectified');
    const closed = await srv.api('POST', path, {
      token: sup2,
      body: { step: 'revisit', note: '电话回访，群众表示满意', outcome: 'satisfied' },
    });
    expect(closed.body.case).toMatchObject({ status: 'closed', nextStep: null, outcome: 'satisfied', overdueCount: 2 });
    expect(closed.body.case.closedAt).toBe('2026-10-29T00:00:00.000+08:00');
    expect(closed.body.case.history.map((e: { action: string; actor: string; note: string | null }) => [e.action, e.actor])).toEqual([
      ['created', 'system'],
      ['overdue', 'system'],
      ['verify', 'supervisor'],
      ['overdue', 'system'],
      ['rectify', 'supervisor'],
      ['revisit', 'supervisor'],
    ]);
    expect(closed.body.case.history[2].note).toBe('调取录像核实：等候 70 分钟属实');
    const again = await srv.api('POST', path, { token: sup2, body: { step: 'revisit', note: 'x' } });
    expect([again.status, again.body.error.code]).toEqual([409, 'CASE_CLOSED']);
    // Every change went to the audit log and the outbox.
    const audit = srv.hall.queries.auditOfDay('2026-10-29', 'rectification.advanced');
    expect(audit.map((e) => [e.actor, e.data.step])).toEqual([
      ['supervisor', 'rectify'],
      ['supervisor', 'revisit'],
    ]);
    const types = (srv.db.prepare('SELECT type FROM rating_outbox ORDER BY id').all() as Array<{ type: string }>).map((r) => r.type);
    expect(types).toEqual([
      'rating.created',
      'rectification.opened',
      'rectification.overdue',
      'rectification.advanced',
      'rectification.overdue',
      'rectification.advanced',
      'rectification.advanced',
    ]);
  });
});

describe('好差评 metrics and GET /stats', () => {
  let h: Awaited<ReturnType<typeof hall>>;
  let srv: TestServer;
  const clock = manualClock(START);
  beforeAll(async () => {
    h = await hall({ clock });
    srv = h.srv;
  });
  afterAll(async () => {
    await srv.stop();
  });

  it('counts 好评率, 差评率, 未评率 and 差评整改率 by window, staff, category, matter and day', async () => {
    const a = await h.serve();
    const b = await h.serve();
    const c = await h.serve();
    await h.serve(); // served, never rated
    await srv.api('POST', '/ratings', { body: { token: a.token, level: 5 } });
    await srv.api('POST', '/ratings', { body: { token: b.token, level: 4 } });
    await srv.api('POST', '/ratings', { body: { token: c.token, level: 1, reasons: [0] } });
    const m = await srv.api('GET', '/ratings/metrics?date=2026-09-30', { token: h.supervisor });
    expect(m.status).toBe(200);
    const expected = {
      served: 4,
      rated: 3,
      good: 2,
      neutral: 0,
      bad: 1,
      unrated: 1,
      goodRate: 0.6667,
      badRate: 0.3333,
      unratedRate: 0.25,
      activeGoodRate: 0.6667,
      defaulted: 0,
      excluded: 0,
      cases: 1,
      closedCases: 0,
      overdueCases: 0,
      rectificationRate: 0,
      revisits: 0,
      revisitSatisfactionRate: null,
      satisfaction: 0.6667,
      byLevel: { 1: 1, 2: 0, 3: 0, 4: 1, 5: 1 },
    };
    expect(m.body.overall).toEqual(expected);
    expect(m.body.byWindow).toEqual({ W01: expected });
    expect(m.body.byStaff).toEqual({ zhangwei: expected });
    expect(m.body.byCategory).toEqual({ enterprise: expected });
    expect(m.body.byMatter).toEqual({ 'company-setup': expected });
    expect(m.body.byDay).toEqual({ '2026-09-30': expected });
    expect(m.body.rectification).toEqual({ cases: 1, closed: 0, open: 1, overdue: 0, rate: 0, revisitSatisfactionRate: null });

    const stats = await srv.api('GET', '/stats?date=2026-09-30', { token: h.supervisor });
    expect(stats.body.ratings).toMatchObject({ count: 3, good: 2, bad: 1, satisfaction: 0.6667, unrated: 1 });

    const empty = await srv.api('GET', '/ratings/metrics?from=2026-10-01&to=2026-10-07', { token: h.supervisor });
    expect(empty.body.overall).toMatchObject({ served: 0, rated: 0, goodRate: null, unratedRate: null, rectificationRate: null });
    expect((await srv.api('GET', '/ratings/metrics?from=2026-10-02&to=2026-10-01', { token: h.supervisor })).status).toBe(400);
    expect((await srv.api('GET', '/ratings/metrics?from=2025-01-01&to=2026-10-01', { token: h.supervisor })).status).toBe(400);
    expect((await srv.api('GET', '/ratings/metrics?date=2026-09-30&to=2026-10-01', { token: h.supervisor })).status).toBe(400);
    expect((await srv.api('GET', '/ratings/metrics', { token: h.staff })).status).toBe(403);
  });
});
