/**
 * Passwords and sign-in against a real server: the policy, changing one's own password, admin reset,
 * disable/enable, forced change of handed-over passwords outside the demo, lockout per (username, address)
 * that never locks the admin out of the console machine, trustProxy, and the security audit log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_PASSWORD, DEMO_PASSWORD, allDayHours, demoConfig, startTestServer, type TestServer } from '../testing/test-server.ts';
import { createQueueServer, WeakAdminPasswordError } from '../server.ts';
import { manualClock } from './clock.ts';

let srv: TestServer | null = null;
afterEach(async () => {
  await srv?.stop();
  srv = null;
});

const login = (s: TestServer, username: string, password: string, from?: string) =>
  s.api('POST', '/auth/login', { body: { username, password }, headers: from ? { 'x-forwarded-for': from } : {} });

describe('password policy and management', () => {
  it('refuses short and common passwords with their own codes; a strong one is taken', async () => {
    srv = await startTestServer({ printers: new Map() });
    const admin = await srv.login('admin');
    const body = (password: string) => ({ username: 'zhaolei', displayName: '赵磊', role: 'staff', password, certified: [] });
    const short = await srv.api('POST', '/users', { token: admin, body: body('12345678') });
    expect(short.status).toBe(400);
    expect(short.body.error).toMatchObject({ code: 'PASSWORD_TOO_SHORT', params: { min: 10 } });
    for (const weak of ['qwertyuiop', '1234567890', 'aaaaaaaaaaaa', 'zhaolei', 'password123']) {
      const r = await srv.api('POST', '/users', { token: admin, body: body(weak) });
      expect(r.status, weak).toBe(400);
      expect(['PASSWORD_TOO_COMMON', 'PASSWORD_TOO_SHORT'], weak).toContain(r.body.error.code);
    }
    expect((await srv.api('POST', '/users', { token: admin, body: body('cedar-harbour-5512') })).status).toBe(201);
  });

  it('a weak HALL_ADMIN_PASSWORD stops the server from starting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hall-weak-'));
    try {
      await expect(
        createQueueServer({ config: demoConfig(allDayHours), port: 0, dataDir: dir, adminPassword: '1', tickMs: 0, printers: new Map() }),
      ).rejects.toBeInstanceOf(WeakAdminPasswordError);
      // It released its data folder: a correct start right after works.
      const ok = await createQueueServer({
        config: demoConfig(allDayHours),
        port: 0,
        dataDir: dir,
        adminPassword: ADMIN_PASSWORD,
        tickMs: 0,
        printers: new Map(),
      });
      await ok.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('changing one’s own password needs the current one, ends the other sessions and keeps this one', async () => {
    srv = await startTestServer({ printers: new Map() });
    const mine = await srv.login('wangke');
    const elsewhere = await srv.login('wangke');
    const wrong = await srv.api('POST', '/auth/password', {
      token: mine,
      body: { currentPassword: 'nope', newPassword: 'maple-river-0921' },
    });
    expect(wrong.body.error.code).toBe('BAD_CREDENTIALS');
    const weak = await srv.api('POST', '/auth/password', { token: mine, body: { currentPassword: DEMO_PASSWORD, newPassword: 'abc' } });
    expect(weak.body.error.code).toBe('PASSWORD_TOO_SHORT');
    const ok = await srv.api('POST', '/auth/password', {
      token: mine,
      body: { currentPassword: DEMO_PASSWORD, newPassword: 'maple-river-0921' },
    });
    expect(ok.status).toBe(204);
    expect((await srv.api('GET', '/auth/me', { token: mine })).status).toBe(200);
    expect((await srv.api('GET', '/auth/me', { token: elsewhere })).status).toBe(401);
    expect((await login(srv, 'wangke', DEMO_PASSWORD)).status).toBe(401);
    expect((await login(srv, 'wangke', 'maple-river-0921')).status).toBe(200);
  });

  it('a password an admin set (new account or reset) must be changed before anything else', async () => {
    srv = await startTestServer({ printers: new Map() });
    const admin = await srv.login('admin');
    expect((await srv.api('POST', '/users/wangke/password', { token: admin, body: { newPassword: 'temporary-pass-4410' } })).status).toBe(
      204,
    );
    const r = await login(srv, 'wangke', 'temporary-pass-4410');
    expect(r.status).toBe(200);
    expect(r.body.mustChangePassword).toBe(true);
    const blocked = await srv.api('GET', '/windows', { token: r.body.token });
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    await expect(srv.socket('/counter', r.body.token)).rejects.toMatchObject({ data: { code: 'PASSWORD_CHANGE_REQUIRED' } });
    expect((await srv.api('GET', '/auth/me', { token: r.body.token })).body.mustChangePassword).toBe(true);
    const same = await srv.api('POST', '/auth/password', {
      token: r.body.token,
      body: { currentPassword: 'temporary-pass-4410', newPassword: 'temporary-pass-4410' },
    });
    expect(same.body.error.code).toBe('PASSWORD_SAME');
    const changed = await srv.api('POST', '/auth/password', {
      token: r.body.token,
      body: { currentPassword: 'temporary-pass-4410', newPassword: 'own-choice-password-77' },
    });
    expect(changed.status).toBe(204);
    expect((await srv.api('GET', '/windows', { token: r.body.token })).status).toBe(200);
    const list = await srv.api('GET', '/users', { token: admin });
    const wk = list.body.users.find((u: { username: string }) => u.username === 'wangke');
    expect(wk).toMatchObject({ mustChangePassword: false, disabled: false });
    expect(JSON.stringify(list.body)).not.toContain('scrypt$');
  });

  it('outside the demo hall the seeded demo passwords must be changed at first sign-in', async () => {
    srv = await startTestServer({
      printers: new Map(),
      config: demoConfig((c) => {
        c.settings.demo = false;
      }),
    });
    const r = await login(srv, 'supervisor', DEMO_PASSWORD);
    expect(r.body.mustChangePassword).toBe(true);
    expect((await srv.api('GET', '/stats', { token: r.body.token })).body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const admin = await login(srv, 'admin', ADMIN_PASSWORD);
    expect(admin.body.mustChangePassword).toBe(true);
  });

  it('disable refuses oneself and the last admin; a disabled account cannot sign in', async () => {
    srv = await startTestServer({ printers: new Map() });
    const admin = await srv.login('admin');
    expect((await srv.api('POST', '/users/admin/disable', { token: admin, body: {} })).body.error.code).toBe('CANNOT_DISABLE_SELF');
    expect((await srv.api('POST', '/users/nobody/disable', { token: admin, body: {} })).status).toBe(404);
    expect((await srv.api('POST', '/users/supervisor/disable', { token: admin, body: {} })).status).toBe(204);
    expect((await login(srv, 'supervisor', DEMO_PASSWORD)).body.error.code).toBe('BAD_CREDENTIALS');
    expect((await srv.api('POST', '/users/supervisor/enable', { token: admin, body: {} })).status).toBe(204);
    expect((await login(srv, 'supervisor', DEMO_PASSWORD)).status).toBe(200);
  });
});

describe('lockout cannot be turned against the hall', () => {
  const proxied = () =>
    demoConfig((c) => {
      allDayHours(c);
      c.settings.trustProxy = true;
    });

  it('a stranger’s wrong passwords lock only the stranger; the admin at the console and other users there still sign in', async () => {
    const clock = manualClock(Date.parse('2026-11-23T01:00:00Z'));
    srv = await startTestServer({ printers: new Map(), clock, config: proxied() });
    const stranger = '203.0.113.7';
    for (let i = 0; i < 12; i++) await login(srv, 'admin', `guess-${i}`, stranger);
    const strangerNow = await login(srv, 'admin', ADMIN_PASSWORD, stranger);
    expect(strangerNow.status).toBe(429);
    expect(strangerNow.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    // The console machine (direct loopback) is a different pair: the admin signs in at once.
    expect((await login(srv, 'admin', ADMIN_PASSWORD)).status).toBe(200);
    // Another user behind the stranger's address (one NAT) is not locked either.
    expect((await login(srv, 'wangke', DEMO_PASSWORD, stranger)).status).toBe(200);
    // The stranger's wait doubles: after 10 s it is still refused.
    clock.advance(10_000);
    expect((await login(srv, 'admin', ADMIN_PASSWORD, stranger)).status).toBe(429);
  });

  it('at the console itself the wait never exceeds two seconds', async () => {
    const clock = manualClock(Date.parse('2026-11-23T01:00:00Z'));
    srv = await startTestServer({ printers: new Map(), clock, config: proxied() });
    for (let i = 0; i < 15; i++) await login(srv, 'admin', `guess-${i}`);
    expect((await login(srv, 'admin', ADMIN_PASSWORD)).status).toBe(429);
    clock.advance(2_000);
    expect((await login(srv, 'admin', ADMIN_PASSWORD)).status).toBe(200);
  });

  it('without trustProxy a forwarded address is ignored for the key, yet never counts as the console', async () => {
    srv = await startTestServer({ printers: new Map() });
    const r = await srv.api('POST', '/devices/pair-local', {
      body: { kind: 'kiosk', deviceId: 'K9', name: 'k' },
      headers: { 'x-forwarded-for': '198.51.100.4' },
    });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('PAIRING_REQUIRED');
    expect((await srv.api('POST', '/devices/pair-local', { body: { kind: 'kiosk', deviceId: 'K9', name: 'k' } })).status).toBe(200);
  });
});

describe('security audit log', () => {
  it('records sign-ins, failures, accounts, passwords, devices and acknowledgements, without personal data', async () => {
    srv = await startTestServer({ printers: new Map(), config: proxied2() });
    const admin = await srv.login('admin');
    await login(srv, 'no-such-person-13800138000', 'typed-secret-1', '203.0.113.8');
    await login(srv, 'wangke', 'typed-secret-2', '203.0.113.8');
    await srv.api('POST', '/users', {
      token: admin,
      body: { username: 'zhaolei', displayName: '赵磊', role: 'staff', password: 'cedar-harbour-5512', certified: [] },
    });
    await srv.api('POST', '/users/zhaolei/password', { token: admin, body: { newPassword: 'granite-violet-3310' } });
    await srv.api('POST', '/users/zhaolei/disable', { token: admin, body: {} });
    await srv.api('POST', '/users/zhaolei/enable', { token: admin, body: {} });
    const code = await srv.api('POST', '/devices/pairing-codes', {
      token: admin,
      body: { kind: 'display', name: '大厅屏', deviceId: 'D7' },
    });
    await srv.api('POST', '/devices/pair', { body: { code: code.body.code } });
    await srv.api('DELETE', '/devices/D7', { token: admin });
    const alert = srv.alerts.raise('storage', 'warning', 'audit-test', 'test alert');
    const sup = await srv.login('supervisor');
    await srv.api('POST', `/alerts/${alert!.id}/acknowledge`, { token: sup, body: {} });
    const tokenOfWangke = await srv.login('wangke');
    await srv.api('POST', '/auth/logout', { token: tokenOfWangke });

    expect((await srv.api('GET', '/audit?type=security', { token: sup })).status).toBe(403);
    const r = await srv.api('GET', '/audit?type=security', { token: admin });
    expect(r.status).toBe(200);
    const types = new Set(r.body.events.map((e: { type: string }) => e.type));
    for (const t of [
      'auth.logged_in',
      'auth.login_failed',
      'auth.logged_out',
      'account.created',
      'account.password_reset',
      'account.disabled',
      'account.enabled',
      'device.pairing_code_issued',
      'device.paired',
      'device.revoked',
      'alert.acknowledged',
    ])
      expect(types, t).toContain(t);
    const failed = r.body.events.filter((e: { type: string }) => e.type === 'auth.login_failed');
    expect(failed.map((e: { actor: string }) => e.actor).sort()).toEqual(['(unknown)', 'wangke']);
    expect(failed[0].source).toBe('rest 203.0.113.8');
    const text = JSON.stringify(r.body);
    for (const secret of ['typed-secret-1', 'typed-secret-2', '13800138000', 'cedar-harbour-5512', 'granite-violet-3310', code.body.code])
      expect(text).not.toContain(secret);
  });
});

function proxied2() {
  return demoConfig((c) => {
    allDayHours(c);
    c.settings.trustProxy = true;
  });
}

describe('bounded input', () => {
  it('a form with more fields than any service has is refused with a code', async () => {
    srv = await startTestServer({ printers: new Map() });
    const kiosk = await srv.kioskToken();
    const categoryId = srv.config.categories[0]!.id;
    const fields = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, 'x']));
    const many = await srv.api('POST', '/tickets', { token: kiosk, body: { categoryId, form: { fields: fields(41) } } });
    expect(many.status).toBe(400);
    expect(many.body.error.code).toBe('VALIDATION_FAILED');
    expect((await srv.api('POST', '/tickets', { token: kiosk, body: { categoryId, form: { fields: fields(3) } } })).status).toBe(201);
  });
});
