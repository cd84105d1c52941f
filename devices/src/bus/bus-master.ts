/**
 * The single master of one hall device bus (docs/device-bus.md).
 *
 * Policy, in one place:
 * - One frame outstanding at a time; at least `interFrameGapMs` (≥5 ms) of silence between frames.
 * - Order of service: EVENT_ACKs first; then due polls and queued commands, alternating when both wait, so
 *   neither starves. Keypads are polled every `pollIntervalMs` (≤200 ms); other devices get a POLL as a
 *   liveness check after `idleCheckIntervalMs` without traffic.
 * - A frame is answered when an undamaged reply (ACK, NAK, RATING, KEY) from the addressed device arrives
 *   within `replyTimeoutMs` plus the time the frames need on the wire at the bus's baud rate. Frames with host
 *   commands (our own echo on some RS-485 adapters) are ignored.
 * - `offlineAfterMisses` (3) unanswered frames in a row mark a device offline: queued commands for it fail
 *   with 'offline', and it is polled every `offlineIntervalMs` (1 s). Its first answer marks it online again;
 *   owners listen for `deviceStatus` with `previous: 'offline'` and re-send what the device shows.
 * - Idempotent requests (`retry: true`) are sent again after a timeout or a NAK "busy", up to `maxAttempts`.
 *
 * Exactly-once events. A device repeats its oldest event in reply to every POLL until it gets EVENT_ACK with
 * that seq, so it can only ever present the event we handled last (our EVENT_ACK was lost, or its reply was)
 * or a newer one. Rule, per device address: remember `lastSeq` and whether the device confirmed our
 * EVENT_ACK for it (an ACK reply). An event whose seq equals `lastSeq` while unconfirmed is a duplicate: it is
 * acknowledged again but not emitted. Any other seq, or `lastSeq` after confirmation, is a new event: a device
 * that restarted and reuses seqs, or the counter wrapping after 256 events, is therefore handled correctly,
 * because a confirmed seq can never be presented again by the same device run. Residual risk: if the ACK reply
 * to our EVENT_ACK is lost AND the device then restarts AND its first new event reuses exactly that seq, the
 * new event is taken for the old one (lost). Memory is per process: after a host restart an event the device
 * still holds is emitted again (at-least-once across host restarts).
 */
import { type Clock, realClock, type TimerHandle } from '../clock.ts';
import { Listeners } from '../listeners.ts';
import { type Log, silentLog } from '../log.ts';
import { Cmd, encodeFrame, FrameDecoder, type Frame, isEventCmd, isReplyCmd, NakCode, cmdName, toHex, FRAME_OVERHEAD } from './frame.ts';
import type { BusPort } from './port.ts';

export interface BusTiming {
  /** How long a device may take to answer once our frame has left the wire. Spec: 100 ms; default 150. */
  replyTimeoutMs: number;
  /** Minimum silence between frames. Spec: ≥5 ms. */
  interFrameGapMs: number;
  /** Poll period for keypads. Spec: at least every 200 ms; default 100 leaves room for other traffic. */
  pollIntervalMs: number;
  /** Poll period for an offline device. Spec: once a second. */
  offlineIntervalMs: number;
  /** Unanswered frames in a row that mark a device offline. Spec: 3. */
  offlineAfterMisses: number;
  /** A device that is not polled (strip) gets a POLL after this long without traffic, to notice it is gone. */
  idleCheckIntervalMs: number;
  /** Retry period for a bus whose port cannot be opened or was lost. */
  reopenIntervalMs: number;
  /** Quiet time after which a partial frame in the receive buffer is dropped. */
  interByteTimeoutMs: number;
  /** Attempts for an idempotent request before it fails with 'timeout'. */
  maxAttempts: number;
}

export const DEFAULT_TIMING: BusTiming = {
  replyTimeoutMs: 150,
  interFrameGapMs: 5,
  pollIntervalMs: 100,
  offlineIntervalMs: 1000,
  offlineAfterMisses: 3,
  idleCheckIntervalMs: 5000,
  reopenIntervalMs: 3000,
  interByteTimeoutMs: 20,
  maxAttempts: 3,
};

export type DeviceState = 'unknown' | 'online' | 'offline';

export type RequestFailure = 'timeout' | 'offline' | 'bus-down' | 'stopped';
export type RequestResult = { ok: true; reply: Frame } | { ok: false; reason: RequestFailure };

