import type { BusEvent, BusRequester, DeviceState } from '../bus/bus-master.ts';
import { DesiredState } from '../bus/desired-state.ts';
import { Cmd, encodeAsciiTicket } from '../bus/frame.ts';
import type { Log } from '../log.ts';

export type RatingLevel = 1 | 2 | 3 | 4 | 5;

/** 好差评 levels: 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意. */
export const RATING_LABELS: Readonly<Record<RatingLevel, string>> = {
  5: '非常满意',
  4: '满意',
  3: '基本满意',
  2: '不满意',
  1: '非常不满意',
};

export interface Rating {
  level: RatingLevel;
  /** Bitmask of configured reason tags (bit n = reason id n); 0 when none. */
  reasons: number;
  seq: number;
}

export function isRatingLevel(n: number): n is RatingLevel {
  return n === 1 || n === 2 || n === 3 || n === 4 || n === 5;
}

/**
 * A bus rating keypad (评价器) at one address. `request(ticket)` lights it with RATING_REQUEST (ticket number
 * in ASCII), `cancel()` sends RATING_CANCEL; a lit request is re-sent when the keypad returns after being
 * offline. A RATING event (deduplicated by the bus master) is reported once; the keypad then goes dark by
 * itself, so the lit request is forgotten without a CANCEL. Levels outside 1..5 are logged and dropped.
 */
export class RatingKeypad {
  /** The ticket the keypad is lit for, or null (dark). */
  private readonly lit: DesiredState<string | null>;

  constructor(
    bus: BusRequester,
    readonly addr: number,
    private readonly onRating: (rating: Rating) => void,
    private readonly log: Log,
  ) {
    this.lit = new DesiredState(
      `rating keypad ${addr}`,
      (ticket) =>
        ticket === null
          ? bus.request(addr, Cmd.RATING_CANCEL, undefined, { retry: true })
          : bus.request(addr, Cmd.RATING_REQUEST, encodeAsciiTicket(ticket), { retry: true }),
      log,
    );
  }

  request(ticketNumber: string): void {
    this.lit.set(ticketNumber);
  }

  cancel(): void {
    if (this.lit.current === undefined) this.lit.assume(null);
    else this.lit.set(null);
  }

  /** The ticket number the keypad is lit for, or null. */
  get litFor(): string | null {
    return this.lit.current ?? null;
  }

  onStatus(online: boolean, previous: DeviceState): void {
    this.lit.onStatus(online, previous);
  }

  onEvent(e: BusEvent): void {
    if (e.cmd !== Cmd.RATING) {
      this.log(`rating keypad ${this.addr}: unexpected event cmd ${e.cmd} ignored`);
      return;
    }
    const level = e.args[0] ?? 0;
    if (!isRatingLevel(level)) {
      this.log(`rating keypad ${this.addr}: level ${level} is not 1..5 (seq ${e.seq}), ignored`);
      return;
    }
    this.lit.assume(null);
    this.onRating({ level, reasons: e.args[1] ?? 0, seq: e.seq });
  }
}
