/**
 * The role × route matrix: every role tries every REST route the server registers (the OpenAPI document
 * lists them all, extensions included). A route added without a rule here fails this test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

type Who = 'anon' | 'display' | 'kiosk' | 'staff' | 'supervisor' | 'admin';
const ROLES: Who[] = ['anon', 'display', 'kiosk', 'staff', 'supervisor', 'admin'];
/** Who may call a route. 'window' = staff signed in at that window, or supervisor+. */
type Rule = 'anyone' | 'device' | 'kiosk' | 'kiosk+staff' | 'staff' | 'window' | 'supervisor' | 'admin';

const RULES: Array<[string, string, Rule]> = [
  ['get', '/health', 'anyone'],
  ['post', '/auth/login', 'anyone'],
  ['get', '/hall', 'anyone'],
  ['get', '/metrics', 'anyone'],
  ['get', '/openapi.json', 'anyone'],
  ['get', '/business-date', 'anyone'],
  ['post', '/devices/pair', 'anyone'],
  ['post', '/devices/pair-local', 'anyone'],
  ['get', '/public/tickets/{token}', 'anyone'],
  ['get', '/public/ratings/{token}', 'anyone'],
  ['post', '/ratings', 'anyone'],
  ['post', '/ratings/follow-up', 'anyone'],
  ['post', '/auth/logout', 'device'],
  ['get', '/auth/me', 'device'],
  ['post', '/tickets', 'kiosk+staff'],
  ['post', '/appointments/check-in', 'kiosk+staff'],
  ['get', '/kiosk/config', 'kiosk'],
  ['get', '/kiosk/printer-status', 'kiosk'],
  ['post', '/kiosk/print-guide', 'kiosk'],
  ['get', '/kiosk/tickets/{number}', 'kiosk'],
  ['post', '/ratings/kiosk', 'kiosk'],
  ['post', '/ratings/kiosk/check', 'kiosk'],
  ['get', '/tickets', 'staff'],
  ['get', '/tickets/{id}', 'staff'],
  ['get', '/tickets/{id}/form', 'staff'],
  ['get', '/windows', 'staff'],
  ['get', '/me/day', 'staff'],
  ['get', '/counter/rules', 'staff'],
  ['post', '/windows/{id}/sign-in', 'staff'],
  ...[
    'call-next',
    'recall',
    'start',
    'finish',
    'no-show',
    'suspend',
    'resume',
    'pause',
    'transfer',
    'call-specific',
    'hand-over',
    'requeue',
    'resume-ticket',
    'sign-out',
  ].map((a): [string, string, Rule] => ['post', `/windows/{id}/${a}`, 'window']),
  ['post', '/windows/{id}/matters/{serviceId}', 'window'],
  ['put', '/windows/{id}/allocation', 'supervisor'],
  ['put', '/hall/notices', 'supervisor'],
  ['post', '/appointments', 'supervisor'],
  ['get', '/ratings', 'supervisor'],
  ['get', '/stats', 'supervisor'],
  ['get', '/events', 'supervisor'],
  ['get', '/ratings/metrics', 'supervisor'],
  ['get', '/rectifications', 'supervisor'],
  ['get', '/rectifications/{id}', 'supervisor'],
  ['post', '/rectifications/{id}/advance', 'supervisor'],
  ['post', '/rectifications/{id}/appeal', 'supervisor'],
  ['post', '/rectifications/{id}/appeal/decide', 'supervisor'],
  ['get', '/counter/cases', 'staff'],
  ['get', '/province/codes', 'supervisor'],
  ['put', '/province/codes', 'supervisor'],
  ['get', '/ratings/outbox', 'supervisor'],
  ['post', '/what-if/run', 'supervisor'],
  ['get', '/what-if/staffing', 'supervisor'],
  ['post', '/what-if/cross-training', 'supervisor'],
  ['get', '/settings/hall', 'supervisor'],
  ['put', '/settings/allocation-mode', 'supervisor'],
  ['put', '/settings/thresholds', 'supervisor'],
  ['put', '/settings/hours', 'supervisor'],
  ['put', '/settings/calendar', 'supervisor'],
  ['get', '/allocation/proposals', 'supervisor'],
  ['post', '/allocation/run', 'supervisor'],
  ['post', '/allocation/proposals/{id}/apply', 'supervisor'],
  ['post', '/allocation/proposals/{id}/dismiss', 'supervisor'],
  ['get', '/allocation/windows', 'supervisor'],
  ['get', '/allocation/history', 'supervisor'],
  ['get', '/alerts', 'supervisor'],
  ['post', '/alerts/{id}/acknowledge', 'supervisor'],
  ['get', '/reports', 'supervisor'],
  ['get', '/reports/day.csv', 'supervisor'],
  ['get', '/reports/day.xlsx', 'supervisor'],
  ['get', '/reports/range.csv', 'supervisor'],
  ['get', '/reports/range.xlsx', 'supervisor'],
  ['post', '/users', 'admin'],
  ['get', '/users', 'admin'],
  ['post', '/auth/password', 'staff'],
  ['get', '/audit', 'admin'],
  ['post', '/users/{username}/password', 'admin'],
  ['post', '/users/{username}/disable', 'admin'],
  ['post', '/users/{username}/enable', 'admin'],
  ['post', '/devices/pairing-codes', 'admin'],
  ['delete', '/devices/{id}', 'admin'],
  ['get', '/devices', 'admin'],
];

