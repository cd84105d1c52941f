import { describe, expect, it } from 'vitest';
import { createMockPortPair, MockPort } from './mock-port.ts';
import { describeBusPort } from './port-contract.ts';
import { BusPortError } from './port.ts';

describe('MockPort pair (BusPort contract)', () => {
  describeBusPort(async () => {
    const [a, b] = createMockPortPair();
    return { a, b, dispose: async () => {} };
  });
});

describe('MockPort hooks', () => {
  it('records writes and reset() forgets them', async () => {
    const p = new MockPort();
    await p.write(Uint8Array.of(1, 2));
    await p.write(Uint8Array.of(3));
    expect(Array.from(p.allWritten())).toEqual([1, 2, 3]);
    p.reset();
    expect(p.written).toEqual([]);
  });

  it('failOpen rejects opened and writes with BusPortError', async () => {
    const p = new MockPort({ failOpen: 'EACCES' });
    await expect(p.opened).rejects.toBeInstanceOf(BusPortError);
    await expect(p.write(Uint8Array.of(1))).rejects.toBeInstanceOf(BusPortError);
  });

  it('disconnect() fires onClose once, never after close()', async () => {
    const p = new MockPort();
    const seen: string[] = [];
    p.onClose((e) => seen.push(e.message));
    p.disconnect('unplugged');
    p.disconnect('again');
    expect(seen).toEqual(['unplugged']);
    const q = new MockPort();
    q.onClose(() => seen.push('q'));
    await q.close();
    q.disconnect();
    expect(seen).toEqual(['unplugged']);
  });
});
