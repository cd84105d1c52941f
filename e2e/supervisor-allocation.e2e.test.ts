/**
 * 窗口动态调整 from the allocation page: a one-click 支援 asks how long before it changes anything (it is a
 * temporary change, never a silent permanent one), and the 调整 button stays readable under the pointer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { hasChromium, launchBrowser, newPage, shot, startHall, type TestServer } from './harness.ts';
import { toolMissing } from '../scripts/testing/tool-gate.ts';

const hasBuild = existsSync(resolve(import.meta.dirname, '../dist/web/console/supervisor/index.html'));

describe.skipIf(toolMissing('Chromium and the supervisor page build', hasChromium && hasBuild))(
  'supervisor: allocation quick actions',
  () => {
    let srv: TestServer;
    let browser: Browser;
    let page: Page;
    let sup: string;

    beforeAll(async () => {
      srv = await startHall({ printers: new Map() });
      sup = await srv.login('supervisor');
      const zhang = await srv.login('zhangwei');
      expect((await srv.api('POST', '/windows/W01/sign-in', { token: zhang })).status).toBe(200);
      browser = await launchBrowser();
      ({ page } = await newPage(browser, { width: 1920, height: 1080 }));
      await page.goto(`${srv.url}/supervisor`);
      await page.getByTestId('login-username').fill('supervisor');
      await page.getByTestId('login-password').fill('hall-demo-2026');
      await page.getByTestId('login-submit').click();
      await page.getByTestId('nav-allocation').click();
    });
    afterAll(async () => {
      await browser?.close();
      await srv?.stop();
    });

    const allocationOf = async (id: string) =>
      (
        (await srv.api('GET', '/windows', { token: sup })).body.windows as Array<{
          id: string;
          allocation: string[];
          allocationUntil: string | null;
        }>
      ).find((w) => w.id === id);

    it('支援 asks for how long first; cancelling changes nothing; choosing 1 hour makes a temporary change', async () => {
      const before = await allocationOf('W01');
      const quick = page.locator('[data-testid^="quick-W01-"]').filter({ hasNotText: '恢复' }).first();
      await quick.click();
      await page.getByTestId('confirm-W01').waitFor();
      await shot(page, 'supervisor-allocation-confirm');
      await page.getByTestId('confirm-W01-cancel').click();
      await page.getByTestId('confirm-W01').waitFor({ state: 'detached' });
      expect(await allocationOf('W01')).toEqual(before);

      await quick.click();
      await page.getByTestId('confirm-W01-1h').click();
      await expect.poll(async () => (await allocationOf('W01'))?.allocationUntil ?? null).not.toBeNull();
      const after = await allocationOf('W01');
      expect(after?.allocation.length).toBeGreaterThan(before?.allocation.length ?? 0);
      const until = Date.parse(after?.allocationUntil ?? '');
      expect(until - srv.clock.now()).toBeGreaterThan(55 * 60_000);
      expect(until - srv.clock.now()).toBeLessThan(65 * 60_000);
    });

    it('调整 keeps its text readable under the pointer', async () => {
      const adjust = page.getByTestId('adjust-W01');
      await adjust.hover();
      const look = await adjust.evaluate((el) => {
        const s = getComputedStyle(el);
        return { color: s.color, background: s.backgroundColor };
      });
      expect(look.color).toBe('rgb(255, 255, 255)');
      expect(look.background).not.toBe('rgb(255, 255, 255)');
      await shot(page, 'supervisor-allocation-hover');
    });
  },
);
