import { describe, expect, it } from 'vitest';
import { type ByteLink, StreamTransport } from './stream-transport.ts';
import { DeviceOfflineError } from './transport.ts';

/** A stream transport whose link is scripted: never connects, or connects and never drains. */
class ScriptedTransport extends StreamTransport {
  readonly description = 'scripted';
  constructor(
    private readonly mode: 'never-connects' | 'never-drains',
    timeouts: { connectTimeoutMs?: number; writeTimeoutMs?: number },
  ) {
    super('printer:test', timeouts);
  }
  protected connect(): Promise<ByteLink> {
    if (this.mode === 'never-connects') return new Promise<ByteLink>(() => undefined);
    return Promise.resolve({ send: () => new Promise<void>(() => undefined), destroy: async () => undefined });
  }
}

describe('StreamTransport timeouts', () => {
  it('status() is offline within 1 s when the connect never completes', async () => {
    const t = new ScriptedTransport('never-connects', { connectTimeoutMs: 60_000 });
    const t0 = Date.now();
    expect(await t.status()).toBe('offline');
    expect(Date.now() - t0).toBeLessThanOrEqual(1000);
  });

  it('write() rejects with DeviceOfflineError after the connect timeout', async () => {
    const t = new ScriptedTransport('never-connects', { connectTimeoutMs: 100 });
    await expect(t.write(Uint8Array.of(1, 2, 3))).rejects.toBeInstanceOf(DeviceOfflineError);
  });

  it('write() rejects with DeviceOfflineError when the device stops taking bytes', async () => {
    const t = new ScriptedTransport('never-drains', { writeTimeoutMs: 100 });
    const err = await t.write(Uint8Array.of(1, 2, 3)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeviceOfflineError);
    expect((err as Error).message).toMatch(/timed out/);
  });

  it('status() during a stuck write returns the last known status at once instead of queueing', async () => {
    const t = new ScriptedTransport('never-drains', { writeTimeoutMs: 2000 });
    const w = t.write(Uint8Array.of(1)).catch(() => undefined);
    const t0 = Date.now();
    expect(await t.status()).toBe('offline'); // nothing was ever observed
    expect(Date.now() - t0).toBeLessThan(100);
    await t.close();
    await w;
  });
});
