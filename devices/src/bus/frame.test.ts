import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  Cmd,
  crc16,
  decodeShowText,
  encodeAsciiTicket,
  encodeFrame,
  encodeShowText,
  FrameDecoder,
  SHOW_REPLACEMENT,
  toHex,
} from './frame.ts';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('crc16', () => {
  it('crc16() matches the CRC-16/MODBUS check value 0x4B37 for "123456789"', () => {
    expect(crc16(ascii('123456789'))).toBe(0x4b37);
  });
  it('crc16() is 0xFFFF for no bytes (init value)', () => {
    expect(crc16(new Uint8Array(0))).toBe(0xffff);
  });
});

describe('encodeFrame', () => {
  it('encodeFrame() lays out STX ADDR CMD LEN DATA CRClo CRChi ETX with CRC over ADDR..DATA', () => {
    const f = encodeFrame({ addr: 5, cmd: Cmd.POLL });
    const crc = crc16(Uint8Array.of(5, 1, 0));
    expect(toHex(f)).toBe(toHex(Uint8Array.of(0x02, 5, 0x01, 0, crc & 0xff, crc >> 8, 0x03)));
  });
  it('encodeFrame() carries DATA and its length', () => {
    const f = encodeFrame({ addr: 205, cmd: Cmd.EVENT_ACK, data: [7] });
    expect(Array.from(f.slice(0, 5))).toEqual([0x02, 205, 0x02, 1, 7]);
    expect(f.length).toBe(8);
    expect(f[7]).toBe(0x03);
  });
  it('encodeFrame() throws RangeError for an address above 247, DATA over 250 bytes or a non-byte', () => {
    expect(() => encodeFrame({ addr: 248, cmd: 1 })).toThrow(RangeError);
    expect(() => encodeFrame({ addr: 1, cmd: 1, data: new Uint8Array(251) })).toThrow(RangeError);
    expect(() => encodeFrame({ addr: 1, cmd: 1, data: [256] })).toThrow(RangeError);
    expect(encodeFrame({ addr: 1, cmd: 1, data: new Uint8Array(250) }).length).toBe(257);
  });
  it('command constants match every CMD of protocol v1', () => {
    expect(Cmd).toEqual({
      POLL: 0x01,
      EVENT_ACK: 0x02,
      SHOW: 0x10,
      CLEAR: 0x11,
      BRIGHTNESS: 0x12,
      ALERT: 0x13,
      RATING_REQUEST: 0x30,
      RATING_CANCEL: 0x31,
      ACK: 0x06,
      NAK: 0x15,
      RATING: 0xb0,
      KEY: 0xc0,
    });
  });
});

