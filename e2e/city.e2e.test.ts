/**
 * The city dashboard `/city` on a real central (throwaway PostgreSQL): sign in, every hall listed with its
 * figures, a live update from an uplink without reloading, drill-down into one hall, English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { hasChromium, launchBrowser, newPage, shot } from './harness.ts';
import { requirePg } from '../central/src/testing/pg-cluster.ts';
import {
  ADMIN_PASSWORD,
  adminToken,
  call,
  freshDatabase,
  registerHall,
  startCentral,
  startPgCluster,
  type PgCluster,
} from '../central/src/testing/central-harness.ts';
import { live, ticket, ticketEvent } from '../central/src/testing/events.ts';
import type { Central } from '../central/src/server.ts';
import { businessDate } from '@hall/contract';

const HAS_PG = requirePg();
const hasCityBuild = existsSync(resolve(import.meta.dirname, '../dist/web/central/city/index.html'));
if (process.env.CI && !hasChromium) throw new Error('Chromium missing at /usr/bin/chromium; CI is set, so this test fails');

describe.skipIf(!HAS_PG || !hasChromium || !hasCityBuild)('/city dashboard', () => {
  let cluster: PgCluster;
  let central: Central;
  let browser: Browser;
  let page: Page;
  let keyTown: string;
  const today = businessDate(Date.now(), 'Asia/Shanghai');

  beforeAll(async () => {
    cluster = await startPgCluster();
    central = await startCentral(await freshDatabase(cluster));
    const admin = await adminToken(central.url);
    const keyCity = await registerHall(central.url, admin, 'city', '市政务服务中心');
    keyTown = await registerHall(central.url, admin, 'town', '城关镇便民服务中心');
    await registerHall(central.url, admin, 'village', '河西村便民服务站');
    const t0 = Date.now() - 3600_000;
    const events = [1, 2, 3].map((n) =>
      ticketEvent(
        n,
        'ticket.issued',
        ticket({ id: `t${n}`, number: `A00${n}`, businessDate: today, issuedAt: t0 + n * 60_000 }),
        t0 + n * 60_000,
      ),
    );
    expect(
      (
        await call(central.url, 'POST', '/uplink', keyCity, {
          hallId: 'city',
          epoch: 'epoch-city-1',
          events,
          live: live({ businessDate: today }),
        })
      ).status,
    ).toBe(200);
    await call(central.url, 'POST', '/config', admin, { apply: 'idle', content: { alertThresholds: { defaultWaitMinutes: 30 } } });
    browser = await launchBrowser();
    page = (await newPage(browser, { width: 1600, height: 900 })).page;
  });
  afterAll(async () => {
    await browser?.close();
    await central?.close();
    await cluster?.stop();
  });

  it('signs in and lists every hall with its figures', async () => {
    await page.goto(`${central.url}/city`);
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('用户名或密码错误');
    await shot(page, 'city-login');
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('hall-row-city').waitFor();
    await expect.poll(() => page.getByTestId('hall-issued-city').textContent()).toBe('3');
    expect(await page.getByTestId('hall-waiting-city').textContent()).toBe('4');
    expect(await page.getByTestId('tile-halls').textContent()).toContain('3');
    await expect.poll(() => page.getByTestId('live-state').textContent()).toBe('实时');
    await shot(page, 'city-dashboard');
  });

  it('updates live when a hall uplinks, without reloading', async () => {
    expect(await page.getByTestId('hall-waiting-town').textContent()).toBe('0');
    const r = await call(central.url, 'POST', '/uplink', keyTown, {
      hallId: 'town',
      epoch: 'epoch-town-1',
      events: [],
      live: live({ businessDate: today, queues: [{ categoryId: 'A', waiting: 7, longestWaitMinutes: 20, estimatedWaitMinutes: 15 }] }),
    });
    expect(r.status).toBe(200);
    await expect.poll(() => page.getByTestId('hall-waiting-town').textContent()).toBe('7');
  });

  it('drills down into one hall and speaks English', async () => {
    await page.getByTestId('hall-row-city').click();
    await page.getByTestId('hall-detail').waitFor();
    expect(await page.getByTestId('window-w1').textContent()).toContain('开放');
    await shot(page, 'city-hall-detail');
    await page.getByTestId('lang-en').click();
    await expect.poll(() => page.getByTestId('window-w1').textContent()).toContain('Open');
    await page.getByTestId('hall-close').click();
    await page.getByTestId('hall-row-village').waitFor();
    expect(await page.getByTestId('hall-row-village').textContent()).toContain('Never reported');
    await shot(page, 'city-dashboard-en');
    await page.getByTestId('lang-zh').click();
  });
});
