import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alertText, type ConfigBundle } from '@hall/contract';
import { FakeCentral } from '../testing/fake-central.ts';
import { neverTimers } from '../testing/fake-timers.ts';
import { allDayHours, demoConfig, startTestServer, type TestServer } from '../testing/test-server.ts';
import { manualClock } from '../services/clock.ts';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (stops.length) await stops.pop()?.();
});

const DAY = 24 * 3600_000;

async function setup() {
  const central = new FakeCentral();
  await central.start();
  stops.push(() => central.stop());
  const clock = manualClock(Date.parse('2026-12-03T10:00:00+08:00'));
  const srv = await startTestServer({
    printers: new Map(),
    clock,
    config: demoConfig(allDayHours),
    central: { url: central.url, hallId: 'township-7', key: central.key },
    modules: { uplink: { sender: { timers: neverTimers }, config: { timers: neverTimers } } },
  });
  stops.push(() => srv.stop());
  return { central, srv, clock, configs: srv.uplink.configs! };
}

function bundle(version: number, content: ConfigBundle['content'], apply: ConfigBundle['apply'] = 'idle') {
  return { version, publishedAt: Date.parse('2026-12-01T09:00:00+08:00'), note: `v${version}`, apply, content };
}

const TAGS = [
  { id: 101, label: '服务态度差' },
  { id: 102, label: '等候时间长' },
  { id: 103, label: '一次性告知不到位' },
];

async function callOne(srv: TestServer) {
  const kiosk = await srv.kioskToken();
  const staff = await srv.login('supervisor');
  const service = srv.config.services[0]!;
  expect((await srv.api('POST', '/tickets', { token: kiosk, body: { serviceId: service.id } })).status).toBe(201);
  const window = srv.config.windows.find((w) => w.skills.includes(service.categoryId))!;
  await srv.api('PUT', `/windows/${window.id}/allocation`, { token: staff, body: { categories: [service.categoryId] } });
  expect((await srv.api('POST', `/windows/${window.id}/call-next`, { token: staff })).status).toBe(200);
  return { window, staff };
}

