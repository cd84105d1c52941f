/**
 * A 差评 from the phone page to a closed case, every step in the supervisor console, on an injected server
 * clock: the 差评 is given on Wednesday 30 September 2026, so its deadlines run across 国庆 (1–7 October off)
 * and the 调休 working Saturday 10 October: verify by Thursday 8 October, rectify by Wednesday 28 October
 * (15 working days, the Saturday counted), revisit by Thursday 29 October. The verification is done late, so
 * the case goes overdue and the console shows it first.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { localTimeToEpoch } from '@hall/contract';
import { manualClock } from '../queue-server/src/services/clock.ts';
import { hasChromium, hasWebBuild, launchBrowser, newPage, shot, startHall, type TestServer } from './harness.ts';

const TZ = 'Asia/Shanghai';
const hasConsole = existsSync(resolve(import.meta.dirname, '../dist/web/console/supervisor/index.html'));
const need = hasChromium && hasWebBuild && hasConsole;
if (process.env.CI && !need) throw new Error('CI: this browser test needs Chromium and the web build');

describe.skipIf(!need)('差评 → closed case, through the console, across 国庆 and a 调休 Saturday', () => {
  let srv: TestServer;
  let browser: Browser;
  const clock = manualClock(localTimeToEpoch('2026-09-30', '10:00', TZ));
  beforeAll(async () => {
    srv = await startHall({ printers: new Map(), clock, tickMs: 0 });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('walks the case: phone 差评, overdue verify, rectify, revisit with satisfaction, closed', async () => {
    const kiosk = await srv.kioskToken();
    const staff = await srv.login('zhangwei');
    expect((await srv.api('POST', '/windows/W01/sign-in', { token: staff, body: {} })).status).toBe(200);
    const t = (await srv.api('POST', '/tickets', { token: kiosk, body: { serviceId: 'company-setup' } })).body.ticket;
    for (const a of ['call-next', 'start', 'finish'])
      expect((await srv.api('POST', `/windows/W01/${a}`, { token: staff })).status).toBe(200);

    // The citizen rates on the phone.
    const phone = await newPage(browser, { width: 390, height: 844 });
    await phone.page.goto(`${srv.url}/t/${t.token}`);
    await phone.page.getByTestId('rating-level-2').click();
    await phone.page.getByTestId('rating-reason-1').click();
    await phone.page.getByTestId('rating-comment').fill('等了一个多小时，窗口说材料不全又不讲清楚');
    await phone.page.getByTestId('rating-submit').click();
    await phone.page.getByTestId('rating-thanks').waitFor();
    await phone.context.close();

    // 9 October: the verification deadline (8 October, after the holiday) has passed.
    clock.set(localTimeToEpoch('2026-10-09', '09:00', TZ));
    expect(srv.ratings.service.checkOverdue()).toHaveLength(1);

    const { page, context } = await newPage(browser, { width: 1600, height: 1000 });
    await page.goto(`${srv.url}/supervisor#/cases`);
    await page.getByTestId('login-username').fill('supervisor');
    await page.getByTestId('login-password').fill('hall-demo-2026');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('cases-filter-overdue').click();
    const row = page.locator('[data-testid^="case-row-RC-20260930-"]');
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    await row.first().click();
    await page.getByTestId('case-comment').waitFor();
    expect(await page.getByTestId('case-comment').textContent()).toBe('等了一个多小时，窗口说材料不全又不讲清楚');
    expect(await page.getByTestId('deadline-verify').textContent()).toContain('2026-10-08');
    expect(await page.getByTestId('deadline-rectify').textContent()).toContain('2026-10-28');
    expect(await page.getByTestId('deadline-revisit').textContent()).toContain('2026-10-29');
    expect(await page.getByTestId('nav-cases-count').textContent()).toMatch(/^[1-9]/);
    await shot(page, 'supervisor-case-overdue');

    const step = async (note: string, done: string) => {
      await page.getByTestId('case-note').fill(note);
      await page.getByTestId('case-advance').click();
      await page.locator(`[data-testid="case-history"] li:has-text("${note}")`).waitFor();
      expect(await page.getByTestId('case-history').textContent()).toContain(done);
    };
    await page.getByTestId('cases-filter-active').click();
    await step('调阅录像，确认未一次性告知材料', '核实');
    await step('对窗口人员开展一次性告知培训，更新材料清单', '整改');
    await page.getByTestId('case-outcome-satisfied').click();
    await step('电话回访，群众表示满意', '回访');
    await page.getByTestId('cases-filter-closed').click();
    await page.locator('[data-testid^="case-row-RC-20260930-"]').first().click();
    await expect.poll(() => page.getByTestId('case-detail').textContent()).toContain('已办结');
    await shot(page, 'supervisor-case-closed');

    const id = (await row.first().getAttribute('data-testid'))!.replace('case-row-', '');
    const c = (await srv.api('GET', `/rectifications/${id}`, { token: await srv.login('supervisor') })).body.case;
    expect(c).toMatchObject({ status: 'closed', outcome: 'satisfied', overdueCount: 1 });
    expect(c.history.map((h: { action: string }) => h.action)).toEqual(['created', 'overdue', 'verify', 'rectify', 'revisit']);

    await page.getByTestId('lang-en').click();
    await expect.poll(() => page.getByTestId('case-detail').textContent()).toContain('Closed');
    await shot(page, 'supervisor-case-closed-en');

    // The 补传 log: with no provincial sink configured, the rating and case records wait and are listed.
    await page.getByTestId('lang-zh').click();
    await page.getByTestId('nav-province').click();
    await expect.poll(() => page.getByTestId('outbox-pending').textContent()).toMatch(/待上报 [1-9]/);
    await page.getByTestId('code-hall/hall').waitFor();
    await shot(page, 'supervisor-province');
    await context.close();
  });
});
