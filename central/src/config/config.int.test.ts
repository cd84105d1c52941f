/** Published configuration: the admin publishes versions; a hall pulls the newest with its key and reports what it runs. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigBundle } from '@hall/contract';
import { requirePg } from '../testing/pg-cluster.ts';
import { adminToken, call, freshDatabase, registerHall, startCentral, startPgCluster, type PgCluster } from '../testing/central-harness.ts';
import { live } from '../testing/events.ts';
import type { Central } from '../server.ts';

const HAS_PG = requirePg();

describe.skipIf(!HAS_PG)('published configuration', () => {
  let cluster: PgCluster;
  let central: Central;
  let admin: string;
  let key: string;

  beforeAll(async () => {
    cluster = await startPgCluster();
    central = await startCentral(await freshDatabase(cluster));
    admin = await adminToken(central.url);
    key = await registerHall(central.url, admin, 'h1');
  });
  afterAll(async () => {
    await central?.close();
    await cluster?.stop();
  });

  it('answers 204 before anything is published', async () => {
    const r = await call(central.url, 'GET', '/config/latest', key);
    expect(r.status).toBe(204);
    expect((await call(central.url, 'GET', '/config/latest')).status).toBe(401);
  });

  it('publishes numbered versions; a hall pulls the newest, valid for the contract', async () => {
    const content = { calendar: { holidays: ['2027-01-01'], workdays: ['2027-02-07'] }, ratingTags: [{ id: 101, label: '态度生硬' }] };
    const v1 = await call<any>(central.url, 'POST', '/config', admin, { note: '2027 年节假日', apply: 'next-business-date', content });
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ version: 1, note: '2027 年节假日', apply: 'next-business-date', content });
    const v2 = await call<any>(central.url, 'POST', '/config', admin, {
      apply: 'idle',
      content: { alertThresholds: { defaultWaitMinutes: 30 } },
    });
    expect(v2.body.version).toBe(2);
    const latest = await call<any>(central.url, 'GET', '/config/latest', key);
    expect(latest.status).toBe(200);
    expect(ConfigBundle.parse(latest.body)).toEqual({
      version: 2,
      publishedAt: v2.body.publishedAt,
      note: '',
      apply: 'idle',
      content: { alertThresholds: { defaultWaitMinutes: 30 } },
    });
  });

  it('refuses a bundle the contract would refuse, and publishing by a non-admin', async () => {
    const bad = await call<any>(central.url, 'POST', '/config', admin, {
      apply: 'idle',
      content: { calendar: { holidays: ['2027-02-30'], workdays: [] } },
    });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await call(central.url, 'POST', '/config', key, { apply: 'idle', content: {} })).status).toBe(401);
  });

  it('shows published vs deployed per hall from what the hall reports', async () => {
    const r = await call(central.url, 'POST', '/uplink', key, {
      hallId: 'h1',
      epoch: 'epoch-one-01',
      events: [],
      live: live({ config: { deployed: 1, received: 2 } }),
    });
    expect(r.status).toBe(200);
    const list = await call<any>(central.url, 'GET', '/halls', admin);
    expect(list.body.halls[0].config).toEqual({ published: 2, deployed: 1, received: 2 });
  });
});
