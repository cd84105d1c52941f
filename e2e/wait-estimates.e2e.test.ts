/**
 * One wait figure on every surface (issue 16): under a loaded hall, at one moment (an injected, frozen clock),
 * the 医保社保 queue shows the same range on the kiosk, the hall screen and the supervisor's table; the ticket
 * taken at the kiosk carries that figure on its screen and its printed slip (virtual printer K1), and its phone
 * page says the same. 公积金 has no open window (NO_OPEN_WINDOW) and 公安's one window cannot reach a new ticket
 * before 17:30 (AFTER_CLOSE): every surface says so in words, with 预约 / 导办台 advice, never a number.
 * 2026-11-23 is a Monday (demo hours 08:30–12:00, 13:30–17:30).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { decodeEscPos, paperText } from '@hall/printer';
import { manualClock } from '../queue-server/src/services/clock.ts';
import type { Actor } from '../queue-server/src/hall/actor.ts';
import { hasChromium, hasWebBuild, launchBrowser, newPage, shot, startHall, type TestServer } from './harness.ts';

const DAY = '2026-11-23';
const at = (hhmm: string) => Date.parse(`${DAY}T${hhmm}:00+08:00`);
const PORTRAIT = { width: 1080, height: 1920 };
const LANDSCAPE = { width: 1920, height: 1080 };
const PHONE = { width: 390, height: 844 };
const hasSupervisorBuild = existsSync(resolve(import.meta.dirname, '../dist/web/console/supervisor/index.html'));

const user = (id: string): Actor => ({ kind: 'user', id, role: 'staff', source: 'e2e seed' });
const kioskActor: Actor = { kind: 'device', id: 'KIOSK1', role: 'kiosk', source: 'e2e seed' };

describe.skipIf(!hasChromium || !hasWebBuild || !hasSupervisorBuild)(
  'wait estimates: one figure on every surface, words when there is none',
  () => {
    const clock = manualClock(at('16:20'));
    let srv: TestServer;
    let browser: Browser;
    const printerDir = () => join(srv.dataDir, 'virtual-printer', 'K1');

    beforeAll(async () => {
      srv = await startHall({ clock });
      mkdirSync(printerDir(), { recursive: true });
      writeFileSync(join(printerDir(), 'status'), 'ok');
      const hall = srv.hall;
      // 医保社保 at two windows, 公安 at one; nobody certified for 公积金 is signed in.
      for (const [w, u] of [
        ['W06', 'liuyang'],
        ['W07', 'yangli'],
        ['W11', 'xujun'],
      ] as const)
        expect(hall.signIn(user(u), w).ok).toBe(true);
      const issue = async (categoryId: string) => {
        clock.advance(20_000);
        const r = await hall.issueTicket(kioskActor, { categoryId, channel: 'kiosk' });
        expect(r.ok).toBe(true);
      };
      for (let i = 0; i < 4; i++) await issue('insurance');
      for (let i = 0; i < 9; i++) await issue('police');
      for (const [w, u] of [
        ['W06', 'liuyang'],
        ['W07', 'yangli'],
        ['W11', 'xujun'],
      ] as const) {
        expect(hall.windowCommand(user(u), w, { type: 'call-next' }).ok).toBe(true);
        expect(hall.windowCommand(user(u), w, { type: 'start' }).ok).toBe(true);
      }
      for (let i = 0; i < 5; i++) await issue('insurance');
      await issue('fund');
      clock.set(at('16:40'));
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await srv?.stop();
    });

    async function settle(page: Page): Promise<void> {
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    }

    async function displayEta(page: Page, categoryId: string): Promise<string> {
      return (
        await page.locator(`[data-testid=display-queue][data-category-id=${categoryId}] [data-testid=display-queue-eta]`).innerText()
      ).trim();
    }

    it('shows the same 医保社保 figure on the kiosk, hall screen, supervisor table, ticket, slip and phone page', async () => {
      const expected = srv.hall.queueStats().find((q) => q.categoryId === 'insurance')?.waitEstimate;
      expect(expected?.minutes).toBeGreaterThan(0);
      expect(expected?.high).toBeGreaterThan(expected?.low ?? Infinity);
      const text = `约 ${expected?.low}–${expected?.high} 分钟`;

      const { page: kiosk } = await newPage(browser, PORTRAIT);
      await kiosk.goto(`${srv.url}/kiosk`);
      await kiosk.getByTestId('screen-home').waitFor();
      await expect.poll(() => kiosk.getByTestId('home-est-insurance').innerText()).toBe(`预计${text}`);
      await shot(kiosk, 'waits-kiosk-home');

      const { page: display } = await newPage(browser, LANDSCAPE);
      await display.goto(`${srv.url}/display?voice=off`);
      await display.waitForSelector('[data-testid=display-screen][data-ready=true]');
      await expect.poll(() => displayEta(display, 'insurance')).toBe(text);
      await shot(display, 'waits-display');

      const { page: sup } = await newPage(browser, LANDSCAPE);
      await sup.goto(`${srv.url}/supervisor`);
      await sup.getByTestId('login-username').fill('supervisor');
      await sup.getByTestId('login-password').fill('hall-demo-2026');
      await sup.getByTestId('login-submit').click();
      await sup.getByTestId('screen-hall').waitFor();
      await expect.poll(() => sup.getByTestId('queue-insurance-wait').innerText()).toBe(text);
      await shot(sup, 'waits-supervisor');

      // Take a 医保社保 ticket at the kiosk: its screen and its slip carry the figure shown a moment before.
      await kiosk.getByTestId('home-take').click();
      await kiosk.getByTestId('category-insurance').click();
      await kiosk.getByTestId('matter-resident-medical-enroll').click();
      await kiosk.getByTestId('screen-matter').waitFor();
      await kiosk.getByTestId('take-number').click();
      await kiosk.getByTestId('screen-ticket').waitFor();
      expect((await kiosk.getByTestId('ticket-est').innerText()).trim()).toBe(text);
      const number = (await kiosk.getByTestId('ticket-number').innerText()).trim();
      await settle(kiosk);
      await shot(kiosk, 'waits-kiosk-ticket');
      const slip = readdirSync(printerDir()).find((f) => f.endsWith(`-${number}.escpos`));
      expect(slip).toBeDefined();
      const paper = paperText(decodeEscPos(readFileSync(join(printerDir(), slip as string))));
      expect(paper.replace(/\s+/g, ' ')).toContain(`预计等候${text}`);

      const issued = srv.hall.queries.ticketsOfDay(DAY).find((t) => t.number === number);
      const { page: phone } = await newPage(browser, PHONE);
      await phone.goto(`${srv.url}/t/${issued?.token}`);
      await expect.poll(() => phone.getByTestId('phone-wait').innerText()).toBe(text);
      await shot(phone, 'waits-phone');

      // The queue now has one more ahead of the next ticket: its figure does not go down, on every surface.
      const next = srv.hall.queueStats().find((q) => q.categoryId === 'insurance')?.waitEstimate;
      expect(next?.minutes ?? 0).toBeGreaterThanOrEqual(expected?.minutes ?? Infinity);
      const nextText = next && next.high > next.low ? `约 ${next.low}–${next.high} 分钟` : `约 ${next?.minutes} 分钟`;
      await expect.poll(() => sup.getByTestId('queue-insurance-wait').innerText()).toBe(nextText);
      await expect.poll(() => displayEta(display, 'insurance')).toBe(nextText);
      for (const p of [kiosk, display, sup, phone]) await p.close();
    });

    it('says in words, with 预约 and 导办台, when no window is open (公积金) or the hall will close first (公安)', async () => {
      const queues = srv.hall.queueStats();
      expect(queues.find((q) => q.categoryId === 'fund')?.waitEstimate.note).toBe('NO_OPEN_WINDOW');
      expect(queues.find((q) => q.categoryId === 'police')?.waitEstimate.note).toBe('AFTER_CLOSE');

      const { page: display } = await newPage(browser, LANDSCAPE);
      await display.goto(`${srv.url}/display?voice=off`);
      await display.waitForSelector('[data-testid=display-screen][data-ready=true]');
      await expect.poll(() => displayEta(display, 'fund')).toBe('暂无窗口办理');
      await expect.poll(() => displayEta(display, 'police')).toBe('今日可能办不完');
      await shot(display, 'waits-display-words');

      const { page: kiosk } = await newPage(browser, PORTRAIT);
      await kiosk.goto(`${srv.url}/kiosk`);
      await kiosk.getByTestId('screen-home').waitFor();
      await expect.poll(() => kiosk.getByTestId('home-est-fund').innerText()).toBe('暂无窗口办理');
      await expect.poll(() => kiosk.getByTestId('home-est-police').innerText()).toBe('今日可能办不完');
      // A 公安 ticket taken now: words and advice on the ticket screen, no minutes.
      await kiosk.getByTestId('home-take').click();
      await kiosk.getByTestId('category-police').click();
      await kiosk.getByTestId('matter-id-card-renewal').click();
      await kiosk.getByTestId('screen-matter').waitFor();
      await kiosk.getByTestId('take-number').click();
      await kiosk.getByTestId('screen-ticket').waitFor();
      expect((await kiosk.getByTestId('ticket-est').innerText()).trim()).toBe('今日可能办不完');
      const advice = await kiosk.getByTestId('ticket-wait-advice').innerText();
      expect(advice).toContain('预约');
      expect(advice).toContain(srv.config.hall.helpDesk);
      await settle(kiosk);
      await shot(kiosk, 'waits-kiosk-ticket-after-close');
      const number = (await kiosk.getByTestId('ticket-number').innerText()).trim();
      const slip = readdirSync(printerDir()).find((f) => f.endsWith(`-${number}.escpos`));
      const paper = paperText(decodeEscPos(readFileSync(join(printerDir(), slip as string))));
      expect(paper).toContain('今日下班前可能叫不到');
      expect(paper).not.toMatch(/预计等候约/);

      const fund = srv.hall.queries.ticketsOfDay(DAY).find((t) => t.categoryId === 'fund');
      const { page: phone } = await newPage(browser, PHONE);
      await phone.goto(`${srv.url}/t/${fund?.token}`);
      await expect.poll(() => phone.getByTestId('phone-wait').innerText()).toBe('暂无窗口办理');
      const words = await phone.getByTestId('phone-wait-advice').innerText();
      expect(words).toContain('预约');
      expect(words).toContain(srv.config.hall.helpDesk);
      await shot(phone, 'waits-phone-no-window');

      // English: the same words, in English.
      await display.goto(`${srv.url}/display?voice=off&lang=en`);
      await display.waitForSelector('[data-testid=display-screen][data-ready=true]');
      await expect.poll(() => displayEta(display, 'fund')).toBe('no window open for this now');
      await expect.poll(() => displayEta(display, 'police')).toBe('probably not today');
      await shot(display, 'waits-display-words-en');
      for (const p of [kiosk, display, phone]) await p.close();
    });
  },
);
