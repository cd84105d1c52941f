/**
 * The uplink sender: every committed audit-log row, in `seq` order, at least once, to the central.
 *
 * It runs beside the hall, never inside a command: the hall's commits only *kick* it (after commit,
 * through the hall stream), and it reads committed rows from the event log on its own time, so a slow or
 * dead central never slows a ticket. One request at a time:
 *
 *  - the central reports `missing` ranges → the next batch resends exactly those;
 *  - otherwise the next batch starts after the central's `ackSeq` (so a batch the central lost is sent
 *    again, and a central that went back in time gets the events again);
 *  - failures back off exponentially with jitter (1 s … 60 s); idle links send a heartbeat (no events,
 *    just the live summary) every 15 s.
 *
 * Epoch: if the central acknowledges more than this database holds under an epoch this process did not
 * create, the database was replaced by an older copy without the restore tool; the stream gets a new epoch.
 */
import { UPLINK_MAX_EVENTS, type UplinkAck, type UplinkBatch, type UplinkEvent, type UplinkLive } from '@hall/contract';
import type { EventRow } from '../db/event-log.ts';
import type { UplinkRepository } from '../db/uplink-repository.ts';
import type { Logger } from '../log.ts';
import { postBatch, type CentralTarget, type FetchLike } from './central-http.ts';
import { toUplinkEvent } from './projection.ts';
import { backoffMs, realTimers, type Timers } from './timers.ts';

export interface UplinkSenderOptions {
  heartbeatMs?: number;
  /** Wait after a commit before sending, so a burst travels in one batch. */
  debounceMs?: number;
  /** The live summary rides on event batches at most this often (always on heartbeats). */
  liveEveryMs?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  requestTimeoutMs?: number;
  /** Lag in seconds from which a working link reports `behind`. */
  behindSeconds?: number;
  timers?: Timers;
  fetch?: FetchLike;
  random?: () => number;
}

export interface UplinkSenderDeps {
  target: CentralTarget;
  now: () => number;
  events: {
    auditRange(from: number, to: number, limit: number): EventRow[];
    lastAuditId(): number;
    auditAt(id: number): number | null;
  };
  repo: UplinkRepository;
  live: () => UplinkLive;
  log: Logger;
}

export type UplinkState = 'off' | 'ok' | 'behind' | 'down';

export interface UplinkStatus {
  state: UplinkState;
  epoch: string | null;
  ackSeq: number;
  lastSeq: number;
  lag: { events: number; seconds: number };
  lastError: string | null;
  lastErrorAt: number | null;
  lastSuccessAt: number | null;
  failures: number;
}

export class UplinkSender {
  private readonly o: Required<UplinkSenderOptions>;
  private epoch = '';
  private epochStartedAt = 0;
  private ackedSeq = 0;
  /** Next seq of the tail to send (everything below it the central holds or listed as missing). */
  private cursor = 1;
  private missing: Array<{ from: number; to: number }> = [];
  private failures = 0;
  private lastError: string | null = null;
  private lastErrorAt: number | null = null;
  private lastSuccessAt: number | null = null;
  private lastLiveAt = -Infinity;
  private ackedInThisProcess = false;
  /** The acknowledged seq found in the database at start (0 after a restore renewed the epoch). */
  private loadedAck = 0;
  private readonly startedAt: number;
  private inFlight = false;
  private closed = false;
  private cancel: (() => void) | null = null;
  private dueAt = Infinity;
  private readonly waiters = new Set<() => void>();
  private readonly stop = new AbortController();

  constructor(
    private readonly deps: UplinkSenderDeps,
    opts: UplinkSenderOptions = {},
  ) {
    this.o = {
      heartbeatMs: 15_000,
      debounceMs: 100,
      liveEveryMs: 5_000,
      baseBackoffMs: 1_000,
      maxBackoffMs: 60_000,
      requestTimeoutMs: 10_000,
      behindSeconds: 10,
      timers: realTimers,
      fetch: globalThis.fetch,
      random: Math.random,
      ...opts,
    };
    this.startedAt = deps.now();
    this.load();
  }

  private load(): void {
    const s = this.deps.repo.state(this.deps.now());
    this.epoch = s.epoch;
    this.epochStartedAt = s.epochStartedAt;
    this.ackedSeq = s.ackedSeq;
    this.loadedAck = s.ackedSeq;
    this.cursor = s.ackedSeq + 1;
    this.lastSuccessAt = s.lastSuccessAt;
    this.lastError = s.lastError;
    this.lastErrorAt = s.lastErrorAt;
  }

  start(): void {
    this.schedule(0);
  }

  /** A command committed: send soon (unless backing off; the retry timer will carry it). */
  kick(): void {
    if (this.closed || this.failures > 0) return;
    this.schedule(this.o.debounceMs);
  }

  /** Stops: cancels the timer and any request under way; resolves once nothing touches the database. */
  async close(): Promise<void> {
    this.closed = true;
    this.cancel?.();
    this.cancel = null;
    this.stop.abort();
    await this.settled();
  }

  /** Resolves when no send is under way (at once if none): tests wait on it instead of sleeping. */
  settled(): Promise<void> {
    if (!this.inFlight) return Promise.resolve();
    return new Promise((resolve) => this.waiters.add(resolve));
  }

