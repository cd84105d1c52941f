import type { BusEvent, BusRequester, DeviceState, RequestResult } from '../bus/bus-master.ts';
import { DesiredState } from '../bus/desired-state.ts';
import { Cmd, encodeShowText } from '../bus/frame.ts';
import type { Log } from '../log.ts';

/** What a strip shows now: the last text and brightness asked for (null: not set / blank). */
export interface StripView {
  text: string | null;
  brightness: number | null;
}

/**
 * A window LED strip (窗口屏) at one bus address: SHOW / CLEAR / BRIGHTNESS / ALERT.
 *
 * Remembers what it should show and sends it again when the strip comes back online (see DesiredState).
 * Text goes through `encodeShowText`: GB18030 two-byte codes only, at most 64 bytes. `null` or `''` blanks
 * the strip with CLEAR.
 */
export class LedStrip {
  private readonly text: DesiredState<string | null>;
  private readonly brightness: DesiredState<number>;

  constructor(
    private readonly bus: BusRequester,
    readonly addr: number,
    private readonly log: Log,
  ) {
    this.text = new DesiredState(`strip ${addr} text`, (t) => this.sendText(t), log);
    this.brightness = new DesiredState(
      `strip ${addr} brightness`,
      (b) => bus.request(addr, Cmd.BRIGHTNESS, Uint8Array.of(b), { retry: true }),
      log,
    );
  }

  show(text: string | null): void {
    this.text.set(text === '' ? null : text);
  }

  /** 0 (dimmest) .. 15; out-of-range values are clamped. */
  setBrightness(level: number): void {
    this.brightness.set(Math.max(0, Math.min(15, Math.round(level))));
  }

  /** Beeps/flashes `count` times (1..255). Not remembered and not retried: a repeat would beep twice. */
  alert(count: number): Promise<RequestResult> {
    return this.bus.request(this.addr, Cmd.ALERT, Uint8Array.of(Math.max(1, Math.min(255, Math.round(count)))));
  }

  get view(): StripView {
    return { text: this.text.current ?? null, brightness: this.brightness.current ?? null };
  }

  onStatus(online: boolean, previous: DeviceState): void {
    // Brightness first, so returning text does not flash at the wrong level.
    this.brightness.onStatus(online, previous);
    this.text.onStatus(online, previous);
  }

  onEvent(e: BusEvent): void {
    this.log(`strip ${this.addr} sent an event (cmd ${e.cmd}); strips have no events, ignored`);
  }

  private sendText(text: string | null): Promise<RequestResult> {
    if (text === null) return this.bus.request(this.addr, Cmd.CLEAR, undefined, { retry: true });
    const enc = encodeShowText(text);
    if (enc.replaced > 0 || enc.truncated)
      this.log(`strip ${this.addr}: text adapted (${enc.replaced} character(s) replaced, truncated: ${enc.truncated})`, { text });
    return this.bus.request(this.addr, Cmd.SHOW, enc.bytes, { retry: true });
  }
}
