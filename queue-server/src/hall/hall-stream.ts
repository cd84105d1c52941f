/**
 * The hall stream (R9): every committed change goes out as one numbered batch `{prev, seq, events}`, where
 * `seq` is the event-log id of the batch's last audit event, so sequence numbers survive a restart.
 * Clients start from a snapshot carrying `seq` and resync when a batch's `prev` is not the `seq` they hold.
 *
 * Queue figures are throttled: at most one `queues` event every QUEUES_EVERY_MS; a burst of commands sends
 * the figures once, and a trailing batch with no new audit events (`prev === seq`) carries the last ones.
 */
import type { CallAnnouncement, CategoryQueue, EpochMs, HallBatch, HallEvent } from '@hall/contract';
import type { Logger } from '../log.ts';

const QUEUES_EVERY_MS = 250;
const RECENT_CALLS = 20;

export interface HallStreamDeps {
  log: Logger;
  now: () => EpochMs;
  queueStats: () => CategoryQueue[];
  initialSeq: number;
  recentCalls: CallAnnouncement[];
}

export class HallStream {
  private lastSeq: number;
  private calls: CallAnnouncement[];
  private readonly listeners = new Set<(b: HallBatch) => void>();
  private queuesSentAt = -Infinity;
  private queuesTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: HallStreamDeps) {
    this.lastSeq = deps.initialSeq;
    this.calls = deps.recentCalls;
  }

  get seq(): number {
    return this.lastSeq;
  }
  /** The latest calls, newest first. */
  get recentCalls(): CallAnnouncement[] {
    return this.calls;
  }

  onBatch(cb: (b: HallBatch) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** Publishes one committed command's events; `lastEventId` is the id of its last audit event. */
  publish(lastEventId: number, events: HallEvent[], calls: readonly CallAnnouncement[], queuesChanged: boolean, now: EpochMs): void {
    const out = [...events];
    for (const c of calls) out.push({ type: 'call', call: c });
    if (queuesChanged) {
      if (now - this.queuesSentAt >= QUEUES_EVERY_MS || now < this.queuesSentAt) {
        this.queuesSentAt = now;
        out.push({ type: 'queues', queues: this.deps.queueStats() });
      } else this.scheduleQueues();
    }
    if (calls.length > 0) this.calls = [...[...calls].reverse(), ...this.calls].slice(0, RECENT_CALLS);
    if (out.length === 0 || lastEventId <= this.lastSeq) return;
    const batch: HallBatch = { prev: this.lastSeq, seq: lastEventId, events: out };
    this.lastSeq = lastEventId;
    this.emit(batch);
  }

  private scheduleQueues(): void {
    if (this.queuesTimer) return;
    this.queuesTimer = setTimeout(() => {
      this.queuesTimer = null;
      this.queuesSentAt = this.deps.now();
      this.emit({ prev: this.lastSeq, seq: this.lastSeq, events: [{ type: 'queues', queues: this.deps.queueStats() }] });
    }, QUEUES_EVERY_MS);
    this.queuesTimer.unref();
  }

  private emit(batch: HallBatch): void {
    for (const l of this.listeners) {
      try {
        l(batch);
      } catch (err) {
        this.deps.log.error({ err: (err as Error).message }, 'hall stream listener failed');
      }
    }
  }

  dispose(): void {
    if (this.queuesTimer) clearTimeout(this.queuesTimer);
    this.queuesTimer = null;
  }
}
