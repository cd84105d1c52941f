import { describe, expect, it } from 'vitest';
import { PrinterStatusPoller, printerStateFromHealth } from './printer-status.ts';

describe('printerStateFromHealth()', () => {
  it('reads the configured printer, or the only one', () => {
    expect(printerStateFromHealth({ printerStatus: { K1: 'paper-out', K2: 'ok' } }, 'K2')).toEqual({ printerId: 'K2', status: 'ok' });
    expect(printerStateFromHealth({ printerStatus: { K1: 'cover-open' } }, null)).toEqual({ printerId: 'K1', status: 'cover-open' });
  });
  it('says unknown for missing, ambiguous or unexpected values', () => {
    expect(printerStateFromHealth({ ok: true }, 'K1')).toEqual({ printerId: 'K1', status: 'unknown' });
    expect(printerStateFromHealth({ printerStatus: { K1: 'ok', K2: 'ok' } }, null)).toEqual({ printerId: null, status: 'unknown' });
    expect(printerStateFromHealth({ printerStatus: { K1: 'on fire' } }, 'K1').status).toBe('unknown');
    expect(printerStateFromHealth(null, 'K1').status).toBe('unknown');
  });
});

describe('PrinterStatusPoller', () => {
  it('reports changes only, and unknown when the server cannot be reached', async () => {
    let body: unknown = { printerStatus: { K1: 'ok' } };
    let down = false;
    const seen: string[] = [];
    const p = new PrinterStatusPoller({
      origin: 'http://h:1',
      printerId: 'K1',
      fetch: async (url) => {
        expect(url).toBe('http://h:1/api/v1/health');
        if (down) throw new Error('ECONNREFUSED');
        return { ok: true, json: async () => body };
      },
    });
    p.onChange((s) => seen.push(s.status));
    await p.pollOnce();
    await p.pollOnce();
    body = { printerStatus: { K1: 'paper-out' } };
    await p.pollOnce();
    down = true;
    await p.pollOnce();
    expect(seen).toEqual(['ok', 'paper-out', 'unknown']);
    expect(p.current.status).toBe('unknown');
  });

  it('polls on the injected interval until stopped', async () => {
    const timers: Array<() => void> = [];
    let calls = 0;
    const p = new PrinterStatusPoller({
      origin: 'http://h:1',
      printerId: 'K1',
      fetch: async () => {
        calls++;
        return { ok: true, json: async () => ({}) };
      },
      setInterval: (fn) => {
        timers.push(fn);
        return timers.length;
      },
      clearInterval: () => {
        timers.length = 0;
      },
    });
    p.start();
    p.start();
    expect(timers).toHaveLength(1);
    timers[0]?.();
    await Promise.resolve();
    expect(calls).toBe(2);
    p.stop();
    expect(timers).toHaveLength(0);
  });
});
