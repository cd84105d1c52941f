import { describe, expect, it } from 'vitest';
import { startTestServer } from '../testing/test-server.ts';
import type { TicketPrinter, TicketPrintData } from '../hall/hall-service.ts';

/** A printer that reports ready, then fails in the middle of a job (paper jam, cable pulled). */
function flakyPrinter(): TicketPrinter & { failNext: boolean; printed: string[] } {
  const p = {
    id: 'K1',
    failNext: false,
    printed: [] as string[],
    async status() {
      return 'ok';
    },
    async printTicket(data: TicketPrintData) {
      if (p.failNext) {
        p.failNext = false;
        throw Object.assign(new Error('write timed out mid-job'), { status: 'offline' });
      }
      p.printed.push(data.number);
    },
  };
  return p;
}

describe('printer failure mid-job', () => {
  it('issues no ticket when the print fails, keeps numbering gap-free, and works again after', async () => {
    const printer = flakyPrinter();
    const srv = await startTestServer({ printers: new Map([['K1', printer]]) });
    try {
      const kiosk = await srv.kioskToken();
      const cat = srv.config.categories[0]!.id;
      const issue = () => srv.api('POST', '/tickets', { token: kiosk, body: { categoryId: cat, printerId: 'K1' } });
      expect((await issue()).body.ticket.number).toBe('A001');
      printer.failNext = true;
      const failed = await issue();
      expect(failed.status).toBe(503);
      expect(failed.body.error.code).toBe('PRINTER_UNAVAILABLE');
      const next = await issue();
      expect(next.body.ticket.number).toBe('A002');
      expect(printer.printed).toEqual(['A001', 'A002']);
      const all = (await srv.api('GET', '/tickets', { token: await srv.login('supervisor') })).body.tickets;
      expect(all.map((t: { number: string }) => t.number)).toEqual(['A001', 'A002']);
    } finally {
      await srv.stop();
    }
  });
});