function allowed(rule: Rule, who: Who): boolean {
  switch (rule) {
    case 'anyone':
      return true;
    case 'device':
      return who !== 'anon';
    case 'kiosk':
      return who === 'kiosk';
    case 'kiosk+staff':
      return ['kiosk', 'staff', 'supervisor', 'admin'].includes(who);
    case 'staff':
      return ['staff', 'supervisor', 'admin'].includes(who);
    // The staff member below is signed in at W01, and the matrix acts on W02.
    case 'window':
      return ['supervisor', 'admin'].includes(who);
    case 'supervisor':
      return ['supervisor', 'admin'].includes(who);
    case 'admin':
      return who === 'admin';
  }
}

const BODIES: Record<string, unknown> = {
  '/windows/{id}/pause': { reason: '午休' },
  '/windows/{id}/transfer': { categoryId: 'tax' },
  '/windows/{id}/call-specific': { number: 'A001' },
  '/windows/{id}/hand-over': { username: 'wangfang', password: 'hall-demo-2026' },
  '/windows/{id}/requeue': { ticketId: 'x' },
  '/windows/{id}/resume-ticket': { ticketId: 'x' },
  '/windows/{id}/matters/{serviceId}': { status: 'done' },
  '/windows/{id}/allocation': { categories: ['enterprise'] },
};

describe('role × route matrix', () => {
  let srv: TestServer;
  const tokens: Partial<Record<Who, string>> = {};
  let paths: Record<string, Record<string, unknown>> = {};
  beforeAll(async () => {
    srv = await startTestServer({ printers: new Map() });
    tokens.display = (await srv.api('POST', '/devices/pair-local', { body: { kind: 'display', deviceId: 'D1', name: 'd' } })).body.token;
    tokens.kiosk = await srv.kioskToken();
    tokens.staff = await srv.login('zhangwei');
    expect((await srv.api('POST', '/windows/W01/sign-in', { token: tokens.staff, body: {} })).status).toBe(200);
    tokens.supervisor = await srv.login('supervisor');
    tokens.admin = await srv.login('admin');
    paths = (await srv.api('GET', '/openapi.json')).body.paths;
  });
  afterAll(async () => {
    await srv.stop();
  });

  it('has a rule for every registered route', () => {
    const ruled = new Set(RULES.map(([m, p]) => `${m} ${p}`));
    const missing = Object.entries(paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`))
      .filter((k) => !ruled.has(k));
    expect(missing).toEqual([]);
  });

  it('every role is refused exactly where its rule says, with 401 or 403', async () => {
    const failures: string[] = [];
    // Signing in at W02 would move the staff member there, so it goes last.
    const ordered = [...RULES.filter(([, p]) => !p.endsWith('/sign-in')), ...RULES.filter(([, p]) => p.endsWith('/sign-in'))];
    for (const [method, path, rule] of ordered) {
      if (path === '/auth/logout') continue; // would revoke the token under test; covered in auth.int.test.ts
      const url = path.replace('{id}', 'W02').replace('{token}', 'tok-unknown-123').replace('{number}', 'A001');
      for (const who of ROLES) {
        const body = method === 'get' || method === 'delete' ? undefined : (BODIES[path] ?? {});
        const r = await srv.api(method.toUpperCase(), url, { token: tokens[who], body });
        const refused = r.status === 401 || r.status === 403;
        if (r.status >= 500) failures.push(`${who} ${method} ${url}: ${r.status}`);
        if (allowed(rule, who) === refused) failures.push(`${who} ${method} ${url}: got ${r.status} ${r.text.slice(0, 80)} (rule ${rule})`);
        if (!allowed(rule, who) && who === 'anon' && r.status !== 401)
          failures.push(`anon ${method} ${url}: expected 401, got ${r.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('staff act at their own window but not at another', async () => {
    expect((await srv.api('POST', '/windows/W01/sign-in', { token: tokens.staff, body: {} })).status).toBe(200);
    const own = await srv.api('POST', '/windows/W01/call-next', { token: tokens.staff, body: {} });
    expect([200, 204]).toContain(own.status);
    const other = await srv.api('POST', '/windows/W02/call-next', { token: tokens.staff, body: {} });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('NOT_AT_WINDOW');
  });

  it('every socket namespace admits only its roles', async () => {
    const expectRefused = (p: Promise<unknown>) => expect(p).rejects.toThrow(/FORBIDDEN|UNAUTHENTICATED/);
    await srv.socket('/display');
    await srv.socket('/kiosk', tokens.kiosk);
    await srv.socket('/kiosk', tokens.staff);
    await expectRefused(srv.socket('/kiosk', tokens.display));
    await expectRefused(srv.socket('/kiosk'));
    await srv.socket('/counter', tokens.staff);
    await expectRefused(srv.socket('/counter', tokens.kiosk));
    await expectRefused(srv.socket('/counter', tokens.display));
    await srv.socket('/supervisor', tokens.supervisor);
    await srv.socket('/supervisor', tokens.admin);
    await expectRefused(srv.socket('/supervisor', tokens.staff));
    await expectRefused(srv.socket('/supervisor', tokens.kiosk));
  });

  it('sockets carry no commands: a command sent over one is refused and changes nothing', async () => {
    const before = srv.hall.seq;
    for (const nsp of ['/counter', '/supervisor'] as const) {
      const s = await srv.socket(nsp, nsp === '/counter' ? tokens.staff : tokens.supervisor);
      for (const [ev, body] of [
        ['ticket:call-next', { windowId: 'W01' }],
        ['window:set-allocation', { windowId: 'W01', allocation: { categories: ['tax'] } }],
        ['ticket:issue', { categoryId: 'enterprise' }],
      ] as const) {
        const r = (await s.timeout(5000).emitWithAck(ev, body)) as { ok: boolean; code: string };
        expect(r, `${nsp} ${ev}`).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
      }
    }
    expect(srv.hall.seq).toBe(before);
  });
});
