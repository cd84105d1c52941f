import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, hasWebBuild, launchBrowser, newPage, shot, startHall, type TestServer } from './harness.ts';
import { toolMissing } from '../scripts/testing/tool-gate.ts';

const PHONE = { width: 390, height: 844 };

describe.skipIf(toolMissing('Chromium and the page build', hasChromium && hasWebBuild))(
  'the phone page /t/<token>: progress, then the 好差评 form',
  () => {
    let srv: TestServer;
    let browser: Browser;
    let kiosk = '';
    let staff = '';
    let supervisor = '';
    const issue = async () =>
      (await srv.api('POST', '/tickets', { token: kiosk, body: { serviceId: 'company-setup' } })).body.ticket as {
        id: string;
        number: string;
        token: string;
      };
    const windowAction = async (action: string) => {
      const r = await srv.api('POST', `/windows/W01/${action}`, { token: staff });
      expect(r.status, `${action}: ${r.text}`).toBeLessThan(300);
      return r.body;
    };
    const open = async (token: string): Promise<{ page: Page; close: () => Promise<void> }> => {
      const { page, context } = await newPage(browser, PHONE);
      await page.goto(`${srv.url}/t/${token}`);
      return { page, close: () => context.close() };
    };

    beforeAll(async () => {
      srv = await startHall({ printers: new Map() });
      browser = await launchBrowser();
      kiosk = await srv.kioskToken();
      staff = await srv.login('zhangwei');
      supervisor = await srv.login('supervisor');
      await windowAction('sign-in');
    });
    afterAll(async () => {
      await browser?.close();
      await srv?.stop();
    });

    it('follows the ticket from waiting to called, then takes a 差评 with a reason and says it is rated', async () => {
      const first = await issue();
      const mine = await issue();
      const { page, close } = await open(mine.token);

      await page.getByTestId('phone-status').and(page.locator('[data-status="waiting"]')).waitFor();
      expect(await page.getByTestId('phone-number').textContent()).toBe(mine.number);
      expect(await page.getByTestId('phone-ahead').textContent()).toBe('1 人');
      expect(await page.getByTestId('phone-wait').textContent()).toMatch(/分钟|即将叫号|无需等候/);
      expect(await page.getByTestId('phone-hall').textContent()).toBe(srv.config.hall.name);
      await shot(page, 'phone-waiting');

      // The first ticket is served; ours is called. The page notices on its own (10 s poll).
      expect((await windowAction('call-next')).ticket.id).toBe(first.id);
      await windowAction('finish');
      expect((await windowAction('call-next')).ticket.id).toBe(mine.id);
      await page.locator('[data-testid="phone-status"][data-status="called"]').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('phone-window').textContent()).toContain('请到 1 号窗口办理');
      await shot(page, 'phone-called');

      // No form while the service is going on.
      await windowAction('start');
      await page.getByTestId('phone-refresh').click();
      await page.locator('[data-testid="phone-status"][data-status="serving"]').waitFor();
      expect(await page.getByTestId('rating-form').count()).toBe(0);

      await windowAction('finish');
      await page.getByTestId('phone-refresh').click();
      await page.getByTestId('rating-form').waitFor();
      // Neutral: the national order, nothing chosen, every level drawn the same.
      const levels = page.locator('[data-testid^="rating-level-"]');
      expect(await levels.allTextContents()).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
      expect(await page.locator('[data-testid^="rating-level-"][aria-checked="true"]').count()).toBe(0);
      const looks = await levels.evaluateAll((els) =>
        els.map((e) => {
          const s = getComputedStyle(e);
          return `${s.backgroundColor}|${s.borderColor}|${s.color}|${s.fontWeight}|${s.height}`;
        }),
      );
      expect(new Set(looks).size).toBe(1);
      expect(await page.getByTestId('rating-submit').isDisabled()).toBe(true);
      await shot(page, 'phone-rating');

      await page.getByTestId('rating-level-2').click();
      await page.getByTestId('rating-reasons').waitFor();
      expect(await page.getByTestId('rating-submit').isDisabled()).toBe(true);
      expect(await page.getByTestId('rating-need').textContent()).toBe('请选择至少一项原因后再提交');
      await page.getByTestId('rating-reason-1').click();
      await page.getByTestId('rating-reason-3').click();
      await page.getByTestId('rating-comment').fill('排了很久，材料清单也没说清楚');
      expect(await page.getByTestId('rating-submit').isDisabled()).toBe(false);
      await shot(page, 'phone-rating-bad', true);
      await page.getByTestId('rating-submit').click();
      await page.getByTestId('rating-thanks').waitFor();
      await shot(page, 'phone-thanks');

      const list = (await srv.api('GET', `/ratings?date=${srv.hall.today()}`, { token: supervisor })).body.ratings;
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({
        ticketId: mine.id,
        level: 2,
        channel: 'qr',
        reasons: [1, 3],
        reasonLabels: ['等候太久', '一次性告知不清'],
        comment: '排了很久，材料清单也没说清楚',
        windowId: 'W01',
        staffId: 'zhangwei',
      });
      const cases = (await srv.api('GET', '/rectifications?status=open', { token: supervisor })).body.cases;
      expect(cases.map((c: { ticketId: string }) => c.ticketId)).toEqual([mine.id]);

      await page.reload();
      await page.getByTestId('rating-already').waitFor();
      expect(await page.getByTestId('rating-form').count()).toBe(0);
      await shot(page, 'phone-already');
      await close();
    });

    it('switches to English and back; a good rating needs no reason', async () => {
      const t = await issue();
      await windowAction('call-next');
      await windowAction('finish');
      const { page, close } = await open(t.token);
      await page.getByTestId('rating-form').waitFor();
      await page.getByTestId('phone-lang').click();
      await page.getByText('How was the service?').waitFor();
      expect(await page.locator('[data-testid^="rating-level-"]').allTextContents()).toEqual([
        'Very satisfied',
        'Satisfied',
        'Fairly satisfied',
        'Dissatisfied',
        'Very dissatisfied',
      ]);
      await page.getByTestId('rating-level-1').click();
      expect(await page.getByTestId('rating-reason-0').textContent()).toBe('Unfriendly staff');
      await shot(page, 'phone-rating-en', true);
      await page.getByTestId('rating-level-4').click();
      expect(await page.getByTestId('rating-reasons').count()).toBe(0);
      await page.getByTestId('rating-submit').click();
      await page.getByTestId('rating-thanks').waitFor();
      expect(await page.getByTestId('rating-thanks').textContent()).toContain('Thank you');
      await page.getByTestId('phone-lang').click();
      await page.getByText('感谢您的评价').waitFor();
      await close();
    });

    it('says so when the token is unknown, and when the ticket was missed', async () => {
      const unknown = await open('no-such-token-000000');
      await unknown.page.getByTestId('phone-unknown').waitFor();
      await shot(unknown.page, 'phone-unknown');
      await unknown.close();

      const t = await issue();
      expect((await windowAction('call-next')).ticket.id).toBe(t.id);
      await windowAction('recall');
      await windowAction('recall');
      await windowAction('no-show');
      const missed = await open(t.token);
      await missed.page.locator('[data-testid="phone-status"][data-status="no_show"]').waitFor();
      expect(await missed.page.getByTestId('phone-hint').textContent()).toContain(srv.config.hall.helpDesk);
      expect(await missed.page.getByTestId('rating-form').count()).toBe(0);
      const r = await srv.api('POST', '/ratings', { body: { token: t.token, level: 5 } });
      expect([r.status, r.body.error.code]).toEqual([409, 'NOT_RATEABLE']);
      await shot(missed.page, 'phone-missed');
      await missed.close();
    });
  },
);
