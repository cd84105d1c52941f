/**
 * The whole network, both real: a hall server (SQLite) with its uplink module sends to a central server
 * (PostgreSQL). The central's figures for the hall must equal the hall's own, before and after an outage
 * during which the hall keeps issuing and serving; every event is stored exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../queue-server/src/testing/test-server.ts';
import type { UplinkOptions } from '../../queue-server/src/uplink/uplink-module.ts';
import { neverTimers } from '../../queue-server/src/testing/fake-timers.ts';
import { createCentral, type Central } from './server.ts';
import { requirePg } from './testing/pg-cluster.ts';
import {
  ADMIN_PASSWORD,
  adminToken,
  call,
  freshDatabase,
  registerHall,
  startPgCluster,
  type PgCluster,
} from './testing/central-harness.ts';

const HAS_PG = requirePg();

const FAST: UplinkOptions = {
  sender: { debounceMs: 5, heartbeatMs: 60_000, baseBackoffMs: 20, maxBackoffMs: 200, requestTimeoutMs: 2_000 },
  config: { timers: neverTimers },
};

describe.skipIf(!HAS_PG)('a hall uplinking to a real central', () => {
  let cluster: PgCluster;
  let database = '';
  let central: Central | null = null;
  let hall: TestServer;
  let port = 0;
  let admin = '';

  const start = async () => {
    central = await createCentral({ database, adminPassword: ADMIN_PASSWORD, port, host: '127.0.0.1' });
    port = central.port;
    return central;
  };

  beforeAll(async () => {
    cluster = await startPgCluster();
    database = await freshDatabase(cluster);
    const c = await start();
    admin = await adminToken(c.url);
    const key = await registerHall(c.url, admin, 'county-1');
    hall = await startTestServer({
      printers: new Map(),
      central: { url: c.url, hallId: 'county-1', key },
      modules: { uplink: FAST },
    });
  });
  afterAll(async () => {
    await hall?.stop();
    await central?.close();
    await cluster?.stop();
  });

  /** Waits on the sender's own signal until the central acknowledged everything the hall logged. */
  const synced = async (timeoutMs = 20_000) => {
    const sender = hall.uplink.sender!;
    const until = Date.now() + timeoutMs;
    for (;;) {
      await sender.settled();
      const s = sender.status();
      if (s.ackSeq === s.lastSeq && s.state === 'ok') return s;
      if (Date.now() > until) throw new Error(`not synced: ${JSON.stringify(s)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  const serve = async (n: number, waitingToo: number) => {
    const kiosk = await hall.kioskToken();
    const sup = await hall.login('supervisor');
    const info = (await hall.api('GET', '/hall')).body;
    const service = info.services[0];
    const win = hall.config.windows.find((w) => w.skills.includes(service.categoryId))!;
    await hall.api('PUT', `/windows/${win.id}/allocation`, { token: sup, body: { categories: [service.categoryId] } });
    for (let i = 0; i < n + waitingToo; i++)
      expect((await hall.api('POST', '/tickets', { token: kiosk, body: { serviceId: service.id } })).status).toBe(201);
    for (let i = 0; i < n; i++) {
      expect((await hall.api('POST', `/windows/${win.id}/call-next`, { token: sup })).status).toBe(200);
      expect((await hall.api('POST', `/windows/${win.id}/start`, { token: sup })).status).toBe(200);
      expect((await hall.api('POST', `/windows/${win.id}/finish`, { token: sup })).status).toBe(200);
    }
    return sup;
  };

  const sameStats = async (sup: string) => {
    const own = await hall.api('GET', '/stats', { token: sup });
    expect(own.status).toBe(200);
    const fromCentral = await call(central!.url, 'GET', `/halls/county-1/stats?date=${own.body.date}`, admin);
    expect(fromCentral.status).toBe(200);
    expect(fromCentral.body).toEqual(own.body);
    return own.body as { issued: number; served: number; waiting: number };
  };

  it('sends every event once; the central’s stats of the hall equal the hall’s own', async () => {
    const sup = await serve(2, 1);
    const s = await synced();
    const halls = await call<{ halls: Array<{ id: string; lastSeq: number; connected: boolean }> }>(central!.url, 'GET', '/halls', admin);
    expect(halls.body.halls.find((h) => h.id === 'county-1')).toMatchObject({ lastSeq: s.lastSeq, connected: true });
    expect(await sameStats(sup)).toMatchObject({ issued: 3, served: 2, waiting: 1 });
  });

  it('keeps serving while the central is down, then catches up with nothing lost or doubled', async () => {
    await central!.close();
    central = null;
    // The hall issues and serves with no central: every request succeeds.
    const sup = await serve(3, 2);
    const sender = hall.uplink.sender!;
    const until = Date.now() + 20_000;
    while (sender.status().state !== 'down' && Date.now() < until) {
      await sender.settled();
      await new Promise((r) => setTimeout(r, 20));
    }
    const down = sender.status();
    expect(down.state).toBe('down');
    expect(down.lag.events).toBeGreaterThan(0);

    await start(); // the same database, the same address
    const s = await synced();
    const halls = await call<{ halls: Array<{ id: string; lastSeq: number }> }>(central!.url, 'GET', '/halls', admin);
    expect(halls.body.halls.find((h) => h.id === 'county-1')?.lastSeq).toBe(s.lastSeq);
    // 3 + 5 tickets issued in all, 2 + 3 served, 3 waiting: counted once each by the central.
    expect(await sameStats(sup)).toMatchObject({ issued: 8, served: 5, waiting: 3 });
  });
});
