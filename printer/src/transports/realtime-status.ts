/**
 * ESC/POS real-time status (DLE EOT n) shared by the serial, TCP and USB transports.
 *
 * Bytes per Epson ESC/POS, as implemented by the common Chinese 58/80 mm kiosk printers:
 * every reply is one byte with bits 1 and 4 set and bits 0 and 7 clear (so `(b & 0x93) === 0x12`).
 *   n=1 printer status: bit 3 = offline.
 *   n=2 offline cause:  bit 2 = cover open, bit 3 = feed button, bit 5 = stopped by paper end, bit 6 = error.
 *   n=4 roll paper:     bits 2–3 = near end, bits 5–6 = paper end (e.g. 0x72 or 0x7E).
 * Printers answer these even while offline or with a full receive buffer.
 */
import type { PrinterStatus } from './transport.ts';

export const DLE_EOT = (n: 1 | 2 | 3 | 4): Uint8Array => Uint8Array.of(0x10, 0x04, n);

/** True for a byte shaped like a DLE EOT reply (not an ASB block or line noise). */
export function isRealtimeStatusByte(b: number): boolean {
  return (b & 0x93) === 0x12;
}

export interface StatusReplies {
  /** Reply to DLE EOT 1; missing means the printer did not answer. */
  printer?: number | undefined;
  /** Reply to DLE EOT 2. */
  offlineCause?: number | undefined;
  /** Reply to DLE EOT 4. */
  paper?: number | undefined;
}

/**
 * Maps replies to a PrinterStatus. No answer to n=1 is 'offline'. n=2 and n=4 refine it when present
 * (some clones answer only n=1). Order matters: an open cover also trips the paper sensor, so it wins.
 */
export function statusFromReplies(r: StatusReplies): PrinterStatus {
  if (r.printer === undefined) return 'offline';
  const offline = (r.printer & 0x08) !== 0;
  if (r.offlineCause !== undefined && (r.offlineCause & 0x04) !== 0) return 'cover-open';
  if (r.offlineCause !== undefined && (r.offlineCause & 0x20) !== 0) return 'paper-out';
  if (r.paper !== undefined && (r.paper & 0x60) !== 0) return 'paper-out';
  if (r.offlineCause !== undefined && (r.offlineCause & 0x40) !== 0) return 'offline';
  if (offline) return 'offline';
  if (r.paper !== undefined && (r.paper & 0x0c) !== 0) return 'paper-near-end';
  return 'ok';
}

/** Bytes received from the printer, consumed by status queries. */
export class ReplyBuffer {
  private bytes: number[] = [];
  private wake: (() => void) | null = null;

  push(chunk: Uint8Array): void {
    for (const b of chunk) this.bytes.push(b);
    if (this.bytes.length > 1024) this.bytes.splice(0, this.bytes.length - 1024); // never grows without bound
    this.wake?.();
  }

  /** Drops stale bytes, e.g. a late answer to a request that already timed out. */
  clear(): void {
    this.bytes = [];
  }

  /** The next byte received, or undefined at the deadline (epoch ms). */
  async next(deadline: number): Promise<number | undefined> {
    for (;;) {
      const b = this.bytes.shift();
      if (b !== undefined) return b;
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /** Wakes a pending next() so it re-checks (used on close). */
  interrupt(): void {
    this.wake?.();
  }
}

/**
 * Asks DLE EOT 1, 2 and 4 one after the other (replies carry no request id, so one at a time) and maps the
 * answers. Resolves by `deadline` (epoch ms) at the latest; never rejects (a failing send is 'offline').
 * The first byte after each request must be a status byte: anything else means the other end is not an
 * ESC/POS printer (wrong device, wrong baud rate, an HTTP proxy on port 9100…), which is 'offline', never 'ok'.
 */
export async function queryRealtimeStatus(
  send: (bytes: Uint8Array) => Promise<void>,
  replies: ReplyBuffer,
  deadline: number,
): Promise<PrinterStatus> {
  const got: StatusReplies = {};
  for (const n of [1, 2, 4] as const) {
    replies.clear();
    try {
      await send(DLE_EOT(n));
    } catch {
      return 'offline';
    }
    const b = await replies.next(deadline);
    if (b === undefined) break;
    if (!isRealtimeStatusByte(b)) return 'offline';
    if (n === 1) got.printer = b;
    else if (n === 2) got.offlineCause = b;
    else got.paper = b;
  }
  return statusFromReplies(got);
}

/** Status bytes a healthy or failing printer sends, for simulators and tests. 'offline' = no answer. */
export const SIMULATED_STATUS_BYTES: Record<Exclude<PrinterStatus, 'offline'>, { printer: number; offlineCause: number; paper: number }> = {
  ok: { printer: 0x12, offlineCause: 0x12, paper: 0x12 },
  'paper-near-end': { printer: 0x12, offlineCause: 0x12, paper: 0x1e },
  'paper-out': { printer: 0x1a, offlineCause: 0x32, paper: 0x72 },
  'cover-open': { printer: 0x1a, offlineCause: 0x16, paper: 0x12 },
};
