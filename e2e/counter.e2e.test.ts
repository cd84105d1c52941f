/**
 * A full working shift at one window through the counter console (/counter), keyboard first:
 * log in → pick a window → call, recall, start, tick materials, finish → transfer with a note → suspend and
 * resume → no-show only after the required calls (the rule is shown; the server refuses earlier) → a 409 from
 * the server shown as it is → re-queue a returning no-show → pause with a reason and resume → AB岗 hand-over to
 * a colleague whose password an admin had reset (the dialog's second step, 请设置新密码; the ticket stays) →
 * sign out. Tickets come from a kiosk token through REST.
 * Screenshots: artifacts/screenshots/counter-*.png, and the hand-over's second step also at /tmp/shots/ab-step2.png.
 * Build first: `PAGES=counter npx vite build`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchBrowser, newPage, shot, startHall, type TestServer } from './harness.ts';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { toolMissing } from '../scripts/testing/tool-gate.ts';

const hasCounterBuild = existsSync(resolve(import.meta.dirname, '../dist/web/console/counter/index.html'));

/** A valid 18-digit resident ID (GB 11643 check digit) for the kiosk form. */
function residentId(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((a, c, i) => a + Number(c) * (w[i] ?? 0), 0);
  return `${first17}${'10X98765432'[sum % 11]}`;
}

const tid = (id: string) => `[data-testid="${id}"]`;

/** wangfang's password as the admin reset it (she must choose her own), and the one she chooses at the hand-over. */
const RESET_PASSWORD = 'temporary-pass-4410';
const CHOSEN_PASSWORD = 'own-choice-password-77';

async function textOf(page: Page, id: string): Promise<string> {
  return (await page.locator(tid(id)).first().textContent()) ?? '';
}

/** Waits until the element's text contains `part`. */
async function waitText(page: Page, id: string, part: string, timeout = 10_000): Promise<void> {
  await page.waitForFunction(
    ([sel, p]) => (document.querySelector(sel as string)?.textContent ?? '').includes(p as string),
    [tid(id), part],
    { timeout },
  );
}

/** Presses a key once the console has no action in flight (a key pressed meanwhile is ignored, by design). */
async function press(page: Page, key: string): Promise<void> {
  await page.waitForSelector('[data-testid="workbench"][data-busy="false"]');
  await page.keyboard.press(key);
}

