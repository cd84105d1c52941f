/**
 * One definition of each 好差评 figure: `/stats`, `/reports` and the XLSX export agree for the same day, and
 * the figures are the hand-counted ones (好评 = 4–5 only: a 基本满意 is not a 好评 anywhere).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { localTimeToEpoch } from '@hall/contract';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { manualClock } from '../services/clock.ts';

const TZ = 'Asia/Shanghai';
const DAY = '2026-11-23';
const START = localTimeToEpoch(DAY, '10:00', TZ);

describe('every rating figure agrees between /stats, /reports and XLSX', () => {
  let srv: TestServer;
  let sup: string;
  beforeAll(async () => {
    srv = await startTestServer({ printers: new Map(), clock: manualClock(START), tickMs: 0 });
    const kiosk = await srv.kioskToken();
    const staff = await srv.login('zhangwei');
    sup = await srv.login('supervisor');
    expect((await srv.api('POST', '/windows/W01/sign-in', { token: staff, body: {} })).status).toBe(200);
    const serve = async () => {
      const t = (await srv.api('POST', '/tickets', { token: kiosk, body: { serviceId: 'company-setup' } })).body.ticket;
      expect((await srv.api('POST', '/windows/W01/call-next', { token: staff })).status).toBe(200);
      expect((await srv.api('POST', '/windows/W01/start', { token: staff })).status).toBe(200);
      expect((await srv.api('POST', '/windows/W01/finish', { token: staff })).status).toBe(200);
      return t as { token: string };
    };
    // Five served: rated 5, 4, 3, 1 (a 差评, its case closed with a satisfied revisit), one unrated.
    for (const level of [5, 4, 3])
      expect((await srv.api('POST', '/ratings', { body: { token: (await serve()).token, level } })).status).toBe(201);
    const bad = await srv.api('POST', '/ratings', { body: { token: (await serve()).token, level: 1, reasons: [0] } });
    await serve();
    const caseId = bad.body.rating.caseId ?? (await srv.api('GET', '/rectifications', { token: sup })).body.cases[0].id;
    for (const step of ['verify', 'rectify', 'revisit'])
      expect(
        (
          await srv.api('POST', `/rectifications/${caseId}/advance`, {
            token: sup,
            body: { step, note: `${step} 完成`, ...(step === 'revisit' ? { outcome: 'satisfied' } : {}) },
          })
        ).status,
      ).toBe(200);
  });
  afterAll(async () => {
    await srv.stop();
  });

  it('the same day gives the same 好评率, 差评率, 未评率, 主动评价好评率, 差评整改率 and 回访满意率 everywhere', async () => {
    const stats = (await srv.api('GET', `/stats?date=${DAY}`, { token: sup })).body.ratings;
    // Counted by hand: 2 good of 4 rated, 1 bad of 4, 1 unrated of 5, 1 case of 1 closed, 1 revisit satisfied.
    expect(stats).toMatchObject({
      served: 5,
      count: 4,
      good: 2,
      bad: 1,
      goodRate: 0.5,
      badRate: 0.25,
      unratedRate: 0.2,
      activeGoodRate: 0.5,
      rectificationRate: 1,
      revisitSatisfactionRate: 1,
    });
    const report = (await srv.api('GET', `/reports?date=${DAY}`, { token: sup })).body.report.ratings;
    expect(report).toMatchObject({
      count: 4,
      good: 2,
      bad: 1,
      goodRate: 50,
      badRate: 25,
      unratedRate: 20,
      activeGoodRate: 50,
      rectificationRate: 100,
      revisitSatisfactionRate: 100,
    });
    const metrics = (await srv.api('GET', `/ratings/metrics?date=${DAY}`, { token: sup })).body.overall;
    for (const k of ['goodRate', 'badRate', 'unratedRate', 'activeGoodRate', 'rectificationRate', 'revisitSatisfactionRate'])
      expect(metrics[k], k).toBe(stats[k]);

    const xlsx = await fetch(`${srv.url}/api/v1/reports/day.xlsx?date=${DAY}`, { headers: { authorization: `Bearer ${sup}` } });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const cells = new Map<string, unknown>();
    wb.getWorksheet('概览')?.eachRow((row) => {
      const v = row.values as unknown[];
      for (const i of [1, 3]) if (typeof v[i] === 'string') cells.set(v[i] as string, v[i + 1]);
    });
    expect({
      good: cells.get('好评率(%)'),
      bad: cells.get('差评率(%)'),
      unrated: cells.get('未评率(%)'),
      active: cells.get('主动评价好评率(%)'),
      rect: cells.get('差评整改率(%)'),
      revisit: cells.get('回访满意率(%)'),
    }).toEqual({ good: 50, bad: 25, unrated: 20, active: 50, rect: 100, revisit: 100 });
  });
});