  status(): UplinkStatus {
    const lastSeq = this.deps.events.lastAuditId();
    const lagEvents = Math.max(0, lastSeq - this.ackedSeq);
    const oldest = lagEvents > 0 ? this.deps.events.auditAt(this.ackedSeq + 1) : null;
    const seconds = oldest === null ? 0 : Math.max(0, Math.round((this.deps.now() - oldest) / 1000));
    const state: UplinkState = this.failures > 0 ? 'down' : lagEvents > 0 && seconds >= this.o.behindSeconds ? 'behind' : 'ok';
    return {
      state,
      epoch: this.epoch,
      ackSeq: this.ackedSeq,
      lastSeq,
      lag: { events: lagEvents, seconds },
      lastError: this.lastError,
      lastErrorAt: this.lastErrorAt,
      lastSuccessAt: this.lastSuccessAt,
      failures: this.failures,
    };
  }

  private schedule(ms: number): void {
    if (this.closed) return;
    const at = this.deps.now() + ms;
    if (this.cancel && at >= this.dueAt) return;
    this.cancel?.();
    this.dueAt = at;
    this.cancel = this.o.timers.set(() => {
      this.cancel = null;
      this.dueAt = Infinity;
      void this.run();
    }, ms);
  }

  private async run(): Promise<void> {
    if (this.inFlight || this.closed) return;
    this.inFlight = true;
    try {
      // A bounded number of batches per run, so a central that keeps asking never holds the loop.
      for (let i = 0; i < 50 && !this.closed; i++) {
        const batch = this.nextBatch();
        const ack = await postBatch(this.deps.target, batch, this.o.fetch, this.o.requestTimeoutMs, this.stop.signal);
        if (this.closed) return;
        this.onAck(ack, batch);
        if (!this.hasMore()) break;
      }
      if (this.hasMore()) this.schedule(0);
      else this.schedule(this.o.heartbeatMs);
    } catch (err) {
      if (this.closed) return;
      this.onFailure((err as Error).message);
      this.schedule(backoffMs(this.failures, this.o.baseBackoffMs, this.o.maxBackoffMs, this.o.random));
    } finally {
      this.inFlight = false;
      this.notify();
    }
  }

  private notify(): void {
    const ws = [...this.waiters];
    this.waiters.clear();
    for (const w of ws) w();
  }

  private hasMore(): boolean {
    return this.missing.length > 0 || this.cursor <= this.deps.events.lastAuditId();
  }

  private nextBatch(): UplinkBatch {
    const last = this.deps.events.lastAuditId();
    const rows: EventRow[] = [];
    for (const r of this.missing) {
      if (rows.length >= UPLINK_MAX_EVENTS) break;
      const to = Math.min(r.to, last);
      if (r.from > to) continue;
      rows.push(...this.deps.events.auditRange(r.from, to, UPLINK_MAX_EVENTS - rows.length));
    }
    if (rows.length === 0) this.missing = [];
    else dedupeAscending(rows);
    if (rows.length === 0 && this.cursor <= last) rows.push(...this.deps.events.auditRange(this.cursor, last, UPLINK_MAX_EVENTS));
    const events: UplinkEvent[] = rows.map(toUplinkEvent);
    const now = this.deps.now();
    const batch: UplinkBatch = { hallId: this.deps.target.hallId, epoch: this.epoch, events };
    if (events.length === 0 || now - this.lastLiveAt >= this.o.liveEveryMs) {
      batch.live = this.deps.live();
      this.lastLiveAt = now;
    }
    return batch;
  }

  private onAck(ack: UplinkAck, batch: UplinkBatch): void {
    if (ack.epoch !== batch.epoch) throw new Error(`the central answered for epoch ${ack.epoch.slice(0, 64)}, not ${batch.epoch}`);
    const last = this.deps.events.lastAuditId();
    if (ack.ackSeq > last) {
      if (!this.ackedInThisProcess && this.loadedAck > 0 && this.epochStartedAt < this.startedAt) {
        // The central holds more of this epoch than the database does: an older copy was put in place.
        this.epoch = this.deps.repo.renewEpoch(this.deps.now());
        this.epochStartedAt = this.deps.now();
        this.deps.log.warn({ ackSeq: ack.ackSeq, lastSeq: last, epoch: this.epoch }, 'database went back in time: new uplink epoch');
        this.ackedSeq = 0;
        this.cursor = 1;
        this.missing = [];
        this.ackedInThisProcess = true;
        return;
      }
      this.deps.log.warn({ ackSeq: ack.ackSeq, lastSeq: last }, 'central acknowledged beyond this hall log');
    }
    const now = this.deps.now();
    this.ackedInThisProcess = true;
    this.ackedSeq = Math.min(ack.ackSeq, last);
    this.missing = ack.missing
      .filter((r) => r.from <= r.to && r.from > this.ackedSeq)
      .sort((a, b) => a.from - b.from)
      .slice(0, 1000);
    this.cursor = this.missing.length > 0 ? Math.max(this.cursor, this.ackedSeq + 1) : this.ackedSeq + 1;
    this.failures = 0;
    this.lastSuccessAt = now;
    this.deps.repo.recordAck(this.ackedSeq, now);
    if (this.lastError !== null) {
      this.lastError = null;
      this.deps.repo.recordError(null, null);
    }
  }

  private onFailure(reason: string): void {
    const now = this.deps.now();
    this.failures += 1;
    if (this.failures === 1 || this.failures % 10 === 0)
      this.deps.log.warn({ failures: this.failures, err: reason }, 'uplink to the central failed; the hall keeps serving');
    this.lastError = reason.slice(0, 200);
    this.lastErrorAt = now;
    this.deps.repo.recordError(this.lastError, now);
  }
}

/** Rows of overlapping ranges, in seq order, each once. */
function dedupeAscending(rows: EventRow[]): void {
  rows.sort((a, b) => a.id - b.id);
  for (let i = rows.length - 1; i > 0; i--) if (rows[i]?.id === rows[i - 1]?.id) rows.splice(i, 1);
}
