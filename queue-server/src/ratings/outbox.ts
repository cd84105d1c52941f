/**
 * The 好差评 outbox: how ratings and case changes reach an external platform (a province's 好差评 system,
 * a city 12345 work-order system, a supervisor's webhook) without the core knowing which.
 *
 * - Every rating and case change appends a record to `rating_outbox` in the SAME transaction as the change,
 *   so a committed rating is never missing from the outbox and a rolled-back one never appears.
 * - One worker forwards pending records in id order through a sink: HTTP POST (`HttpSink`) or JSON lines in
 *   `<dataDir>/outbox/` (`FileSink`). A failure stops the round (order is kept) and is retried with
 *   exponential backoff; `attempts` and `last_error` are kept on the row (补传 log).
 * - Delivery is at-least-once: a crash between delivery and marking re-sends the record. Receivers
 *   de-duplicate by the envelope `id` (also sent as the `Idempotency-Key` header).
 * - With no sink configured, records wait in the table and go out once one is configured.
 *
 * A province adapter is one more `OutboxSink` that maps the envelope to the province's format.
 */
import { appendFileSync, closeSync, fsyncSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { EpochMs } from '@hall/contract';
import type { Db } from '../db/database.ts';
import type { Logger } from '../log.ts';

export type OutboxType =
  'rating.created' | 'rating.followed_up' | 'rectification.opened' | 'rectification.advanced' | 'rectification.overdue';

/** What a sink receives, and what an HTTP receiver gets as the JSON body. */
export interface OutboxEnvelope {
  /** Unique per hall database, increasing: the de-duplication key. */
  id: number;
  type: OutboxType;
  /** The rating or case id. */
  subject: string;
  occurredAt: string;
  hall: { name: string };
  data: unknown;
}

/** Obligations: resolves only once the receiver has the record; rejects (any error) otherwise. */
export interface OutboxSink {
  readonly kind: string;
  deliver(e: OutboxEnvelope, signal: AbortSignal): Promise<void>;
}

export class OutboxStore {
  private readonly s;
  constructor(db: Db) {
    this.s = {
      append: db.prepare('INSERT INTO rating_outbox (type, subject_id, payload, created_at) VALUES (?, ?, ?, ?)'),
      pending: db.prepare('SELECT id, payload FROM rating_outbox WHERE delivered_at IS NULL ORDER BY id LIMIT ?'),
      delivered: db.prepare(
        'UPDATE rating_outbox SET delivered_at = ?, attempts = attempts + 1, last_attempt_at = ?, last_error = NULL WHERE id = ?',
      ),
      failed: db.prepare('UPDATE rating_outbox SET attempts = attempts + 1, last_attempt_at = ?, last_error = ? WHERE id = ?'),
      stats: db.prepare(`SELECT COUNT(*) AS pending, MIN(created_at) AS oldest, MAX(attempts) AS attempts,
        (SELECT last_error FROM rating_outbox WHERE delivered_at IS NULL ORDER BY id LIMIT 1) AS lastError
        FROM rating_outbox WHERE delivered_at IS NULL`),
      backlog: db.prepare(
        'SELECT id, type, subject_id, created_at, attempts, last_attempt_at, last_error FROM rating_outbox WHERE delivered_at IS NULL ORDER BY id LIMIT ?',
      ),
      byId: db.prepare('SELECT id, type, subject_id, attempts, last_error, delivered_at FROM rating_outbox WHERE id = ?'),
    };
  }

  /** Call inside the transaction of the change. `envelope` lacks only its id. */
  append(e: Omit<OutboxEnvelope, 'id'>, at: EpochMs): number {
    return Number(this.s.append.run(e.type, e.subject, JSON.stringify(e), at).lastInsertRowid);
  }
  pending(limit: number): OutboxEnvelope[] {
    return (this.s.pending.all(limit) as Array<{ id: number; payload: string }>).map((r) => ({
      ...(JSON.parse(r.payload) as Omit<OutboxEnvelope, 'id'>),
      id: r.id,
    }));
  }
  markDelivered(id: number, at: EpochMs): void {
    this.s.delivered.run(at, at, id);
  }
  markFailed(id: number, at: EpochMs, error: string): void {
    this.s.failed.run(at, error.slice(0, 300), id);
  }
  stats(): { pending: number; oldestAt: EpochMs | null; maxAttempts: number; lastError: string | null } {
    const r = this.s.stats.get() as { pending: number; oldest: number | null; attempts: number | null; lastError: string | null };
    return { pending: r.pending, oldestAt: r.oldest, maxAttempts: r.attempts ?? 0, lastError: r.lastError };
  }
  /** The 补传 log: records not delivered yet, oldest first, with their attempts and last error. */
  backlog(limit = 200): Array<{
    id: number;
    type: string;
    subject: string;
    createdAt: EpochMs;
    attempts: number;
    lastAttemptAt: EpochMs | null;
    lastError: string | null;
  }> {
    return (
      this.s.backlog.all(limit) as Array<{
        id: number;
        type: string;
        subject_id: string;
        created_at: number;
        attempts: number;
        last_attempt_at: number | null;
        last_error: string | null;
      }>
    ).map((r) => ({
      id: r.id,
      type: r.type,
      subject: r.subject_id,
      createdAt: r.created_at,
      attempts: r.attempts,
      lastAttemptAt: r.last_attempt_at,
      lastError: r.last_error,
    }));
  }
  get(
    id: number,
  ): { id: number; type: string; subject: string; attempts: number; lastError: string | null; deliveredAt: EpochMs | null } | null {
    const r = this.s.byId.get(id) as
      | { id: number; type: string; subject_id: string; attempts: number; last_error: string | null; delivered_at: number | null }
      | undefined;
    return r
      ? { id: r.id, type: r.type, subject: r.subject_id, attempts: r.attempts, lastError: r.last_error, deliveredAt: r.delivered_at }
      : null;
  }
}

/** POSTs each envelope as JSON; any 2xx is delivered, anything else (or no answer in `timeoutMs`) is retried. */
export class HttpSink implements OutboxSink {
  readonly kind = 'http';
  constructor(
    private readonly url: string,
    private readonly opts: { timeoutMs?: number; token?: string | undefined } = {},
  ) {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`webhook must be http(s): ${url}`);
  }
  async deliver(e: OutboxEnvelope, signal: AbortSignal): Promise<void> {
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'idempotency-key': `hall-rating-${e.id}` };
    if (this.opts.token) headers.authorization = `Bearer ${this.opts.token}`;
    const res = await fetch(this.url, {
      method: 'POST',
      headers,
      body: JSON.stringify(e),
      redirect: 'error',
      signal: AbortSignal.any([signal, AbortSignal.timeout(this.opts.timeoutMs ?? 10_000)]),
    });
    await res.body?.cancel().catch(() => undefined);
    if (res.status < 200 || res.status > 299) throw new Error(`HTTP ${res.status}`);
  }
}

