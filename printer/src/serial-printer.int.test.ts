/**
 * Real `serialport` I/O over a socat pty pair: the app opens one end, a printer simulator (also on the real
 * binding) the other. Skipped only when socat is not installed.
 */
import { SerialPort } from 'serialport';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeEscPos, openPrinter, type Printer, PrinterUnavailableError } from './index.ts';
import { PrinterSimulator } from './testing/printer-simulator.ts';
import { sampleTicket } from './testing/samples.ts';
import { hasSocat, openPtyPair, type PtyPair } from './testing/socat.ts';
import { describeTransport, waitForBytes } from './transports/describe-transport.ts';
import { SerialTransport } from './transports/serial-transport.ts';
import { toolMissing } from '../../scripts/testing/tool-gate.ts';

const socatAvailable = hasSocat();
if (!socatAvailable) process.stderr.write('serial-printer.int.test.ts: skipped because `socat` is not on PATH (apt-get install socat)\n');

interface SimulatedSerialPrinter {
  pair: PtyPair;
  sim: PrinterSimulator;
  close(): Promise<void>;
}

async function startSerialPrinter(): Promise<SimulatedSerialPrinter> {
  const pair = await openPtyPair();
  const device = new SerialPort({ path: pair.b, baudRate: 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => device.open((e) => (e ? reject(e) : resolve())));
  const sim = new PrinterSimulator((bytes) => device.write(Buffer.from(bytes)));
  device.on('data', (chunk: Buffer) => sim.receive(new Uint8Array(chunk)));
  device.on('error', () => undefined);
  return {
    pair,
    sim,
    close: async () => {
      if (device.isOpen) await new Promise<void>((r) => device.close(() => r()));
      await pair.close();
    },
  };
}

describe.skipIf(toolMissing('socat (serial pty pairs)', socatAvailable))('serial printer over a socat pty pair', () => {
  describeTransport('serial (socat pty + simulator)', async () => {
    const p = await startSerialPrinter();
    return {
      transport: new SerialTransport({ path: p.pair.a, baudRate: 9600 }),
      setStatus: async (s) => {
        p.sim.state = s;
      },
      received: (min) => waitForBytes(() => p.sim.jobs(), min),
      dispose: () => p.close(),
    };
  });

  describe('openPrinter({ type: "serial" })', () => {
    let p: SimulatedSerialPrinter;
    let printer: Printer;
    beforeEach(async () => {
      p = await startSerialPrinter();
      printer = openPrinter({ id: 'S1', type: 'serial', path: p.pair.a, baudRate: 9600 }, { dataDir: '/nonexistent' });
    });
    afterEach(async () => {
      await printer.close();
      await p.close();
    });

    it('printTicket() sends the ticket after asking DLE EOT 1, 2, 4', async () => {
      await printer.printTicket(sampleTicket());
      const paper = decodeEscPos(await waitForBytes(() => p.sim.jobs(), 500));
      expect(p.sim.statusRequests).toEqual([1, 2, 4]);
      expect(paper.lines.some((l) => l.text === 'A012' && l.size.w === 8)).toBe(true);
      expect(paper.qrCodes).toEqual([sampleTicket().qrUrl]);
      expect(paper.cuts).toBe(1);
    });

    it('paper-out: status is paper-out and printTicket rejects without sending; back to ok it prints', async () => {
      p.sim.state = 'paper-out';
      expect(await printer.status()).toBe('paper-out');
      const err = await printer.printTicket(sampleTicket()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PrinterUnavailableError);
      expect((err as PrinterUnavailableError).status).toBe('paper-out');
      expect(p.sim.jobBytes).toHaveLength(0);

      p.sim.state = 'ok';
      expect(await printer.status()).toBe('ok');
      await printer.printTicket(sampleTicket({ number: 'A013' }));
      const paper = decodeEscPos(await waitForBytes(() => p.sim.jobs(), 500));
      expect(paper.lines.map((l) => l.text)).toContain('A013');
    });

    it('paper-near-end still prints', async () => {
      p.sim.state = 'paper-near-end';
      await printer.printTicket(sampleTicket());
      expect((await waitForBytes(() => p.sim.jobs(), 500)).length).toBeGreaterThan(500);
    });

    it('a silent printer is offline within 1 s and printing is refused', async () => {
      p.sim.state = 'offline';
      const t0 = Date.now();
      expect(await printer.status()).toBe('offline');
      expect(Date.now() - t0).toBeLessThanOrEqual(1000);
      await expect(printer.printTicket(sampleTicket())).rejects.toMatchObject({ status: 'offline' });
    });

    it('an unplugged line (socat killed) is offline and printing is refused', async () => {
      expect(await printer.status()).toBe('ok');
      await p.pair.close();
      // The pty is gone: the next write fails with EIO or the status query gets no answer.
      expect(await printer.status()).toBe('offline');
      await expect(printer.printTicket(sampleTicket())).rejects.toBeInstanceOf(PrinterUnavailableError);
    });
  });
});
