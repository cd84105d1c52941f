import { describe, expect, it } from 'vitest';
import { startTestServer } from '../testing/test-server.ts';
import type { TicketPrinter } from '../hall/hall-service.ts';

describe('printer status reaches supervisors', () => {
  it('polls the printer, raises an alert on paper trouble and clears it when it prints again', async () => {
    let status = 'ok';
    const printer: TicketPrinter = { id: 'K1', status: async () => status, printTicket: async () => undefined };
    const srv = await startTestServer({ printers: new Map([['K1', printer]]), tickMs: 20 });
    const until = async (cond: () => boolean) => {
      for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
      expect(cond()).toBe(true);
    };
    try {
      const open = () => srv.alerts.open().filter((a) => a.kind === 'printer');
      await new Promise((r) => setTimeout(r, 100));
      expect(open()).toHaveLength(0);
      status = 'paper-near-end';
      await until(() => open().length === 1 && open()[0]!.severity === 'warning');
      status = 'paper-out';
      await until(() => open().length === 1 && open()[0]!.severity === 'critical');
      expect(open()[0]!.message).toContain('缺纸');
      expect(open()[0]!.subject).toBe('K1');
      status = 'ok';
      await until(() => open().length === 0);
    } finally {
      await srv.stop();
    }
  });
});
