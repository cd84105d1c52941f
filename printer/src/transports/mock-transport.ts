/**
 * In-memory transport for tests (style rules R12, R16): records every write, reports a scripted status,
 * can fail writes on demand, and reset() returns it to its initial state.
 */
import { DeviceOfflineError, type PrinterStatus, type PrinterTransport, type PrintJobInfo, TransportClosedError } from './transport.ts';

export interface MockTransportOptions {
  /** Status reported when nothing is scripted. Default 'ok'. */
  status?: PrinterStatus;
  description?: string;
}

export interface RecordedWrite {
  bytes: Uint8Array;
  job: PrintJobInfo | undefined;
}

export class MockTransport implements PrinterTransport {
  readonly description: string;
  /** Every completed write, in order (copies of the bytes). */
  readonly writes: RecordedWrite[] = [];
  /** How many times status() was called. */
  statusCalls = 0;
  closed = false;
  private current: PrinterStatus;
  private readonly script: PrinterStatus[] = [];
  private readonly writeFailures: Error[] = [];

  constructor(private readonly initial: MockTransportOptions = {}) {
    this.current = initial.status ?? 'ok';
    this.description = initial.description ?? 'mock';
  }

  /** The status from now on. */
  setStatus(s: PrinterStatus): void {
    this.current = s;
  }

  /** Statuses returned by the next status() calls, one each, before falling back to setStatus()'s. */
  scriptStatus(...seq: PrinterStatus[]): void {
    this.script.push(...seq);
  }

  /** The next write rejects with this error (default: DeviceOfflineError) and records nothing. */
  failNextWrite(err: Error = new DeviceOfflineError('mock: scripted write failure')): void {
    this.writeFailures.push(err);
  }

  /** All written bytes, concatenated. */
  written(): Uint8Array {
    const total = this.writes.reduce((n, w) => n + w.bytes.length, 0);
    const out = new Uint8Array(total);
    let o = 0;
    for (const w of this.writes) {
      out.set(w.bytes, o);
      o += w.bytes.length;
    }
    return out;
  }

  reset(): void {
    this.writes.length = 0;
    this.script.length = 0;
    this.writeFailures.length = 0;
    this.statusCalls = 0;
    this.current = this.initial.status ?? 'ok';
    this.closed = false;
  }

  async write(bytes: Uint8Array, job?: PrintJobInfo): Promise<void> {
    if (this.closed) throw new TransportClosedError();
    const fail = this.writeFailures.shift();
    if (fail) throw fail;
    this.writes.push({ bytes: Uint8Array.from(bytes), job });
  }

  async status(): Promise<PrinterStatus> {
    this.statusCalls++;
    if (this.closed) return 'offline';
    return this.script.shift() ?? this.current;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
