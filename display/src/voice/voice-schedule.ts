/**
 * The voice schedule: which sound the hall hears next. Pure (no clock, no DOM, no timers): time comes in as
 * `now` arguments and the durations of sounds from an injected estimator, so every decision is unit-tested
 * with hand-written sequences. `announcer.ts` runs it against a real player.
 *
 * What it promises the hall:
 * - **Only true calls are voiced.** Each pending call is checked against the latest ticket and window facts
 *   from the hall stream (`observe`). A call whose ticket was finished, marked 过号, cancelled, transferred,
 *   suspended, has already reached the window (办理中), or whose window moved on, closed or paused is dropped
 *   with its reason, before it is voiced and between its repetitions. A sentence already playing is never cut.
 * - **Recalls merge.** One ticket has at most one pending announcement: a recall arriving before the earlier
 *   call (or recall) of the same ticket was voiced joins it; a recall after it was voiced replaces its
 *   remaining repetitions with one fresh recall.
 * - **Fresh calls first, and on time.** Calls never voiced go before recalls, and both before repetitions.
 *   Before each new sentence the schedule picks the gentlest delivery (`LADDER`) under which every waiting
 *   call still starts within `targetMs` (less `planMarginMs`, for sounds that run long) of the moment the
 *   screen showed it: the full sentence with a chime each, then one chime per run, then the brief sentence
 *   ("A012 号到 5 号窗口"), then faster speech (1.2×, 1.4×, 1.6× the hall's rate). Under a burst,
 *   repetitions of older calls wait and expire after `repeatWindowMs`, and a repetition already playing is
 *   cut short when waiting calls would otherwise miss the target (`shouldInterrupt`); a first saying is
 *   never cut, so a burst that arrives during one can start up to that sentence late.
 * - **One sound at a time, the chime kept.** A run of speech always starts with the chime (when the hall
 *   has it on); the runner plays steps one after another, so nothing overlaps.
 */
import type { CallAnnouncement, PublicTicket, WindowState } from '@hall/contract';

/** How one sentence is delivered: the hall's sentence or the brief one, and how fast. */
export interface Delivery {
  /** Index in `LADDER` (0 = the hall's normal delivery). */
  level: number;
  template: 'full' | 'brief';
  /** Multiplies the hall's speech rate. */
  rateFactor: number;
  /** Chime before every new call (level 0), or only at the start of a run of speech. */
  chimeEach: boolean;
  /** Pause between two sentences at rate 1, ms. */
  gapMs: number;
}

/** From gentlest to most hurried; the schedule uses the first level under which every call is on time. */
export const LADDER: readonly Delivery[] = [
  { level: 0, template: 'full', rateFactor: 1, chimeEach: true, gapMs: 600 },
  { level: 1, template: 'full', rateFactor: 1, chimeEach: false, gapMs: 600 },
  { level: 2, template: 'brief', rateFactor: 1, chimeEach: false, gapMs: 450 },
  { level: 3, template: 'brief', rateFactor: 1.2, chimeEach: false, gapMs: 300 },
  { level: 4, template: 'brief', rateFactor: 1.4, chimeEach: false, gapMs: 300 },
  { level: 5, template: 'brief', rateFactor: 1.6, chimeEach: false, gapMs: 250 },
];

export interface ScheduleSettings {
  /** Times each call is said (the first saying plus repetitions), ≥ 1. */
  repeat: number;
  chime: boolean;
  /** The hall's speech rate (1 = recorded speed). */
  rate: number;
}

export interface ScheduleOptions {
  /** A waiting call's sentence should start within this long of the screen showing it. */
  targetMs: number;
  /** Plans against `targetMs − planMarginMs`, so sounds that run longer than estimated still start on time. */
  planMarginMs: number;
  /** Repetitions not played within this long of the call's first saying are dropped. */
  repeatWindowMs: number;
  /** Silence after which the next sentence starts a new run (with a chime). */
  runQuietMs: number;
}

export const DEFAULT_SCHEDULE_OPTIONS: ScheduleOptions = {
  targetMs: 15_000,
  planMarginMs: 1_500,
  repeatWindowMs: 30_000,
  runQuietMs: 1_500,
};

/** Durations of sounds, ms, at a given rate (1 = recorded speed). */
export interface DurationEstimator {
  sayMs(call: CallAnnouncement, template: 'full' | 'brief', rate: number): number;
  chimeMs(rate: number): number;
}

export type DropReason =
  | 'finished'
  | 'no_show'
  | 'cancelled'
  | 'suspended'
  | 'transferred'
  | 'arrived'
  | 'window_moved_on'
  | 'window_closed'
  | 'window_paused'
  | 'repeat_expired';

