import type { BusEvent, BusRequester, DeviceState } from '../bus/bus-master.ts';
import { DesiredState } from '../bus/desired-state.ts';
import { Cmd, encodeShowText } from '../bus/frame.ts';
import type { Log } from '../log.ts';

/** What a caller keypad (呼叫器) key asks for; the same as the counter console's buttons. */
export type KeyAction = 'call-next' | 'recall' | 'start' | 'finish' | 'no-show' | 'pause' | 'resume' | 'suspend' | 'transfer';

/** KEY codes of protocol v1. `finish` also asks for a rating; `transfer` carries the target window number. */
export const KEY_ACTIONS: Readonly<Record<number, KeyAction>> = {
  0x01: 'call-next',
  0x02: 'recall',
  0x03: 'start',
  0x04: 'finish',
  0x05: 'no-show',
  0x06: 'pause',
  0x07: 'resume',
  0x08: 'suspend',
  0x09: 'transfer',
};

export const KEY_CODES: Readonly<Record<KeyAction, number>> = {
  'call-next': 0x01,
  recall: 0x02,
  start: 0x03,
  finish: 0x04,
  'no-show': 0x05,
  pause: 0x06,
  resume: 0x07,
  suspend: 0x08,
  transfer: 0x09,
};

export interface KeyPress {
  action: KeyAction;
  /** Target window number for `transfer`, otherwise whatever the keypad sent (normally 0). */
  arg: number;
  seq: number;
}

/**
 * A caller keypad at one bus address. Its KEY events (already deduplicated per seq by the bus master) become
 * typed key presses; unknown key codes are logged and dropped (the bus master has acknowledged them, so the
 * keypad does not repeat them). Its display shows what the server decides (current number, waiting count),
 * remembered and sent again when the keypad returns.
 */
export class CallerKeypad {
  private readonly display: DesiredState<string>;

  constructor(
    bus: BusRequester,
    readonly addr: number,
    private readonly onKey: (press: KeyPress) => void,
    private readonly log: Log,
  ) {
    this.display = new DesiredState(
      `caller keypad ${addr} display`,
      (text) =>
        text === ''
          ? bus.request(addr, Cmd.CLEAR, undefined, { retry: true })
          : bus.request(addr, Cmd.SHOW, encodeShowText(text).bytes, { retry: true }),
      log,
    );
  }

  show(text: string): void {
    this.display.set(text);
  }

  get shownText(): string | null {
    return this.display.current ?? null;
  }

  onStatus(online: boolean, previous: DeviceState): void {
    this.display.onStatus(online, previous);
  }

  onEvent(e: BusEvent): void {
    if (e.cmd !== Cmd.KEY) {
      this.log(`caller keypad ${this.addr}: unexpected event cmd ${e.cmd} ignored`);
      return;
    }
    const key = e.args[0];
    const action = key === undefined ? undefined : KEY_ACTIONS[key];
    if (!action) {
      this.log(`caller keypad ${this.addr}: unknown key code ${key ?? 'none'} (seq ${e.seq}) ignored`);
      return;
    }
    this.onKey({ action, arg: e.args[1] ?? 0, seq: e.seq });
  }
}