describe('published configuration on the hall', () => {
  it('applies a bundle at an idle moment, in one audited command, with local overrides on top', async () => {
    const { central, srv, configs } = await setup();
    const staff = await srv.login('supervisor');
    const [first, second] = srv.config.categories;
    // The supervisor's own settings: a threshold, and a date made a working day.
    const local = await srv.api('PUT', '/settings/calendar', {
      token: staff,
      body: { holidays: ['2027-01-01'], workdays: ['2027-02-07'] },
    });
    expect(local.status).toBe(200);
    const service = srv.config.services[0]!;
    const otherCategory = srv.config.categories.find((c) => c.id !== service.categoryId)!.id;
    central.bundle = bundle(1, {
      services: [
        {
          ...service,
          name: '企业设立登记（市级标准）',
          categoryId: otherCategory,
          guide: { ...service.guide, basis: '《市场主体登记管理条例》' },
        },
        { ...service, id: 'not-offered-here', name: '本厅未开办的事项' },
      ],
      calendar: { holidays: ['2027-02-07', '2027-02-08'], workdays: ['2027-01-01'] },
      ratingTags: TAGS,
      alertThresholds: { defaultWaitMinutes: 45, waitMinutesByCategory: { [second!.id]: 25 } },
    });
    expect(await configs.poll()).toBe('applied');

    const hall = (await srv.api('GET', '/hall')).body;
    const s = hall.services.find((x: { id: string }) => x.id === service.id);
    expect(s.name).toBe('企业设立登记（市级标准）');
    expect(s.categoryId).toBe(service.categoryId); // routing stays the hall's
    expect(s.guide.basis).toBe('《市场主体登记管理条例》');
    expect(hall.services.some((x: { id: string }) => x.id === 'not-offered-here')).toBe(false);
    expect(hall.ratingReasons).toEqual(TAGS.map((t, i) => ({ id: i, label: t.label })));
    // The supervisor's holiday and working day win over the bundle's.
    expect(hall.hours.holidays).toEqual(['2027-01-01', '2027-02-08']);
    expect(hall.hours.workdays).toEqual(['2027-02-07']);
    const thresholds = (await srv.api('GET', '/settings/hall', { token: staff })).body.waitThresholds;
    expect(thresholds[first!.id]).toBe(45);
    expect(thresholds[second!.id]).toBe(25);

    const applied = (await srv.api('GET', '/events', { token: staff })).body.events.filter(
      (e: { type: string }) => e.type === 'config.applied',
    );
    expect(applied).toHaveLength(1);
    expect(applied[0].data).toMatchObject({ version: 1, services: 1 });
    expect((await srv.api('GET', '/health')).body.uplink.config).toEqual({ deployed: 1, received: 1 });

    // A locally saved threshold stays when the next bundle arrives.
    await srv.api('PUT', '/settings/thresholds', {
      token: staff,
      body: { waitThresholds: { [first!.id]: 12 }, longPauseMinutes: 20 },
    });
    central.bundle = bundle(2, { alertThresholds: { defaultWaitMinutes: 50 } });
    expect(await configs.poll()).toBe('applied');
    const after = (await srv.api('GET', '/settings/hall', { token: staff })).body.waitThresholds;
    expect(after[first!.id]).toBe(12);
    // Polling the same version again changes nothing.
    expect(await configs.poll()).toBe('none');
  });

  it('waits while a ticket is being served, and for the next business date when the bundle asks', async () => {
    const { central, srv, clock, configs } = await setup();
    const { window, staff } = await callOne(srv);
    central.bundle = bundle(1, { ratingTags: TAGS });
    expect(await configs.poll()).toBe('deferred');
    expect((await srv.api('GET', '/health')).body.uplink.config).toEqual({ deployed: null, received: 1 });
    expect((await srv.api('GET', '/hall')).body.ratingReasons[0].label).not.toBe(TAGS[0]!.label);
    await srv.api('POST', `/windows/${window.id}/start`, { token: staff });
    expect(configs.tryDeploy()).toBe('deferred');
    await srv.api('POST', `/windows/${window.id}/finish`, { token: staff });
    srv.uplink.tick?.();
    expect((await srv.api('GET', '/hall')).body.ratingReasons[0].label).toBe(TAGS[0]!.label);

    central.bundle = bundle(2, { calendar: { holidays: ['2027-10-01'], workdays: [] } }, 'next-business-date');
    expect(await configs.poll()).toBe('deferred');
    expect(srv.config.hours.holidays).not.toContain('2027-10-01');
    clock.advance(DAY);
    expect(configs.tryDeploy()).toBe('applied');
    expect(srv.config.hours.holidays).toContain('2027-10-01');
  });

  it('refuses a bad bundle as a whole, with a logged reason, an audit event and an alert', async () => {
    const { central, srv, configs } = await setup();
    const staff = await srv.login('supervisor');
    const before = JSON.stringify((await srv.api('GET', '/hall')).body);
    const nine = Array.from({ length: 9 }, (_, i) => ({ id: 200 + i, label: `标签${i}` }));
    // Valid parts (a calendar) must not be applied when another part fails.
    central.bundle = bundle(1, { calendar: { holidays: ['2027-05-01'], workdays: [] }, ratingTags: nine });
    expect(await configs.poll()).toBe('refused');
    central.bundle = { version: 2, publishedAt: 1, content: { calendar: { holidays: ['not-a-date'], workdays: [] } } };
    expect(await configs.poll()).toBe('refused');
    expect(JSON.stringify((await srv.api('GET', '/hall')).body)).toBe(before);
    const alerts = (await srv.api('GET', '/alerts', { token: staff })).body.alerts;
    const alert = alerts.find((a: { kind: string }) => a.kind === 'config_refused');
    expect(alert).toMatchObject({ code: 'CONFIG_REFUSED', params: { version: 2 } });
    expect(alertText(alert, 'zh')).toContain('格式不符合规范（content.calendar.holidays.0）');
    expect(alertText(alert, 'en')).toMatch(/^Published configuration v2 was refused and nothing was changed: invalid bundle/);
    const refused = (await srv.api('GET', '/events', { token: staff })).body.events.filter(
      (e: { type: string }) => e.type === 'config.refused',
    );
    expect(refused.map((e: { data: { reasonCode: string } }) => e.data.reasonCode)).toEqual(['TOO_MANY_RATING_TAGS', 'INVALID_BUNDLE']);
    expect((await srv.api('GET', '/health')).body.uplink.config).toEqual({ deployed: null, received: 2 });
    // A good bundle afterwards applies and withdraws the alert.
    central.bundle = bundle(3, { ratingTags: TAGS });
    expect(await configs.poll()).toBe('applied');
    const open = (await srv.api('GET', '/alerts', { token: staff })).body.alerts.filter(
      (a: { kind: string; clearedAt?: string | null }) => a.kind === 'config_refused' && !a.clearedAt,
    );
    expect(open).toHaveLength(0);
  });

  it('lays the deployed bundle under the configuration file again after a restart', async () => {
    const central = new FakeCentral();
    await central.start();
    stops.push(() => central.stop());
    const dataDir = mkdtempSync(join(tmpdir(), 'hall-config-restart-'));
    stops.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const start = (joined = true) =>
      startTestServer({
        printers: new Map(),
        dataDir,
        ...(joined ? { central: { url: central.url, hallId: 'township-7', key: central.key } } : {}),
        modules: { uplink: { sender: { timers: neverTimers }, config: { timers: neverTimers } } },
      });
    let srv = await start();
    const service = srv.config.services[0]!;
    central.bundle = bundle(1, { services: [{ ...service, name: '市级统一名称' }], ratingTags: TAGS });
    expect(await srv.uplink.configs!.poll()).toBe('applied');
    await srv.stop();
    central.bundle = null;
    srv = await start();
    stops.push(() => srv.stop());
    const hall = (await srv.api('GET', '/hall')).body;
    expect(hall.services.find((x: { id: string }) => x.id === service.id).name).toBe('市级统一名称');
    expect(hall.ratingReasons[0].label).toBe(TAGS[0]!.label);
    expect((await srv.api('GET', '/health')).body.uplink.config).toEqual({ deployed: 1, received: 1 });
    // A hall that leaves the network keeps what it last deployed.
    await srv.stop();
    srv = await start(false);
    stops.push(() => srv.stop());
    expect((await srv.api('GET', '/hall')).body.ratingReasons[0].label).toBe(TAGS[0]!.label);
    expect((await srv.api('GET', '/health')).body.uplink.state).toBe('off');
  });
});
