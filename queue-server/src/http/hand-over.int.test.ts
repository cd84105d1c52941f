/**
 * AB岗 hand-over to a colleague whose password was handed to them (a new or reset account): refused before
 * anything changes until the request carries their own new password; then the password (by the rules of
 * `POST /auth/password`), its audit event and the hand-over are stored together, and the token works.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../testing/test-server.ts';

let srv: TestServer | null = null;
afterEach(async () => {
  await srv?.stop();
  srv = null;
});

const TEMPORARY = 'temporary-pass-4410';
const CHOSEN = 'own-choice-password-77';

/** A hall with zhangwei signed in at W01 and `colleague`'s password reset by the admin (so it must be changed). */
async function hallWithHandedOverPassword(colleague: string) {
  const s = await startTestServer({ printers: new Map() });
  srv = s;
  const admin = await s.login('admin');
  const supervisor = await s.login('supervisor');
  expect((await s.api('POST', `/users/${colleague}/password`, { token: admin, body: { newPassword: TEMPORARY } })).status).toBe(204);
  const zhangwei = await s.login('zhangwei');
  expect((await s.api('POST', '/windows/W01/sign-in', { token: zhangwei, body: {} })).status).toBe(200);
  const staffOfW01 = async () =>
    (await s.api('GET', '/windows', { token: supervisor })).body.windows.find((w: { id: string }) => w.id === 'W01').staff?.username;
  const eventsOf = async (type: string) =>
    (await s.api('GET', `/events?type=${type}`, { token: supervisor })).body.events as Array<{
      actor: string;
      windowId: string | null;
      data: Record<string, unknown>;
    }>;
  const handOver = (body: Record<string, unknown>) => s.api('POST', '/windows/W01/hand-over', { token: zhangwei, body });
  return { s, admin, supervisor, zhangwei, staffOfW01, eventsOf, handOver };
}

