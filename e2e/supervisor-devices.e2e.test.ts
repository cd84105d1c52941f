/** 设备配对 in the supervisor console: an admin issues a code, sees the paired device, revokes it. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolMissing } from '../scripts/testing/tool-gate.ts';
import { ADMIN_PASSWORD } from '../queue-server/src/testing/test-server.ts';
import { hasChromium, hasWebBuild, launchBrowser, newPage, shot, startHall, type TestServer } from './harness.ts';

describe.skipIf(toolMissing('Chromium and the page build', hasChromium && hasWebBuild))('supervisor console: device pairing', () => {
  let srv: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    srv = await startHall();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('issues a pairing code, lists the device once paired, and revokes it', async () => {
    const { context, page } = await newPage(browser, { width: 1600, height: 900 });
    await page.goto(`${srv.url}/supervisor`);
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-devices').click();
    await page.getByTestId('devices-view').waitFor();
    await page.getByTestId('devices-kind').selectOption('kiosk');
    await page.getByTestId('devices-name').fill('二楼自助取号机');
    await page.getByTestId('devices-id').fill('KIOSK2');
    await page.getByTestId('devices-issue').click();
    const code = (await page.getByTestId('devices-code-value').textContent()) ?? '';
    expect(code).toMatch(/^[A-Z2-9]{10}$/);
    await shot(page, 'supervisor-devices-code');

    // The kiosk enters the code (here through the API), then the list shows it.
    const paired = await srv.api('POST', '/devices/pair', { body: { code } });
    expect(paired.status).toBe(200);
    expect(paired.body.deviceId).toBe('KIOSK2');
    expect((await srv.api('GET', '/auth/me', { token: paired.body.token })).status).toBe(200);
    await page.getByTestId('nav-hall').click();
    await page.getByTestId('nav-devices').click();
    const row = page.getByTestId('device-KIOSK2');
    await row.waitFor();
    expect(await row.textContent()).toContain('二楼自助取号机');
    expect(await row.textContent()).toContain('使用中');
    await shot(page, 'supervisor-devices-list');

    await page.getByTestId('device-revoke-KIOSK2').click();
    await page.getByTestId('device-revoke-yes-KIOSK2').click();
    await row.getByText('撤销', { exact: false }).first().waitFor();
    await expect.poll(async () => (await row.textContent()) ?? '').toContain('已于');
    expect((await srv.api('GET', '/auth/me', { token: paired.body.token })).status).toBe(401);
    await shot(page, 'supervisor-devices-revoked');
    await context.close();
  });

  it('a hall screen on another machine asks for a code, says when it is wrong, and shows the board once paired', async () => {
    const { context, page } = await newPage(browser, { width: 1920, height: 1080 });
    // Not on the server machine: the one-machine shortcut is refused.
    await page.route('**/api/v1/devices/pair-local', (route) =>
      route.fulfill({ status: 403, contentType: 'application/json', body: '{"error":{"code":"FORBIDDEN","message":"x"}}' }),
    );
    await page.goto(`${srv.url}/display?voice=off&device=SCREEN2`);
    await page.getByTestId('display-pairing').waitFor();
    expect(await page.getByTestId('display-pairing').textContent()).toContain('SCREEN2');
    await page.getByTestId('display-pair-code').fill('WRONGCODE9');
    await page.getByTestId('display-pair-submit').click();
    await page.getByTestId('display-pair-error').waitFor();
    await shot(page, 'display-pairing');

    const admin = await srv.login('admin');
    const issued = await srv.api('POST', '/devices/pairing-codes', {
      token: admin,
      body: { kind: 'display', name: '二楼综合屏', deviceId: 'SCREEN2' },
    });
    expect(issued.status).toBe(201);
    await page.getByTestId('display-pair-code').fill(issued.body.code);
    await page.getByTestId('display-pair-submit').click();
    await page.waitForSelector('[data-testid=display-screen][data-ready=true]');
    const devices = await srv.api('GET', '/devices', { token: admin });
    expect(JSON.stringify(devices.body)).toContain('SCREEN2');
    await context.close();
  });
});