/** What the hall stream last said about a ticket and a window (only the fields liveness needs). */
export interface TicketFact {
  status: PublicTicket['status'];
  windowId: string | null;
}
export interface WindowFact {
  status: WindowState['status'];
  currentTicketId: string | null;
  currentStatus: PublicTicket['status'] | null;
}

/**
 * Why a call at a window is no longer true, or null while it is: the ticket must still be `called` at that
 * window, and the window must still hold it. Unknown facts count as true (a call just arrived is live).
 */
export function dropReason(
  call: Pick<CallAnnouncement, 'ticketId' | 'windowId'>,
  ticket: TicketFact | undefined,
  window: WindowFact | undefined,
): DropReason | null {
  if (ticket) {
    switch (ticket.status) {
      case 'done':
        return 'finished';
      case 'no_show':
        return 'no_show';
      case 'cancelled':
        return 'cancelled';
      case 'suspended':
        return 'suspended';
      case 'serving':
        return ticket.windowId === call.windowId ? 'arrived' : 'transferred';
      case 'waiting':
        return 'transferred';
      case 'called':
        if (ticket.windowId !== call.windowId) return 'transferred';
        break;
    }
  }
  if (!window) return null;
  if (window.currentTicketId === call.ticketId) {
    if (window.currentStatus === 'serving') return 'arrived';
    if (window.currentStatus === 'suspended') return 'suspended';
    return null;
  }
  // The window no longer holds the ticket: it closed, paused, or went on to someone else.
  if (window.currentTicketId === null && window.status === 'closed') return 'window_closed';
  if (window.currentTicketId === null && window.status === 'paused') return 'window_paused';
  return 'window_moved_on';
}

/** One announcement of one ticket: its first saying (or a recall) and its repetitions. */
export interface AnnouncementRecord {
  /** The id of the latest call merged into it. */
  callId: number;
  /** Every call id merged into it, oldest first. */
  callIds: number[];
  ticketId: string;
  number: string;
  window: number;
  windowId: string;
  isRecall: boolean;
  /** When the screen showed the (first merged) call. */
  queuedAt: number;
  /** First sound of this announcement (its chime, or its first sentence). */
  startedAt: number | null;
  /** Start of its first sentence: when the hall first heard the number. */
  saidAt: number | null;
  endedAt: number | null;
  sayings: number;
  /** Ladder level of the first sentence. */
  level: number | null;
  droppedAt: number | null;
  dropReason: DropReason | null;
  /** Steps (chime or sentence) that failed or timed out. */
  failures: number;
  /** Repetitions cut short for calls never voiced. */
  cuts: number;
}

export type Step =
  | { kind: 'chime'; record: AnnouncementRecord; rate: number }
  | { kind: 'say'; record: AnnouncementRecord; call: CallAnnouncement; template: 'full' | 'brief'; rate: number; delivery: Delivery }
  | { kind: 'wait'; ms: number };

interface Item {
  record: AnnouncementRecord;
  call: CallAnnouncement;
  /** A recall of a ticket already voiced: waits behind calls never voiced. Repetitions are items with `said > 0`. */
  recall: boolean;
  said: number;
  /** The chime before this item's first sentence has played. */
  chimed: boolean;
  firstSaidEndAt: number | null;
}

export class VoiceSchedule {
  private items: Item[] = [];
  private readonly tickets = new Map<string, TicketFact>();
  private readonly windows = new Map<string, WindowFact>();
  /** Tickets already voiced (at least one sentence) and not since returned to the queue. */
  private readonly voiced = new Set<string>();
  private lastSoundEndAt: number | null = null;
  private playing: { step: Exclude<Step, { kind: 'wait' }>; at: number } | null = null;
  readonly records: AnnouncementRecord[] = [];

  constructor(
    private readonly durations: DurationEstimator,
    private readonly options: ScheduleOptions = DEFAULT_SCHEDULE_OPTIONS,
    private readonly logLimit = 100,
  ) {}

  /** Announcements queued and not yet finished or dropped. */
  get pending(): number {
    return this.items.length;
  }