describe('AB岗 hand-over to an account that must change its password', () => {
  it('is refused with PASSWORD_CHANGE_REQUIRED before anything changes when no new password comes with it', async () => {
    const { staffOfW01, eventsOf, handOver } = await hallWithHandedOverPassword('wangfang');
    const r = await handOver({ username: 'wangfang', password: TEMPORARY });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(r.body.token).toBeUndefined();
    expect(await staffOfW01()).toBe('zhangwei');
    expect(await eventsOf('window.handed_over')).toEqual([]);
    expect((await eventsOf('auth.logged_in')).filter((e) => e.data.via === 'hand-over')).toEqual([]);
    // A wrong password still says so first: the account's state is never told to a stranger.
    const wrong = await handOver({ username: 'wangfang', password: 'not-her-password', newPassword: CHOSEN });
    expect(wrong.body.error.code).toBe('BAD_CREDENTIALS');
  });

  it('refuses a weak or unchanged new password with the codes of a normal change, leaving window and password as they were', async () => {
    const { s, staffOfW01, eventsOf, handOver } = await hallWithHandedOverPassword('wangfang');
    const short = await handOver({ username: 'wangfang', password: TEMPORARY, newPassword: 'abc' });
    expect(short.status).toBe(400);
    expect(short.body.error).toMatchObject({ code: 'PASSWORD_TOO_SHORT', params: { min: 10 } });
    const common = await handOver({ username: 'wangfang', password: TEMPORARY, newPassword: 'password123' });
    expect(common.body.error.code).toBe('PASSWORD_TOO_COMMON');
    const same = await handOver({ username: 'wangfang', password: TEMPORARY, newPassword: TEMPORARY });
    expect(same.body.error.code).toBe('PASSWORD_SAME');
    const tooLong = await handOver({ username: 'wangfang', password: TEMPORARY, newPassword: 'x'.repeat(129) });
    expect(tooLong.body.error.code).toBe('VALIDATION_FAILED');
    expect(await staffOfW01()).toBe('zhangwei');
    expect(await eventsOf('window.handed_over')).toEqual([]);
    expect(await eventsOf('account.password_changed')).toEqual([]);
    const still = await s.api('POST', '/auth/login', { body: { username: 'wangfang', password: TEMPORARY } });
    expect(still.status).toBe(200);
    expect(still.body.mustChangePassword).toBe(true);
  });

  it('with a good new password: hands over, changes the password with its audit event, and the token works', async () => {
    const { s, admin, zhangwei, staffOfW01, eventsOf, handOver } = await hallWithHandedOverPassword('wangfang');
    const kiosk = await s.kioskToken();
    const issued = await s.api('POST', '/tickets', { token: kiosk, body: { categoryId: 'enterprise' } });
    expect(issued.status).toBe(201);
    // A session she opened elsewhere with the handed-over password ends with the change, as any change does.
    const elsewhere = (await s.api('POST', '/auth/login', { body: { username: 'wangfang', password: TEMPORARY } })).body.token as string;

    const r = await handOver({ username: 'wangfang', password: TEMPORARY, newPassword: CHOSEN });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ role: 'staff', displayName: '王芳', mustChangePassword: false, window: { id: 'W01' } });
    expect(r.body.window.staff.username).toBe('wangfang');
    expect(await staffOfW01()).toBe('wangfang');

    const token = r.body.token as string;
    expect((await s.api('GET', '/auth/me', { token })).body).toMatchObject({ id: 'wangfang', windowId: 'W01', mustChangePassword: false });
    const called = await s.api('POST', '/windows/W01/call-next', { token });
    expect(called.status).toBe(200);
    expect(called.body.ticket.number).toBe(issued.body.ticket.number);
    const socket = await s.socket('/counter', token);
    socket.disconnect();
    expect((await s.api('GET', '/auth/me', { token: elsewhere })).status).toBe(401);
    // The one who handed over is no longer at the window.
    expect((await s.api('POST', '/windows/W01/recall', { token: zhangwei })).body.error.code).toBe('NOT_AT_WINDOW');

    expect((await s.api('POST', '/auth/login', { body: { username: 'wangfang', password: TEMPORARY } })).status).toBe(401);
    const fresh = await s.api('POST', '/auth/login', { body: { username: 'wangfang', password: CHOSEN } });
    expect(fresh.status).toBe(200);
    expect(fresh.body.mustChangePassword).toBe(false);

    const security = (await s.api('GET', '/audit', { token: admin })).body.events as Array<{ type: string; actor: string; data: any }>;
    expect(security.filter((e) => e.type === 'account.password_changed')).toEqual([
      expect.objectContaining({ actor: 'wangfang', data: { username: 'wangfang', via: 'hand-over' } }),
    ]);
    expect(security.find((e) => e.type === 'auth.logged_in' && e.data.via === 'hand-over')).toMatchObject({ actor: 'wangfang' });
    expect(JSON.stringify(security)).not.toContain(CHOSEN);
    expect(JSON.stringify(security)).not.toContain(TEMPORARY);
    expect(await eventsOf('window.handed_over')).toEqual([
      expect.objectContaining({ actor: 'zhangwei', windowId: 'W01', data: expect.objectContaining({ to: 'wangfang' }) }),
    ]);
    const users = (await s.api('GET', '/users', { token: admin })).body.users as Array<{ username: string; mustChangePassword: boolean }>;
    expect(users.find((u) => u.username === 'wangfang')?.mustChangePassword).toBe(false);
  });

  it('a hand-over the window rules refuse stores no new password either (both or neither)', async () => {
    // 刘洋 is certified for 医保社保 only, not for W01's categories.
    const { s, staffOfW01, eventsOf, handOver } = await hallWithHandedOverPassword('liuyang');
    const r = await handOver({ username: 'liuyang', password: TEMPORARY, newPassword: CHOSEN });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('NOT_CERTIFIED');
    expect(await staffOfW01()).toBe('zhangwei');
    expect(await eventsOf('account.password_changed')).toEqual([]);
    const still = await s.api('POST', '/auth/login', { body: { username: 'liuyang', password: TEMPORARY } });
    expect(still.status).toBe(200);
    expect(still.body.mustChangePassword).toBe(true);
  });

  it('refuses a new password for an account that need not change one (PASSWORD_CHANGE_NOT_REQUIRED), changing nothing', async () => {
    // wangfang keeps her demo password here (it is another colleague's that was reset).
    const { s, staffOfW01, eventsOf, handOver } = await hallWithHandedOverPassword('liyan');
    const r = await handOver({ username: 'wangfang', password: DEMO_PASSWORD, newPassword: CHOSEN });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('PASSWORD_CHANGE_NOT_REQUIRED');
    expect(r.body.error.message).toContain('无需修改密码');
    expect(await staffOfW01()).toBe('zhangwei');
    expect(await eventsOf('window.handed_over')).toEqual([]);
    expect((await s.api('POST', '/auth/login', { body: { username: 'wangfang', password: DEMO_PASSWORD } })).status).toBe(200);
    // Without it the same colleague takes over as before.
    const ok = await handOver({ username: 'wangfang', password: DEMO_PASSWORD });
    expect(ok.status).toBe(200);
    expect(ok.body.mustChangePassword).toBe(false);
    expect(await staffOfW01()).toBe('wangfang');
  });

  it('the OpenAPI document describes newPassword and both refusals', async () => {
    const s = await startTestServer({ printers: new Map() });
    srv = s;
    const op = (await s.api('GET', '/openapi.json')).body.paths['/windows/{id}/hand-over'].post;
    expect(op.requestBody.content['application/json'].schema.properties).toHaveProperty('newPassword');
    expect(op.requestBody.content['application/json'].schema.required).toEqual(['username', 'password']);
    expect(op.description).toContain('Caller: staff.');
    expect(op.description).toContain('PASSWORD_CHANGE_REQUIRED');
    expect(op.description).toContain('PASSWORD_CHANGE_NOT_REQUIRED');
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '403', '409', '429']));
  });
});
