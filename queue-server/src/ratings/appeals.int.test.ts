/**
 * 申诉/复核, the counter's own view of cases and 追评: a supervisor asks to exclude a malicious 差评, only a
 * second supervisor decides, everything is in the case history and the audit log, and the rating row is
 * never edited; staff see the cases about their window without anything that says who rated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTimeToEpoch } from '@hall/contract';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { manualClock } from '../services/clock.ts';

const START = localTimeToEpoch('2026-11-23', '10:00', 'Asia/Shanghai');

describe('申诉/复核, the counter view and 追评', () => {
  let srv: TestServer;
  let kiosk: string;
  let staff: string;
  let sup: string;
  let sup2: string;
  const bad = async () => {
    const t = (await srv.api('POST', '/tickets', { token: kiosk, body: { serviceId: 'company-setup' } })).body.ticket;
    for (const a of ['call-next', 'start', 'finish'])
      expect((await srv.api('POST', `/windows/W01/${a}`, { token: staff })).status).toBe(200);
    const r = await srv.api('POST', '/ratings', { body: { token: t.token, level: 1, reasons: [0], comment: '窗口人员态度冷淡' } });
    expect(r.status).toBe(201);
    const cases = (await srv.api('GET', '/rectifications?status=open', { token: sup })).body.cases as Array<{
      id: string;
      ticketNumber: string;
    }>;
    return { ticket: t as { token: string; number: string; id: string }, caseId: cases.find((c) => c.ticketNumber === t.number)!.id };
  };
  beforeAll(async () => {
    srv = await startTestServer({ printers: new Map(), clock: manualClock(START), tickMs: 0 });
    kiosk = await srv.kioskToken();
    staff = await srv.login('zhangwei');
    sup = await srv.login('supervisor');
    sup2 = await srv.login('wangke');
    expect((await srv.api('POST', '/windows/W01/sign-in', { token: staff, body: {} })).status).toBe(200);
  });
  afterAll(async () => {
    await srv.stop();
  });

  it('an appeal needs a second person; approved, the 差评 leaves every figure and the rating row is unchanged', async () => {
    const { caseId, ticket } = await bad();
    const before = srv.db.prepare('SELECT * FROM rating WHERE ticket_id = ?').get(ticket.id);
    const asked = await srv.api('POST', `/rectifications/${caseId}/appeal`, {
      token: sup,
      body: { reason: '同一人连续恶意差评，监控可证' },
    });
    expect(asked.status).toBe(200);
    expect(asked.body.case.appeal).toMatchObject({ status: 'pending', by: 'supervisor' });
    expect((await srv.api('GET', '/rectifications?status=appeal', { token: sup })).body.cases.map((c: { id: string }) => c.id)).toEqual([
      caseId,
    ]);
    // The one who asked cannot decide; staff cannot either.
    const self = await srv.api('POST', `/rectifications/${caseId}/appeal/decide`, { token: sup, body: { approve: true, note: '同意' } });
    expect([self.status, self.body.error.code]).toEqual([403, 'APPEAL_SECOND_PERSON']);
    expect(
      (await srv.api('POST', `/rectifications/${caseId}/appeal/decide`, { token: staff, body: { approve: true, note: 'x' } })).status,
    ).toBe(403);
    const metricsBefore = (await srv.api('GET', '/ratings/metrics?date=2026-11-23', { token: sup })).body.overall;
    expect([metricsBefore.bad, metricsBefore.excluded]).toEqual([1, 0]);

    const ok = await srv.api('POST', `/rectifications/${caseId}/appeal/decide`, {
      token: sup2,
      body: { approve: true, note: '核实属实，予以剔除' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.case).toMatchObject({ status: 'closed', appeal: { status: 'approved', by: 'supervisor', decidedBy: 'wangke' } });
    expect(ok.body.case.history.map((h: { action: string; actor: string }) => `${h.action}:${h.actor}`)).toEqual([
      'created:system',
      'appeal:supervisor',
      'appeal_approved:wangke',
    ]);
    expect(srv.db.prepare('SELECT * FROM rating WHERE ticket_id = ?').get(ticket.id)).toEqual(before);
    const after = (await srv.api('GET', '/ratings/metrics?date=2026-11-23', { token: sup })).body.overall;
    expect([after.bad, after.rated, after.excluded, after.cases]).toEqual([0, 0, 1, 0]);
    const audit = (await srv.api('GET', '/events?type=rectification.appeal_decided', { token: sup })).body.events;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'wangke' });
    // Even the database refuses a decision by the one who asked.
    expect(() => srv.db.prepare('UPDATE rectification_case SET appeal_decided_by = appeal_by WHERE id = ?').run(caseId)).toThrow(
      /second person/,
    );
  });

  it('a rejected appeal leaves the case in the workflow; a second appeal may follow', async () => {
    const { caseId } = await bad();
    expect((await srv.api('POST', `/rectifications/${caseId}/appeal`, { token: sup2, body: { reason: '疑似恶意' } })).status).toBe(200);
    const twice = await srv.api('POST', `/rectifications/${caseId}/appeal`, { token: sup, body: { reason: '再次申诉' } });
    expect([twice.status, twice.body.error.code]).toEqual([409, 'APPEAL_STATE']);
    const no = await srv.api('POST', `/rectifications/${caseId}/appeal/decide`, { token: sup, body: { approve: false, note: '证据不足' } });
    expect(no.body.case).toMatchObject({ status: 'open', nextStep: 'verify', appeal: { status: 'rejected', decidedBy: 'supervisor' } });
    const m = (await srv.api('GET', '/ratings/metrics?date=2026-11-23', { token: sup })).body.overall;
    expect([m.bad, m.excluded]).toEqual([1, 1]);
  });

  it('staff see the cases about their window, never who rated; 追评 after the case is closed, once', async () => {
    const { caseId, ticket } = await bad();
    const mine = await srv.api('GET', '/counter/cases?windowId=W01', { token: staff });
    expect(mine.status).toBe(200);
    const c = mine.body.cases.find((x: { id: string }) => x.id === caseId);
    expect(c).toMatchObject({ reasonLabels: ['态度不好'], comment: '窗口人员态度冷淡', status: 'open', openedOn: '2026-11-23' });
    for (const k of ['ticketNumber', 'ticketId', 'ratingId', 'channel', 'createdAt', 'staffId', 'history']) expect(c).not.toHaveProperty(k);
    expect(mine.text.includes(ticket.number)).toBe(false);
    expect(mine.text.includes(ticket.token)).toBe(false);
    // Only the window's own staff (or a supervisor).
    expect((await srv.api('GET', '/counter/cases?windowId=W02', { token: staff })).status).toBe(403);
    // Cases excluded by an approved appeal are gone from the counter's view.
    expect(mine.body.cases.every((x: { status: string }) => x.status !== 'closed')).toBe(true);

    const early = await srv.api('POST', '/ratings/follow-up', { body: { token: ticket.token, level: 4 } });
    expect([early.status, early.body.error.code]).toEqual([409, 'FOLLOW_UP_NOT_OPEN']);
    for (const step of ['verify', 'rectify', 'revisit'])
      expect(
        (
          await srv.api('POST', `/rectifications/${caseId}/advance`, {
            token: sup,
            body: { step, note: step, ...(step === 'revisit' ? { outcome: 'satisfied' } : {}) },
          })
        ).status,
      ).toBe(200);
    const f = await srv.api('POST', '/ratings/follow-up', { body: { token: ticket.token, level: 4, comment: '已改进' } });
    expect(f.status).toBe(201);
    const again = await srv.api('POST', '/ratings/follow-up', { body: { token: ticket.token, level: 5 } });
    expect([again.status, again.body.error.code]).toEqual([409, 'FOLLOW_UP_NOT_OPEN']);
    const detail = (await srv.api('GET', `/rectifications/${caseId}`, { token: sup })).body.case;
    expect(detail.followUp).toMatchObject({ level: 4, comment: '已改进' });
    // The original rating is what it was: 非常不满意.
    expect(detail.level).toBe(1);
  });
});