export interface BusEvent {
  addr: number;
  cmd: typeof Cmd.RATING | typeof Cmd.KEY;
  seq: number;
  /** DATA after the seq byte: `[level, reasons]` for RATING, `[key, arg]` for KEY. */
  args: Uint8Array;
}

export interface BusMasterEvents {
  /** A device event, emitted once per (address, seq) as described in the module header. */
  event: (e: BusEvent) => void;
  deviceStatus: (e: { addr: number; online: boolean; previous: DeviceState; detail?: string }) => void;
  busStatus: (e: { online: boolean; detail?: string }) => void;
}

/** What device drivers need from a bus. */
export interface BusRequester {
  /**
   * Queues one frame for `addr` and resolves with the device's reply, or with a failure reason. Never rejects.
   * `retry: true` only for idempotent commands (SHOW, CLEAR, BRIGHTNESS, RATING_*): they are sent again after a
   * timeout. Fails at once with 'offline' while the device is offline and 'bus-down' while the port is closed.
   * Throws (synchronously) only for a bug: an unconfigured address, or a frame the protocol cannot carry.
   */
  request(addr: number, cmd: number, data?: Uint8Array, opts?: { retry?: boolean }): Promise<RequestResult>;
  deviceState(addr: number): DeviceState;
}

export interface BusDeviceSpec {
  addr: number;
  /** Keypads are polled every `pollIntervalMs`; strips only when idle. */
  isPolled: boolean;
}

interface DeviceEntry {
  addr: number;
  isPolled: boolean;
  state: DeviceState;
  misses: number;
  nextPollAt: number;
  lastSeq: number | null;
  isLastSeqAcked: boolean;
}

interface Job {
  addr: number;
  cmd: number;
  data: Uint8Array;
  isRetryable: boolean;
  attempts: number;
  resolve: (r: RequestResult) => void;
}

interface Pending {
  addr: number;
  cmd: number;
  timer: TimerHandle;
  finish: (reply: Frame | null) => void;
}

export interface BusMasterOptions {
  busId: string;
  /** Opens the port; may throw `BusPortError` or return a port whose `opened` rejects. */
  openPort: () => BusPort;
  devices: BusDeviceSpec[];
  /** Used for wire time in reply timeouts. Default 9600. */
  baudRate?: number;
  timing?: Partial<BusTiming>;
  log?: Log;
  clock?: Clock;
}

export class BusMaster implements BusRequester {
  readonly busId: string;
  readonly timing: BusTiming;
  private readonly listeners: Listeners<BusMasterEvents>;
  private readonly devices = new Map<number, DeviceEntry>();
  private readonly clock: Clock;
  private readonly log: Log;
  private readonly baudRate: number;
  private readonly openPort: () => BusPort;
  private port: BusPort | null = null;
  private busOnline: boolean | null = null;
  private readonly decoder: FrameDecoder;
  private ackQueue: Job[] = [];
  private cmdQueue: Job[] = [];
  private pending: Pending | null = null;
  private lastActivityAt = 0;
  private isCommandTurn = true;
  private isStarted = false;
  private isStopped = false;
  private waker: (() => void) | null = null;
  private reopenTimer: TimerHandle | null = null;
  private interByteTimer: TimerHandle | null = null;
  private loopDone: Promise<void> = Promise.resolve();
  private hasSeenEcho = false;

  constructor(opts: BusMasterOptions) {
    this.busId = opts.busId;
    this.timing = { ...DEFAULT_TIMING, ...opts.timing };
    this.clock = opts.clock ?? realClock;
    this.log = opts.log ?? silentLog;
    this.baudRate = opts.baudRate ?? 9600;
    this.openPort = opts.openPort;
    this.listeners = new Listeners((event, err) => this.log(`listener for ${event} threw`, { err: String(err) }));
    for (const d of opts.devices) {
      if (this.devices.has(d.addr)) throw new Error(`bus ${this.busId}: address ${d.addr} is configured twice`);
      if (!Number.isInteger(d.addr) || d.addr < 1 || d.addr > 247) throw new Error(`bus ${this.busId}: address ${d.addr} is not 1..247`);
      this.devices.set(d.addr, {
        addr: d.addr,
        isPolled: d.isPolled,
        state: 'unknown',
        misses: 0,
        nextPollAt: 0,
        lastSeq: null,
        isLastSeqAcked: false,
      });
    }
    this.decoder = new FrameDecoder((count, reason) => this.log(`dropped ${count} byte(s): ${reason}`));
  }

