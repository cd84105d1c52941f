/**
 * Runs a `VoiceSchedule` against a simulated clock and a simulated player whose sounds last exactly what the
 * duration estimator says. Pure and deterministic: the unit tests compare its timelines with hand-worked
 * ones, and `bench-voice.ts` feeds it hall bursts with the measured lengths of the shipped clips.
 */
import type { CallAnnouncement, PublicTicket, WindowState } from '@hall/contract';
import {
  DEFAULT_SCHEDULE_OPTIONS,
  VoiceSchedule,
  type AnnouncementRecord,
  type DurationEstimator,
  type ScheduleOptions,
  type ScheduleSettings,
  type Step,
} from './voice-schedule.ts';

export type SimEvent =
  | { at: number; call: CallAnnouncement }
  | { at: number; ticket: Pick<PublicTicket, 'id' | 'status' | 'windowId'> }
  | { at: number; window: Pick<WindowState, 'id' | 'status' | 'currentTicket'> };

export interface SimSound {
  at: number;
  end: number;
  kind: 'chime' | 'say';
  number: string;
  template?: 'full' | 'brief';
  rate: number;
  /** Stopped before its end to make way for calls never voiced. */
  cut: boolean;
}

export interface SimResult {
  sounds: SimSound[];
  records: AnnouncementRecord[];
  /** Most sounds ever playing at once (must be 1). */
  maxConcurrent: number;
}

/**
 * `durations` is what the schedule plans with; `played` (default: the same) is how long sounds really last,
 * so a benchmark can check the plan holds when real sounds run longer than estimated.
 */
export function simulate(
  events: readonly SimEvent[],
  settings: ScheduleSettings,
  durations: DurationEstimator,
  options: ScheduleOptions = DEFAULT_SCHEDULE_OPTIONS,
  played: DurationEstimator = durations,
): SimResult {
  const schedule = new VoiceSchedule(durations, options, 10_000);
  const queue = [...events].sort((a, b) => a.at - b.at);
  const sounds: SimSound[] = [];
  let playing: { step: Exclude<Step, { kind: 'wait' }>; sound: SimSound } | null = null;
  let waitUntil: number | null = null;
  let now = 0;

  const ask = () => {
    waitUntil = null;
    const step = schedule.next(now, settings);
    if (!step) return;
    if (step.kind === 'wait') {
      waitUntil = now + step.ms;
      return;
    }
    const length = step.kind === 'chime' ? played.chimeMs(step.rate) : played.sayMs(step.call, step.template, step.rate);
    const sound: SimSound = {
      at: now,
      end: now + length,
      kind: step.kind,
      number: step.record.number,
      rate: step.rate,
      cut: false,
      ...(step.kind === 'say' ? { template: step.template } : {}),
    };
    sounds.push(sound);
    playing = { step, sound };
  };

  for (let guard = 0; guard < 1_000_000; guard += 1) {
    const nextEvent = queue[0]?.at ?? Infinity;
    const nextPlayer = playing ? (playing as { sound: SimSound }).sound.end : (waitUntil ?? Infinity);
    if (nextEvent === Infinity && nextPlayer === Infinity) {
      ask();
      if (!playing && waitUntil === null) break;
      continue;
    }
    if (nextEvent <= nextPlayer) {
      const e = queue.shift() as SimEvent;
      now = e.at;
      if ('call' in e) schedule.add(e.call, now);
      else if ('ticket' in e) schedule.observeTicket(e.ticket, now);
      else schedule.observeWindow(e.window, now);
      // Events of one instant (one hall-stream batch) are all known before the next decision.
      if (queue[0]?.at === now) continue;
      if (playing && schedule.shouldInterrupt(now, settings)) {
        const p = playing as { step: Exclude<Step, { kind: 'wait' }>; sound: SimSound };
        p.sound.end = now;
        p.sound.cut = true;
        playing = null;
        schedule.done(p.step, now, settings, 'cut');
        ask();
      } else if (!playing) ask();
      continue;
    }
    now = nextPlayer;
    if (playing) {
      const p = playing as { step: Exclude<Step, { kind: 'wait' }>; sound: SimSound };
      playing = null;
      schedule.done(p.step, now, settings);
    }
    ask();
  }
  return { sounds, records: schedule.records, maxConcurrent: maxOverlap(sounds) };
}

function maxOverlap(sounds: readonly SimSound[]): number {
  const edges = sounds.flatMap((s) => [
    [s.at, 1],
    [s.end, -1],
  ]) as Array<[number, number]>;
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let active = 0;
  let max = 0;
  for (const [, d] of edges) {
    active += d;
    max = Math.max(max, active);
  }
  return max;
}
