import type { BusRequester, DeviceState, RequestResult } from './bus-master.ts';
import { Cmd } from './frame.ts';

/**
 * A fake bus for driver tests (style R16: a fake, not a mock): records requests and answers them with the
 * scripted result (default: ACK), asynchronously.
 */
export class FakeBus implements BusRequester {
  readonly requests: Array<{ addr: number; cmd: number; data: Uint8Array; retry: boolean }> = [];
  state: DeviceState = 'online';
  /** The next results to give, in order; then ACK. */
  script: RequestResult[] = [];

  request(addr: number, cmd: number, data: Uint8Array = new Uint8Array(0), opts: { retry?: boolean } = {}): Promise<RequestResult> {
    this.requests.push({ addr, cmd, data, retry: opts.retry === true });
    const result = this.script.shift() ?? { ok: true, reply: { addr, cmd: Cmd.ACK, data: new Uint8Array(0) } };
    return new Promise((resolve) => setTimeout(() => resolve(result), 0));
  }

  deviceState(): DeviceState {
    return this.state;
  }

  cmds(): number[] {
    return this.requests.map((r) => r.cmd);
  }
}

export const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 5));