/** Appends each envelope as one JSON line to `<dir>/ratings-<YYYY-MM-DD>.jsonl` (the day it occurred), fsynced. */
export class FileSink implements OutboxSink {
  readonly kind = 'file';
  constructor(private readonly dir: string) {}
  async deliver(e: OutboxEnvelope): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    const fd = openSync(join(this.dir, `ratings-${e.occurredAt.slice(0, 10)}.jsonl`), 'a');
    try {
      appendFileSync(fd, `${JSON.stringify(e)}\n`, 'utf8');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

/** Delay before the next attempt after `failures` failures in a row: base · 2^(failures−1), capped. */
export function backoffMs(failures: number, baseMs: number, maxMs: number): number {
  if (failures <= 0) return 0;
  return Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 30));
}

export interface OutboxWorkerOptions {
  baseDelayMs?: number;
  maxDelayMs?: number;
  batch?: number;
  log: Logger;
  /** Wall-clock time for the row's attempt times; the retry timer itself is a real timer. */
  now?: () => EpochMs;
}

/**
 * Forwards pending records. `kick()` after each commit; `start()` once (it sends what an earlier run left);
 * `stop()` aborts an attempt in flight and waits for the round to end.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private failures = 0;
  private readonly abort = new AbortController();
  private readonly baseMs: number;
  private readonly maxMs: number;

  constructor(
    private readonly store: OutboxStore,
    private readonly sink: OutboxSink,
    private readonly opts: OutboxWorkerOptions,
  ) {
    this.baseMs = opts.baseDelayMs ?? 2_000;
    this.maxMs = opts.maxDelayMs ?? 10 * 60_000;
  }

  start(): void {
    this.stopped = false;
    this.kick();
  }

  /** Something was appended: send it now unless a retry is already scheduled (backoff is respected). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer && this.failures > 0) return;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.abort.abort();
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.round()
        .catch((err: unknown) => {
          // Storage trouble while marking: try again later rather than crash the server.
          this.opts.log.error({ err: (err as Error).message }, 'outbox round failed');
          if (!this.stopped) this.schedule(this.maxMs);
        })
        .finally(() => {
          this.running = null;
          // A kick that came in while the round was ending.
          if (this.again && !this.stopped && !this.timer) this.schedule(0);
        });
    }, ms);
    this.timer.unref();
  }

  /** Sends pending records in order until one fails or none are left. */
  private async round(): Promise<void> {
    const now = this.opts.now ?? Date.now;
    const batch = this.opts.batch ?? 50;
    for (;;) {
      this.again = false;
      const pending = this.store.pending(batch);
      if (pending.length === 0) break;
      for (const envelope of pending) {
        if (this.stopped) return;
        try {
          await this.sink.deliver(envelope, this.abort.signal);
          this.store.markDelivered(envelope.id, now());
          this.failures = 0;
        } catch (err) {
          if (this.stopped) return;
          this.failures += 1;
          const message = (err as Error).message || String(err);
          this.store.markFailed(envelope.id, now(), message);
          const delay = backoffMs(this.failures, this.baseMs, this.maxMs);
          this.opts.log.warn(
            { outboxId: envelope.id, sink: this.sink.kind, failures: this.failures, retryInMs: delay, err: message },
            'outbox delivery failed',
          );
          this.schedule(delay);
          return;
        }
      }
    }
  }
}
