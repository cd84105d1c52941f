import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Cmd, encodeFrame, FrameDecoder, NakCode, type Frame } from '../bus/frame.ts';
import { createMockPortPair } from '../bus/mock-port.ts';
import { DeviceSimulator, isTwoByteGb18030 } from './device-simulator.ts';

async function exchange(
  frames: Array<{ addr: number; cmd: number; data?: number[] | Uint8Array }>,
  setup?: (sim: DeviceSimulator) => void,
) {
  const [host, dev] = createMockPortPair();
  const sim = new DeviceSimulator(dev, [
    { addr: 105, kind: 'strip' },
    { addr: 5, kind: 'rating-keypad' },
    { addr: 205, kind: 'caller-keypad' },
  ]);
  setup?.(sim);
  const decoder = new FrameDecoder();
  const replies: Frame[] = [];
  host.onData((c) => replies.push(...decoder.push(c)));
  for (const f of frames) {
    await host.write(encodeFrame(f));
    await vi.advanceTimersByTimeAsync(10);
  }
  return { sim, replies, decoder };
}

describe('DeviceSimulator', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers POLL with ACK, or with the oldest event until EVENT_ACK', async () => {
    const { replies } = await exchange(
      [
        { addr: 205, cmd: Cmd.POLL },
        { addr: 205, cmd: Cmd.POLL },
        { addr: 205, cmd: Cmd.EVENT_ACK, data: [0] },
        { addr: 205, cmd: Cmd.POLL },
        { addr: 205, cmd: Cmd.EVENT_ACK, data: [1] },
        { addr: 205, cmd: Cmd.POLL },
      ],
      (sim) => {
        sim.pressKey(205, 1);
        sim.pressKey(205, 9, 3);
      },
    );
    expect(replies.map((r) => `${r.cmd}:${Array.from(r.data).join(',')}`)).toEqual([
      `${Cmd.KEY}:0,1,0`,
      `${Cmd.KEY}:0,1,0`,
      `${Cmd.ACK}:`,
      `${Cmd.KEY}:1,9,3`,
      `${Cmd.ACK}:`,
      `${Cmd.ACK}:`,
    ]);
  });

  it('never speaks unprompted and ignores other addresses and broadcast replies', async () => {
    const { replies, sim } = await exchange(
      [
        { addr: 77, cmd: Cmd.POLL },
        { addr: 0, cmd: Cmd.CLEAR },
      ],
      (s) => s.pressKey(205, 1),
    );
    expect(replies).toEqual([]);
    expect(sim.received).toHaveLength(2);
  });

  it('refuses SHOW text with a four-byte GB18030 code (NAK 2) and commands a device lacks (NAK 1)', async () => {
    const fourByte = Uint8Array.from(iconv.encode('𠀀', 'gb18030'));
    const { replies } = await exchange([
      { addr: 105, cmd: Cmd.SHOW, data: fourByte },
      { addr: 105, cmd: Cmd.RATING_REQUEST, data: [0x41] },
    ]);
    expect(replies.map((r) => [r.cmd, r.data[0]])).toEqual([
      [Cmd.NAK, NakCode.BAD_DATA],
      [Cmd.NAK, NakCode.BAD_COMMAND],
    ]);
  });

  it('drops, garbles and loses frames on request', async () => {
    const { replies, decoder, sim } = await exchange(
      [
        { addr: 105, cmd: Cmd.CLEAR },
        { addr: 105, cmd: Cmd.CLEAR },
        { addr: 105, cmd: Cmd.SHOW, data: [0x41] },
        { addr: 105, cmd: Cmd.SHOW, data: [0x42] },
      ],
      (s) => {
        s.dropNextReply(105);
        s.garbleNextReply(105);
        s.loseNextFrame(105, Cmd.SHOW);
      },
    );
    expect(replies.map((r) => r.cmd)).toEqual([Cmd.ACK]);
    expect(decoder.droppedBytes).toBe(7);
    expect(sim.view(105).history).toEqual(['', '', 'B']);
  });

  it('isTwoByteGb18030() accepts ASCII and GBK codes and rejects four-byte codes', () => {
    expect(isTwoByteGb18030(Uint8Array.from(iconv.encode('A012 请到5号窗口', 'gb18030')))).toBe(true);
    expect(isTwoByteGb18030(Uint8Array.from(iconv.encode('㐀', 'gb18030')))).toBe(false);
    expect(isTwoByteGb18030(Uint8Array.of(0xb0))).toBe(false);
  });
});
