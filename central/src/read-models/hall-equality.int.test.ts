/**
 * The real thing: a hall server (SQLite) serves a few tickets; its audit log, projected the way every
 * event leaves a hall (`toUplinkData`) and hashed, is uplinked to the central (PostgreSQL); the central's
 * `GET /halls/:id/stats` must equal the hall's own `GET /stats`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toUplinkData, type UplinkEvent } from '@hall/contract';
import { startTestServer, type TestServer } from '../../../queue-server/src/testing/test-server.ts';
import { requirePg } from '../testing/pg-cluster.ts';
import { adminToken, call, freshDatabase, registerHall, startCentral, startPgCluster, type PgCluster } from '../testing/central-harness.ts';
import { event, live } from '../testing/events.ts';
import type { Central } from '../server.ts';

const HAS_PG = requirePg();

describe.skipIf(!HAS_PG)("the central's stats of a real hall", () => {
  let cluster: PgCluster;
  let central: Central;
  let hall: TestServer;

  beforeAll(async () => {
    cluster = await startPgCluster();
    central = await startCentral(await freshDatabase(cluster));
    hall = await startTestServer({ printers: new Map() });
  });
  afterAll(async () => {
    await hall?.stop();
    await central?.close();
    await cluster?.stop();
  });

  it('equals the hall’s own GET /stats', async () => {
    const kiosk = await hall.kioskToken();
    const sup = await hall.login('supervisor');
    const info = (await hall.api('GET', '/hall')).body;
    const service = info.services[0];
    const win = info.windows.find((w: { id: string }) =>
      hall.config.windows.find((c) => c.id === w.id)?.skills.includes(service.categoryId),
    );
    await hall.api('PUT', `/windows/${win.id}/allocation`, { token: sup, body: { categories: [service.categoryId] } });
    for (let i = 0; i < 3; i++)
      expect((await hall.api('POST', '/tickets', { token: kiosk, body: { serviceId: service.id } })).status).toBe(201);
    for (let i = 0; i < 2; i++) {
      expect((await hall.api('POST', `/windows/${win.id}/call-next`, { token: sup })).status).toBe(200);
      expect((await hall.api('POST', `/windows/${win.id}/start`, { token: sup })).status).toBe(200);
      expect((await hall.api('POST', `/windows/${win.id}/finish`, { token: sup })).status).toBe(200);
    }
    const own = await hall.api('GET', '/stats', { token: sup });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ issued: 3, served: 2, waiting: 1 });
    const date = own.body.date as string;

    const log = (await hall.api('GET', `/events?date=${date}`, { token: sup })).body.events as Array<{
      id: number;
      at: string;
      type: string;
      actor: string;
      ticketId: string | null;
      windowId: string | null;
      businessDate: string;
      data: Record<string, unknown>;
    }>;
    const events: UplinkEvent[] = log
      .sort((a, b) => a.id - b.id)
      .map((e) =>
        event({
          seq: e.id,
          at: Date.parse(e.at),
          businessDate: e.businessDate,
          type: e.type,
          ticketId: e.ticketId,
          windowId: e.windowId,
          actor: e.actor,
          data: toUplinkData(e.type, e.data),
        }),
      );
    expect(events.some((e) => e.data.ticket !== undefined)).toBe(true);

    const admin = await adminToken(central.url);
    const key = await registerHall(central.url, admin, 'real');
    const summary = live({
      businessDate: date,
      categories: hall.config.categories.map((c) => ({ id: c.id, name: c.name.slice(0, 40), prefix: c.prefix })),
      priorityGroups: hall.config.settings.priorityGroups.map((g) => g.id),
      windows: hall.config.windows.map((w, i) => ({
        id: w.id,
        name: w.id,
        number: i + 1,
        status: 'open' as const,
        allocation: [],
        staff: null,
        currentTicket: null,
      })),
    });
    const r = await call<any>(central.url, 'POST', '/uplink', key, { hallId: 'real', epoch: 'epoch-real-1', events, live: summary });
    expect(r.status).toBe(200);
    expect(r.body.stored).toBe(events.length);

    const fromCentral = await call(central.url, 'GET', `/halls/real/stats?date=${date}`, admin);
    expect(fromCentral.body).toEqual(own.body);
  });
});
