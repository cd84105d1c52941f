/**
 * Shared machinery of the bidirectional byte-stream transports (serial and TCP): lazy connect with a
 * timeout, reconnect after the link drops, one operation at a time, DLE EOT status within a 1 s budget.
 */
import { createLogger, type Logger } from '../log.ts';
import { OpQueue, withTimeout } from './op-queue.ts';
import { queryRealtimeStatus, ReplyBuffer } from './realtime-status.ts';
import { DeviceOfflineError, type PrinterStatus, type PrinterTransport, type PrintJobInfo, TransportClosedError } from './transport.ts';

/** An open connection to the printer. */
export interface ByteLink {
  /** Resolves when the bytes have left this process (drained / flushed to the socket). */
  send(bytes: Uint8Array): Promise<void>;
  /** Closes the link; never rejects. */
  destroy(): Promise<void>;
}

export interface StreamTransportTimeouts {
  /** Connect/open timeout for a write (status() uses what is left of its own budget). Default 3000. */
  connectTimeoutMs?: number;
  /** Write timeout; default grows with the job size (see writeTimeoutFor). */
  writeTimeoutMs?: number;
  /** Whole status() budget, at most 950 (so status() settles within 1 s). Default 800. */
  statusTimeoutMs?: number;
}

export abstract class StreamTransport implements PrinterTransport {
  abstract readonly description: string;
  protected readonly log: Logger;
  private link: ByteLink | null = null;
  private connecting: Promise<ByteLink> | null = null;
  private readonly replies = new ReplyBuffer();
  private readonly queue = new OpQueue();
  private closed = false;
  /** Writes called and not yet settled (queued or running). */
  private pendingWrites = 0;
  private lastStatus: PrinterStatus = 'offline';
  protected readonly connectTimeoutMs: number;
  protected readonly statusTimeoutMs: number;
  private readonly fixedWriteTimeoutMs: number | undefined;

  protected constructor(ns: string, t: StreamTransportTimeouts) {
    this.log = createLogger(ns);
    this.connectTimeoutMs = t.connectTimeoutMs ?? 3000;
    this.statusTimeoutMs = Math.min(950, t.statusTimeoutMs ?? 800);
    this.fixedWriteTimeoutMs = t.writeTimeoutMs;
  }

  /** Opens the link. Must call onData for every chunk received and onGone once when the link drops. */
  protected abstract connect(timeoutMs: number, onData: (chunk: Uint8Array) => void, onGone: () => void): Promise<ByteLink>;

  /** Time allowed to send `bytes`; subclasses scale it with the line speed. */
  protected writeTimeoutFor(bytes: number): number {
    return this.fixedWriteTimeoutMs ?? 10_000 + bytes; // 1 ms per byte is far slower than any link we use
  }

  async write(bytes: Uint8Array, _job?: PrintJobInfo): Promise<void> {
    if (this.closed) throw new TransportClosedError();
    this.pendingWrites++;
    return this.queue
      .run(async () => {
        if (this.closed) throw new TransportClosedError();
        try {
          const link = await this.ensureLink(this.connectTimeoutMs);
          await withTimeout(
            link.send(bytes),
            this.writeTimeoutFor(bytes.length),
            () => new DeviceOfflineError(`${this.description}: write timed out`),
          );
        } catch (e) {
          // After a failed or timed-out write the link state is unknown: drop it, the next call reconnects.
          await this.dropLink();
          if (this.closed) throw new TransportClosedError();
          if (e instanceof DeviceOfflineError) throw e;
          throw new DeviceOfflineError(`${this.description}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
        }
      })
      .finally(() => {
        this.pendingWrites--;
      });
  }

  /**
   * DLE EOT 1/2/4. While a job is being sent, returns the last status seen instead of asking: a status
   * request must not land inside a job's data, and the answer must stay within the 1 s budget.
   */
  async status(): Promise<PrinterStatus> {
    if (this.closed) return 'offline';
    if (this.pendingWrites > 0) return this.lastStatus;
    const deadline = Date.now() + this.statusTimeoutMs;
    const op = this.queue.run(async () => {
      if (this.closed) return 'offline' as const;
      try {
        const link = await this.ensureLink(Math.max(1, deadline - Date.now()));
        const s = await queryRealtimeStatus(
          (b) => withTimeout(link.send(b), Math.max(1, deadline - Date.now()), () => new DeviceOfflineError('status send timed out')),
          this.replies,
          deadline,
        );
        return s;
      } catch (e) {
        this.log.debug('status query failed', { transport: this.description, error: e instanceof Error ? e.message : String(e) });
        return 'offline' as const;
      }
    });
    // Hard bound even if something upstream stalls (e.g. an operation queued ahead of this one).
    const s = await withTimeout(op, this.statusTimeoutMs + 50, () => new Error('status timeout')).catch(() => 'offline' as const);
    if (s !== this.lastStatus) this.log.info('status changed', { transport: this.description, from: this.lastStatus, to: s });
    this.lastStatus = s;
    return s;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.replies.interrupt();
    await this.dropLink();
  }

  private async ensureLink(timeoutMs: number): Promise<ByteLink> {
    if (this.link) return this.link;
    if (!this.connecting) {
      const linkRef: { current: ByteLink | null } = { current: null };
      const attempt = this.connect(
        this.connectTimeoutMs,
        (chunk) => this.replies.push(chunk),
        () => {
          if (this.link === linkRef.current) this.link = null;
        },
      );
      this.connecting = attempt.then(
        async (link) => {
          linkRef.current = link;
          this.connecting = null;
          if (this.closed) {
            await link.destroy();
            throw new TransportClosedError();
          }
          this.link = link;
          return link;
        },
        (e: unknown) => {
          this.connecting = null;
          throw e instanceof DeviceOfflineError
            ? e
            : new DeviceOfflineError(`${this.description}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
        },
      );
      // A caller that gave up (timeout) leaves this promise unobserved; it must not become an unhandled rejection.
      this.connecting.catch(() => undefined);
    }
    return withTimeout(this.connecting, timeoutMs, () => new DeviceOfflineError(`${this.description}: connect timed out`));
  }

  private async dropLink(): Promise<void> {
    const l = this.link;
    this.link = null;
    if (l) await l.destroy();
  }
}
