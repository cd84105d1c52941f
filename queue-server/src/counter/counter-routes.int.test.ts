import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

describe('GET /api/v1/me/day and /counter/rules', () => {
  let srv: TestServer;
  afterEach(async () => {
    await srv?.stop();
  });

  /** Serves `n` tickets at a window; returns the citizens' rating tokens (from the kiosk's issue replies). */
  async function serve(token: string, windowId: string, n: number, kiosk: string): Promise<string[]> {
    const tokens: string[] = [];
    for (let i = 0; i < n; i++) {
      const issued = await srv.api('POST', '/tickets', { token: kiosk, body: { categoryId: 'enterprise' } });
      expect(issued.status).toBe(201);
      tokens.push(issued.body.ticket.token);
      expect((await srv.api('POST', `/windows/${windowId}/call-next`, { token })).status).toBe(200);
      expect((await srv.api('POST', `/windows/${windowId}/start`, { token })).status).toBe(200);
      expect((await srv.api('POST', `/windows/${windowId}/finish`, { token })).status).toBe(200);
    }
    return tokens;
  }

  it("counts only the caller's own work and shows ratings as counts per level, nothing about who or which", async () => {
    srv = await startTestServer({ printers: new Map() });
    const kiosk = await srv.kioskToken();
    const zhang = await srv.login('zhangwei');
    const wang = await srv.login('wangfang');
    expect((await srv.api('POST', '/windows/W01/sign-in', { token: zhang })).status).toBe(200);
    expect((await srv.api('POST', '/windows/W02/sign-in', { token: wang })).status).toBe(200);
    const [first, second, third] = await serve(zhang, 'W01', 3, kiosk);
    await serve(wang, 'W02', 1, kiosk);
    // The citizens rate on their phones: 5, 5 and a 差评 (2, with a reason).
    for (const [t, level] of [
      [first, 5],
      [second, 5],
      [third, 2],
    ] as const)
      expect((await srv.api('POST', '/ratings', { body: { token: t, level, ...(level === 2 ? { reasons: [1] } : {}) } })).status).toBe(201);
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
      served: 3,
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

    const other = await srv.api('GET', '/me/day', { token: wang });
    expect(other.body).toMatchObject({ username: 'wangfang', served: 1, noShow: 0, ratings: { count: 0 } });
    expect((await srv.api('GET', '/me/day?date=2020-01-01', { token: zhang })).body).toMatchObject({ date: '2020-01-01', served: 0 });
    expect((await srv.api('GET', '/me/day?date=yesterday', { token: zhang })).status).toBe(400);
    expect((await srv.api('GET', '/me/day')).status).toBe(401);
  });

  it('answers zero ratings when nobody rated, and the rules the console shows', async () => {
    srv = await startTestServer({ printers: new Map() });
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
