import { describe, expect, it } from 'vitest';
import type { IdReaderState, ScannedCard } from '../shared/ipc.ts';
import {
  decodeSamText,
  encodeSamText,
  FakeIdCardReader,
  SAM_FIND,
  SAM_READ_TEXT,
  SAM_SELECT,
  SamFrameDecoder,
  SamIdCardReader,
  samResponseFrame,
  type ByteLink,
} from './id-card-reader.ts';

const card: ScannedCard = { name: '张三丰', idNumber: '11010519491231002X', address: '北京市东城区景山前街4号' };
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

describe('SAM commands', () => {
  it('are the documented frames', () => {
    expect(hex(SAM_FIND)).toBe('aa aa aa 96 69 00 03 20 01 22');
    expect(hex(SAM_SELECT)).toBe('aa aa aa 96 69 00 03 20 02 21');
    expect(hex(SAM_READ_TEXT)).toBe('aa aa aa 96 69 00 03 30 01 32');
  });
});

describe('SamFrameDecoder', () => {
  it('reassembles frames split across chunks and skips leading garbage', () => {
    const frame = samResponseFrame(0x90, encodeSamText(card));
    const d = new SamFrameDecoder();
    expect(d.push(Uint8Array.from([0x00, 0x13, ...frame.slice(0, 20)]))).toEqual([]);
    const out = d.push(frame.slice(20));
    expect(out).toHaveLength(1);
    expect(out[0]?.status).toBe(0x90);
    expect(decodeSamText(out[0]?.data ?? new Uint8Array())).toEqual(card);
  });

  it('drops a frame whose checksum does not match', () => {
    const frame = samResponseFrame(0x9f);
    frame[frame.length - 1] = (frame[frame.length - 1] ?? 0) ^ 0xff;
    expect(new SamFrameDecoder().push(frame)).toEqual([]);
  });
});

describe('decodeSamText()', () => {
  it('returns null for a short block or a block without a valid number', () => {
    expect(decodeSamText(new Uint8Array(10))).toBeNull();
    expect(decodeSamText(encodeSamText({ ...card, idNumber: '12345' }))).toBeNull();
  });
});

/** A scripted reader on the other end of the link: answers find/select/read like the hardware. */
function fakeDevice(state: { card: ScannedCard | null }) {
  let onData: (b: Uint8Array) => void = () => undefined;
  const link: ByteLink = {
    write: async (bytes) => {
      const h = hex(bytes);
      queueMicrotask(() => {
        if (h === hex(SAM_FIND)) onData(samResponseFrame(state.card ? 0x9f : 0x80));
        else if (h === hex(SAM_SELECT)) onData(samResponseFrame(0x90));
        else if (h === hex(SAM_READ_TEXT) && state.card) onData(samResponseFrame(0x90, encodeSamText(state.card)));
      });
    },
    onData: (cb) => {
      onData = cb;
    },
    close: async () => undefined,
  };
  return link;
}

describe('SamIdCardReader', () => {
  it('reports a card once while it stays on the reader, and again after it is removed and replaced', async () => {
    const dev = { card: null as ScannedCard | null };
    const cards: ScannedCard[] = [];
    const states: IdReaderState[] = [];
    const reader = new SamIdCardReader({ open: async () => fakeDevice(dev), setTimer: () => 0, clearTimer: () => undefined });
    await reader.start(
      (c) => cards.push(c),
      (s) => states.push(s),
    );
    expect(states).toEqual([{ kind: 'serial', connected: true }]);
    await reader.poll();
    expect(cards).toEqual([]);
    dev.card = card;
    await reader.poll();
    await reader.poll();
    expect(cards).toEqual([card]);
    dev.card = null;
    await reader.poll();
    dev.card = card;
    await reader.poll();
    expect(cards).toHaveLength(2);
    await reader.stop();
  });

  it('reports disconnected and keeps retrying when the port cannot be opened', async () => {
    const states: IdReaderState[] = [];
    const retries: number[] = [];
    const reader = new SamIdCardReader({
      open: async () => {
        throw new Error('ENOENT');
      },
      setTimer: (_fn, ms) => {
        retries.push(ms);
        return 0;
      },
      clearTimer: () => undefined,
    });
    await expect(
      reader.start(
        () => undefined,
        (s) => states.push(s),
      ),
    ).resolves.toBeUndefined();
    expect(states).toEqual([{ kind: 'serial', connected: false }]);
    expect(retries).toEqual([5000]);
    await reader.stop();
  });
});

describe('FakeIdCardReader', () => {
  it('delivers inserted cards after start and none after stop', async () => {
    const r = new FakeIdCardReader();
    const got: ScannedCard[] = [];
    await r.start(
      (c) => got.push(c),
      () => undefined,
    );
    r.insert(card);
    await r.stop();
    r.insert(card);
    expect(got).toEqual([card]);
  });
});
