/**
 * Opening hours on the kiosk and the hall screen, on the server's clock (an injected manual clock; pages read
 * it from the hall snapshot's `serverTime`). The demo hall's hours: weekdays 08:30–12:00 and 13:30–17:30,
 * Saturday 09:00–12:00, the 2026 holidays; here the last kiosk ticket is 30 minutes before each close.
 * 2026-05-12 is a Tuesday.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { demoConfig } from '../queue-server/src/testing/test-server.ts';
import { manualClock } from '../queue-server/src/services/clock.ts';
import { hasChromium, hasWebBuild, launchBrowser, newPage, shot, startHall, type TestServer } from './harness.ts';
import { toolMissing } from '../scripts/testing/tool-gate.ts';

const at = (local: string) => Date.parse(`${local}+08:00`);
const PORTRAIT = { width: 1080, height: 1920 };
const LANDSCAPE = { width: 1920, height: 1080 };

describe.skipIf(toolMissing('Chromium and the page build', hasChromium && hasWebBuild))(
  'opening hours: the kiosk and the hall screen when the hall is closed',
  () => {
    const clock = manualClock(at('2026-05-12T18:30:00'));
    let srv: TestServer;
    let browser: Browser;

    beforeAll(async () => {
      const config = demoConfig((c) => {
        c.hours.lastTicketMinutesBeforeClose = 30;
      });
      srv = await startHall({ clock, config });
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await srv?.stop();
    });

    async function kiosk(size: { width: number; height: number }): Promise<Page> {
      const { page } = await newPage(browser, size);
      await page.goto(`${srv.url}/kiosk`);
      await page.getByTestId('kiosk').waitFor();
      return page;
    }

    async function display(size: { width: number; height: number }, query = ''): Promise<Page> {
      const { page } = await newPage(browser, size);
      await page.goto(`${srv.url}/display?voice=off${query}`);
      await page.waitForSelector('[data-testid=display-screen][data-ready=true]');
      await page.waitForSelector('[data-testid=display-hall-name]:not(:empty)');
      return page;
    }

    it('after the close the kiosk shows when tickets are issued again and where to book, in Chinese and English', async () => {
      const page = await kiosk(PORTRAIT);
      const closed = page.getByTestId('screen-closed');
      await closed.waitFor();
      expect(await closed.getAttribute('data-reason')).toBe('after_close');
      expect(await page.getByTestId('closed-next-open').innerText()).toContain('明天 08:30');
      expect(await closed.innerText()).toContain('预约');
      expect(await closed.innerText()).toContain('一楼导办台');
      await expect.poll(() => page.getByTestId('home-take').count()).toBe(0);
      await shot(page, 'kiosk-closed-portrait');
      await page.setViewportSize(LANDSCAPE);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await shot(page, 'kiosk-closed-landscape');

      await page.getByTestId('lang-toggle').click();
      await expect.poll(() => page.getByTestId('closed-next-open').innerText()).toContain('tomorrow at 08:30');
      const en = await closed.innerText();
      expect(en).toContain('Book in advance');
      expect(en.match(/[\u4e00-\u9fff]+/g) ?? []).toEqual(['一楼导办台']); // the hall's own name for its help desk
      await shot(page, 'kiosk-closed-landscape-en');
      await page.setViewportSize(PORTRAIT);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await shot(page, 'kiosk-closed-portrait-en');

      // The guide stays open: it issues nothing.
      await page.getByTestId('closed-guide').click();
      await page.getByTestId('screen-finder').waitFor();
      await page.close();
    });

    it('the hall screen shows the closed state with the next opening while the notices scroll, in Chinese and English', async () => {
      for (const [name, size, query] of [
        ['display-closed-1080p', LANDSCAPE, ''],
        ['display-closed-4k', { width: 3840, height: 2160 }, ''],
        ['display-closed-portrait', PORTRAIT, ''],
        ['display-closed-1080p-en', LANDSCAPE, '&lang=en'],
      ] as const) {
        const page = await display(size, query);
        await page.waitForSelector('[data-testid=display-screen][data-closed=true]');
        expect(await page.getAttribute('[data-testid=display-closed]', 'data-reason')).toBe('after_close');
        const next = await page.innerText('[data-testid=display-next-open]');
        expect(next).toContain(query ? 'Opens tomorrow at 08:30' : '下次开放：明天 08:30');
        expect(await page.innerText('[data-testid=display-notices]')).toContain('延时服务');
        const overflow = await page.evaluate(() =>
          [...document.querySelectorAll('.closed-board, .header')]
            .filter((el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
            .map((el) => el.className),
        );
        expect(overflow, name).toEqual([]);
        await shot(page, name);
        await page.close();
      }
    });

    it('at the last-ticket time the kiosk stops issuing and the hall screen says so, without a reload', async () => {
      clock.set(at('2026-05-12T16:59:52'));
      const k = await kiosk(LANDSCAPE);
      await k.getByTestId('screen-home').waitFor();
      const d = await display(LANDSCAPE);
      await d.waitForSelector('[data-testid=display-screen][data-closed=false]');
      // The server's clock is frozen; the pages run on from 16:59:52 with their own clocks.
      await k.getByTestId('screen-closed').waitFor({ timeout: 25_000 });
      expect(await k.getByTestId('screen-closed').getAttribute('data-reason')).toBe('last_ticket_passed');
      expect(await k.getByTestId('screen-closed').innerText()).toContain('17:00');
      await shot(k, 'kiosk-closed-last-ticket');
      await d.waitForSelector('[data-testid=display-hours-banner][data-reason=last_ticket_passed]', { timeout: 25_000 });
      expect(await d.innerText('[data-testid=display-hours-banner]')).toContain('明天 08:30');
      await shot(d, 'display-last-ticket-strip');
      await k.close();
      await d.close();
    });

    it('names the day after a holiday week, and over lunch the afternoon', async () => {
      clock.set(at('2026-10-01T10:00:00'));
      const k = await kiosk(PORTRAIT);
      await k.waitForSelector('[data-testid=screen-closed][data-reason=holiday]');
      expect(await k.getByTestId('closed-next-open').innerText()).toContain('10月8日（星期四） 08:30');
      await k.close();

      clock.set(at('2026-05-12T12:20:00'));
      const d = await display(LANDSCAPE);
      await d.waitForSelector('[data-testid=display-closed][data-reason=break]');
      expect(await d.innerText('[data-testid=display-next-open]')).toContain('今天 13:30');
      await d.close();

      // Back inside opening hours the kiosk issues again.
      clock.set(at('2026-05-13T08:31:00'));
      const open = await kiosk(PORTRAIT);
      await open.getByTestId('screen-home').waitFor();
      await open.getByTestId('home-take').waitFor();
      await open.close();
    });
  },
);
