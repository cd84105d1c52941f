/**
 * The PrinterTransport contract as a test suite (style rule R12): every implementation must pass it.
 * Run against mock and virtual in transport-contract.test.ts, and against serial (socat + simulator) and
 * TCP (local fake printer) in the integration tests. A hardware run: set PRINTER_PORT and see README.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeEscPos } from '../escpos/decoder.ts';
import { encodeTicket } from '../ticket-layout.ts';
import { sampleTicket } from '../testing/samples.ts';
import { PRINTER_STATUSES, type PrinterStatus, type PrinterTransport, TransportClosedError } from './transport.ts';

export interface TransportHarness {
  transport: PrinterTransport;
  /** Makes the device report this status from now on. */
  setStatus(s: PrinterStatus): Promise<void>;
  /** All job bytes the device received so far (status requests excluded); waits until at least minLength arrived or 3 s passed. */
  received(minLength: number): Promise<Uint8Array>;
  dispose(): Promise<void>;
}

export interface DescribeTransportOptions {
  /** Statuses the harness can simulate; default all five. */
  statuses?: readonly PrinterStatus[];
}

/** Polls `read` until it returns at least minLength bytes or 3 s pass. */
export async function waitForBytes(read: () => Promise<Uint8Array> | Uint8Array, minLength: number): Promise<Uint8Array> {
  const end = Date.now() + 3000;
  for (;;) {
    const got = await read();
    if (got.length >= minLength || Date.now() > end) return got;
    await new Promise((r) => setTimeout(r, 10));
  }
}

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

export function describeTransport(name: string, make: () => Promise<TransportHarness>, opts: DescribeTransportOptions = {}): void {
  describe(`PrinterTransport contract: ${name}`, () => {
    let h: TransportHarness;
    beforeEach(async () => {
      h = await make();
    });
    afterEach(async () => {
      await h.transport.close();
      await h.dispose();
    });

    it('write() delivers a ticket job byte for byte', async () => {
      const job = encodeTicket(sampleTicket(), '80mm');
      await h.transport.write(job, { label: 'A012' });
      const got = await h.received(job.length);
      expect(Buffer.from(got).equals(Buffer.from(job))).toBe(true);
      expect(decodeEscPos(got).qrCodes).toEqual([sampleTicket().qrUrl]);
    });

    it('write() passes every byte value unchanged (except the DLE EOT pair)', async () => {
      // 0x10 is left out: a DLE EOT inside job data is read as a status request by real printers too.
      const job = Uint8Array.from({ length: 256 }, (_, k) => k).filter((b) => b !== 0x10);
      await h.transport.write(job, { label: 'bin' });
      const got = await h.received(job.length);
      expect(Array.from(got)).toEqual(Array.from(job));
    });

    it('concurrent writes arrive whole and in call order', async () => {
      const a = encodeTicket(sampleTicket({ number: 'A001' }), '80mm');
      const b = encodeTicket(sampleTicket({ number: 'B002' }), '58mm');
      const c = encodeTicket(sampleTicket({ number: 'C003' }), '80mm');
      await Promise.all([
        h.transport.write(a, { label: 'A001' }),
        h.transport.write(b, { label: 'B002' }),
        h.transport.write(c, { label: 'C003' }),
      ]);
      const got = await h.received(a.length + b.length + c.length);
      expect(Buffer.from(got).equals(Buffer.from(concat(a, b, c)))).toBe(true);
    });

    for (const s of opts.statuses ?? PRINTER_STATUSES) {
      it(`status() reports '${s}' when the device is ${s}, within 1 s`, async () => {
        await h.setStatus(s);
        const t0 = Date.now();
        expect(await h.transport.status()).toBe(s);
        expect(Date.now() - t0).toBeLessThanOrEqual(1000);
      });
    }

    it('status() follows the device when it recovers', async () => {
      await h.setStatus('paper-out');
      expect(await h.transport.status()).toBe('paper-out');
      await h.setStatus('ok');
      expect(await h.transport.status()).toBe('ok');
    });

    it('write() after close() rejects with TransportClosedError; status() is offline; close() is idempotent', async () => {
      await h.transport.close();
      await expect(h.transport.write(Uint8Array.of(0x1b, 0x40))).rejects.toBeInstanceOf(TransportClosedError);
      expect(await h.transport.status()).toBe('offline');
      await expect(h.transport.close()).resolves.toBeUndefined();
    });
  });
}
