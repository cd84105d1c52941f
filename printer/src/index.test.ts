import { describe, expect, it } from 'vitest';
import {
  canPrint,
  createPrinter,
  decodeEscPos,
  DeviceOfflineError,
  loadProfile,
  openMockPrinter,
  openPrinter,
  PrinterUnavailableError,
  UnknownProfileError,
} from './index.ts';
import { sampleGuide, sampleTicket } from './testing/samples.ts';
import { MockTransport } from './transports/mock-transport.ts';

describe('canPrint()', () => {
  it('allows ok and paper-near-end only', () => {
    expect(canPrint('ok')).toBe(true);
    expect(canPrint('paper-near-end')).toBe(true);
    expect(canPrint('paper-out')).toBe(false);
    expect(canPrint('cover-open')).toBe(false);
    expect(canPrint('offline')).toBe(false);
  });
});

describe('Printer', () => {
  it('printTicket() checks status first, then writes the encoded ticket labelled with its number', async () => {
    const { printer, transport } = openMockPrinter('K1');
    await printer.printTicket(sampleTicket());
    expect(transport.statusCalls).toBe(1);
    expect(transport.writes).toHaveLength(1);
    expect(transport.writes[0]?.job).toEqual({ label: 'A012' });
    expect(decodeEscPos(transport.written()).lines.some((l) => l.text === 'A012')).toBe(true);
  });

  it('printGuide() labels the job "guide"', async () => {
    const { printer, transport } = openMockPrinter('K1');
    await printer.printGuide(sampleGuide());
    expect(transport.writes[0]?.job).toEqual({ label: 'guide' });
  });

  for (const s of ['paper-out', 'cover-open', 'offline'] as const) {
    it(`refuses with PrinterUnavailableError('${s}') and writes nothing when the printer is ${s}`, async () => {
      const { printer, transport } = openMockPrinter('K1');
      transport.setStatus(s);
      const err = await printer.printTicket(sampleTicket()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PrinterUnavailableError);
      expect((err as PrinterUnavailableError).status).toBe(s);
      expect(transport.writes).toHaveLength(0);
    });
  }

  it('turns a failed write into PrinterUnavailableError("offline") with the cause', async () => {
    const { printer, transport } = openMockPrinter('K1');
    transport.failNextWrite();
    const err = (await printer.printTicket(sampleTicket()).catch((e: unknown) => e)) as PrinterUnavailableError;
    expect(err.status).toBe('offline');
    expect(err.cause).toBeInstanceOf(DeviceOfflineError);
    await printer.printTicket(sampleTicket()); // the next one goes through
    expect(transport.writes).toHaveLength(1);
  });

  it('runs jobs one at a time, each with its own status check', async () => {
    const transport = new MockTransport();
    transport.scriptStatus('ok', 'paper-out', 'ok');
    const printer = createPrinter('K1', transport, loadProfile('58mm'));
    const results = await Promise.allSettled(['A001', 'A002', 'A003'].map((n) => printer.printTicket(sampleTicket({ number: n }))));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(transport.writes.map((w) => w.job?.label)).toEqual(['A001', 'A003']);
  });

  it('refuses after close()', async () => {
    const { printer, transport } = openMockPrinter('K1');
    await printer.close();
    await expect(printer.printTicket(sampleTicket())).rejects.toMatchObject({ status: 'offline' });
    expect(transport.closed).toBe(true);
  });

  it('MockTransport.reset() restores the initial state', async () => {
    const t = new MockTransport({ status: 'paper-near-end' });
    t.setStatus('offline');
    await t.write(Uint8Array.of(1));
    await t.close();
    t.reset();
    expect(t.writes).toEqual([]);
    expect(t.closed).toBe(false);
    expect(await t.status()).toBe('paper-near-end');
  });
});

describe('openPrinter()', () => {
  it('throws UnknownProfileError for a profile no JSON file defines', () => {
    expect(() => openPrinter({ id: 'K1', type: 'virtual', profile: '112mm' }, { dataDir: '/tmp' })).toThrow(UnknownProfileError);
  });

  it('never touches the device when opening (connections are lazy)', async () => {
    const p = openPrinter({ id: 'S1', type: 'serial', path: '/dev/does-not-exist', baudRate: 9600 }, { dataDir: '/tmp' });
    expect(p.id).toBe('S1');
    expect(await p.status()).toBe('offline');
    await expect(p.printTicket(sampleTicket())).rejects.toBeInstanceOf(PrinterUnavailableError);
    await p.close();
  });
});
