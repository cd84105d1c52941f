/**
 * The append-only `uplink_event` table and `uplink_conflict` (their only SQL).
 *
 * The effective stream of a hall: each epoch counts from its lowest seq up to (not including) the lowest
 * seq of any newer epoch; older epochs' events above that are superseded (kept, never counted).
 */
import type pg from 'pg';
import type { UplinkEvent } from '@hall/contract';
import type { Queryable } from '../halls/hall-repository.ts';

/** SQL for the effective events of hall `$1`, as a subquery `eff` with every uplink_event column. */
export const EFFECTIVE = `
  SELECT e.* FROM uplink_event e
  JOIN hall_epoch h ON h.hall_id = e.hall_id AND h.epoch = e.epoch
  WHERE e.hall_id = $1 AND e.seq >= h.min_seq
    AND e.seq < COALESCE((SELECT min(n.min_seq) FROM hall_epoch n WHERE n.hall_id = h.hall_id AND n.ordinal > h.ordinal), 9223372036854775807)`;

export const eventStore = {
  /** Inserts what is new; returns the seqs actually stored. */
  async insert(c: pg.PoolClient, hallId: string, epoch: string, events: readonly UplinkEvent[]): Promise<Set<number>> {
    if (events.length === 0) return new Set();
    // $1 is the hall id; then 10 parameters per event.
    const cols = 10;
    const params: unknown[] = [hallId];
    const tuples = events.map((e, i) => {
      params.push(epoch, e.seq, e.hash, e.at, e.businessDate, e.type, e.ticketId, e.windowId, e.actor, JSON.stringify(e.data));
      const b = 1 + i * cols;
      return `($1, ${Array.from({ length: cols }, (_, k) => `$${b + k + 1}`).join(', ')})`;
    });
    const r = await c.query<{ seq: number }>(
      `INSERT INTO uplink_event (hall_id, epoch, seq, hash, at, business_date, type, ticket_id, window_id, actor, data)
       VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING RETURNING seq`,
      params,
    );
    return new Set(r.rows.map((x) => x.seq));
  },

  async hashes(c: pg.PoolClient, hallId: string, epoch: string, seqs: readonly number[]): Promise<Map<number, string>> {
    if (seqs.length === 0) return new Map();
    const { rows } = await c.query<{ seq: number; hash: string }>(
      'SELECT seq, hash FROM uplink_event WHERE hall_id = $1 AND epoch = $2 AND seq = ANY($3::bigint[])',
      [hallId, epoch, seqs],
    );
    return new Map(rows.map((r) => [r.seq, r.hash]));
  },

  async insertConflict(c: pg.PoolClient, hallId: string, epoch: string, heldHash: string, e: UplinkEvent): Promise<void> {
    await c.query(
      'INSERT INTO uplink_conflict (hall_id, epoch, seq, held_hash, got_hash, event) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING',
      [hallId, epoch, e.seq, heldHash, e.hash, JSON.stringify(e)],
    );
  },

  /** Effective seqs above `after`, ascending (at most `limit`). */
  async effectiveSeqsAbove(q: Queryable, hallId: string, after: number, limit = 200_000): Promise<number[]> {
    const { rows } = await q.query<{ seq: number }>(`SELECT seq FROM (${EFFECTIVE}) eff WHERE seq > $2 ORDER BY seq LIMIT $3`, [
      hallId,
      after,
      limit,
    ]);
    return rows.map((r) => r.seq);
  },

  async conflictCount(q: Queryable): Promise<Map<string, number>> {
    const { rows } = await q.query<{ hall_id: string; n: number }>(
      'SELECT hall_id, count(*)::int AS n FROM uplink_conflict GROUP BY hall_id',
    );
    return new Map(rows.map((r) => [r.hall_id, r.n]));
  },
};