  /** A new call (or recall) shown on the screen at `now`. Returns the record it was queued or merged into. */
  add(call: CallAnnouncement, now: number): AnnouncementRecord {
    this.tickets.set(call.ticketId, { status: 'called', windowId: call.windowId });
    const existing = this.items.find((i) => i.call.ticketId === call.ticketId);
    if (existing && existing.said === 0) {
      // Not voiced yet: the later call joins it (same ticket, latest window, its earlier time on screen).
      existing.call = call;
      existing.record.callId = call.id;
      existing.record.callIds.push(call.id);
      existing.record.window = call.windowNumber;
      existing.record.windowId = call.windowId;
      return existing.record;
    }
    // Voiced already: a recall replaces the repetitions still owed.
    if (existing) this.close(existing, now, null);
    const record: AnnouncementRecord = {
      callId: call.id,
      callIds: [call.id],
      ticketId: call.ticketId,
      number: call.number,
      window: call.windowNumber,
      windowId: call.windowId,
      isRecall: call.isRecall || this.voiced.has(call.ticketId),
      queuedAt: now,
      startedAt: null,
      saidAt: null,
      endedAt: null,
      sayings: 0,
      level: null,
      droppedAt: null,
      dropReason: null,
      failures: 0,
      cuts: 0,
    };
    this.records.push(record);
    if (this.records.length > this.logLimit) this.records.splice(0, this.records.length - this.logLimit);
    this.items.push({ record, call, recall: record.isRecall, said: 0, chimed: false, firstSaidEndAt: null });
    return record;
  }

  /** A ticket fact from the hall stream; drops pending calls it makes untrue. */
  observeTicket(t: Pick<PublicTicket, 'id' | 'status' | 'windowId'>, now: number): void {
    this.tickets.set(t.id, { status: t.status, windowId: t.windowId });
    if (t.status === 'waiting') this.voiced.delete(t.id);
    this.prune(now);
  }

  /** A window fact from the hall stream; drops pending calls it makes untrue. */
  observeWindow(w: Pick<WindowState, 'id' | 'status' | 'currentTicket'>, now: number): void {
    this.windows.set(w.id, {
      status: w.status,
      currentTicketId: w.currentTicket?.id ?? null,
      currentStatus: w.currentTicket?.status ?? null,
    });
    if (w.currentTicket) this.tickets.set(w.currentTicket.id, { status: w.currentTicket.status, windowId: w.currentTicket.windowId });
    this.prune(now);
  }

  /**
   * The next step at `now`, or null when there is nothing to say. A `wait` step asks the runner to come back
   * after `ms` (the pause between sentences), or earlier when a new call arrives.
   */
  next(now: number, settings: ScheduleSettings): Step | null {
    if (this.playing) throw new Error('next() while a step is playing');
    this.prune(now);
    this.expire(now, settings);
    const fresh = this.freshInOrder();
    const item = fresh[0];
    if (item) {
      const delivery = this.chooseDelivery(fresh, now, settings, this.lastSoundEndAt);
      const rate = settings.rate * delivery.rateFactor;
      const runStart = this.isRunStart(now, this.lastSoundEndAt);
      const chime = settings.chime && !item.chimed && (runStart || delivery.chimeEach);
      // The pause before a sentence (or its chime), except right after this call's own chime.
      if (!runStart && !item.chimed) {
        const wait = this.gapLeft(now, delivery, rate);
        if (wait > 0) return { kind: 'wait', ms: wait };
      }
      if (chime) return this.begin({ kind: 'chime', record: item.record, rate }, now);
      return this.begin({ kind: 'say', record: item.record, call: item.call, template: delivery.template, rate, delivery }, now);
    }
    const repeat = this.items
      .filter((i) => i.said > 0)
      .sort((a, b) => a.said - b.said || (a.firstSaidEndAt ?? 0) - (b.firstSaidEndAt ?? 0))[0];
    if (!repeat) return null;
    const delivery = LADDER[0] as Delivery;
    const wait = this.gapLeft(now, delivery, settings.rate);
    if (wait > 0) return { kind: 'wait', ms: wait };
    return this.begin({ kind: 'say', record: repeat.record, call: repeat.call, template: 'full', rate: settings.rate, delivery }, now);
  }

  /**
   * Whether the sound playing now should be stopped because calls never voiced are waiting and would miss
   * their target if it played to its end. Only a repetition is ever cut short, never a chime or a first saying.
   */
  shouldInterrupt(now: number, settings: ScheduleSettings): boolean {
    if (!this.playing || this.playing.step.kind !== 'say') return false;
    const item = this.items.find((i) => i.record === this.playing?.step.record);
    if (item && item.said === 0) return false;
    const fresh = this.freshInOrder().filter((i) => !i.recall);
    if (fresh.length === 0) return false;
    const s = this.playing.step;
    const endsAt = Math.max(now, this.playing.at + this.durations.sayMs(s.call, s.template, s.rate));
    const d = this.chooseDelivery(fresh, now, settings, endsAt);
    return d.level > 1 || !this.onTime(d, fresh, now, settings, endsAt);
  }

