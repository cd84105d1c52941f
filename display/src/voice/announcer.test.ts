import { describe, expect, it } from 'vitest';
import type { CallAnnouncement } from '@hall/contract';
import { Announcer, MemorySeenStore, type AnnounceSettings, type AnnouncementPlayer, type SayStyle } from './announcer.ts';
import type { DurationEstimator } from './voice-schedule.ts';

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
  private abort: (() => void) | null = null;
  constructor(
    private readonly clock: ManualClock,
    private readonly chimeMs = 500,
    private readonly sayMs = 2000,
  ) {}
  chime(rate: number): Promise<void> {
    return this.sound('chime', this.chimeMs / rate);
  }
  say(call: CallAnnouncement, style: SayStyle): Promise<void> {
    if (this.failFor.has(call.number)) return Promise.reject(new Error('clip failed to decode'));
    if (this.hangFor.has(call.number)) {
      this.played.push(`hang ${call.number}`);
      return new Promise(() => undefined);
    }
    const words = style.template.replace('{number}', call.number).replace('{window}', String(call.windowNumber));
    return this.sound(`say ${words}`, this.sayMs / style.rate);
  }
  stop(): void {
    this.stops += 1;
    this.abort?.();
  }
  private async sound(name: string, ms: number): Promise<void> {
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    this.played.push(name);
    try {
      await new Promise<void>((resolve, reject) => {
        this.abort = () => reject(new Error('stopped'));
        void this.clock.sleep(ms).then(resolve);
      });
    } finally {
      this.abort = null;
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

/** The same lengths the fake player plays, so the schedule's plan matches what happens. */
const durations: DurationEstimator = { sayMs: (_c, _t, rate) => 2000 / rate, chimeMs: (rate) => 500 / rate };

function setup(settings: Partial<AnnounceSettings> = {}, extra: { seen?: MemorySeenStore; stepTimeoutMs?: number } = {}) {
  const clock = new ManualClock();
  const player = new FakePlayer(clock);
  const current: AnnounceSettings = {
    repeat: 2,
    chime: true,
    rate: 1,
    template: '{number}@{window}',
    briefTemplate: '{number}>{window}',
    ...settings,
  };
  const announcer = new Announcer({ player, settings: () => current, durations, now: clock.now, sleep: clock.sleep, ...extra });
  return { clock, player, announcer, current };
}

describe('Announcer', () => {
  it('plays the schedule: chime, the sentence, a pause, the repetition, never two sounds at once', async () => {
    const { clock, player, announcer } = setup();
    expect(announcer.enqueue(call('A012', 5))).toBe(true);
    expect(announcer.enqueue(call('F003', 16))).toBe(true);
    await clock.advance(60_000);
    // Two calls fit the gentlest delivery: chime each, full sentence, 600 ms pauses; repetitions after both.
    expect(player.played).toEqual(['chime', 'say A012@5', 'chime', 'say F003@16', 'say A012@5', 'say F003@16']);
    expect(player.maxActive).toBe(1);
    const [first, second] = announcer.log;
    // A012: chime 0–500, sentence 500–2500; F003: pause to 3100, chime 3100–3600, sentence 3600–5600;
    // A012 again 6200–8200; F003 again 8800–10800.
    expect(first).toMatchObject({ startedAt: 0, saidAt: 500, endedAt: 8200, sayings: 2 });
    expect(second).toMatchObject({ startedAt: 3100, saidAt: 3600, endedAt: 10800, sayings: 2 });
    expect(announcer.isSpeaking).toBe(false);
  });

  it('decides once a whole batch of calls is queued, not after the first one', async () => {
    const { clock, player, announcer } = setup({ repeat: 1 });
    // Seven calls of one batch (sentences 2000 ms, chime 500 ms). Deciding after the first call alone would
    // give it the gentlest delivery ("B001@1"). Knowing all seven: chime each starts B006 at 16.0 s, one
    // chime per run B007 at 500 + 6 × 2600 = 16.1 s, the brief sentence at 500 + 6 × 2450 = 15.2 s; at 1.2×
    // (chime 417, sentence 1667, pause 250) B007 starts at 417 + 6 × 1917 = 11.9 s: level 3, brief.
    for (let i = 1; i <= 7; i += 1) announcer.enqueue(call(`B00${i}`, i));
    await clock.advance(60_000);
    expect(player.played.slice(0, 2)).toEqual(['chime', 'say B001>1']);
    expect(announcer.log[0]?.level).toBe(3);
    expect(announcer.log.every((r) => r.saidAt !== null && r.saidAt - r.queuedAt <= 15_000)).toBe(true);
  });

  it('does not cut off a first saying when a new call arrives', async () => {
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

  it('never voices a call whose ticket was finished while it waited, nor the repetition of a 过号', async () => {
    const { clock, player, announcer } = setup();
    const a = call('C001', 1);
    const b = call('C002', 2);
    announcer.enqueue(a);
    announcer.enqueue(b);
    await clock.advance(1000);
    announcer.observeTicket({ id: b.ticketId, status: 'done', windowId: 'W2' });
    await clock.advance(1000);
    announcer.observeTicket({ id: a.ticketId, status: 'no_show', windowId: 'W1' });
    await clock.advance(60_000);
    // C001: chime 0–500, sentence 500–2500 (过号 at 2000: it ends, its repetition is dropped).
    expect(player.played).toEqual(['chime', 'say C001@1']);
    expect(announcer.log.map((r) => [r.number, r.dropReason, r.sayings])).toEqual([
      ['C001', 'no_show', 1],
      ['C002', 'finished', 0],
    ]);
  });

  it('drops a waiting call when its window signs out or pauses, from window facts alone', async () => {
    const { clock, player, announcer } = setup({ repeat: 1 });
    const a = call('D001', 1);
    const b = call('D002', 2);
    announcer.enqueue(a);
    announcer.enqueue(b);
    announcer.observeWindow({ id: 'W2', status: 'closed', currentTicket: null });
    await clock.advance(60_000);
    expect(player.played).toEqual(['chime', 'say D001@1']);
    expect(announcer.log[1]?.dropReason).toBe('window_closed');
  });

  it('merges recalls of a ticket not yet voiced', async () => {
    const { clock, player, announcer } = setup({ repeat: 1, chime: false });
    const first = call('B007', 10);
    announcer.enqueue(call('A001', 1));
    expect(announcer.enqueue(first)).toBe(true);
    expect(announcer.enqueue({ ...first })).toBe(false);
    expect(announcer.enqueue(call('B007', 10, { ticketId: first.ticketId, isRecall: true }))).toBe(true);
    await clock.advance(60_000);
    expect(player.played).toEqual(['say A001@1', 'say B007@10']);
    expect(announcer.log.map((r) => r.callIds.length)).toEqual([1, 2]);
  });

  it('cuts a repetition short (stopping the player) when a burst arrives', async () => {
    const { clock, player, announcer } = setup();
    announcer.enqueue(call('E001', 1));
    // chime 0–500, sentence 500–2500, pause, repetition from 3100.
    await clock.advance(3200);
    expect(player.played).toEqual(['chime', 'say E001@1', 'say E001@1']);
    for (let i = 2; i <= 9; i += 1) announcer.enqueue(call(`E00${i}`, i));
    await clock.advance(1);
    expect(player.stops).toBe(1);
    await clock.advance(60_000);
    expect(announcer.log[0]).toMatchObject({ sayings: 2, cuts: 1, failures: 0 });
    expect(player.maxActive).toBe(1);
    for (const r of announcer.log.slice(1)) expect((r.saidAt ?? Infinity) - r.queuedAt).toBeLessThanOrEqual(15_000);
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
    announcer.enqueue(call('C404', 3));
    announcer.enqueue(call('C405', 4));
    await clock.advance(60_000);
    expect(player.played).toEqual(['chime', 'chime', 'say C405@4', 'say C405@4']);
    expect(announcer.log.map((r) => r.failures)).toEqual([2, 0]);
    expect(announcer.log[0]?.endedAt).not.toBeNull();
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
    expect(announcer.log[0]?.failures).toBe(1);
    expect(announcer.log[1]?.startedAt).toBeGreaterThanOrEqual(announcer.log[0]?.endedAt ?? Infinity);
  });

  it('leaves no timer behind once everything is said', async () => {
    const { clock, announcer } = setup({ repeat: 2 });
    announcer.enqueue(call('E001', 11));
    await clock.advance(60_000);
    expect(clock.pendingTimers).toBe(0);
  });

  it('reads the settings before every step', async () => {
    const { clock, player, announcer, current } = setup({ repeat: 1, chime: false });
    announcer.enqueue(call('H001', 3));
    await clock.advance(60_000);
    current.repeat = 3;
    current.chime = true;
    announcer.enqueue(call('H002', 4));
    await clock.advance(60_000);
    expect(player.played).toEqual(['say H001@3', 'chime', 'say H002@4', 'say H002@4', 'say H002@4']);
  });

  it('resolves idle() once everything is said', async () => {
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
