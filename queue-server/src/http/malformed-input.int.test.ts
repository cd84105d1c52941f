import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS } from '@hall/contract';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

type Role = 'none' | 'kiosk' | 'staff' | 'supervisor' | 'admin';
interface Route {
  method: string;
  path: string;
  role: Role;
  body?: Record<string, unknown>;
}

const HUGE = 'x'.repeat(100_000);
const WRONG_TYPES: unknown[] = [42, 'text', [], [1, 2], true, { nested: { deep: [] } }];

describe('malformed input never yields a 5xx and never hurts the hall', () => {
  let srv: TestServer;
  const tokens: Partial<Record<Role, string>> = {};
  let routes: Route[] = [];
  beforeAll(async () => {
    srv = await startTestServer({ printers: new Map() });
    tokens.kiosk = await srv.kioskToken();
    tokens.supervisor = await srv.login('supervisor');
    tokens.admin = await srv.login('admin');
    const staffName = srv.config.staff.find((s) => s.role === 'staff')!.username;
    tokens.staff = await srv.login(staffName);
    const w = 'W01';
    const cat = srv.config.categories[0]!.id;
    routes = [
      { method: 'POST', path: '/auth/login', role: 'none', body: { username: 'supervisor', password: 'x' } },
      { method: 'POST', path: '/tickets', role: 'kiosk', body: { categoryId: cat } },
      { method: 'GET', path: '/tickets?date=2026-13-45', role: 'staff' },
      { method: 'GET', path: '/tickets?status=nope', role: 'staff' },
      { method: 'GET', path: '/tickets/unknown-id', role: 'staff' },
      { method: 'GET', path: '/tickets/unknown-id/form', role: 'staff' },
      { method: 'GET', path: '/public/tickets/unknown-token-123', role: 'none' },
      { method: 'GET', path: '/windows', role: 'staff' },
      ...['call-next', 'recall', 'start', 'finish', 'no-show', 'suspend', 'resume'].map((a) => ({
        method: 'POST',
        path: `/windows/${w}/${a}`,
        role: 'supervisor' as Role,
        body: {},
      })),
      ...['sign-in', 'sign-out'].map((a) => ({ method: 'POST', path: `/windows/${w}/${a}`, role: 'staff' as Role, body: {} })),
      { method: 'POST', path: `/windows/${w}/pause`, role: 'supervisor', body: { reason: '午休' } },
      { method: 'POST', path: `/windows/${w}/transfer`, role: 'supervisor', body: { categoryId: cat } },
      { method: 'POST', path: `/windows/${w}/call-specific`, role: 'supervisor', body: { number: 'A999' } },
      { method: 'POST', path: `/windows/${w}/hand-over`, role: 'supervisor', body: { username: 'x', password: 'y' } },
      { method: 'POST', path: `/windows/${w}/requeue`, role: 'supervisor', body: { ticketId: 'nope' } },
      { method: 'POST', path: `/windows/${w}/resume-ticket`, role: 'supervisor', body: { ticketId: 'nope' } },
      { method: 'PUT', path: `/windows/${w}/allocation`, role: 'supervisor', body: { categories: [cat] } },
      { method: 'PUT', path: '/hall/notices', role: 'supervisor', body: { notices: ['x'] } },
      { method: 'GET', path: '/stats?date=yesterday', role: 'supervisor' },
      { method: 'GET', path: '/events?date=bad', role: 'supervisor' },
      { method: 'POST', path: '/appointments', role: 'supervisor', body: { appointments: [] } },
      { method: 'POST', path: '/appointments/check-in', role: 'kiosk', body: { code: 'NOPE-0000' } },
      { method: 'POST', path: '/users', role: 'admin', body: { username: 'n' } },
      { method: 'POST', path: '/devices/pairing-codes', role: 'admin', body: { kind: 'toaster' } },
      { method: 'POST', path: '/devices/pair', role: 'none', body: { code: 'NOT-A-CODE' } },
      { method: 'DELETE', path: '/devices/nope', role: 'admin' },
      { method: 'POST', path: '/windows/NO_SUCH_WINDOW/call-next', role: 'supervisor', body: {} },
    ];
  });
  afterAll(async () => {
    await srv.stop();
  });

  const expect4xx = (r: { status: number; body: any; text: string }, what: string) => {
    expect(r.status, `${what}: ${r.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
    expect(r.status, what).toBeLessThan(500);
    if (r.status !== 204) {
      expect(typeof r.body?.error?.code, `${what}: ${r.text.slice(0, 200)}`).toBe('string');
      expect(r.body.error.message.length).toBeGreaterThan(0);
    }
  };

  it('answers bad JSON, wrong types, missing fields and huge strings with a 4xx and a code', async () => {
    for (const r of routes) {
      const token = r.role === 'none' ? undefined : tokens[r.role];
      if (r.method === 'GET' || r.method === 'DELETE') {
        const res = await srv.api(r.method, r.path, { token });
        if (res.status >= 400) expectWithin(res, r.path);
        continue;
      }
      expect4xx(await srv.api(r.method, r.path, { token, raw: '{"broken": ' }), `${r.path} bad JSON`);
      expect4xx(await srv.api(r.method, r.path, { token, raw: HUGE }), `${r.path} huge body`);
      for (const field of Object.keys(r.body ?? { x: 1 })) {
        for (const wrong of WRONG_TYPES) {
          const res = await srv.api(r.method, r.path, { token, body: { ...r.body, [field]: wrong } });
          expectWithin(res, `${r.path} ${field}=${JSON.stringify(wrong)}`);
        }
        expectWithin(
          await srv.api(r.method, r.path, { token, body: { ...r.body, [field]: HUGE.slice(0, 20_000) } }),
          `${r.path} ${field} long`,
        );
      }
      expectWithin(await srv.api(r.method, r.path, { token, body: { unexpected: 'field', ...r.body } }), `${r.path} extra field`);
      expectWithin(await srv.api(r.method, r.path, { token, raw: '[]' }), `${r.path} array body`);
      expectWithin(await srv.api(r.method, r.path, { token, raw: 'null' }), `${r.path} null body`);
    }
    function expectWithin(res: { status: number; body: any; text: string }, what: string) {
      expect(res.status, `${what}: ${res.text.slice(0, 200)}`).toBeLessThan(500);
      if (res.status >= 400) expect(Object.keys(ERRORS), what).toContain(res.body?.error?.code);
    }
  });

  it('refuses every protected route without a token, with a bad token, and with the wrong role', async () => {
    for (const r of routes.filter((x) => x.role !== 'none')) {
      expect4xx(await srv.api(r.method, r.path, { body: r.body }), `${r.path} no token`);
      const bad = await srv.api(r.method, r.path, { token: 'not-a-real-token', body: r.body });
      expect(bad.status, r.path).toBe(401);
      const lower: Role | null =
        r.role === 'admin'
          ? 'supervisor'
          : r.role === 'supervisor'
            ? 'staff'
            : r.role === 'staff'
              ? 'kiosk'
              : r.role === 'kiosk'
                ? null
                : null;
      if (lower && !r.path.includes('NO_SUCH')) {
        const res = await srv.api(r.method, r.path, { token: tokens[lower], body: r.body });
        expect(res.status, `${r.path} as ${lower}: ${res.text}`).toBe(403);
      }
    }
    const staffElsewhere = await srv.api('POST', '/windows/W02/call-next', { token: tokens.staff, body: {} });
    expect([403]).toContain(staffElsewhere.status);
    expect(['NOT_AT_WINDOW', 'FORBIDDEN']).toContain(staffElsewhere.body.error.code);
  });

  it('answers unknown routes and ids with 404 codes', async () => {
    expect4xx(await srv.api('GET', '/no/such/route'), 'unknown route');
    const r = await srv.api('GET', '/tickets/00000000-0000-0000-0000-000000000000', { token: tokens.staff });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('UNKNOWN_TICKET');
  });

  it('answers garbage on every socket event with an error ack and stays connected', async () => {
    const events: Record<string, string[]> = {
      '/kiosk': ['ticket:issue', 'hall:resync'],
      '/counter': [
        'window:sign-in',
        'window:sign-out',
        'ticket:call-next',
        'ticket:recall',
        'ticket:start',
        'ticket:finish',
        'ticket:no-show',
        'ticket:suspend',
        'ticket:resume',
        'ticket:transfer',
        'ticket:call-specific',
        'ticket:requeue',
        'window:pause',
        'window:resume',
        'hall:resync',
      ],
      '/supervisor': ['window:set-allocation', 'alert:acknowledge', 'ticket:call-next', 'window:pause'],
    };
    const tokenFor: Record<string, string | undefined> = {
      '/kiosk': tokens.kiosk,
      '/counter': tokens.staff,
      '/supervisor': tokens.supervisor,
    };
    const payloads: unknown[] = [
      null,
      42,
      'x',
      [],
      { windowId: 123 },
      { windowId: 'NOPE' },
      { windowId: HUGE.slice(0, 10_000) },
      { ticketId: {} },
      { categoryId: [] },
    ];
    for (const [nsp, list] of Object.entries(events)) {
      const s = await srv.socket(nsp, tokenFor[nsp]);
      for (const ev of list) {
        if (ev === 'hall:resync') continue;
        for (const p of payloads) {
          const res = (await s.timeout(5000).emitWithAck(ev, p)) as { ok: boolean; code?: string };
          expect(res.ok, `${nsp} ${ev} ${JSON.stringify(p)?.slice(0, 40)}`).toBe(false);
          expect(Object.keys(ERRORS)).toContain(res.code);
        }
        // An event without an ack callback must not crash anything either.
        s.emit(ev, { windowId: 'W01' });
      }
      expect(s.connected).toBe(true);
      s.disconnect();
    }
    // Wrong role on a namespace: refused at the handshake.
    await expect(srv.socket('/supervisor', tokens.staff)).rejects.toThrow(/FORBIDDEN/);
    await expect(srv.socket('/counter', 'garbage-token')).rejects.toThrow(/UNAUTHENTICATED/);
    await expect(srv.socket('/kiosk')).rejects.toThrow(/UNAUTHENTICATED/);
  });

  it('is still up and consistent afterwards', async () => {
    const health = await srv.api('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body.ok).toBe(true);
    const before = (await srv.api('GET', '/tickets', { token: tokens.supervisor })).body.tickets.length;
    const issued = await srv.api('POST', '/tickets', { token: tokens.kiosk, body: { categoryId: srv.config.categories[0]!.id } });
    expect(issued.status).toBe(201);
    const after = (await srv.api('GET', '/tickets', { token: tokens.supervisor })).body.tickets;
    expect(after.length).toBe(before + 1);
    expect(new Set(after.map((t: { number: string }) => t.number)).size).toBe(after.length);
  });
});
