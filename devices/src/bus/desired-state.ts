import type { Log } from '../log.ts';
import type { DeviceState, RequestResult } from './bus-master.ts';
import { Cmd, cmdName } from './frame.ts';

/**
 * One piece of what a device should show (a strip's text, its brightness, a lit rating request), sent until
 * the device answers, and sent again when the device returns after being offline.
 *
 * - `set()` sends at once, coalescing: while one frame is in flight, later values replace each other and only
 *   the newest is sent after it (latest wins).
 * - A failed send ('offline', 'bus-down', 'timeout') leaves the value pending; it is sent on the next
 *   `deviceStatus` online transition (`onStatus`). Coming back from 'offline' re-sends even an acknowledged
 *   value, because the device may have lost power.
 * - A NAK is an answer: it is logged and not retried (the same frame would be refused again).
 * - Limit: a 'timeout' on a device that stays online (it answers polls but not this frame, three times) is only
 *   retried at the next `set()` or online transition.
 */
export class DesiredState<T> {
  private value: T | undefined = undefined;
  private version = 0;
  private sentVersion = 0;
  private isSending = false;

  constructor(
    private readonly label: string,
    private readonly send: (value: T) => Promise<RequestResult>,
    private readonly log: Log,
  ) {}

  /** The value the device should hold now (undefined: never set). */
  get current(): T | undefined {
    return this.value;
  }

  get isInSync(): boolean {
    return this.sentVersion === this.version;
  }

  set(value: T): void {
    this.value = value;
    this.version++;
    void this.flush();
  }

  /** Records a value the device reached by itself (e.g. a rating keypad goes dark after a press); sends nothing. */
  assume(value: T): void {
    this.value = value;
    this.version++;
    this.sentVersion = this.version;
  }

  onStatus(online: boolean, previous: DeviceState): void {
    if (!online || this.value === undefined) return;
    if (previous === 'offline') this.sentVersion = -1;
    void this.flush();
  }

  private async flush(): Promise<void> {
    if (this.isSending) return;
    this.isSending = true;
    try {
      while (this.value !== undefined && this.sentVersion !== this.version) {
        const version = this.version;
        const result = await this.send(this.value);
        if (!result.ok) {
          this.log(`${this.label}: not delivered (${result.reason}); will send again when the device answers`);
          break;
        }
        if (result.reply.cmd !== Cmd.ACK)
          this.log(`${this.label}: device answered ${cmdName(result.reply.cmd)} ${result.reply.data[0] ?? ''}`);
        this.sentVersion = version;
      }
    } finally {
      this.isSending = false;
    }
  }
}
