/**
 * The supervisor console's city-link badge: in sync with a running central, then down with the events
 * waiting while the central is stopped (the hall keeps issuing), then in sync again once it returns.
 * Screenshots: artifacts/screenshots/supervisor-uplink-{ok,down,en}.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hasChromium, launchBrowser, newPage, shot, startHall, type TestServer } from './harness.ts';
import { FakeCentral } from '../queue-server/src/testing/fake-central.ts';

const hasSupervisorBuild = existsSync(resolve(import.meta.dirname, '../dist/web/console/supervisor/index.html'));

describe.skipIf(!process.env.CI && (!hasChromium || !hasSupervisorBuild))('supervisor console: city link', () => {
  let central: FakeCentral;
  let srv: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    central = new FakeCentral();
    await central.start();
    srv = await startHall({
      central: { url: central.url, hallId: 'county-1', key: central.key },
      modules: { uplink: { sender: { debounceMs: 20, heartbeatMs: 2_000, baseBackoffMs: 200, maxBackoffMs: 1_000 } } },
    });
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser, { width: 1600, height: 900 }));
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await srv?.stop();
    await central?.stop();
  });

  async function issue(n: number) {
    const kiosk = await srv.kioskToken();
    const service = srv.config.services[0]!;
    for (let i = 0; i < n; i++)
      expect((await srv.api('POST', '/tickets', { token: kiosk, body: { serviceId: service.id } })).status).toBe(201);
  }

  it('shows in sync, then down with what waits, then in sync again', async () => {
    await issue(2);
    await page.goto(`${srv.url}/supervisor`);
    await page.getByTestId('login-username').fill('supervisor');
    await page.getByTestId('login-password').fill('hall-demo-2026');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('screen-hall').waitFor();
    const badge = page.getByTestId('uplink');
    await expect.poll(() => badge.getAttribute('data-state'), { timeout: 15_000 }).toBe('ok');
    expect(await badge.textContent()).toContain('已同步');
    await shot(page, 'supervisor-uplink-ok');

    await central.stop();
    await issue(5);
    await expect.poll(() => srv.uplink.status().state, { timeout: 10_000 }).toBe('down');
    await page.reload();
    await expect.poll(() => badge.getAttribute('data-state'), { timeout: 15_000 }).toBe('down');
    const lag = srv.uplink.status().lag.events;
    expect(lag).toBeGreaterThanOrEqual(5);
    expect(await page.getByTestId('uplink-lag').textContent()).toContain(`待上传 ${lag} 条`);
    expect(await badge.getAttribute('title')).toContain('ECONNREFUSED');
    await shot(page, 'supervisor-uplink-down');
    await page
      .getByTestId('lang-en')
      .click()
      .catch(() => undefined);
    await shot(page, 'supervisor-uplink-en');

    await central.start();
    await expect.poll(() => srv.uplink.status().state, { timeout: 10_000 }).toBe('ok');
    await page.reload();
    await expect.poll(() => badge.getAttribute('data-state'), { timeout: 15_000 }).toBe('ok');
  });
});
