import { describe, expect, it } from 'vitest';
import { isRealtimeStatusByte, queryRealtimeStatus, ReplyBuffer, SIMULATED_STATUS_BYTES, statusFromReplies } from './realtime-status.ts';

describe('DLE EOT status parsing', () => {
  it('maps the bytes of hardware.md §4.1 to statuses', () => {
    expect(statusFromReplies({ printer: 0x12, offlineCause: 0x12, paper: 0x12 })).toBe('ok');
    expect(statusFromReplies({ printer: 0x12, offlineCause: 0x12, paper: 0x1e })).toBe('paper-near-end');
    expect(statusFromReplies({ printer: 0x1a, offlineCause: 0x32, paper: 0x72 })).toBe('paper-out');
    expect(statusFromReplies({ printer: 0x1a, offlineCause: 0x12, paper: 0x7e })).toBe('paper-out');
    expect(statusFromReplies({ printer: 0x1a, offlineCause: 0x16, paper: 0x12 })).toBe('cover-open');
    expect(statusFromReplies({ printer: 0x1a, offlineCause: 0x16, paper: 0x72 })).toBe('cover-open'); // cover wins
    expect(statusFromReplies({ printer: 0x1a, offlineCause: 0x52, paper: 0x12 })).toBe('offline'); // error (e.g. cutter)
    expect(statusFromReplies({ printer: 0x1a, offlineCause: 0x1a, paper: 0x12 })).toBe('offline'); // feed button held
    expect(statusFromReplies({})).toBe('offline');
  });

  it('uses what a printer answering only n=1 says', () => {
    expect(statusFromReplies({ printer: 0x12 })).toBe('ok');
    expect(statusFromReplies({ printer: 0x1a })).toBe('offline');
  });

  it('recognises status bytes by their fixed bits', () => {
    for (const s of Object.values(SIMULATED_STATUS_BYTES)) for (const b of Object.values(s)) expect(isRealtimeStatusByte(b)).toBe(true);
    for (const b of [0x00, 0x48, 0xff, 0x10, 0x92]) expect(isRealtimeStatusByte(b)).toBe(false);
  });

  it('queryRealtimeStatus asks 1, 2, 4 in order and maps the answers', async () => {
    const replies = new ReplyBuffer();
    const sent: number[] = [];
    const answers: Record<number, number> = { 1: 0x1a, 2: 0x32, 4: 0x72 };
    const s = await queryRealtimeStatus(
      async (b) => {
        sent.push(b[2] ?? 0);
        setTimeout(() => replies.push(Uint8Array.of(answers[b[2] ?? 0] ?? 0)), 1);
      },
      replies,
      Date.now() + 500,
    );
    expect(sent).toEqual([1, 2, 4]);
    expect(s).toBe('paper-out');
  });

  it("is 'offline' when the first byte back is not a status byte (not an ESC/POS printer)", async () => {
    const replies = new ReplyBuffer();
    const s = await queryRealtimeStatus(
      async () => replies.push(new TextEncoder().encode('HTTP/1.1 400 Bad Request')),
      replies,
      Date.now() + 200,
    );
    expect(s).toBe('offline');
  });

  it("is 'offline' at the deadline when nothing answers, and when sending fails", async () => {
    const t0 = Date.now();
    expect(await queryRealtimeStatus(async () => undefined, new ReplyBuffer(), Date.now() + 100)).toBe('offline');
    expect(Date.now() - t0).toBeLessThan(500);
    expect(await queryRealtimeStatus(() => Promise.reject(new Error('EIO')), new ReplyBuffer(), Date.now() + 100)).toBe('offline');
  });
});