  on<E extends keyof BusMasterEvents>(event: E, cb: BusMasterEvents[E]): void {
    this.listeners.on(event, cb);
  }

  /** Opens the port (retrying every `reopenIntervalMs` while it fails) and starts polling. */
  start(): void {
    if (this.isStarted) return;
    this.isStarted = true;
    this.openBus();
    this.loopDone = this.loop().catch((err: unknown) => this.log('bus loop crashed (bug)', { err: String(err) }));
  }

  /** Stops polling, fails queued requests with 'stopped' and closes the port. */
  async stop(): Promise<void> {
    if (this.isStopped) return;
    this.isStopped = true;
    if (this.reopenTimer) this.clock.clearTimeout(this.reopenTimer);
    if (this.interByteTimer) this.clock.clearTimeout(this.interByteTimer);
    this.pending?.finish(null);
    this.failQueued(() => true, 'stopped');
    this.wake();
    await this.loopDone;
    const port = this.port;
    this.port = null;
    await port?.close();
  }

  isBusOnline(): boolean {
    return this.busOnline === true;
  }

  deviceState(addr: number): DeviceState {
    return this.devices.get(addr)?.state ?? 'unknown';
  }

  request(addr: number, cmd: number, data: Uint8Array = new Uint8Array(0), opts: { retry?: boolean } = {}): Promise<RequestResult> {
    const dev = this.devices.get(addr);
    if (!dev) throw new Error(`bus ${this.busId}: no device at address ${addr} (bug)`);
    if (this.isStopped) return Promise.resolve({ ok: false, reason: 'stopped' });
    if (!this.port && this.busOnline === false) return Promise.resolve({ ok: false, reason: 'bus-down' });
    if (dev.state === 'offline') return Promise.resolve({ ok: false, reason: 'offline' });
    encodeFrame({ addr, cmd, data }); // throws RangeError now, in the caller, rather than in the loop
    return new Promise((resolve) => {
      this.cmdQueue.push({ addr, cmd, data, isRetryable: opts.retry === true, attempts: 0, resolve });
      this.wake();
    });
  }

  // --- port lifecycle -------------------------------------------------------------------------------------

  private openBus(): void {
    if (this.isStopped) return;
    this.reopenTimer = null;
    let port: BusPort;
    try {
      port = this.openPort();
    } catch (err) {
      this.busDown(`cannot open: ${errMessage(err)}`);
      return;
    }
    const opened = port.opened ?? Promise.resolve();
    opened.then(
      () => {
        if (this.isStopped) {
          void port.close();
          return;
        }
        this.port = port;
        this.decoder.reset();
        port.onData((chunk) => this.onData(port, chunk));
        port.onClose?.((err) => this.portLost(port, `port closed: ${err.message}`));
        this.setBusOnline(true);
        const now = this.clock.now();
        for (const d of this.devices.values()) d.nextPollAt = now; // probe everything at once
        this.wake();
      },
      (err: unknown) => {
        void port.close();
        this.busDown(`cannot open: ${errMessage(err)}`);
      },
    );
  }

  private busDown(detail: string): void {
    this.setBusOnline(false, detail);
    for (const d of this.devices.values()) this.setState(d, 'offline', `bus ${this.busId} down`);
    if (!this.isStopped && !this.reopenTimer) this.reopenTimer = this.clock.setTimeout(() => this.openBus(), this.timing.reopenIntervalMs);
  }

  private portLost(port: BusPort, detail: string): void {
    if (this.port !== port) return;
    this.port = null;
    void port.close();
    this.pending?.finish(null);
    this.failQueued(() => true, 'bus-down');
    this.busDown(detail);
    this.wake();
  }

  private setBusOnline(online: boolean, detail?: string): void {
    if (this.busOnline === online) return;
    this.busOnline = online;
    this.log(online ? 'bus online' : `bus offline: ${detail ?? ''}`);
    this.listeners.emit('busStatus', detail === undefined ? { online } : { online, detail });
  }

  // --- receive --------------------------------------------------------------------------------------------

  private onData(port: BusPort, chunk: Uint8Array): void {
    if (this.port !== port) return;
    if (this.interByteTimer) this.clock.clearTimeout(this.interByteTimer);
    this.interByteTimer = null;
    for (const f of this.decoder.push(chunk)) this.onFrame(f);
    if (this.decoder.pending > 0) {
      this.interByteTimer = this.clock.setTimeout(() => {
        this.interByteTimer = null;
        for (const f of this.decoder.flush()) this.onFrame(f);
      }, this.timing.interByteTimeoutMs);
    }
  }

