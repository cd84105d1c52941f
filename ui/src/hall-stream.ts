/**
 * The client side of the hall stream (R9): connect, take the snapshot, apply numbered batches, and resync
 * from a fresh snapshot when a batch's `prev` is not the last `seq` seen (a gap) or after a reconnect.
 * New calls are reported only from batches, never from snapshots, so a display that reconnects or
 * reloads never announces an old call again.
 */
import { io, type Socket } from 'socket.io-client';
import type { Alert, CallAnnouncement, CategoryQueue, HallBatch, HallEvent, HallSnapshot, PublicTicket, WindowState } from '@hall/contract';

export interface HallState {
  connected: boolean;
  /** True once the first snapshot arrived. */
  ready: boolean;
  seq: number;
  businessDate: string;
  windows: WindowState[];
  tickets: PublicTicket[];
  queues: CategoryQueue[];
  recentCalls: CallAnnouncement[];
  notices: string[];
  alerts: Alert[];
  /** Server time minus local time, ms (for clocks on screens). */
  clockSkewMs: number;
}

export interface HallStreamOptions {
  namespace: '/kiosk' | '/display' | '/counter' | '/supervisor';
  token?: string | null;
  /** Called once per new call (and recall) as it happens. */
  onCall?: (call: CallAnnouncement) => void;
  /** Every applied batch's events, before its new calls are reported (the display's voice reads ticket facts). */
  onEvents?: (events: readonly HallEvent[]) => void;
  /** Every applied snapshot (on connect and after a resync). */
  onSnapshot?: (snapshot: HallSnapshot) => void;
  onAuthError?: (code: string) => void;
  url?: string;
}

const INITIAL: HallState = {
  connected: false,
  ready: false,
  seq: 0,
  businessDate: '',
  windows: [],
  tickets: [],
  queues: [],
  recentCalls: [],
  notices: [],
  alerts: [],
  clockSkewMs: 0,
};

export class HallStream {
  readonly socket: Socket;
  private state: HallState = INITIAL;
  private readonly listeners = new Set<() => void>();
  private readonly announced = new Set<number>();
  private resyncing = false;

  constructor(private readonly opts: HallStreamOptions) {
    this.socket = io(`${opts.url ?? ''}${opts.namespace}`, {
      auth: opts.token ? { token: opts.token } : {},
      transports: ['websocket', 'polling'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
    });
    this.socket.on('connect', () => this.set({ connected: true }));
    this.socket.on('disconnect', () => this.set({ connected: false }));
    this.socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      this.set({ connected: false });
      const code = err.data?.code;
      if (code && code !== 'NETWORK') opts.onAuthError?.(code);
    });
    this.socket.on('hall:snapshot', (s: HallSnapshot) => this.applySnapshot(s));
    this.socket.on('hall:changed', (b: HallBatch) => this.applyBatch(b));
    this.socket.on('alert:raised', (a: Alert) => this.set({ alerts: [a, ...this.state.alerts.filter((x) => x.id !== a.id)] }));
    this.socket.on('alert:updated', (a: Alert) =>
      this.set({
        alerts: a.clearedAt ? this.state.alerts.filter((x) => x.id !== a.id) : this.state.alerts.map((x) => (x.id === a.id ? a : x)),
      }),
    );
  }

  getState = (): HallState => this.state;

  subscribe = (cb: () => void): (() => void) => {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  };

  close(): void {
    this.socket.disconnect();
    this.listeners.clear();
  }

  /** Sends a command with an ack; resolves with the ack's data or rejects with its code. */
  command<T>(event: string, payload: unknown, timeoutMs = 8000): Promise<T> {
    return new Promise((resolve, reject) => {
      this.socket
        .timeout(timeoutMs)
        .emit(event, payload, (err: Error | null, res: { ok: boolean; data?: T; code?: string; message?: string }) => {
          if (err) return reject(Object.assign(new Error('NETWORK'), { code: 'NETWORK' }));
          if (res?.ok) resolve(res.data as T);
          else reject(Object.assign(new Error(res?.code ?? 'INTERNAL'), { code: res?.code ?? 'INTERNAL' }));
        });
    });
  }

  private set(patch: Partial<HallState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  private applySnapshot(s: HallSnapshot): void {
    for (const c of s.recentCalls) this.announced.add(c.id);
    this.set({
      ready: true,
      seq: s.seq,
      businessDate: s.businessDate,
      windows: s.windows,
      tickets: s.tickets,
      queues: s.queues,
      recentCalls: s.recentCalls,
      notices: s.notices,
      clockSkewMs: Date.parse(s.serverTime) - Date.now(),
    });
    this.opts.onSnapshot?.(s);
  }

  private resync(): void {
    if (this.resyncing) return;
    this.resyncing = true;
    this.command<HallSnapshot>('hall:resync', {})
      .then((s) => this.applySnapshot(s))
      .catch(() => undefined)
      .finally(() => {
        this.resyncing = false;
      });
  }

  private applyBatch(b: HallBatch): void {
    if (!this.state.ready || b.prev !== this.state.seq) {
      if (b.seq > this.state.seq) this.resync();
      return;
    }
    let { windows, tickets, queues, recentCalls, notices, businessDate } = this.state;
    const fresh: CallAnnouncement[] = [];
    for (const e of b.events) {
      switch (e.type) {
        case 'ticket': {
          const active =
            e.ticket.status === 'waiting' ||
            e.ticket.status === 'called' ||
            e.ticket.status === 'serving' ||
            e.ticket.status === 'suspended';
          const rest = tickets.filter((t) => t.id !== e.ticket.id);
          tickets = active ? [...rest, e.ticket] : rest;
          break;
        }
        case 'window':
          windows = windows.some((w) => w.id === e.window.id)
            ? windows.map((w) => (w.id === e.window.id ? e.window : w))
            : [...windows, e.window];
          break;
        case 'call':
          recentCalls = [e.call, ...recentCalls.filter((c) => c.id !== e.call.id)].slice(0, 20);
          if (!this.announced.has(e.call.id)) {
            this.announced.add(e.call.id);
            fresh.push(e.call);
          }
          break;
        case 'queues':
          queues = e.queues;
          break;
        case 'notices':
          notices = e.notices;
          break;
        case 'day':
          businessDate = e.businessDate;
          break;
      }
    }
    this.set({ seq: b.seq, windows, tickets, queues, recentCalls, notices, businessDate });
    this.opts.onEvents?.(b.events);
    for (const c of fresh) this.opts.onCall?.(c);
  }
}
