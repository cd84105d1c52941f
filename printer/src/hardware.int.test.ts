/**
 * Real printers, run only when an environment variable names one (style rule R12):
 *   PRINTER_PORT=/dev/ttyUSB0 [PRINTER_BAUD=9600]   serial
 *   PRINTER_HOST=192.168.1.50 [PRINTER_TCP_PORT=9100] network
 * Each prints one sample ticket (real paper) and checks the status answer; a person checks the slip.
 */
import { describe, expect, it } from 'vitest';
import { openPrinter, type Printer } from './index.ts';
import { sampleTicket } from './testing/samples.ts';

const port = process.env['PRINTER_PORT'];
const host = process.env['PRINTER_HOST'];

function hardwareSuite(name: string, open: () => Printer): void {
  describe(`${name} printer hardware`, () => {
    it('answers status within 1 s and prints a sample ticket when it can', async () => {
      const printer = open();
      try {
        const t0 = Date.now();
        const s = await printer.status();
        expect(Date.now() - t0).toBeLessThanOrEqual(1000);
        expect(['ok', 'paper-near-end']).toContain(s);
        await printer.printTicket(sampleTicket({ number: 'T001', hallName: '打印机测试 Printer test' }));
      } finally {
        await printer.close();
      }
    });
  });
}

describe.runIf(port !== undefined)('serial hardware', () => {
  hardwareSuite(`serial ${port ?? ''}`, () =>
    openPrinter({ id: 'HW', type: 'serial', path: port ?? '', baudRate: Number(process.env['PRINTER_BAUD'] ?? 9600) }, { dataDir: '/tmp' }),
  );
});

describe.runIf(host !== undefined)('tcp hardware', () => {
  hardwareSuite(`tcp ${host ?? ''}`, () =>
    openPrinter({ id: 'HW', type: 'tcp', host: host ?? '', port: Number(process.env['PRINTER_TCP_PORT'] ?? 9100) }, { dataDir: '/tmp' }),
  );
});
