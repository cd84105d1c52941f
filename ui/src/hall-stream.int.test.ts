import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallAnnouncement, HallBatch } from '@hall/contract';
import { HallStream } from './hall-stream.ts';
import { startTestServer, type TestServer } from '../../queue-server/src/testing/test-server.ts';

const until = async (cond: () => boolean, ms = 5000) => {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('HallStream (browser hall-stream client) against a real server', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({ printers: new Map() });
  });
  afterAll(async () => {
    await srv.stop();
  });

  it('applies batches, resyncs on a gap, and reports each new call once', async () => {
    const calls: CallAnnouncement[] = [];
    const stream = new HallStream({ namespace: '/display', url: srv.url, onCall: (c) => calls.push(c) });
    try {
      await until(() => stream.getState().ready);
      const kiosk = await srv.kioskToken();
      const sup = await srv.login('supervisor');
      const w = srv.config.windows[0]!;
      await srv.api('PUT', `/windows/${w.id}/allocation`, { token: sup, body: { categories: [w.home] } });
      const t = (await srv.api('POST', '/tickets', { token: kiosk, body: { categoryId: w.home } })).body.ticket;
      await until(() => stream.getState().tickets.some((x) => x.id === t.id));
      await srv.api('POST', `/windows/${w.id}/call-next`, { token: sup, body: {} });
      await until(() => calls.length === 1);
      expect(calls[0]!.number).toBe(t.number);

      // Simulate a lost batch: the client's seq falls behind; the next batch shows a gap and it resyncs.
      const socket = stream.socket;
      socket.off('hall:changed');
      await srv.api('POST', `/windows/${w.id}/recall`, { token: sup, body: {} });
      await new Promise((r) => setTimeout(r, 200));
      expect(stream.getState().seq).toBeLessThan(srv.hall.seq);
      socket.on('hall:changed', (b: HallBatch) => (stream as unknown as { applyBatch(b: HallBatch): void }).applyBatch(b));
      await srv.api('POST', `/windows/${w.id}/start`, { token: sup, body: {} });
      await until(() => stream.getState().seq === srv.hall.seq);
      const win = stream.getState().windows.find((x) => x.id === w.id)!;
      expect(win.currentTicket?.status).toBe('serving');
      // The recall that happened while the batch was lost came back in the snapshot, not as a new call.
      expect(calls).toHaveLength(1);
    } finally {
      stream.close();
    }
  });
});
