import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, ADMIN_PASSWORD, type TestServer, allDayHours, demoConfig } from '../testing/test-server.ts';
import { manualClock } from './clock.ts';

describe('accounts, tokens and device pairing', () => {
  const clock = manualClock(Date.parse('2026-11-23T01:00:00Z'));
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({ printers: new Map(), clock, config: demoConfig(allDayHours) });
  });
  afterAll(async () => {
    await srv.stop();
  });

  it('logs in with the bootstrap admin password and rejects a wrong one with 401', async () => {
    const ok = await srv.api('POST', '/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(ok.status).toBe(200);
    expect(ok.body.role).toBe('admin');
    const bad = await srv.api('POST', '/auth/login', { body: { username: 'admin', password: 'wrong-password' } });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('BAD_CREDENTIALS');
    // Stored hashed: the database never holds the password or the token in clear.
    const row = srv.db.prepare("SELECT password_hash FROM account WHERE username = 'admin'").get() as { password_hash: string };
    expect(row.password_hash.startsWith('scrypt$')).toBe(true);
    expect(srv.db.prepare('SELECT COUNT(*) AS n FROM auth_token WHERE token_hash = ?').get(ok.body.token)).toEqual({ n: 0 });
  });

  it('throttles repeated failures for a username, even with the right password afterwards', async () => {
    for (let i = 0; i < 5; i++) await srv.api('POST', '/auth/login', { body: { username: 'wangke', password: `wrong-${i}` } });
    const locked = await srv.api('POST', '/auth/login', { body: { username: 'wangke', password: 'hall-demo-2026' } });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    clock.advance(16 * 60_000);
    const later = await srv.api('POST', '/auth/login', { body: { username: 'wangke', password: 'hall-demo-2026' } });
    expect(later.status).toBe(200);
  });

  it('tokens expire and can be revoked', async () => {
    const token = await srv.login('supervisor');
    expect((await srv.api('GET', '/auth/me', { token })).status).toBe(200);
    const logout = await srv.api('POST', '/auth/logout', { token });
    expect(logout.status).toBe(204);
    expect((await srv.api('GET', '/auth/me', { token })).status).toBe(401);
    const t2 = await srv.login('supervisor');
    clock.advance(13 * 3600_000);
    const expired = await srv.api('GET', '/auth/me', { token: t2 });
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('TOKEN_EXPIRED');
  });

  it('a pairing code pairs a device once; a replay is refused; a revoked device loses access', async () => {
    const admin = await srv.login('admin');
    const code = await srv.api('POST', '/devices/pairing-codes', {
      token: admin,
      body: { kind: 'kiosk', name: '二楼取号机', deviceId: 'KIOSK2' },
    });
    expect(code.status).toBe(201);
    const paired = await srv.api('POST', '/devices/pair', { body: { code: code.body.code } });
    expect(paired.status).toBe(200);
    expect(paired.body.kind).toBe('kiosk');
    const replay = await srv.api('POST', '/devices/pair', { body: { code: code.body.code } });
    expect(replay.status).toBe(401);
    const issue = await srv.api('POST', '/tickets', { token: paired.body.token, body: { categoryId: srv.config.categories[0]!.id } });
    expect(issue.status).toBe(201);
    // A kiosk cannot act as staff.
    expect((await srv.api('GET', '/windows', { token: paired.body.token })).status).toBe(403);
    expect((await srv.api('DELETE', '/devices/KIOSK2', { token: admin })).status).toBe(204);
    expect(
      (await srv.api('POST', '/tickets', { token: paired.body.token, body: { categoryId: srv.config.categories[0]!.id } })).status,
    ).toBe(401);
  });

  it('an expired pairing code does not pair', async () => {
    const admin = await srv.login('admin');
    const code = await srv.api('POST', '/devices/pairing-codes', { token: admin, body: { kind: 'display', name: '大厅屏' } });
    clock.advance(20 * 60_000);
    expect((await srv.api('POST', '/devices/pair', { body: { code: code.body.code } })).status).toBe(401);
  });
});

describe('account administration', () => {
  it('an admin creates a staff account once; a taken username is a clear 400, not a server error', async () => {
    const srv = await startTestServer({ printers: new Map() });
    try {
      const admin = await srv.login('admin');
      const body = { username: 'zhaolei', displayName: '赵磊', role: 'staff', password: 'a-long-password', certified: ['tax'] };
      expect((await srv.api('POST', '/users', { token: admin, body })).status).toBe(201);
      const again = await srv.api('POST', '/users', { token: admin, body });
      expect(again.status).toBe(400);
      expect(again.body.error.message).toContain('用户名已存在');
      expect((await srv.api('POST', '/users', { token: admin, body: { ...body, username: 'admin' } })).status).toBe(400);
      expect((await srv.api('POST', '/auth/login', { body: { username: 'zhaolei', password: 'a-long-password' } })).status).toBe(200);
    } finally {
      await srv.stop();
    }
  });
});
