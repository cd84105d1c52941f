import { describe, expect, it } from 'vitest';
import type { CallAnnouncement } from '@hall/contract';
import { Announcer, MemorySeenStore, type AnnounceSettings, type AnnouncementPlayer } from './announcer.ts';

/** A manual clock: `sleep` resolves only when `advance` moves time past it (R16). */
class ManualClock {
  at = 0;
  private timers: Array<{ due: number; resolve: () => void; signal: AbortSignal | undefined }> = [];
  now = (): number => this.at;
  sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise((resolve) => {
      this.timers.push({ due: this.at + ms, resolve, signal });
    });
  get pendingTimers(): number {
    return this.timers.filter((t) => !t.signal?.aborted).length;
  }
  /** Moves time forward timer by timer, letting promise chains run in between. */
  async advance(ms: number): Promise<void> {
    const end = this.at + ms;
    for (;;) {
      await flush();
      this.timers = this.timers.filter((t) => !t.signal?.aborted);
      const next = this.timers.filter((t) => t.due <= end).sort((a, b) => a.due - b.due)[0];
      if (!next) break;
      this.at = next.due;
      this.timers.splice(this.timers.indexOf(next), 1);
      next.resolve();
    }
    this.at = end;
    await flush();
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
}

/** A player whose sounds take time on the manual clock, and which records what it plays and any overlap. */
class FakePlayer implements AnnouncementPlayer {
  played: string[] = [];
  active = 0;
  maxActive = 0;
  stops = 0;
  failFor = new Set<string>();
  hangFor = new Set<string>();
  constructor(
    private readonly clock: ManualClock,
    private readonly chimeMs = 500,
    private readonly sayMs = 2000,
  ) {}
  chime(): Promise<void> {
    return this.sound('chime', this.chimeMs);
  }
  say(call: CallAnnouncement): Promise<void> {
    if (this.failFor.has(call.number)) return Promise.reject(new Error('clip failed to decode'));
    if (this.hangFor.has(call.number)) {
      this.played.push(`hang ${call.number}`);
      return new Promise(() => undefined);
    }
    return this.sound(`say ${call.number}@${call.windowNumber}`, this.sayMs);
  }
  stop(): void {
    this.stops += 1;
  }
  private async sound(name: string, ms: number): Promise<void> {
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    this.played.push(name);
    try {
      await this.clock.sleep(ms);
    } finally {
      this.active -= 1;
    }
  }
}

let nextId = 100;
function call(number: string, windowNumber: number, patch: Partial<CallAnnouncement> = {}): CallAnnouncement {
  nextId += 1;
  return {
    id: nextId,
    ticketId: `t-${number}`,
    number,
    windowId: `W${windowNumber}`,
    windowName: `${windowNumber}号窗口`,
    windowNumber,
    at: '2026-05-12T09:00:00+08:00',
    isRecall: false,
    ...patch,
  };
}

function setup(settings: Partial<AnnounceSettings> = {}, extra: { seen?: MemorySeenStore; stepTimeoutMs?: number } = {}) {
  const clock = new ManualClock();
  const player = new FakePlayer(clock);
  const current: AnnounceSettings = { repeat: 2, chime: true, gapMs: 300, ...settings };
  const announcer = new Announcer({ player, settings: () => current, now: clock.now, sleep: clock.sleep, ...extra });
  return { clock, player, announcer, current };
}

describe('Announcer', () => {
  it('announces calls first in, first out: chime then every repetition, never overlapping', async () => {
    const { clock, player, announcer } = setup();
    expect(announcer.enqueue(call('A012', 5))).toBe(true);
    expect(announcer.enqueue(call('F003', 16))).toBe(true);
    expect(announcer.pending).toBe(1);
    await clock.advance(60_000);
    expect(player.played).toEqual(['chime', 'say A012@5', 'say A012@5', 'chime', 'say F003@16', 'say F003@16']);
    expect(player.maxActive).toBe(1);
    const [first, second] = announcer.log;
    expect(first?.startedAt).toBe(0);
    expect(first?.endedAt).toBe(500 + 2000 + 300 + 2000);
    expect(second?.startedAt).toBeGreaterThanOrEqual(first?.endedAt ?? Infinity);
    expect(announcer.isSpeaking).toBe(false);
  });

  it('does not cut off a call that is playing when a new one arrives', async () => {
    const { clock, player, announcer } = setup({ repeat: 1 });
    announcer.enqueue(call('A001', 1));
    await clock.advance(1000);
    announcer.enqueue(call('A002', 2));
    await clock.advance(100);
    expect(player.played).toEqual(['chime', 'say A001@1']);
    expect(player.stops).toBe(0);
    await clock.advance(60_000);
    expect(player.played).toEqual(['chime', 'say A001@1', 'chime', 'say A002@2']);
  });

  it('announces a call id once, but a recall of the same ticket again', async () => {
    const { clock, player, announcer } = setup({ repeat: 1, chime: false });
    const first = call('B007', 10);
    expect(announcer.enqueue(first)).toBe(true);
    expect(announcer.enqueue({ ...first })).toBe(false);
    expect(announcer.enqueue(call('B007', 10, { ticketId: first.ticketId, isRecall: true }))).toBe(true);
    await clock.advance(60_000);
    expect(player.played).toEqual(['say B007@10', 'say B007@10']);
    expect(announcer.log.map((r) => r.isRecall)).toEqual([false, true]);
  });

  it('never re-announces after a reload when the seen store survives it', async () => {
    const seen = new MemorySeenStore();
    const c = call('G001', 9);
    const before = setup({ repeat: 1 }, { seen });
    before.announcer.enqueue(c);
    await before.clock.advance(60_000);
    const after = setup({ repeat: 1 }, { seen });
    expect(after.announcer.enqueue(c)).toBe(false);
    after.announcer.markSeen([{ id: 9999, ticketId: 'snapshot-call' }]);
    expect(after.announcer.enqueue(call('X', 1, { id: 9999, ticketId: 'snapshot-call' }))).toBe(false);
    await after.clock.advance(60_000);
    expect(after.player.played).toEqual([]);
  });

  it('moves on when a clip fails, counting the failure', async () => {
    const { clock, player, announcer } = setup({ repeat: 2 });
    player.failFor.add('C404');
    const errors: unknown[] = [];
    const a = new Announcer({
      player,
      settings: () => ({ repeat: 2, chime: true, gapMs: 0 }),
      now: clock.now,
      sleep: clock.sleep,
      onStepError: (e) => errors.push(e),
    });
    a.enqueue(call('C404', 3));
    a.enqueue(call('C405', 4));
    await clock.advance(60_000);
    expect(player.played).toEqual(['chime', 'chime', 'say C405@4', 'say C405@4']);
    expect(a.log.map((r) => r.failures)).toEqual([2, 0]);
    expect(errors).toHaveLength(2);
    expect(a.log[0]?.endedAt).not.toBeNull();
    expect(announcer.log).toHaveLength(0);
  });

  it('abandons a step that never finishes after the step timeout, stops the player and goes on', async () => {
    const { clock, player, announcer } = setup({ repeat: 1, chime: false }, { stepTimeoutMs: 5000 });
    player.hangFor.add('D001');
    announcer.enqueue(call('D001', 13));
    announcer.enqueue(call('D002', 14));
    await clock.advance(4999);
    expect(player.played).toEqual(['hang D001']);
    await clock.advance(1);
    expect(player.stops).toBe(1);
    await clock.advance(60_000);
    expect(player.played).toEqual(['hang D001', 'say D002@14']);
    expect(announcer.log[1]?.startedAt).toBeGreaterThanOrEqual(announcer.log[0]?.endedAt ?? Infinity);
  });

  it('leaves no watchdog timer behind after a step that finished in time', async () => {
    const { clock, announcer } = setup({ repeat: 1 });
    announcer.enqueue(call('E001', 11));
    await clock.advance(60_000);
    expect(clock.pendingTimers).toBe(0);
  });

  it('reads the settings at the start of each announcement', async () => {
    const { clock, player, announcer, current } = setup({ repeat: 1, chime: false });
    announcer.enqueue(call('H001', 3));
    await clock.advance(60_000);
    current.repeat = 3;
    current.chime = true;
    announcer.enqueue(call('H002', 4));
    await clock.advance(60_000);
    expect(player.played).toEqual(['say H001@3', 'chime', 'say H002@4', 'say H002@4', 'say H002@4']);
  });

  it('resolves idle() once the queue has drained', async () => {
    const { clock, announcer } = setup({ repeat: 1 });
    announcer.enqueue(call('A100', 1));
    let idle = false;
    void announcer.idle().then(() => {
      idle = true;
    });
    await clock.advance(100);
    expect(idle).toBe(false);
    await clock.advance(60_000);
    expect(idle).toBe(true);
  });
});
