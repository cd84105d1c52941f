import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HallBatch, HallSnapshot } from '@hall/contract';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

describe('a ticket from issue to done through REST, watched by a display socket', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({ printers: new Map() });
  });
  afterAll(async () => {
    await srv.stop();
  });

  it('broadcasts every state change to the display in sequence', async () => {
    const batches: HallBatch[] = [];
    let snapshot: HallSnapshot | null = null;
    await srv.socket('/display', undefined, (display) => {
      display.on('hall:snapshot', (s: HallSnapshot) => {
        snapshot = s;
      });
      display.on('hall:changed', (b: HallBatch) => batches.push(b));
    });
    const kiosk = await srv.kioskToken();
    const staff = await srv.login('supervisor');
    const hall = (await srv.api('GET', '/hall')).body;
    const service = hall.services[0];

    const issued = await srv.api('POST', '/tickets', { token: kiosk, body: { serviceId: service.id } });
    expect(issued.status).toBe(201);
    const t = issued.body.ticket;
    expect(t.number).toMatch(/^[A-Z]{1,2}\d{3,}$/);
    expect(t.status).toBe('waiting');
    expect(t.issuedAt).toMatch(/\+08:00$/);
    expect(typeof t.token).toBe('string');

    const window = hall.windows.find((w: { id: string }) =>
      srv.config.windows.find((c) => c.id === w.id)?.skills.includes(service.categoryId),
    );
    await srv.api('PUT', `/windows/${window.id}/allocation`, { token: staff, body: { categories: [service.categoryId] } });
    const called = await srv.api('POST', `/windows/${window.id}/call-next`, { token: staff });
    expect(called.status).toBe(200);
    expect(called.body.ticket.id).toBe(t.id);
    expect((await srv.api('POST', `/windows/${window.id}/start`, { token: staff })).status).toBe(200);
    const done = await srv.api('POST', `/windows/${window.id}/finish`, { token: staff });
    expect(done.body.ticket.status).toBe('done');
    expect((await srv.api('POST', `/windows/${window.id}/call-next`, { token: staff })).status).toBe(204);

    await new Promise((r) => setTimeout(r, 200));
    expect(snapshot).not.toBeNull();
    const statuses = batches
      .flatMap((b) => b.events)
      .filter((e) => e.type === 'ticket' && e.ticket.id === t.id)
      .map((e) => (e.type === 'ticket' ? e.ticket.status : ''));
    expect(statuses).toEqual(['waiting', 'called', 'serving', 'done']);
    expect(batches.some((b) => b.events.some((e) => e.type === 'call' && e.call.number === t.number))).toBe(true);
    // Gap-free chain: every batch's prev is the previous batch's seq, starting at the snapshot's.
    let seq = (snapshot as unknown as HallSnapshot).seq;
    for (const b of batches) {
      expect(b.prev).toBe(seq);
      seq = b.seq;
    }
    // Public stream never carries the rating token.
    expect(JSON.stringify(batches)).not.toContain(t.token);
  });
});
