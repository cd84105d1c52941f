/**
 * Two central nodes on one database: a dashboard socket connected to node B receives the update caused by
 * an uplink to node A, through Socket.IO's PostgreSQL adapter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { io as connect, type Socket } from 'socket.io-client';
import { migrate } from '../db/migrate.ts';
import { requirePg } from '../testing/pg-cluster.ts';
import { adminToken, call, freshDatabase, registerHall, startCentral, startPgCluster, type PgCluster } from '../testing/central-harness.ts';
import { live, plainEvents } from '../testing/events.ts';
import type { Central } from '../server.ts';
import type { HallUpdate } from './realtime.ts';

const HAS_PG = requirePg();

describe.skipIf(!HAS_PG)('two central nodes', () => {
  let cluster: PgCluster;
  let a: Central;
  let b: Central;
  let socket: Socket | undefined;

  beforeAll(async () => {
    cluster = await startPgCluster();
    const db = await freshDatabase(cluster);
    // Started together: migrations run once, under the advisory lock.
    [a, b] = await Promise.all([startCentral(db), startCentral(db)]);
  });
  afterAll(async () => {
    socket?.disconnect();
    await a?.close();
    await b?.close();
    await cluster?.stop();
  });

  it("the adapter's table comes from the migrations, under their lock, so nodes starting together do not race to create it", async () => {
    const pool = new pg.Pool({ connectionString: await freshDatabase(cluster) });
    try {
      const exists = async () =>
        (await pool.query<{ t: string | null }>("SELECT to_regclass('public.socket_io_attachments') AS t")).rows[0]?.t ?? null;
      expect(await exists()).toBeNull();
      // Four at once: each waits for the advisory lock; exactly one applies the migrations.
      await Promise.all([migrate(pool), migrate(pool), migrate(pool), migrate(pool)]);
      expect(await exists()).toBe('socket_io_attachments');
      const applied = await pool.query<{ name: string }>('SELECT name FROM schema_migration ORDER BY version');
      expect(applied.rows.map((r) => r.name)).toContain('003_socket_io_attachments.sql');
      expect(new Set(applied.rows.map((r) => r.name)).size).toBe(applied.rows.length);
    } finally {
      await pool.end();
    }
  });

  it('refuses a dashboard socket without a valid token', async () => {
    const s = connect(`${b.url}/city`, { transports: ['websocket'], auth: { token: 'nope' }, reconnection: false });
    const err = await new Promise<Error>((resolve) => s.once('connect_error', resolve));
    expect(err.message).toBe('UNAUTHENTICATED');
    s.disconnect();
  });

  it('delivers an uplink to node A to a dashboard on node B', async () => {
    const admin = await adminToken(a.url);
    const key = await registerHall(a.url, admin, 'h1');
    // Node B's session check reads the same database: a token from node A works there.
    socket = connect(`${b.url}/city`, { transports: ['websocket'], auth: { token: admin }, reconnection: false });
    await new Promise<void>((resolve, reject) => {
      socket?.once('connect', resolve);
      socket?.once('connect_error', reject);
    });
    const got = new Promise<HallUpdate>((resolve) => socket?.once('hall:update', resolve));
    const r = await call(a.url, 'POST', '/uplink', key, { hallId: 'h1', epoch: 'epoch-one-01', events: plainEvents(1, 3), live: live() });
    expect(r.status).toBe(200);
    const u = await got;
    expect(u).toMatchObject({ hallId: 'h1', ackSeq: 3, waiting: 4 });
    // Both nodes answer the same hall list.
    const fromB = await call<any>(b.url, 'GET', '/halls', admin);
    expect(fromB.body.halls[0]).toMatchObject({ id: 'h1', lastSeq: 3 });
  });
});
