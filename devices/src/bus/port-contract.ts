/**
 * The BusPort contract suite (style R12): one set of tests that every BusPort implementation passes. Runs on
 * the mock pair always (`mock-port.test.ts`) and on the real serialport over a socat pty pair
 * (`serial-port.int.test.ts`).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { waitFor } from '../sim/wait-for.ts';
import { BusPortClosedError, type BusPort } from './port.ts';

export interface PortPair {
  a: BusPort;
  b: BusPort;
  dispose(): Promise<void>;
}

export function describeBusPort(makePair: () => Promise<PortPair>): void {
  let pair: PortPair;
  beforeEach(async () => {
    pair = await makePair();
    await pair.a.opened;
    await pair.b.opened;
  });
  afterEach(async () => {
    await pair.a.close();
    await pair.b.close();
    await pair.dispose();
  });

  it('write() delivers every byte in order to the other end, in chunks of any size', async () => {
    const got: number[] = [];
    pair.b.onData((c) => got.push(...c));
    const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7) & 0xff);
    await pair.a.write(bytes.slice(0, 1000));
    await pair.a.write(bytes.slice(1000));
    await waitFor(() => got.length >= bytes.length, 3000, '4096 bytes');
    expect(Uint8Array.from(got)).toEqual(bytes);
  });

  it('works in both directions', async () => {
    const got: number[] = [];
    pair.a.onData((c) => got.push(...c));
    await pair.b.write(Uint8Array.of(2, 5, 6, 0));
    await waitFor(() => got.length >= 4, 3000, 'reply bytes');
    expect(got).toEqual([2, 5, 6, 0]);
  });

  it('write() after close() rejects with BusPortClosedError, and close() is idempotent', async () => {
    await pair.a.close();
    await pair.a.close();
    await expect(pair.a.write(Uint8Array.of(1))).rejects.toBeInstanceOf(BusPortClosedError);
  });

  it('delivers no data after close()', async () => {
    let count = 0;
    pair.b.onData((c) => (count += c.length));
    await pair.b.close();
    await pair.a.write(Uint8Array.of(1, 2, 3));
    await new Promise((r) => setTimeout(r, 50));
    expect(count).toBe(0);
  });
}
