/**
 * The kiosk printer's status, as the shell sees it. The hall server drives the printer (no print, no
 * ticket is decided there), so the shell reads the status the server publishes on `/api/v1/health`
 * (`printerStatus: {K1: 'paper-out'}`, filled by the kiosk extension) and pushes changes to the page.
 * `fetch` and timers are injected so the poller is tested without a network.
 */
import type { PrinterState, PrinterStatusValue } from '../shared/ipc.ts';

const KNOWN: ReadonlySet<string> = new Set<PrinterStatusValue>(['ok', 'paper-near-end', 'paper-out', 'cover-open', 'offline']);

/**
 * Reads one printer's status out of a health body; 'unknown' when the server does not say. Without a
 * configured printer id, a hall with exactly one printer means that one.
 */
export function printerStateFromHealth(body: unknown, printerId: string | null): PrinterState {
  const map = (body as { printerStatus?: Record<string, unknown> } | null)?.printerStatus ?? {};
  const keys = Object.keys(map);
  const id = printerId ?? (keys.length === 1 ? (keys[0] as string) : null);
  if (!id) return { printerId: null, status: 'unknown' };
  const v = map[id];
  return { printerId: id, status: typeof v === 'string' && KNOWN.has(v) ? (v as PrinterStatusValue) : 'unknown' };
}

export interface PrinterStatusPollerDeps {
  /** Origin of the hall server, e.g. http://192.168.1.10:8080 */
  origin: string;
  printerId: string | null;
  fetch: (url: string) => Promise<{ ok: boolean; json(): Promise<unknown> }>;
  intervalMs?: number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (t: unknown) => void;
}

export class PrinterStatusPoller {
  private state: PrinterState;
  private timer: unknown = null;
  private readonly listeners = new Set<(s: PrinterState) => void>();

  constructor(private readonly deps: PrinterStatusPollerDeps) {
    this.state = { printerId: deps.printerId, status: 'unknown' };
  }

  get current(): PrinterState {
    return this.state;
  }

  onChange(cb: (s: PrinterState) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  async pollOnce(): Promise<PrinterState> {
    let next: PrinterState;
    try {
      const res = await this.deps.fetch(`${this.deps.origin}/api/v1/health`);
      next = res.ok ? printerStateFromHealth(await res.json(), this.deps.printerId) : { printerId: this.deps.printerId, status: 'unknown' };
    } catch {
      next = { printerId: this.deps.printerId, status: 'unknown' };
    }
    if (next.status !== this.state.status || next.printerId !== this.state.printerId) {
      this.state = next;
      for (const l of this.listeners) l(next);
    }
    return this.state;
  }

  start(): void {
    if (this.timer !== null) return;
    const set = this.deps.setInterval ?? ((fn, ms) => setInterval(fn, ms));
    this.timer = set(() => {
      void this.pollOnce();
    }, this.deps.intervalMs ?? 5000);
    void this.pollOnce();
  }

  stop(): void {
    if (this.timer === null) return;
    (this.deps.clearInterval ?? ((t) => clearInterval(t as ReturnType<typeof setInterval>)))(this.timer);
    this.timer = null;
  }
}