  private onFrame(f: Frame): void {
    if (!isReplyCmd(f.cmd)) {
      if (!this.hasSeenEcho)
        this.log(`ignoring host-command frames on the line (${cmdName(f.cmd)} to ${f.addr}): adapter echo or a second master?`);
      this.hasSeenEcho = true;
      return;
    }
    const dev = this.devices.get(f.addr);
    if (!dev) {
      this.log(`frame from unconfigured address ${f.addr} ignored`, { cmd: cmdName(f.cmd) });
      return;
    }
    if (isEventCmd(f.cmd)) this.onEvent(dev, f);
    const p = this.pending;
    if (p && p.addr === f.addr && (p.cmd === Cmd.POLL || !isEventCmd(f.cmd))) p.finish(f);
  }

  private onEvent(dev: DeviceEntry, f: Frame): void {
    const seq = f.data[0];
    if (seq === undefined) {
      this.log(`event ${cmdName(f.cmd)} from ${dev.addr} without seq ignored`);
      return;
    }
    if (dev.lastSeq === seq && !dev.isLastSeqAcked) {
      this.log(`duplicate event seq ${seq} from ${dev.addr} (EVENT_ACK or its reply lost): not emitted again`);
    } else {
      dev.lastSeq = seq;
      dev.isLastSeqAcked = false;
      this.listeners.emit('event', { addr: dev.addr, cmd: f.cmd as BusEvent['cmd'], seq, args: f.data.slice(1) });
    }
    const isQueued = this.ackQueue.some((j) => j.addr === dev.addr && j.data[0] === seq);
    if (!isQueued) {
      this.ackQueue.push({
        addr: dev.addr,
        cmd: Cmd.EVENT_ACK,
        data: Uint8Array.of(seq),
        isRetryable: true,
        attempts: 0,
        resolve: (r) => {
          if (r.ok && r.reply.cmd === Cmd.ACK && dev.lastSeq === seq) dev.isLastSeqAcked = true;
        },
      });
      this.wake();
    }
  }

  // --- the loop -------------------------------------------------------------------------------------------

  private async loop(): Promise<void> {
    while (!this.isStopped) {
      if (!this.port) {
        await this.waitWake(this.timing.reopenIntervalMs);
        continue;
      }
      const gap = this.lastActivityAt + this.timing.interFrameGapMs - this.clock.now();
      if (gap > 0) await this.waitWake(gap);
      if (this.isStopped || !this.port) continue;
      const now = this.clock.now();
      const next = this.pick(now);
      if (typeof next === 'number') {
        await this.waitWake(next);
        continue;
      }
      const dev = this.devices.get(next.addr);
      if (!dev) continue;
      if (next.cmd === Cmd.POLL && next.attempts === 0) dev.nextPollAt = now + this.pollPeriod(dev);
      next.attempts++;
      const reply = await this.transact(next.addr, next.cmd, next.data);
      this.settle(dev, next, reply);
    }
  }

  /** The next job, or how long to wait (ms) for the next due poll. */
  private pick(now: number): Job | number {
    this.ackQueue = this.ackQueue.filter((j) => this.keepJob(j));
    this.cmdQueue = this.cmdQueue.filter((j) => this.keepJob(j));
    const ack = this.ackQueue.shift();
    if (ack) return ack;
    let due: DeviceEntry | null = null;
    let soonest = Infinity;
    for (const d of this.devices.values()) {
      if (d.nextPollAt <= now && (!due || d.nextPollAt < due.nextPollAt)) due = d;
      soonest = Math.min(soonest, d.nextPollAt);
    }
    const cmd = this.cmdQueue[0];
    if (cmd && (!due || this.isCommandTurn)) {
      this.isCommandTurn = false;
      return this.cmdQueue.shift() ?? cmd;
    }
    this.isCommandTurn = true;
    if (due) return { addr: due.addr, cmd: Cmd.POLL, data: new Uint8Array(0), isRetryable: false, attempts: 0, resolve: () => {} };
    return Math.max(1, soonest - now);
  }

  private keepJob(j: Job): boolean {
    if (this.devices.get(j.addr)?.state !== 'offline') return true;
    j.resolve({ ok: false, reason: 'offline' });
    return false;
  }