describe.skipIf(toolMissing('Chromium and the counter page build', hasChromium && hasCounterBuild))(
  'counter console: a working shift at one window',
  () => {
    let srv: TestServer;
    let browser: Browser;
    let supervisor: string;
    let admin: string;
    const numbers: string[] = [];
    const idNumber = residentId('11010119900307123');

    beforeAll(async () => {
      srv = await startHall();
      browser = await launchBrowser();
      supervisor = await srv.login('supervisor');
      admin = await srv.login('admin');
      // The colleague who takes over at AB岗 has a password the admin set: she must choose her own first.
      const reset = await srv.api('POST', '/users/wangfang/password', { token: admin, body: { newPassword: RESET_PASSWORD } });
      expect(reset.status).toBe(204);
      const kiosk = await srv.kioskToken();
      const hall = (await srv.api('GET', '/hall')).body as { services: Array<{ id: string; categoryId: string }> };
      const enterprise = hall.services.filter((s) => s.categoryId === 'enterprise');
      const plan: Array<Record<string, unknown>> = [
        {
          serviceId: enterprise[0]?.id,
          priority: 'green',
          form: { name: '张三', idKind: 'resident_id', idNumber, phone: '13812345678', address: '平安县迎宾大道 12 号', fields: {} },
        },
        { serviceId: enterprise[1]?.id },
        { serviceIds: [enterprise[0]?.id, enterprise[2]?.id] },
        { serviceId: enterprise[1]?.id },
        { serviceId: enterprise[2]?.id },
        { serviceId: enterprise[0]?.id },
      ];
      for (const body of plan) {
        const r = await srv.api('POST', '/tickets', { token: kiosk, body });
        expect(r.status).toBe(201);
        numbers.push(r.body.ticket.number);
      }
    });
    afterAll(async () => {
      await browser?.close();
      await srv?.stop();
    });

    it('runs a shift from log-in to sign-out, every action by keyboard, with the server as the judge', async () => {
      const { page, context } = await newPage(browser, { width: 1920, height: 1080 });
      const [a1, a2, a3, a4, a5] = numbers as [string, string, string, string, string];
      const ticketByNumber = async (n: string) =>
        (await srv.api('GET', '/tickets', { token: supervisor })).body.tickets.find((t: { number: string }) => t.number === n);

      // ── log in and pick a window ──
      await page.goto(`${srv.url}/counter`);
      await page.waitForSelector(tid('login-form'));
      await shot(page, 'counter-login');
      await page.fill(tid('login-username'), 'zhangwei');
      await page.fill(tid('login-password'), 'wrong-password');
      await page.press(tid('login-password'), 'Enter');
      await waitText(page, 'login-error', '用户名或密码错误');
      await page.fill(tid('login-password'), 'hall-demo-2026');
      await page.press(tid('login-password'), 'Enter');
      await page.waitForSelector(tid('pick-W01'));
      expect(await page.locator(tid('pick-W06')).count()).toBe(0); // 医保社保 window: not certified
      await shot(page, 'counter-pick');
      await page.click(tid('pick-W01'));
      await page.waitForSelector(tid('workbench'));
      await waitText(page, 'window-status', '服务中');
      await waitText(page, 'upcoming', a1);
      await shot(page, 'counter-idle');

      // ── call (green channel first), recall, start, materials, finish ──
      await press(page, 'F1');
      await waitText(page, 'current-number', a1);
      await waitText(page, 'ticket-priority', '绿色通道');
      await waitText(page, 'ticket-form', idNumber.slice(-4));
      expect(await textOf(page, 'ticket-form')).not.toContain(idNumber.slice(0, 6));
      await waitText(page, 'act-recall-hint', '剩余 2 次');
      await press(page, 'F2');
      await waitText(page, 'ticket-status', '第 2 次');
      await waitText(page, 'act-recall-hint', '剩余 1 次');
      await press(page, 'F3');
      await waitText(page, 'ticket-status', '办理中');
      const items = page.locator(tid('material-item'));
      expect(await items.count()).toBeGreaterThan(2);
      await items.nth(0).click();
      await items.nth(1).click();
      await waitText(page, 'materials-progress', '已核 2/');
      await shot(page, 'counter-serving');
      await page.setViewportSize({ width: 1366, height: 768 });
      await page.waitForTimeout(150);
      await shot(page, 'counter-serving-1366');
      await page.setViewportSize({ width: 1920, height: 1080 });
      await press(page, 'F4');
      await waitText(page, 'counter-toast', `${a1} 已办结`);
      await waitText(page, 'day-served', '1');

      // ── transfer to a category with a note ──
      await press(page, 'F1');
      await waitText(page, 'current-number', a2);
      await press(page, 'F7');
      await page.waitForSelector(tid('transfer-dialog'));
      await page.click(tid('transfer-cat-tax'));
      await page.fill(tid('transfer-note'), '需先办理税务登记');
      await page.waitForTimeout(200);
      await shot(page, 'counter-transfer');
      await page.click(tid('transfer-dialog-confirm'));
      await waitText(page, 'counter-toast', `${a2} 已转移`);
      const moved = await ticketByNumber(a2);
      expect(moved).toMatchObject({ status: 'waiting', categoryId: 'tax', note: '需先办理税务登记', transferCount: 1 });

      // ── suspend (挂起) and resume from the list ──
      await press(page, 'F1');
      await waitText(page, 'current-number', a3);
      await press(page, 'F3');
      await waitText(page, 'ticket-status', '办理中');
      await press(page, 'F6');
      await page.waitForSelector(tid(`suspended-${a3}`));
      await page.waitForSelector(tid('ticket-none'));
      await shot(page, 'counter-suspended');
      await press(page, 'Alt+1');
      await waitText(page, 'current-number', a3);
      await waitText(page, 'ticket-status', '办理中');
      expect(await page.locator(tid(`suspended-${a3}`)).count()).toBe(0);
      expect(await page.locator(`${tid('ticket-matters')} li`).count()).toBe(2); // 一事一次办: two matters, one ticket
      await shot(page, 'counter-bundle-resumed');
      await press(page, 'F4');
      await waitText(page, 'counter-toast', `${a3} 已办结`);

      // ── no-show: the rule is shown, the server refuses before N calls, then allows it ──
      await press(page, 'F1');
      await waitText(page, 'current-number', a4);
      await waitText(page, 'act-no-show-hint', '满 3 次可过号 · 1/3');
      expect(await page.locator(tid('act-no-show')).isDisabled()).toBe(true);
      await press(page, 'F5');
      await waitText(page, 'counter-info', '呼叫满 3 次');
      const early = await srv.api('POST', '/windows/W01/no-show', { token: supervisor });
      expect(early.status).toBe(409);
      expect(early.body.error.message).toContain('呼叫 3 次后才能过号');
      await shot(page, 'counter-noshow-rule');
      await press(page, 'F2');
      await waitText(page, 'ticket-status', '第 2 次');
      await press(page, 'F2');
      await waitText(page, 'ticket-status', '第 3 次');
      await waitText(page, 'act-recall-hint', '已达上限');
      expect(await page.locator(tid('act-recall')).isDisabled()).toBe(true);
      await press(page, 'F5');
      await waitText(page, 'counter-toast', `${a4} 已过号`);

      // ── 指呼 a finished ticket: the server's 409 is shown; then re-queue the returning no-show ──
      await press(page, 'F9');
      await page.waitForSelector(tid('specific-dialog'));
      await page.fill(tid('specific-number'), a1.toLowerCase());
      await page.keyboard.press('Enter');
      await waitText(page, 'specific-dialog-error', '不能执行「呼叫」');
      await waitText(page, 'counter-error', '不能执行「呼叫」');
      await page.waitForSelector(tid(`noshow-${a4}`));
      await shot(page, 'counter-error-409');
      await page.click(tid(`requeue-${a4}`));
      await waitText(page, 'counter-toast', `${a4} 已重新排队`);
      expect((await ticketByNumber(a4)).status).toBe('waiting');
      await page.fill(tid('specific-number'), a5);
      await page.keyboard.press('Enter');
      await waitText(page, 'current-number', a5);
      await press(page, 'F3');
      await waitText(page, 'ticket-status', '办理中');
      await press(page, 'F4');
      await waitText(page, 'counter-toast', `${a5} 已办结`);

      // ── pause with a preset reason and resume ──
      await press(page, 'F8');
      await page.waitForSelector(tid('pause-dialog'));
      await page.keyboard.press('2');
      await page.waitForTimeout(200);
      await shot(page, 'counter-pause-dialog');
      await page.keyboard.press('Enter');
      await page.waitForSelector(tid('paused-panel'));
      await waitText(page, 'window-status', '暂停服务');
      await waitText(page, 'pause-reason', '临时离开');
      expect(await page.locator(tid('act-call-next')).isDisabled()).toBe(true);
      await shot(page, 'counter-paused');
      await press(page, 'F8');
      await waitText(page, 'window-status', '服务中');

      // ── English, briefly ──
      await page.click(tid('lang-en'));
      await waitText(page, 'window-status', 'Serving');
      await shot(page, 'counter-idle-en');
      await page.click(tid('lang-zh'));
      await waitText(page, 'window-status', '服务中');

      // ── AB岗: a colleague takes over mid-ticket; the ticket stays ──
      await press(page, 'F1');
      await page.waitForSelector(tid('current-number'));
      const handed = (await textOf(page, 'current-number')).trim();
      expect([a4, numbers[5]]).toContain(handed);
      await press(page, 'F3');
      await waitText(page, 'ticket-status', '办理中');
      const staffOfW01 = async () =>
        (await srv.api('GET', '/windows', { token: supervisor })).body.windows.find((w: { id: string }) => w.id === 'W01').staff?.username;
      await press(page, 'F10');
      await page.waitForSelector(tid('handover-dialog'));
      await page.fill(tid('handover-username'), 'wangfang');
      await page.fill(tid('handover-password'), 'wrong-password');
      await page.keyboard.press('Enter');
      await waitText(page, 'handover-dialog-error', '用户名或密码错误');
      await page.fill(tid('handover-password'), RESET_PASSWORD);
      await shot(page, 'counter-handover');
      await page.keyboard.press('Enter');
      // Her password was handed to her: the server refuses until she sets her own, and nothing changed yet.
      await page.waitForSelector(tid('handover-new-password'));
      await waitText(page, 'handover-dialog', '请设置新密码');
      await waitText(page, 'handover-dialog', '至少 10 个字符，不能是常见密码');
      expect(await page.locator(tid('handover-dialog-error')).count()).toBe(0);
      expect(await staffOfW01()).toBe('zhangwei');
      await waitText(page, 'header-staff', '张伟');
      await page.fill(tid('handover-pw-new'), CHOSEN_PASSWORD);
      await page.fill(tid('handover-pw-again'), 'own-choice-password-78');
      await page.keyboard.press('Enter');
      await waitText(page, 'handover-dialog-error', '两次输入的新密码不一致');
      await page.fill(tid('handover-pw-new'), 'abc');
      await page.fill(tid('handover-pw-again'), 'abc');
      await page.keyboard.press('Enter');
      await waitText(page, 'handover-dialog-error', '密码至少需要 10 个字符');
      await page.waitForSelector(tid('handover-new-password')); // still the second step
      expect(await staffOfW01()).toBe('zhangwei');
      await page.fill(tid('handover-pw-new'), CHOSEN_PASSWORD);
      await page.fill(tid('handover-pw-again'), CHOSEN_PASSWORD);
      await waitText(page, 'handover-dialog-confirm', '设置密码并交接');
      await shot(page, 'counter-handover-new-password');
      mkdirSync('/tmp/shots', { recursive: true });
      await page.screenshot({ path: '/tmp/shots/ab-step2.png' });
      await page.keyboard.press('Enter');
      await waitText(page, 'header-staff', '王芳');
      await waitText(page, 'current-number', handed);
      await waitText(page, 'counter-toast', '已交接给 王芳');
      await shot(page, 'counter-after-handover');
      await press(page, 'F4');
      await waitText(page, 'counter-toast', `${handed} 已办结`);

      // ── sign out ──
      await press(page, 'Alt+Q');
      await page.waitForSelector(tid('signout-dialog'));
      await page.keyboard.press('Enter');
      await page.waitForSelector(tid('login-form'));
      await shot(page, 'counter-signed-out');

      // ── what the server recorded ──
      const w01 = (await srv.api('GET', '/windows', { token: supervisor })).body.windows.find((w: { id: string }) => w.id === 'W01');
      expect(w01).toMatchObject({ status: 'closed', staff: null, currentTicket: null });
      const servedBy = async (n: string) =>
        ((await srv.db.prepare('SELECT served_by FROM ticket WHERE number = ?').get(n)) as { served_by: string | null }).served_by;
      expect(await servedBy(a1)).toBe('zhangwei');
      expect(await servedBy(handed)).toBe('wangfang');
      const events = (await srv.api('GET', '/events', { token: supervisor })).body.events as Array<{
        type: string;
        actor: string;
        windowId: string | null;
        data: Record<string, unknown>;
      }>;
      const atW01 = events.filter((e) => e.windowId === 'W01').map((e) => e.type);
      for (const type of [
        'window.signed_in',
        'ticket.called',
        'ticket.recalled',
        'ticket.started',
        'ticket.finished',
        'ticket.transferred',
        'ticket.suspended',
        'ticket.resumed',
        'ticket.no_show',
        'ticket.requeued',
        'window.paused',
        'window.resumed',
        'window.handed_over',
        'window.signed_out',
      ])
        expect(atW01, type).toContain(type);
      expect(events.find((e) => e.type === 'window.paused')?.data.reason).toBe('临时离开');
      expect(events.find((e) => e.type === 'window.handed_over')).toMatchObject({ actor: 'zhangwei', data: { to: 'wangfang' } });
      // The password she chose at the hand-over is hers now; the one handed to her is gone.
      const security = (await srv.api('GET', '/audit', { token: admin })).body.events as Array<{ type: string; actor: string }>;
      expect(security.filter((e) => e.type === 'account.password_changed').map((e) => e.actor)).toEqual(['wangfang']);
      expect((await srv.api('POST', '/auth/login', { body: { username: 'wangfang', password: RESET_PASSWORD } })).status).toBe(401);
      const fresh = await srv.api('POST', '/auth/login', { body: { username: 'wangfang', password: CHOSEN_PASSWORD } });
      expect(fresh.body.mustChangePassword).toBe(false);
      await context.close();
    });
  },
);
