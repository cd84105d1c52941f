/** The `hall` and `hall_epoch` tables (their only SQL). */
import type pg from 'pg';
import type { UplinkLive } from '@hall/contract';

export type Queryable = pg.Pool | pg.PoolClient;

export interface HallRow {
  id: string;
  name: string;
  epoch: string | null;
  ackSeq: number;
  maxSeq: number;
  lastSeenAt: Date | null;
  live: UplinkLive | null;
}

export interface EpochRow {
  epoch: string;
  ordinal: number;
  minSeq: number | null;
  restore: boolean;
}

interface RawHall {
  id: string;
  name: string;
  epoch: string | null;
  ack_seq: number;
  max_seq: number;
  last_seen_at: Date | null;
  live: UplinkLive | null;
}

const toHall = (r: RawHall): HallRow => ({
  id: r.id,
  name: r.name,
  epoch: r.epoch,
  ackSeq: r.ack_seq,
  maxSeq: r.max_seq,
  lastSeenAt: r.last_seen_at,
  live: r.live,
});

const COLS = 'id, name, epoch, ack_seq, max_seq, last_seen_at, live';

export const hallRepository = {
  /** False when the id exists. */
  async insert(q: Queryable, id: string, name: string, keyHash: string): Promise<boolean> {
    const r = await q.query('INSERT INTO hall (id, name, key_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [id, name, keyHash]);
    return r.rowCount === 1;
  },

  async list(q: Queryable): Promise<HallRow[]> {
    const { rows } = await q.query<RawHall>(`SELECT ${COLS} FROM hall ORDER BY id`);
    return rows.map(toHall);
  },

  async byId(q: Queryable, id: string): Promise<HallRow | null> {
    const { rows } = await q.query<RawHall>(`SELECT ${COLS} FROM hall WHERE id = $1`, [id]);
    return rows[0] ? toHall(rows[0]) : null;
  },

  async idByKeyHash(q: Queryable, keyHash: string): Promise<string | null> {
    const { rows } = await q.query<{ id: string }>('SELECT id FROM hall WHERE key_hash = $1', [keyHash]);
    return rows[0]?.id ?? null;
  },

  /** Locks the hall's row for the transaction: one ingest per hall at a time, across every central node. */
  async lock(c: pg.PoolClient, id: string): Promise<HallRow | null> {
    const { rows } = await c.query<RawHall>(`SELECT ${COLS} FROM hall WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ? toHall(rows[0]) : null;
  },

  async saveProgress(
    c: pg.PoolClient,
    id: string,
    p: { epoch: string; ackSeq: number; maxSeq: number; live: UplinkLive | undefined },
  ): Promise<void> {
    await c.query(
      `UPDATE hall SET epoch = $2, ack_seq = $3, max_seq = $4, last_seen_at = now(),
         live = COALESCE($5::jsonb, live), live_at = CASE WHEN $5::jsonb IS NULL THEN live_at ELSE now() END WHERE id = $1`,
      [id, p.epoch, p.ackSeq, p.maxSeq, p.live === undefined ? null : JSON.stringify(p.live)],
    );
  },

  async epochs(q: Queryable, hallId: string): Promise<EpochRow[]> {
    const { rows } = await q.query<{ epoch: string; ordinal: number; min_seq: number | null; restore: boolean }>(
      'SELECT epoch, ordinal, min_seq, restore FROM hall_epoch WHERE hall_id = $1 ORDER BY ordinal',
      [hallId],
    );
    return rows.map((r) => ({ epoch: r.epoch, ordinal: r.ordinal, minSeq: r.min_seq, restore: r.restore }));
  },

  async insertEpoch(c: pg.PoolClient, hallId: string, e: EpochRow): Promise<void> {
    await c.query('INSERT INTO hall_epoch (hall_id, epoch, ordinal, min_seq, restore) VALUES ($1, $2, $3, $4, $5)', [
      hallId,
      e.epoch,
      e.ordinal,
      e.minSeq,
      e.restore,
    ]);
  },

  async lowerEpochMin(c: pg.PoolClient, hallId: string, epoch: string, minSeq: number, restore: boolean): Promise<void> {
    await c.query('UPDATE hall_epoch SET min_seq = $3, restore = $4 WHERE hall_id = $1 AND epoch = $2', [hallId, epoch, minSeq, restore]);
  },

  async restoreCount(q: Queryable): Promise<Map<string, number>> {
    const { rows } = await q.query<{ hall_id: string; n: number }>(
      'SELECT hall_id, count(*)::int AS n FROM hall_epoch WHERE restore GROUP BY hall_id',
    );
    return new Map(rows.map((r) => [r.hall_id, r.n]));
  },
};
