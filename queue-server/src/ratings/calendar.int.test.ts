/**
 * The holiday calendar and 差评整改 deadlines: an edit in the console reaches the next deadline at once (no
 * restart); a deadline in a year with no calendar, or 1 December with next year's calendar empty, alerts
 * the supervisors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTimeToEpoch, type Alert } from '@hall/contract';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { manualClock } from '../services/clock.ts';

const TZ = 'Asia/Shanghai';
const clock = manualClock(localTimeToEpoch('2026-12-01', '10:00', TZ));

describe('the calendar behind 差评整改 deadlines', () => {
  let srv: TestServer;
  let kiosk: string;
  let staff: string;
  let sup: string;
  const badCase = async () => {
    const t = (await srv.api('POST', '/tickets', { token: kiosk, body: { serviceId: 'company-setup' } })).body.ticket;
    for (const a of ['call-next', 'start', 'finish'])
      expect((await srv.api('POST', `/windows/W01/${a}`, { token: staff })).status).toBe(200);
    expect((await srv.api('POST', '/ratings', { body: { token: t.token, level: 1, reasons: [0] } })).status).toBe(201);
    const cases = (await srv.api('GET', '/rectifications', { token: sup })).body.cases as Array<{
      ticketNumber: string;
      deadlines: Array<{ step: string; dueDate: string }>;
    }>;
    return cases.find((c) => c.ticketNumber === t.number)!;
  };
  const calendarAlerts = async () =>
    ((await srv.api('GET', '/alerts', { token: sup })).body.alerts as Alert[]).filter((a) => a.kind === 'calendar_missing');

  beforeAll(async () => {
    srv = await startTestServer({ printers: new Map(), clock, tickMs: 0 });
    kiosk = await srv.kioskToken();
    sup = await srv.login('supervisor');
  });
  afterAll(async () => {
    await srv.stop();
  });

  it('from 1 December, an empty calendar for next year raises an alert', async () => {
    expect(await calendarAlerts()).toEqual([]);
    expect(srv.ratings.service.checkCalendar()).toEqual([2027]);
    const alerts = await calendarAlerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ subject: '2027', severity: 'warning' });
  });

  it('a 差评 on 31 December gets its verify deadline on 元旦 while 2027 is empty; entering 2027 moves the next one at once', async () => {
    clock.set(localTimeToEpoch('2026-12-31', '10:00', TZ));
    staff = await srv.login('zhangwei');
    sup = await srv.login('supervisor');
    expect((await srv.api('POST', '/windows/W01/sign-in', { token: staff, body: {} })).status).toBe(200);
    const before = await badCase();
    // Friday 1 January 2027 counts as a working day: nobody entered 元旦.
    expect(before.deadlines.find((d) => d.step === 'verify')?.dueDate).toBe('2027-01-01');

    const holidays = [...srv.config.hours.holidays, '2027-01-01', '2027-01-02', '2027-01-03'];
    const put = await srv.api('PUT', '/settings/calendar', { token: sup, body: { holidays, workdays: srv.config.hours.workdays } });
    expect(put.status, put.text).toBe(200);

    const after = await badCase();
    // No restart: the next case skips 元旦 and the weekend.
    expect(after.deadlines.find((d) => d.step === 'verify')?.dueDate).toBe('2027-01-04');
    expect(srv.ratings.service.checkCalendar()).toEqual([]);
  });
});
