/**
 * The call announcer: plays the `VoiceSchedule` (voice-schedule.ts) on a real player, one step at a time,
 * so calls never overlap or cut each other off (the failure Novo SGA #78 and QSystem's SoundPlayer describe).
 * The schedule decides what is said next; this module only runs it.
 *
 * What must hold:
 * - Each call is queued at most once, keyed by its stream id and ticket id, across page reloads too (the
 *   `SeenStore` is sessionStorage in the browser). Recalls carry a new id; the schedule merges them.
 * - The hall stream's ticket and window facts reach the schedule (`observeTicket`, `observeWindow`), so a
 *   call that is no longer true is dropped before it is voiced.
 * - Calls of one hall-stream batch are all queued before the next decision (the loop starts on a microtask).
 * - A failing or hanging step (a clip that does not decode, a system voice that never fires `end`) is
 *   abandoned after `stepTimeoutMs` and the schedule moves on; it never stalls.
 * - Time comes in through `now` and `sleep` (R16); the module touches no DOM and is unit-tested with a fake player.
 */
import type { CallAnnouncement, PublicTicket, WindowState } from '@hall/contract';
import {
  DEFAULT_SCHEDULE_OPTIONS,
  VoiceSchedule,
  type AnnouncementRecord,
  type DurationEstimator,
  type ScheduleOptions,
  type Step,
} from './voice-schedule.ts';

export type { AnnouncementRecord } from './voice-schedule.ts';

/** How a sentence is to be said: the words (a template) and the speed (1 = recorded speed). */
export interface SayStyle {
  template: string;
  rate: number;
}

/** Plays sounds; each promise settles when the sound has finished (or failed). Called one at a time. */
export interface AnnouncementPlayer {
  chime(rate: number): Promise<void>;
  say(call: CallAnnouncement, style: SayStyle): Promise<void>;
  /** Stops whatever is playing (a timeout, or a repetition cut short); its promise then rejects. */
  stop(): void;
}

/** Ids already announced (or deliberately skipped). */
export interface SeenStore {
  has(key: string): boolean;
  add(key: string): void;
}

export interface AnnounceSettings {
  /** Times each call is said, ≥ 1. */
  repeat: number;
  chime: boolean;
  /** The hall's speech rate. */
  rate: number;
  /** The hall's sentence, e.g. "请 {number} 号到 {window} 号窗口办理". */
  template: string;
  /** The brief sentence used under a burst, e.g. "{number} 号到 {window} 号窗口". */
  briefTemplate: string;
}

