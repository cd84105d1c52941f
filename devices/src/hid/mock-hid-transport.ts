import type { HidTransport } from './hid-transport.ts';

/** In-memory HidTransport (style R12): a test pushes reports with `emitReport` or unplugs with `unplug`. */
export class MockHidTransport implements HidTransport {
  private reportCbs: Array<(report: Uint8Array) => void> = [];
  private errorCbs: Array<(err: Error) => void> = [];
  isClosed = false;

  onReport(cb: (report: Uint8Array) => void): void {
    this.reportCbs.push(cb);
  }

  onError(cb: (err: Error) => void): void {
    this.errorCbs.push(cb);
  }

  async close(): Promise<void> {
    this.isClosed = true;
    this.reportCbs = [];
    this.errorCbs = [];
  }

  /** Test hook: one input report arrives (synchronously). Hex strings like `'00 03 00'` are accepted. */
  emitReport(report: Uint8Array | readonly number[] | string): void {
    if (this.isClosed) return;
    const bytes = typeof report === 'string' ? fromHex(report) : Uint8Array.from(report);
    for (const cb of this.reportCbs) cb(bytes);
  }

  /** Test hook: the device is unplugged. */
  unplug(message = 'HID device unplugged'): void {
    if (this.isClosed) return;
    const cbs = this.errorCbs;
    this.isClosed = true;
    this.reportCbs = [];
    this.errorCbs = [];
    for (const cb of cbs) cb(new Error(message));
  }
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/[^0-9a-f]/gi, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}