describe('FrameDecoder', () => {
  const a = encodeFrame({ addr: 5, cmd: Cmd.RATING, data: [1, 5, 0] });
  const b = encodeFrame({ addr: 205, cmd: Cmd.KEY, data: [9, 9, 12] });

  it('push() decodes a frame split across chunks of one byte', () => {
    const d = new FrameDecoder();
    const out = [...a].flatMap((byte) => d.push(Uint8Array.of(byte)));
    expect(out).toEqual([{ addr: 5, cmd: Cmd.RATING, data: Uint8Array.of(1, 5, 0) }]);
    expect(d.pending).toBe(0);
  });

  it('push() drops noise before STX and reports the count', () => {
    const drops: Array<[number, string]> = [];
    const d = new FrameDecoder((n, r) => drops.push([n, r]));
    expect(d.push(Uint8Array.of(0xff, 0x00, 0x41, ...a))).toHaveLength(1);
    expect(drops).toEqual([[3, 'noise']]);
    expect(d.droppedBytes).toBe(3);
  });

  it('push() never returns a frame with a bad CRC and resyncs on the next STX', () => {
    const bad = Uint8Array.from(a);
    bad[5] = (bad[5] ?? 0) ^ 1; // a data byte
    const d = new FrameDecoder();
    expect(d.push(Uint8Array.of(...bad, ...b))).toEqual([{ addr: 205, cmd: Cmd.KEY, data: Uint8Array.of(9, 9, 12) }]);
    expect(d.droppedBytes).toBe(bad.length);
  });

  it('push() never returns a frame with a missing ETX', () => {
    const bad = Uint8Array.from(a);
    bad[bad.length - 1] = 0x04;
    const d = new FrameDecoder();
    expect(d.push(Uint8Array.of(...bad, ...b)).map((f) => f.addr)).toEqual([205]);
  });

  it('push() finds a good frame hidden behind a false STX whose LEN swallows it', () => {
    const d = new FrameDecoder();
    // false header: STX, addr 9, cmd 6, LEN 5: its "DATA" and CRC run into frame b
    expect(d.push(Uint8Array.of(0x02, 9, 0x06, 5, ...b))).toHaveLength(1);
  });

  it('flush() gives up a partial frame after the line goes quiet and returns frames behind it', () => {
    const d = new FrameDecoder();
    // false header claiming 200 bytes, then a complete good frame, then silence
    expect(d.push(Uint8Array.of(0x02, 9, 0x06, 200, ...b))).toEqual([]);
    expect(d.flush().map((f) => f.addr)).toEqual([205]);
    expect(d.pending).toBe(0);
  });

  it('push() rejects LEN above 250 at once', () => {
    const d = new FrameDecoder();
    expect(d.push(Uint8Array.of(0x02, 1, 1, 251, ...a))).toHaveLength(1);
  });
});

describe('encodeShowText', () => {
  it('encodeShowText() encodes mixed ASCII and Chinese as GB18030', () => {
    const { bytes, replaced, truncated } = encodeShowText('A012 请到5号窗口');
    expect(toHex(bytes)).toBe(toHex(Uint8Array.from(iconv.encode('A012 请到5号窗口', 'gb18030'))));
    expect(bytes.length).toBe(5 + 2 + 2 + 1 + 2 + 2 + 2);
    expect({ replaced, truncated }).toEqual({ replaced: 0, truncated: false });
    expect(decodeShowText(bytes)).toBe('A012 请到5号窗口');
  });

  it('encodeShowText() replaces characters whose GB18030 code is four bytes with □', () => {
    const { bytes, replaced } = encodeShowText('张𠀀㐀•');
    expect(decodeShowText(bytes)).toBe(`张${SHOW_REPLACEMENT}${SHOW_REPLACEMENT}${SHOW_REPLACEMENT}`);
    expect(replaced).toBe(3);
    expect(bytes.length).toBe(8);
  });

  it('encodeShowText() keeps rare name characters that are in GBK (堃, 喆)', () => {
    expect(encodeShowText('王堃喆').replaced).toBe(0);
    expect(toHex(encodeShowText('堃').bytes)).toBe('88 d2');
  });

  it('encodeShowText() truncates to 64 bytes on a character boundary', () => {
    const text = `A${'窗'.repeat(40)}`; // 1 + 80 bytes
    const { bytes, truncated } = encodeShowText(text);
    expect(truncated).toBe(true);
    expect(bytes.length).toBe(63); // 'A' + 31 × 2; a 32nd 窗 would make 65
    expect(decodeShowText(bytes)).toBe(`A${'窗'.repeat(31)}`);
  });

  it('encodeShowText() turns control characters into spaces', () => {
    expect(decodeShowText(encodeShowText('A\u0002B\nC').bytes)).toBe('A B C');
  });

  it('encodeShowText() of an empty string is empty', () => {
    expect(encodeShowText('').bytes.length).toBe(0);
  });
});

describe('encodeAsciiTicket', () => {
  it('encodeAsciiTicket() keeps printable ASCII and replaces the rest with ?', () => {
    expect(String.fromCharCode(...encodeAsciiTicket('A012'))).toBe('A012');
    expect(String.fromCharCode(...encodeAsciiTicket('A号1'))).toBe('A?1');
  });
});
