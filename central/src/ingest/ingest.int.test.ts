/**
 * The uplink on a real PostgreSQL: exactly-once storage, duplicates, reordering, gaps, conflicts, a hall
 * restored from a backup (epoch change), a database restart mid-stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { UplinkAck, UplinkEvent } from '@hall/contract';
import { requirePg } from '../testing/pg-cluster.ts';
import { adminToken, call, freshDatabase, registerHall, startCentral, startPgCluster, type PgCluster } from '../testing/central-harness.ts';
import { event, live, plainEvents, ticket, ticketEvent } from '../testing/events.ts';
import type { Central } from '../server.ts';

const HAS_PG = requirePg();
const EPOCH_A = 'epochAAAA01';
const EPOCH_B = 'epochBBBB02';

describe.skipIf(!HAS_PG)('uplink ingest', () => {
  let cluster: PgCluster;
  let central: Central;
  let dbUrl: string;
  let admin: string;
  let key: string;
  let sql: pg.Pool;
  const send = (events: UplinkEvent[], epoch = EPOCH_A, k = key, hallId = 'h1', extra: object = {}) =>
    call<UplinkAck>(central.url, 'POST', '/uplink', k, { hallId, epoch, events, ...extra });
  const rowCount = async () => Number((await sql.query('SELECT count(*) AS n FROM uplink_event')).rows[0].n);

  beforeAll(async () => {
    cluster = await startPgCluster();
    dbUrl = await freshDatabase(cluster);
    central = await startCentral(dbUrl);
    admin = await adminToken(central.url);
    key = await registerHall(central.url, admin, 'h1', '城关镇便民服务中心');
    sql = new pg.Pool({ connectionString: dbUrl });
    sql.on('error', () => undefined);
  });
  afterAll(async () => {
    await sql?.end();
    await central?.close();
    await cluster?.stop();
  });

  it('registers a hall once, with a key shown once and stored hashed', async () => {
    const again = await call(central.url, 'POST', '/halls', admin, { id: 'h1', name: 'x' });
    expect(again.status).toBe(409);
    expect((again.body as { error: { code: string } }).error.code).toBe('HALL_EXISTS');
    const stored = await sql.query('SELECT key_hash FROM hall WHERE id = $1', ['h1']);
    expect(stored.rows[0].key_hash).not.toBe(key);
    expect(key).toMatch(/^hk_/);
    const list = await call<{ halls: Array<{ id: string; lastSeq: number; connected: boolean; lastSeenAt: string | null }> }>(
      central.url,
      'GET',
      '/halls',
      admin,
    );
    expect(list.body.halls).toEqual([
      expect.objectContaining({ id: 'h1', name: '城关镇便民服务中心', lastSeq: 0, connected: false, lastSeenAt: null }),
    ]);
  });

  it('refuses bad batches whole, with a code, and stores nothing of them', async () => {
    expect((await send(plainEvents(1, 2), EPOCH_A, 'hk_wrong')).status).toBe(401);
    const other = await send(plainEvents(1, 2), EPOCH_A, key, 'h2');
    expect([other.status, (other.body as any).error.code]).toEqual([403, 'UPLINK_HALL_MISMATCH']);
    const tampered = plainEvents(1, 3);
    tampered[2] = { ...(tampered[2] as UplinkEvent), actor: 'someone-else' };
    const bad = await send(tampered);
    expect([bad.status, (bad.body as any).error.code, (bad.body as any).error.params]).toEqual([400, 'UPLINK_BAD_HASH', { seq: 3 }]);
    const desc = await send([...plainEvents(2, 2), ...plainEvents(1, 1)]);
    expect([desc.status, (desc.body as any).error.code]).toEqual([400, 'UPLINK_NOT_ASCENDING']);
    const shape = await send([{ seq: 0 } as unknown as UplinkEvent]);
    expect([shape.status, (shape.body as any).error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(await rowCount()).toBe(0);
  });

  it('stores each seq once: in order, duplicated, reordered, with gaps reported as missing', async () => {
    const first = await send(plainEvents(1, 5), EPOCH_A, key, 'h1', { live: live() });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ ackSeq: 5, epoch: EPOCH_A, stored: 5, duplicates: 0, missing: [], conflicts: 0 });
    const dup = await send(plainEvents(1, 5));
    expect(dup.body).toMatchObject({ ackSeq: 5, stored: 0, duplicates: 5 });
    const ahead = await send(plainEvents(8, 10));
    expect(ahead.body).toMatchObject({ ackSeq: 5, stored: 3, missing: [{ from: 6, to: 7 }] });
    const further = await send(plainEvents(13, 13));
    expect(further.body).toMatchObject({
      ackSeq: 5,
      missing: [
        { from: 6, to: 7 },
        { from: 11, to: 12 },
      ],
    });
    const fill = await send([...plainEvents(6, 7), ...plainEvents(11, 12)]);
    expect(fill.body).toMatchObject({ ackSeq: 13, stored: 4, missing: [] });
    expect(await rowCount()).toBe(13);
    const list = await call<{ halls: Array<{ lastSeq: number; connected: boolean }> }>(central.url, 'GET', '/halls', admin);
    expect(list.body.halls[0]).toMatchObject({ lastSeq: 13, connected: true });
  });

  it('records a seq sent again with another hash as a conflict, never as a second event', async () => {
    const changed = plainEvents(3, 3, '2026-12-01', 'changed');
    const r = await send(changed);
    expect(r.body).toMatchObject({ ackSeq: 13, stored: 0, duplicates: 0, conflicts: 1 });
    expect(await rowCount()).toBe(13);
    const held = await sql.query("SELECT data->>'reasonCode' AS c FROM uplink_event WHERE seq = 3");
    expect(held.rows).toEqual([{ c: 'a' }]);
    const list = await call<{ halls: Array<{ conflicts: number }> }>(central.url, 'GET', '/halls', admin);
    expect(list.body.halls[0]?.conflicts).toBe(1);
  });

  it('rejects writes to the event table: it is append-only', async () => {
    await expect(sql.query('UPDATE uplink_event SET actor = $1 WHERE seq = 1', ['x'])).rejects.toThrow(/append-only/);
    await expect(sql.query('DELETE FROM uplink_event')).rejects.toThrow(/append-only/);
  });

  it('keeps serving after the database restarts mid-stream, and loses nothing', async () => {
    await cluster.restart();
    // The pool's old connections are dead: the first requests may answer 503; retry until accepted.
    let r = await send(plainEvents(14, 20));
    for (let i = 0; r.status !== 200 && i < 50; i++) {
      expect(r.status).toBe(503);
      expect((r.body as any).error.code).toBe('STORAGE_UNAVAILABLE');
      await new Promise((res) => setTimeout(res, 100));
      r = await send(plainEvents(14, 20));
    }
    expect(r.body).toMatchObject({ ackSeq: 20, missing: [] });
    const again = await send(plainEvents(14, 20));
    expect(again.body).toMatchObject({ ackSeq: 20, stored: 0, duplicates: 7 });
    expect(await rowCount()).toBe(20);
  });
});

describe.skipIf(!HAS_PG)('a hall restored from a backup (new epoch)', () => {
  let cluster: PgCluster;
  let central: Central;
  let admin: string;
  let key: string;
  const date = '2026-12-01';
  const t0 = Date.parse('2026-12-01T01:00:00Z');
  const send = (events: UplinkEvent[], epoch: string) =>
    call<UplinkAck>(central.url, 'POST', '/uplink', key, { hallId: 'r1', epoch, events, live: live() });

  beforeAll(async () => {
    cluster = await startPgCluster();
    central = await startCentral(await freshDatabase(cluster));
    admin = await adminToken(central.url);
    key = await registerHall(central.url, admin, 'r1');
  });
  afterAll(async () => {
    await central?.close();
    await cluster?.stop();
  });

  it('supersedes the old epoch from the new epoch’s first seq on, so no ticket counts twice', async () => {
    // Before the restore: tickets A001..A004 issued at seqs 1..4, A001 finished at seq 5.
    const issued = [1, 2, 3, 4].map((n) => ticket({ id: `t${n}`, number: `A00${n}`, businessDate: date, issuedAt: t0 + n * 60_000 }));
    const done1 = {
      ...(issued[0] as any),
      status: 'done',
      firstCalledAt: t0 + 5 * 60_000,
      calledAt: t0 + 5 * 60_000,
      startedAt: t0 + 6 * 60_000,
      finishedAt: t0 + 10 * 60_000,
      windowId: 'w1',
      servedBy: 'staff-a',
      callCount: 1,
    };
    const before = [
      ...issued.map((t, i) => ticketEvent(i + 1, 'ticket.issued', t, t.issuedAt)),
      ticketEvent(5, 'ticket.finished', done1, done1.finishedAt),
    ];
    expect((await send(before, EPOCH_A)).body).toMatchObject({ ackSeq: 5 });

    // The backup held seqs 1..2. After the restore, the hall issued two other tickets at seqs 3..4 (B001, B002).
    const after = [3, 4].map((s) =>
      ticket({ id: `n${s}`, number: `B00${s - 2}`, categoryId: 'B', businessDate: date, issuedAt: t0 + 30 * 60_000 + s }),
    );
    const r = await send(
      after.map((t, i) => ticketEvent(i + 3, 'ticket.issued', t, t.issuedAt)),
      EPOCH_B,
    );
    expect(r.body).toMatchObject({ ackSeq: 4, epoch: EPOCH_B, stored: 2, missing: [] });

    const stats = await call<any>(central.url, 'GET', `/halls/r1/stats?date=${date}`, admin);
    // Held and counted: t1, t2 (old epoch, below seq 3) and n3, n4 (new epoch). t3, t4 and t1's finish are superseded.
    expect(stats.body).toMatchObject({ issued: 4, served: 0, waiting: 4 });
    expect(stats.body.byCategory).toMatchObject({ A: { issued: 2 }, B: { issued: 2 } });
    const list = await call<{ halls: Array<{ restores: number; epoch: string; lastSeq: number }> }>(central.url, 'GET', '/halls', admin);
    expect(list.body.halls[0]).toMatchObject({ restores: 1, epoch: EPOCH_B, lastSeq: 4 });

    // A late retry of the old epoch is stored (append-only) but counts only where it is not superseded.
    const late = await send(
      [ticketEvent(6, 'ticket.called', { ...(issued[1] as any), status: 'called', firstCalledAt: t0 + 20 * 60_000 }, t0 + 20 * 60_000)],
      EPOCH_A,
    );
    expect(late.body).toMatchObject({ epoch: EPOCH_B, ackSeq: 4 });
    const stats2 = await call<any>(central.url, 'GET', `/halls/r1/stats?date=${date}`, admin);
    expect(stats2.body).toMatchObject({ issued: 4, waiting: 4 });
  });

  it('answers ackSeq 0 for an epoch it holds no event of yet', async () => {
    const r = await send([], 'epochCCCC03');
    expect(r.body).toMatchObject({ ackSeq: 0, epoch: 'epochCCCC03', missing: [] });
    const e = event({ seq: 1, at: t0, businessDate: date, type: 'day.opened', ticketId: null, windowId: null, actor: 'system', data: {} });
    expect((await send([e], 'epochCCCC03')).body).toMatchObject({ ackSeq: 1, epoch: 'epochCCCC03' });
  });
});
