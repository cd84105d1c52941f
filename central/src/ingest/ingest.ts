/**
 * `POST /api/v1/uplink`: one batch from one hall, stored in one transaction under the hall's row lock.
 *
 * - Each (hall, epoch, seq) is stored once (`ON CONFLICT DO NOTHING`); a repeat with the same hash is a
 *   duplicate, a repeat with another hash is a conflict (recorded in `uplink_conflict`, never counted).
 * - Epochs: a newer epoch (first seen later) supersedes the older ones from its lowest seq on. A new epoch
 *   whose lowest seq is at or below a seq already held is flagged as a restore.
 * - The answer: the highest seq up to which the effective stream has no hole (`ackSeq`), and the holes
 *   above it (`missing`). An epoch the central holds no event of yet answers `ackSeq` 0.
 * - A batch that fails validation (wrong hall, seqs not ascending, a hash that does not match the event)
 *   is refused whole with a 400 code: nothing of it is stored, so nothing is half-taken.
 */
import { createHash } from 'node:crypto';
import { failure, uplinkHashInput, type Failure, type UplinkAck, type UplinkBatch } from '@hall/contract';
import { inTx, type Db } from '../db/pool.ts';
import { hallRepository as halls, type EpochRow } from '../halls/hall-repository.ts';
import { eventStore } from './event-store.ts';

const MAX_MISSING_RANGES = 100;

export interface IngestOutcome {
  ack: UplinkAck;
  /** True when something changed (events stored or a live summary), to tell dashboards. */
  changed: boolean;
}

export function checkBatch(hallId: string, b: UplinkBatch): Failure | null {
  if (b.hallId !== hallId) return failure('UPLINK_HALL_MISMATCH', { hallId: b.hallId });
  let prev = 0;
  for (const e of b.events) {
    if (e.seq <= prev) return failure('UPLINK_NOT_ASCENDING', { seq: e.seq });
    prev = e.seq;
    const { hash, ...rest } = e;
    if (createHash('sha256').update(uplinkHashInput(rest)).digest('hex') !== hash) return failure('UPLINK_BAD_HASH', { seq: e.seq });
  }
  return null;
}

/** The highest hole-free seq from `start` over ascending `seqs` above it, and the holes. */
export function contiguity(
  start: number,
  seqs: readonly number[],
): { ackSeq: number; maxSeq: number; missing: Array<{ from: number; to: number }> } {
  const missing: Array<{ from: number; to: number }> = [];
  let prev = start;
  for (const s of seqs) {
    if (s > prev + 1 && missing.length < MAX_MISSING_RANGES) missing.push({ from: prev + 1, to: s - 1 });
    if (s > prev) prev = s;
  }
  return { ackSeq: missing[0] ? missing[0].from - 1 : prev, maxSeq: prev, missing };
}

export async function ingest(db: Db, hallId: string, b: UplinkBatch): Promise<IngestOutcome | Failure> {
  const bad = checkBatch(hallId, b);
  if (bad) return bad;
  return inTx(db, async (c) => {
    const hall = await halls.lock(c, hallId);
    if (!hall) return failure('UNKNOWN_HALL', { id: hallId });
    const epochs = await halls.epochs(c, hallId);
    const batchMin = b.events[0]?.seq ?? null;
    let mine: EpochRow | undefined = epochs.find((e) => e.epoch === b.epoch);
    let start = hall.ackSeq;
    if (!mine) {
      mine = {
        epoch: b.epoch,
        ordinal: (epochs.at(-1)?.ordinal ?? 0) + 1,
        minSeq: batchMin,
        restore: epochs.length > 0 && batchMin !== null && batchMin <= hall.maxSeq,
      };
      await halls.insertEpoch(c, hallId, mine);
      epochs.push(mine);
      if (batchMin !== null) start = Math.min(start, batchMin - 1);
    } else if (batchMin !== null && (mine.minSeq === null || batchMin < mine.minSeq)) {
      const newest = mine.ordinal === epochs.at(-1)?.ordinal;
      const restore = mine.restore || (newest && epochs.length > 1 && batchMin <= hall.maxSeq);
      await halls.lowerEpochMin(c, hallId, mine.epoch, batchMin, restore);
      mine.minSeq = batchMin;
      start = Math.min(start, batchMin - 1);
    }
    const stored = await eventStore.insert(c, hallId, b.epoch, b.events);
    const again = b.events.filter((e) => !stored.has(e.seq));
    const held = await eventStore.hashes(
      c,
      hallId,
      b.epoch,
      again.map((e) => e.seq),
    );
    let conflicts = 0;
    for (const e of again) {
      const h = held.get(e.seq);
      if (h !== undefined && h !== e.hash) {
        conflicts += 1;
        await eventStore.insertConflict(c, hallId, b.epoch, h, e);
      }
    }
    const newest = epochs.at(-1) as EpochRow;
    const progress = contiguity(start, await eventStore.effectiveSeqsAbove(c, hallId, start));
    const isNewest = newest.epoch === b.epoch;
    await halls.saveProgress(c, hallId, {
      epoch: newest.epoch,
      ackSeq: progress.ackSeq,
      maxSeq: progress.maxSeq,
      live: isNewest ? b.live : undefined,
    });
    const ack: UplinkAck = {
      ackSeq: newest.minSeq === null ? 0 : progress.ackSeq,
      epoch: newest.epoch,
      stored: stored.size,
      duplicates: again.length - conflicts,
      missing: newest.minSeq === null ? [] : progress.missing,
      conflicts,
    };
    return { ack, changed: stored.size > 0 || (isNewest && b.live !== undefined) };
  });
}
