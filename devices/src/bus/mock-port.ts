import type { Clock } from '../clock.ts';
import { realClock } from '../clock.ts';
import { BusPortClosedError, BusPortError, type BusPort } from './port.ts';

/**
 * In-memory `BusPort` with test hooks (style R12): records writes, lets a test script the device side, and
 * simulates open failures and unplugging. Data is delivered asynchronously (a 0 ms timer), as a real port does.
 */
export class MockPort implements BusPort {
  /** Every chunk passed to `write()`, in order. */
  readonly written: Uint8Array[] = [];
  readonly opened: Promise<void>;
  private dataCbs: Array<(chunk: Uint8Array) => void> = [];
  private closeCbs: Array<(err: Error) => void> = [];
  private writeHooks: Array<(bytes: Uint8Array) => void> = [];
  private isClosed = false;
  private readonly openError: Error | null;
  private readonly clock: Clock;
  /** The other end of a pair (see createMockPortPair). */
  peer: MockPort | null = null;

  constructor(opts: { failOpen?: string; clock?: Clock } = {}) {
    this.clock = opts.clock ?? realClock;
    this.openError = opts.failOpen === undefined ? null : new BusPortError(opts.failOpen);
    this.opened = this.openError ? Promise.reject(this.openError) : Promise.resolve();
    this.opened.catch(() => {});
  }

  get closed(): boolean {
    return this.isClosed;
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.openError) return Promise.reject(this.openError);
    if (this.isClosed) return Promise.reject(new BusPortClosedError());
    const copy = Uint8Array.from(bytes);
    this.written.push(copy);
    for (const hook of this.writeHooks) hook(copy);
    this.peer?.emitData(copy);
    return Promise.resolve();
  }

  onData(cb: (chunk: Uint8Array) => void): void {
    this.dataCbs.push(cb);
  }

  onClose(cb: (err: Error) => void): void {
    this.closeCbs.push(cb);
  }

  async close(): Promise<void> {
    this.isClosed = true;
    this.dataCbs = [];
    this.closeCbs = [];
  }

  /** Test hook: the "device side" sees each write. */
  onWrite(hook: (bytes: Uint8Array) => void): void {
    this.writeHooks.push(hook);
  }

  /** Test hook: bytes arrive from the line (delivered on a 0 ms timer). */
  emitData(bytes: Uint8Array | readonly number[]): void {
    const copy = Uint8Array.from(bytes);
    this.clock.setTimeout(() => {
      if (this.isClosed) return;
      for (const cb of this.dataCbs) cb(copy);
    }, 0);
  }

  /** Test hook: the adapter is unplugged. Writes then reject and `onClose` callbacks fire once. */
  disconnect(message = 'mock port disconnected'): void {
    if (this.isClosed) return;
    this.isClosed = true;
    const cbs = this.closeCbs;
    this.closeCbs = [];
    this.dataCbs = [];
    const err = new BusPortError(message);
    for (const cb of cbs) cb(err);
  }

  /** Test hook: forget recorded writes and scripted hooks (a pair stays joined). */
  reset(): void {
    this.written.length = 0;
    this.writeHooks = [];
  }

  /** All written bytes concatenated. */
  allWritten(): Uint8Array {
    const total = this.written.reduce((n, c) => n + c.length, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of this.written) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

/** Two mock ports joined like a null-modem cable (or a socat pty pair): what one writes, the other receives. */
export function createMockPortPair(opts: { clock?: Clock } = {}): [MockPort, MockPort] {
  const a = new MockPort(opts);
  const b = new MockPort(opts);
  a.peer = b;
  b.peer = a;
  return [a, b];
}