  private pollPeriod(d: DeviceEntry): number {
    if (d.state === 'offline') return this.timing.offlineIntervalMs;
    return d.isPolled ? this.timing.pollIntervalMs : this.timing.idleCheckIntervalMs;
  }

  private transact(addr: number, cmd: number, data: Uint8Array): Promise<Frame | null> {
    const port = this.port;
    if (!port) return Promise.resolve(null);
    const bytes = encodeFrame({ addr, cmd, data });
    return new Promise((resolve) => {
      const wireMs = Math.ceil(((bytes.length + FRAME_OVERHEAD + 3) * 10 * 1000) / this.baudRate);
      const p: Pending = {
        addr,
        cmd,
        timer: this.clock.setTimeout(() => p.finish(null), this.timing.replyTimeoutMs + wireMs),
        finish: (reply) => {
          if (this.pending !== p) return;
          this.pending = null;
          this.clock.clearTimeout(p.timer);
          this.lastActivityAt = this.clock.now();
          resolve(reply);
        },
      };
      this.pending = p;
      port.write(bytes).catch((err: unknown) => {
        this.log(`write of ${cmdName(cmd)} to ${addr} failed: ${errMessage(err)}`, { frame: toHex(bytes) });
        this.portLost(port, `write failed: ${errMessage(err)}`);
      });
    });
  }

  private settle(dev: DeviceEntry, job: Job, reply: Frame | null): void {
    if (reply) {
      dev.misses = 0;
      this.setState(dev, 'online');
      const now = this.clock.now();
      if (dev.isPolled) dev.nextPollAt = Math.min(dev.nextPollAt, now + this.timing.pollIntervalMs);
      else dev.nextPollAt = Math.max(dev.nextPollAt, now + this.timing.idleCheckIntervalMs);
      const isBusy = reply.cmd === Cmd.NAK && reply.data[0] === NakCode.BUSY;
      if (isBusy && job.isRetryable && job.attempts < this.timing.maxAttempts) return this.requeue(job);
      if (reply.cmd === Cmd.NAK) this.log(`NAK ${reply.data[0] ?? '?'} from ${dev.addr} for ${cmdName(job.cmd)}`);
      job.resolve({ ok: true, reply });
      return;
    }
    if (this.isStopped) return job.resolve({ ok: false, reason: 'stopped' });
    if (!this.port) return job.resolve({ ok: false, reason: 'bus-down' });
    dev.misses++;
    if (dev.misses >= this.timing.offlineAfterMisses) {
      this.setState(dev, 'offline', `${dev.misses} frames unanswered`);
      dev.nextPollAt = this.clock.now() + this.timing.offlineIntervalMs;
    }
    if (dev.state === 'offline') return job.resolve({ ok: false, reason: 'offline' });
    if (job.isRetryable && job.attempts < this.timing.maxAttempts) return this.requeue(job);
    job.resolve({ ok: false, reason: 'timeout' });
  }

  private requeue(job: Job): void {
    if (job.cmd === Cmd.EVENT_ACK) this.ackQueue.unshift(job);
    else this.cmdQueue.unshift(job);
  }

  private setState(dev: DeviceEntry, state: DeviceState, detail?: string): void {
    const previous = dev.state;
    if (previous === state) return;
    dev.state = state;
    if (state === 'offline') {
      this.failQueued((j) => j.addr === dev.addr, 'offline');
      dev.misses = 0;
    }
    this.log(`device ${dev.addr} ${state}${detail ? `: ${detail}` : ''}`);
    const online = state === 'online';
    this.listeners.emit(
      'deviceStatus',
      detail === undefined ? { addr: dev.addr, online, previous } : { addr: dev.addr, online, previous, detail },
    );
  }

  private failQueued(match: (j: Job) => boolean, reason: RequestFailure): void {
    const failed = [...this.ackQueue.filter(match), ...this.cmdQueue.filter(match)];
    this.ackQueue = this.ackQueue.filter((j) => !match(j));
    this.cmdQueue = this.cmdQueue.filter((j) => !match(j));
    for (const j of failed) j.resolve({ ok: false, reason });
  }

  private waitWake(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const h = this.clock.setTimeout(() => {
        if (this.waker === done) this.waker = null;
        resolve();
      }, ms);
      const done = (): void => {
        this.clock.clearTimeout(h);
        this.waker = null;
        resolve();
      };
      this.waker = done;
    });
  }

  private wake(): void {
    this.waker?.();
  }
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
