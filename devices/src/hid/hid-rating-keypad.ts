/**
 * USB HID rating keypad (评价器). The byte at `levelByte` of each input report holds the level 1..5 while a key
 * is down and 0 when it is released; a press counts once, on the transition from 0 (serial-protocol.md).
 *
 * Debounce rule (`PressDetector`): a 0→L transition counts, except when L is the level of the previous counted
 * press and that key was released less than `debounceMs` (default 50 ms) ago; that is contact bounce. So:
 * - bounce 0→3→0→3→0→3 within a few ms counts once, at the first 0→3 (no added latency);
 * - a held key (repeated reports with the same level) counts once: no transition;
 * - a real second press (a finger needs well over 50 ms to release and press again; typical switch bounce is
 *   under 10 ms) counts; a different key counts at once, even within the window;
 * - L→M without a 0 between (rolling from one key to another) does not count: there was no release.
 * - before any report the key is taken as released, because keypads report on change.
 * Each 1..5→0 transition restarts the window, so a long chatter stays suppressed. Bytes outside 0..5 and
 * reports too short to hold `levelByte` are ignored (logged). HID keypads have no reason keys: reasons = 0.
 */
import { type Clock, realClock } from '../clock.ts';
import { isRatingLevel, type RatingLevel } from '../keypad/rating-keypad.ts';
import { type Log, silentLog } from '../log.ts';
import type { HidTransport } from './hid-transport.ts';

export const DEFAULT_DEBOUNCE_MS = 50;

/** Pure press detection over (level, time) samples. */
export class PressDetector {
  private level = 0;
  private lastPressLevel = 0;
  private lastReleaseAt = -Infinity;

  constructor(private readonly debounceMs = DEFAULT_DEBOUNCE_MS) {}

  /** Feeds one sample; returns the level when it is a counted press, else null. */
  feed(level: number, atMs: number): RatingLevel | null {
    const previous = this.level;
    this.level = level;
    if (level === 0) {
      if (previous !== 0) this.lastReleaseAt = atMs;
      return null;
    }
    if (previous !== 0 || !isRatingLevel(level)) return null;
    const isBounce = level === this.lastPressLevel && atMs - this.lastReleaseAt < this.debounceMs;
    if (isBounce) return null;
    this.lastPressLevel = level;
    return level;
  }
}

export interface HidRatingKeypadOptions {
  transport: HidTransport;
  levelByte: number;
  onRating: (r: { level: RatingLevel; reasons: number }) => void;
  debounceMs?: number;
  clock?: Clock;
  log?: Log;
}

export class HidRatingKeypad {
  private readonly detector: PressDetector;
  private readonly clock: Clock;
  private readonly log: Log;

  constructor(private readonly opts: HidRatingKeypadOptions) {
    this.detector = new PressDetector(opts.debounceMs ?? DEFAULT_DEBOUNCE_MS);
    this.clock = opts.clock ?? realClock;
    this.log = opts.log ?? silentLog;
    opts.transport.onReport((report) => this.onReport(report));
  }

  private onReport(report: Uint8Array): void {
    const level = report[this.opts.levelByte];
    if (level === undefined) {
      this.log(`report of ${report.length} byte(s) has no byte ${this.opts.levelByte}, ignored`);
      return;
    }
    if (level > 5) {
      this.log(`level byte ${level} is not 0..5, report ignored`);
      return;
    }
    const pressed = this.detector.feed(level, this.clock.now());
    if (pressed !== null) this.opts.onRating({ level: pressed, reasons: 0 });
  }
}
