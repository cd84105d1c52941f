/** 预约签到 exactly once: 20 kiosks checking in the same code at the same moment get one ticket between them. */
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../testing/test-server.ts';

describe('appointment check-in under concurrency', () => {
  it('20 parallel check-ins of one code make one priority ticket and 19 APPOINTMENT_USED', async () => {
    const srv = await startTestServer({ printers: new Map() });
    try {
      const sup = await srv.login('supervisor');
      const service = srv.config.services.find((s) => s.appointable) ?? srv.config.services[0]!;
      const imported = await srv.api('POST', '/appointments', {
        token: sup,
        body: {
          appointments: [{ code: 'YY20261123', serviceId: service.id, date: srv.hall.today(), slotStart: '00:00', slotEnd: '23:59' }],
        },
      });
      expect(imported.body.imported).toBe(1);
      const kiosks: string[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await srv.api('POST', '/devices/pair-local', { body: { kind: 'kiosk', deviceId: `K${i}`, name: `kiosk ${i}` } });
        kiosks.push(r.body.token);
      }
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          srv.api('POST', '/appointments/check-in', { token: kiosks[i % 4], body: { code: 'yy20261123', idempotencyKey: `tap-${i}` } }),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409).map((r) => r.body.error.code)).toEqual(Array(19).fill('APPOINTMENT_USED'));
      const tickets = (await srv.api('GET', '/tickets', { token: sup })).body.tickets as Array<{ priority: string }>;
      expect(tickets.filter((t) => t.priority === 'appointment')).toHaveLength(1);
    } finally {
      await srv.stop();
    }
  });
});
