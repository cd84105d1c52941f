import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, allDayHours, demoConfig } from '../testing/test-server.ts';
import { manualClock } from './clock.ts';

function numbersOf(tickets: Array<{ number: string }>, prefix: string): number[] {
  return tickets
    .filter((t) => t.number.startsWith(prefix) && /^\d+$/.test(t.number.slice(prefix.length)))
    .map((t) => Number(t.number.slice(prefix.length)))
    .sort((a, b) => a - b);
}

describe('ticket numbering', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({ printers: new Map() });
  });
  afterAll(async () => {
    await srv.stop();
  });

  it('eight concurrent clients issuing 2,000 tickets get unique, gap-free numbers per prefix', async () => {
    const kiosk = await srv.kioskToken();
    const cats = srv.config.categories.slice(0, 2);
    const perClient = 250;
    const clients = Array.from({ length: 8 }, async (_, c) => {
      const got: Array<{ id: string; number: string }> = [];
      for (let i = 0; i < perClient; i++) {
        const cat = cats[(c + i) % cats.length]!;
        const r = await srv.api('POST', '/tickets', {
          token: kiosk,
          body: { categoryId: cat.id, idempotencyKey: `client-${c}-ticket-${i}` },
        });
        expect(r.status).toBe(201);
        got.push(r.body.ticket);
      }
      return got;
    });
    const all = (await Promise.all(clients)).flat();
    expect(all).toHaveLength(2000);
    expect(new Set(all.map((t) => t.id)).size).toBe(2000);
    expect(new Set(all.map((t) => t.number)).size).toBe(2000);
    for (const cat of cats) {
      const nums = numbersOf(all, cat.prefix);
      expect(nums).toEqual(Array.from({ length: nums.length }, (_, i) => i + 1));
    }
    // The database agrees with what the clients were told.
    const listed = (await srv.api('GET', '/tickets', { token: await srv.login('supervisor') })).body.tickets;
    expect(listed).toHaveLength(2000);
  });

  it('the same idempotency key returns the same ticket, never a second one', async () => {
    const kiosk = await srv.kioskToken();
    const body = { categoryId: srv.config.categories[3]!.id, idempotencyKey: 'repeat-tap-0001' };
    const results = await Promise.all([1, 2, 3, 4].map(() => srv.api('POST', '/tickets', { token: kiosk, body })));
    expect(new Set(results.map((r) => r.body.ticket.id)).size).toBe(1);
    const other = await srv.api('POST', '/tickets', { token: kiosk, body: { ...body, categoryId: srv.config.categories[4]!.id } });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
  });
});

describe('numbering across local midnight (injected clock)', () => {
  it('restarts at 001 on the next local business date', async () => {
    // 23:58:30 in Beijing is 15:58:30 UTC.
    const clock = manualClock(Date.parse('2026-11-21T15:58:30Z'));
    const srv = await startTestServer({ printers: new Map(), clock, config: demoConfig(allDayHours) });
    try {
      const kiosk = await srv.kioskToken();
      const cat = srv.config.categories[0]!;
      const before = [];
      for (let i = 0; i < 3; i++)
        before.push((await srv.api('POST', '/tickets', { token: kiosk, body: { categoryId: cat.id } })).body.ticket);
      expect(before.map((t) => t.number)).toEqual([`${cat.prefix}001`, `${cat.prefix}002`, `${cat.prefix}003`]);
      expect(before[0].businessDate).toBe('2026-11-21');
      clock.advance(120_000);
      const after = (await srv.api('POST', '/tickets', { token: kiosk, body: { categoryId: cat.id } })).body.ticket;
      expect(after.number).toBe(`${cat.prefix}001`);
      expect(after.businessDate).toBe('2026-11-22');
      expect(after.issuedAt).toBe('2026-11-22T00:00:30.000+08:00');
      // The new business date closed the old one before anything else happened: its tickets ended.
      srv.hall.tick();
      const sup = await srv.login('supervisor');
      const old = (await srv.api('GET', '/tickets?date=2026-11-21', { token: sup })).body.tickets;
      expect(old.map((t: { status: string; outcome: string }) => [t.status, t.outcome])).toEqual(
        Array(3).fill(['cancelled', 'day_closed']),
      );
    } finally {
      await srv.stop();
    }
  });
});
