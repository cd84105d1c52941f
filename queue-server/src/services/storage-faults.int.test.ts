import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

describe('storage faults', () => {
  let srv: TestServer;
  let kiosk: string;
  let sup: string;
  beforeAll(async () => {
    srv = await startTestServer({ printers: new Map() });
    kiosk = await srv.kioskToken();
    sup = await srv.login('supervisor');
  });
  afterAll(async () => {
    await srv.stop();
  });
  const cat = () => srv.config.categories[0]!.id;

  it('disk full: issuing answers 503 STORAGE_UNAVAILABLE, health says so, nothing acknowledged is lost', async () => {
    const acked = [];
    for (let i = 0; i < 5; i++) acked.push((await srv.api('POST', '/tickets', { token: kiosk, body: { categoryId: cat() } })).body.ticket);
    // Cap the database at its current size: the next write fails exactly as on a full disk (SQLITE_FULL).
    const pages = srv.db.pragma('page_count', { simple: true }) as number;
    srv.db.pragma(`max_page_count = ${pages}`);
    let failed = 0;
    for (let i = 0; i < 40; i++) {
      const r = await srv.api('POST', '/tickets', { token: kiosk, body: { categoryId: cat() } });
      if (r.status === 503) {
        failed += 1;
        expect(r.body.error.code).toBe('STORAGE_UNAVAILABLE');
        expect(r.body.error.message).toContain('导办台');
      } else {
        expect(r.status).toBe(201);
      }
    }
    expect(failed).toBeGreaterThan(0);
    expect((await srv.api('GET', '/health')).body.ok).toBe(false);
    // Window commands fail the same clean way and change nothing.
    await srv.api('PUT', '/windows/W01/allocation', { token: sup, body: { categories: [srv.config.windows[0]!.home] } });
    // Space again: everything works and every acknowledged ticket is there, numbering gap-free.
    srv.db.pragma('max_page_count = 1073741823');
    const after = await srv.api('POST', '/tickets', { token: kiosk, body: { categoryId: cat() } });
    expect(after.status).toBe(201);
    expect((await srv.api('GET', '/health')).body.ok).toBe(true);
    const all = (await srv.api('GET', '/tickets', { token: sup })).body.tickets as Array<{ id: string; number: string }>;
    for (const t of acked) expect(all.find((x) => x.id === t.id)?.number).toBe(t.number);
    const nums = all.map((t) => Number(t.number.slice(1))).sort((a, b) => a - b);
    expect(nums).toEqual(nums.map((_, i) => i + 1));
  });

  it('read-only database: commands answer 503 and the server stays up', async () => {
    srv.db.pragma('query_only = 1');
    const r = await srv.api('POST', '/tickets', { token: kiosk, body: { categoryId: cat() } });
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('STORAGE_UNAVAILABLE');
    const call = await srv.api('POST', '/windows/W01/call-next', { token: sup, body: {} });
    expect(call.status).toBe(503);
    srv.db.pragma('query_only = 0');
    expect((await srv.api('POST', '/tickets', { token: kiosk, body: { categoryId: cat() } })).status).toBe(201);
  });
});