  /** The step returned by `next` ended at `now`: played, failed (or timed out), or cut short (`shouldInterrupt`). */
  done(step: Step, now: number, settings: ScheduleSettings, outcome: 'played' | 'failed' | 'cut' = 'played'): void {
    if (step.kind === 'wait') return;
    if (this.playing?.step !== step) throw new Error('done() for a step that is not playing');
    this.playing = null;
    this.lastSoundEndAt = now;
    if (outcome === 'failed') step.record.failures += 1;
    if (outcome === 'cut') step.record.cuts += 1;
    if (step.kind === 'say') step.record.sayings += 1;
    const item = this.items.find((i) => i.record === step.record);
    if (!item) {
      // Dropped (or replaced by a recall) while it played: it ends with its sound.
      step.record.endedAt ??= now;
      return;
    }
    if (step.kind === 'chime') {
      item.chimed = true;
      return;
    }
    item.said += 1;
    item.firstSaidEndAt ??= now;
    this.voiced.add(item.call.ticketId);
    if (item.said >= Math.max(1, Math.floor(settings.repeat))) this.close(item, now, null);
  }

  private begin(step: Exclude<Step, { kind: 'wait' }>, now: number): Step {
    this.playing = { step, at: now };
    const r = step.record;
    r.startedAt ??= now;
    if (step.kind === 'say' && r.saidAt === null) {
      r.saidAt = now;
      r.level = step.delivery.level;
    }
    return step;
  }

  private isRunStart(now: number, lastEnd: number | null): boolean {
    return lastEnd === null || now - lastEnd >= this.options.runQuietMs;
  }

  private gapLeft(now: number, delivery: Delivery, rate: number): number {
    if (this.lastSoundEndAt === null) return 0;
    return Math.max(0, Math.ceil(this.lastSoundEndAt + delivery.gapMs / rate - now));
  }

  /** Calls waiting for their first sentence: never-voiced calls first, then recalls, each by time on screen. */
  private freshInOrder(): Item[] {
    return this.items
      .filter((i) => i.said === 0)
      .sort((a, b) => Number(a.recall) - Number(b.recall) || a.record.queuedAt - b.record.queuedAt || a.call.id - b.call.id);
  }

  /** The gentlest level under which every waiting call's first sentence starts within the target. */
  private chooseDelivery(fresh: readonly Item[], now: number, settings: ScheduleSettings, lastEnd: number | null): Delivery {
    return LADDER.find((d) => this.onTime(d, fresh, now, settings, lastEnd)) ?? (LADDER[LADDER.length - 1] as Delivery);
  }

  /** Plays the waiting calls forward in time under one delivery and checks each start against its target. */
  private onTime(d: Delivery, fresh: readonly Item[], now: number, settings: ScheduleSettings, lastEnd: number | null): boolean {
    const rate = settings.rate * d.rateFactor;
    const gap = d.gapMs / rate;
    const runStart = this.isRunStart(now, lastEnd);
    let t = runStart || lastEnd === null ? now : Math.max(now, lastEnd + (fresh[0]?.chimed ? 0 : gap));
    for (const [i, item] of fresh.entries()) {
      if (settings.chime && !item.chimed && ((i === 0 && runStart) || d.chimeEach)) t += this.durations.chimeMs(rate);
      if (t > item.record.queuedAt + this.options.targetMs - this.options.planMarginMs) return false;
      t += this.durations.sayMs(item.call, d.template, rate) + gap;
    }
    return true;
  }

  /** Finishes announcements that said everything, and drops repetitions too late to be useful. */
  private expire(now: number, settings: ScheduleSettings): void {
    const repeat = Math.max(1, Math.floor(settings.repeat));
    for (const i of [...this.items]) {
      if (i.said >= repeat) this.close(i, now, null);
      else if (i.said > 0 && i.firstSaidEndAt !== null && now - i.firstSaidEndAt > this.options.repeatWindowMs)
        this.close(i, now, 'repeat_expired');
    }
  }

  private prune(now: number): void {
    for (const i of [...this.items]) {
      const reason = dropReason(i.call, this.tickets.get(i.call.ticketId), this.windows.get(i.call.windowId));
      if (reason) this.close(i, now, reason);
    }
  }

  private close(item: Item, now: number, reason: DropReason | null): void {
    this.items = this.items.filter((i) => i !== item);
    const r = item.record;
    if (reason && r.droppedAt === null) {
      r.droppedAt = now;
      r.dropReason = reason;
    }
    // A record still playing ends when its sound does (`done`).
    if (this.playing?.step.record !== r) r.endedAt ??= now;
  }
}
