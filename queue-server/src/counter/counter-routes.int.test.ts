import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import type { ServerExtension } from '../server.ts';
import { counterExtension } from './counter-routes.ts';

/** A stand-in for the ratings extension, answering per staff member and date. */
function ratingsWith(byStaff: Record<string, { count: number; byLevel: Record<number, number> }>, asked: string[] = []): ServerExtension {
  return {
    setup(ctx) {
      ctx.registry.set('ratings', {
        summaryForStaff(username: string, date: string) {
          asked.push(`${username}@${date}`);
          return byStaff[username] ?? { count: 0, byLevel: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } };
        },
      });
    },
  };
}

describe('GET /api/v1/me/day and /counter/rules', () => {
  let srv: TestServer;
  afterEach(async () => {
    await srv?.stop();
  });

  async function serve(token: string, windowId: string, n: number, kiosk: string) {
    for (let i = 0; i < n; i++) {
      expect((await srv.api('POST', '/tickets', { token: kiosk, body: { categoryId: 'enterprise' } })).status).toBe(201);
      expect((await srv.api('POST', `/windows/${windowId}/call-next`, { token })).status).toBe(200);
      expect((await srv.api('POST', `/windows/${windowId}/start`, { token })).status).toBe(200);
      expect((await srv.api('POST', `/windows/${windowId}/finish`, { token })).status).toBe(200);
    }
  }

  it("counts only the caller's own work and shows ratings as counts per level, nothing about who or which", async () => {
    const asked: string[] = [];
    srv = await startTestServer({ printers: new Map() }, [
      counterExtension(),
      ratingsWith({ zhangwei: { count: 3, byLevel: { 5: 2, 2: 1 } } }, asked),
    ]);
    const kiosk = await srv.kioskToken();
    const zhang = await srv.login('zhangwei');
    const wang = await srv.login('wangfang');
    expect((await srv.api('POST', '/windows/W01/sign-in', { token: zhang })).status).toBe(200);
    expect((await srv.api('POST', '/windows/W02/sign-in', { token: wang })).status).toBe(200);
    await serve(zhang, 'W01', 2, kiosk);
    await serve(wang, 'W02', 1, kiosk);
    // One no-show for zhangwei: three calls first (the rule), then 过号.
    expect((await srv.api('POST', '/tickets', { token: kiosk, body: { categoryId: 'enterprise' } })).status).toBe(201);
    expect((await srv.api('POST', '/windows/W01/call-next', { token: zhang })).status).toBe(200);
    expect((await srv.api('POST', '/windows/W01/no-show', { token: zhang })).status).toBe(409);
    expect((await srv.api('POST', '/windows/W01/recall', { token: zhang })).status).toBe(200);
    expect((await srv.api('POST', '/windows/W01/recall', { token: zhang })).status).toBe(200);
    expect((await srv.api('POST', '/windows/W01/no-show', { token: zhang })).status).toBe(200);

    const day = await srv.api('GET', '/me/day', { token: zhang });
    expect(day.status).toBe(200);
    expect(day.body).toMatchObject({
      username: 'zhangwei',
      served: 2,
      noShow: 1,
      transferred: 0,
      ratings: { count: 3, byLevel: { 1: 0, 2: 1, 3: 0, 4: 0, 5: 2 } },
    });
    expect(day.body.avgServiceMinutes).toBeGreaterThanOrEqual(0);
    expect(Object.keys(day.body).sort()).toEqual([
      'avgServiceMinutes',
      'date',
      'displayName',
      'noShow',
      'ratings',
      'served',
      'transferred',
      'username',
    ]);
    expect(asked).toEqual([`zhangwei@${srv.hall.today()}`]);

    const other = await srv.api('GET', '/me/day', { token: wang });
    expect(other.body).toMatchObject({ username: 'wangfang', served: 1, noShow: 0, ratings: { count: 0 } });
    expect((await srv.api('GET', '/me/day?date=2020-01-01', { token: zhang })).body).toMatchObject({ date: '2020-01-01', served: 0 });
    expect((await srv.api('GET', '/me/day?date=yesterday', { token: zhang })).status).toBe(400);
    expect((await srv.api('GET', '/me/day')).status).toBe(401);
  });

  it('answers zero ratings, without an error, when no ratings extension is installed', async () => {
    srv = await startTestServer({ printers: new Map() }, [counterExtension()]);
    const token = await srv.login('zhangwei');
    const day = await srv.api('GET', '/me/day', { token });
    expect(day.status).toBe(200);
    expect(day.body.ratings).toEqual({ count: 0, byLevel: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } });
    const rules = await srv.api('GET', '/counter/rules', { token });
    expect(rules.body).toMatchObject({
      recallCap: 2,
      noShowAfterCalls: 3,
      pauseReasons: ['午休', '临时离开', '业务咨询', '系统故障', '其他'],
    });
    expect((await srv.api('GET', '/counter/rules', { token: await srv.kioskToken() })).status).toBe(403);
  });
});
