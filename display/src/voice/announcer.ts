/**
 * The call announcer: a strict FIFO of voice calls. One announcement is the chime followed by N repetitions
 * of the sentence; the next announcement starts only after the previous one ended, so calls never overlap
 * or cut each other off (the failure Novo SGA #78 and QSystem's SoundPlayer describe).
 *
 * What must hold:
 * - Each call is announced at most once, keyed by its stream id and ticket id, across page reloads too
 *   (the `SeenStore` is sessionStorage in the browser). Recalls carry a new id, so they are announced.
 * - A failing or hanging step (a clip that does not decode, a system voice that never fires `end`) is
 *   abandoned after `stepTimeoutMs` and the queue moves on; it never stalls.
 * - Time comes in through `now` and `sleep` (R16); the module touches no DOM and is unit-tested with a fake player.
 */
import type { CallAnnouncement } from '@hall/contract';

/** Plays sounds; each promise settles when the sound has finished (or failed). Called one at a time. */
export interface AnnouncementPlayer {
  chime(): Promise<void>;
  say(call: CallAnnouncement): Promise<void>;
  /** Stops whatever is playing (after a timeout), so a hung step cannot overlap the next one. */
  stop(): void;
}

/** Ids already announced (or deliberately skipped). */
export interface SeenStore {
  has(key: string): boolean;
  add(key: string): void;
}

export interface AnnounceSettings {
  /** Repetitions of the sentence, ≥ 1. */
  repeat: number;
  chime: boolean;
  /** Pause between repetitions. */
  gapMs: number;
}

export interface AnnouncementRecord {
  callId: number;
  ticketId: string;
  number: string;
  window: number;
  isRecall: boolean;
  queuedAt: number;
  startedAt: number | null;
  endedAt: number | null;
  /** Steps (chime or one repetition) that failed or timed out. */
  failures: number;
}

export interface AnnouncerDeps {
  player: AnnouncementPlayer;
  /** Read at the start of each announcement, so new hall settings apply to the next call. */
  settings: () => AnnounceSettings;
  now: () => number;
  /** Resolves after `ms`; an aborted `signal` may leave it pending forever (the announcer drops it). */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  seen?: SeenStore;
  /** Upper bound for one step; default 20 s. */
  stepTimeoutMs?: number;
  /** After every change of the log (queued, started, ended). */
  onChange?: () => void;
  onStart?: (call: CallAnnouncement) => void;
  onStepError?: (err: unknown, call: CallAnnouncement) => void;
  /** Records kept in `log`; default 50. */
  logLimit?: number;
}

export function callKey(call: Pick<CallAnnouncement, 'id' | 'ticketId'>): string {
  return `${call.id}:${call.ticketId}`;
}

export class MemorySeenStore implements SeenStore {
  private readonly keys = new Set<string>();
  has(key: string): boolean {
    return this.keys.has(key);
  }
  add(key: string): void {
    this.keys.add(key);
  }
}

export class StepTimeout extends Error {
  constructor() {
    super('announcement step timed out');
    this.name = 'StepTimeout';
  }
}

const TIMED_OUT = Symbol('timed out');

export class Announcer {
  private readonly queue: Array<{ call: CallAnnouncement; record: AnnouncementRecord }> = [];
  private readonly records: AnnouncementRecord[] = [];
  private readonly seen: SeenStore;
  private running = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly deps: AnnouncerDeps) {
    this.seen = deps.seen ?? new MemorySeenStore();
  }

  /** Queues a call; returns false (and does nothing) when this call was already announced or queued. */
  enqueue(call: CallAnnouncement): boolean {
    const key = callKey(call);
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    const record: AnnouncementRecord = {
      callId: call.id,
      ticketId: call.ticketId,
      number: call.number,
      window: call.windowNumber,
      isRecall: call.isRecall,
      queuedAt: this.deps.now(),
      startedAt: null,
      endedAt: null,
      failures: 0,
    };
    this.records.push(record);
    const limit = this.deps.logLimit ?? 50;
    if (this.records.length > limit) this.records.splice(0, this.records.length - limit);
    this.queue.push({ call, record });
    this.deps.onChange?.();
    if (!this.running) void this.drain();
    return true;
  }

  /** Marks calls as known without announcing them (e.g. the calls a snapshot already shows). */
  markSeen(calls: Iterable<Pick<CallAnnouncement, 'id' | 'ticketId'>>): void {
    for (const c of calls) this.seen.add(callKey(c));
  }

  /** Every queued, playing and finished announcement, oldest first (the last `logLimit`). */
  get log(): readonly AnnouncementRecord[] {
    return this.records;
  }

  /** Announcements queued and not yet started. */
  get pending(): number {
    return this.queue.length;
  }

  get isSpeaking(): boolean {
    return this.running;
  }

  /** Resolves when the queue is empty and nothing is playing. */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        await this.announce(next.call, next.record);
      }
    } finally {
      this.running = false;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
      this.deps.onChange?.();
    }
  }

  private async announce(call: CallAnnouncement, record: AnnouncementRecord): Promise<void> {
    const settings = this.deps.settings();
    record.startedAt = this.deps.now();
    this.deps.onChange?.();
    try {
      this.deps.onStart?.(call);
    } catch {
      /* a UI callback must not stop the voice */
    }
    if (settings.chime) await this.step(() => this.deps.player.chime(), call, record);
    const repeat = Math.max(1, Math.floor(settings.repeat));
    for (let i = 0; i < repeat; i += 1) {
      if (i > 0 && settings.gapMs > 0) await this.deps.sleep(settings.gapMs);
      await this.step(() => this.deps.player.say(call), call, record);
    }
    record.endedAt = this.deps.now();
    this.deps.onChange?.();
  }

  private async step(run: () => Promise<void>, call: CallAnnouncement, record: AnnouncementRecord): Promise<void> {
    const timer = new AbortController();
    try {
      const outcome = await Promise.race([
        Promise.resolve().then(run),
        this.deps.sleep(this.deps.stepTimeoutMs ?? 20_000, timer.signal).then(() => TIMED_OUT),
      ]);
      if (outcome === TIMED_OUT) {
        try {
          this.deps.player.stop();
        } catch {
          /* already stopped */
        }
        throw new StepTimeout();
      }
    } catch (err) {
      record.failures += 1;
      try {
        this.deps.onStepError?.(err, call);
      } catch {
        /* reporting must not stop the voice */
      }
    } finally {
      timer.abort();
    }
  }
}
