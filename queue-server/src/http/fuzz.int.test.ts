/** Fuzzing every REST body and socket payload with arbitrary JSON: never a 5xx, never a thrown ack, never down. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

describe('fuzzing', () => {
  let srv: TestServer;
  const tokens: Record<string, string> = {};
  let routes: Array<{ method: string; path: string }> = [];
  beforeAll(async () => {
    srv = await startTestServer({ printers: new Map() });
    tokens.kiosk = await srv.kioskToken();
    tokens.supervisor = await srv.login('supervisor');
    tokens.admin = await srv.login('admin');
    const paths = (await srv.api('GET', '/openapi.json')).body.paths as Record<string, Record<string, unknown>>;
    routes = Object.entries(paths)
      .flatMap(([p, ops]) =>
        Object.keys(ops)
          .filter((m) => m === 'post' || m === 'put')
          .map((m) => ({ method: m.toUpperCase(), path: p })),
      )
      .filter((r) => r.path !== '/auth/logout')
      .map((r) => ({ ...r, path: r.path.replace('{id}', 'W03').replace('{token}', 'x'.repeat(20)).replace('{number}', 'A001') }));
  });
  afterAll(async () => {
    await srv.stop();
  });

  it('arbitrary JSON bodies on every POST/PUT route get a non-5xx answer', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 10_000 }),
        fc.jsonValue({ maxDepth: 3 }),
        fc.constantFrom('kiosk', 'supervisor', 'admin'),
        async (i, body, who) => {
          const route = routes[i % routes.length]!;
          const r = await srv.api(route.method, route.path, { token: tokens[who], raw: JSON.stringify(body) });
          expect(r.status, `${route.method} ${route.path} ${JSON.stringify(body).slice(0, 100)} → ${r.text.slice(0, 100)}`).toBeLessThan(
            500,
          );
        },
      ),
      { numRuns: 400 },
    );
  });

  it('arbitrary socket payloads get an error or success ack, never a crash', async () => {
    let s = await srv.socket('/supervisor', tokens.supervisor);
    const events = [
      'ticket:call-next',
      'ticket:recall',
      'ticket:transfer',
      'ticket:call-specific',
      'ticket:requeue',
      'window:pause',
      'window:resume',
      'window:set-allocation',
      'alert:acknowledge',
      'window:sign-in',
      'ticket:resume',
      'hall:resync',
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...events), fc.jsonValue({ maxDepth: 3 }), async (ev, payload) => {
        // The flood guard drops a socket after a run of refused events; a client then reconnects.
        if (!s.connected) s = await srv.socket('/supervisor', tokens.supervisor);
        try {
          const res = (await s.timeout(5000).emitWithAck(ev, payload)) as { ok: boolean };
          expect(typeof res.ok).toBe('boolean');
        } catch (err) {
          // No answer is only acceptable from a socket the server has closed, never from a live one.
          expect(s.connected, String(err)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
    if (!s.connected) s = await srv.socket('/supervisor', tokens.supervisor);
    expect(s.connected).toBe(true);
    expect((await srv.api('GET', '/health')).body.ok).toBe(true);
  });
});