export interface AnnouncerDeps {
  player: AnnouncementPlayer;
  /** Read before every step, so new hall settings apply at once. */
  settings: () => AnnounceSettings;
  /** Lengths of sounds, for the schedule's on-time plan. */
  durations: DurationEstimator;
  now: () => number;
  /** Resolves after `ms`; an aborted `signal` may leave it pending forever (the announcer drops it). */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  seen?: SeenStore;
  schedule?: Partial<ScheduleOptions>;
  /** Upper bound for one step; default 20 s. */
  stepTimeoutMs?: number;
  /** After every change of the log (queued, started, ended, dropped). */
  onChange?: () => void;
  /** A step of this call starts playing. */
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
  private readonly schedule: VoiceSchedule;
  private readonly seen: SeenStore;
  private running = false;
  private current: Exclude<Step, { kind: 'wait' }> | null = null;
  private cutting = false;
  private wake: (() => void) | null = null;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly deps: AnnouncerDeps) {
    this.seen = deps.seen ?? new MemorySeenStore();
    this.schedule = new VoiceSchedule(deps.durations, { ...DEFAULT_SCHEDULE_OPTIONS, ...deps.schedule }, deps.logLimit ?? 50);
  }

  /** Queues a call shown on the screen now; false (and nothing done) when it was seen before. */
  enqueue(call: CallAnnouncement): boolean {
    const key = callKey(call);
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    this.schedule.add(call, this.deps.now());
    this.changed();
    this.kick();
    return true;
  }

  /** Marks calls as known without announcing them (e.g. the calls a snapshot already shows). */
  markSeen(calls: Iterable<Pick<CallAnnouncement, 'id' | 'ticketId'>>): void {
    for (const c of calls) this.seen.add(callKey(c));
  }

  observeTicket(t: Pick<PublicTicket, 'id' | 'status' | 'windowId'>): void {
    this.schedule.observeTicket(t, this.deps.now());
    this.changed();
  }

  observeWindow(w: Pick<WindowState, 'id' | 'status' | 'currentTicket'>): void {
    this.schedule.observeWindow(w, this.deps.now());
    this.changed();
  }

  /** Every queued, playing, finished and dropped announcement, oldest first (the last `logLimit`). */
  get log(): readonly AnnouncementRecord[] {
    return this.schedule.records;
  }

  /** Announcements queued or still owing a repetition. */
  get pending(): number {
    return this.schedule.pending;
  }

  get isSpeaking(): boolean {
    return this.running;
  }

  /** Resolves when nothing is queued and nothing is playing. */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private changed(): void {
    try {
      this.deps.onChange?.();
    } catch {
      /* a UI callback must not stop the voice */
    }
  }

  private kick(): void {
    if (this.wake) {
      this.wake();
      return;
    }
    if (this.current && !this.cutting && this.schedule.shouldInterrupt(this.deps.now(), this.scheduleSettings())) {
      this.cutting = true;
      try {
        this.deps.player.stop();
      } catch {
        /* already stopped */
      }
      return;
    }
    if (this.running) return;
    this.running = true;
    queueMicrotask(() => void this.loop());
  }

  private scheduleSettings() {
    const s = this.deps.settings();
    return { repeat: s.repeat, chime: s.chime, rate: s.rate };
  }

  private async loop(): Promise<void> {
    try {
      for (;;) {
        const settings = this.deps.settings();
        const step = this.schedule.next(this.deps.now(), this.scheduleSettings());
        if (!step) break;
        if (step.kind === 'wait') {
          await this.pause(step.ms);
          continue;
        }
        this.current = step;
        this.cutting = false;
        this.changed();
        try {
          this.deps.onStart?.(this.callOf(step));
        } catch {
          /* a UI callback must not stop the voice */
        }
        const outcome = await this.play(step, settings);
        this.current = null;
        this.schedule.done(step, this.deps.now(), this.scheduleSettings(), outcome);
        this.changed();
      }
    } finally {
      this.running = false;
      this.current = null;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
      this.changed();
    }
  }

  private callOf(step: Exclude<Step, { kind: 'wait' }>): CallAnnouncement {
    if (step.kind === 'say') return step.call;
    const r = step.record;
    return {
      id: r.callId,
      ticketId: r.ticketId,
      number: r.number,
      windowId: r.windowId,
      windowName: '',
      windowNumber: r.window,
      at: '',
      isRecall: r.isRecall,
    };
  }

  /** Waits between sentences; a new call ends the wait early so the schedule can decide again. */
  private pause(ms: number): Promise<void> {
    const timer = new AbortController();
    return new Promise<void>((resolve) => {
      const done = () => {
        this.wake = null;
        timer.abort();
        resolve();
      };
      this.wake = done;
      void this.deps.sleep(ms, timer.signal).then(done);
    });
  }

  private async play(step: Exclude<Step, { kind: 'wait' }>, settings: AnnounceSettings): Promise<'played' | 'failed' | 'cut'> {
    const run =
      step.kind === 'chime'
        ? () => this.deps.player.chime(step.rate)
        : () =>
            this.deps.player.say(step.call, {
              template: step.template === 'brief' ? settings.briefTemplate : settings.template,
              rate: step.rate,
            });
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
      return this.cutting ? 'cut' : 'played';
    } catch (err) {
      if (this.cutting) return 'cut';
      try {
        this.deps.onStepError?.(err, this.callOf(step));
      } catch {
        /* reporting must not stop the voice */
      }
      return 'failed';
    } finally {
      timer.abort();
    }
  }
}
