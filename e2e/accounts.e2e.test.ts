/**
 * 账号与安全 end to end: an admin opens the accounts screen (accounts and today's security log, with a
 * stranger's failed sign-in in it), resets a supervisor's password; the supervisor signs in with it and must
 * choose their own before the console opens. Screenshots: artifacts/screenshots/accounts-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { hasChromium, launchBrowser, newPage, shot, startHall, type TestServer } from './harness.ts';
import { ADMIN_PASSWORD } from '../queue-server/src/testing/test-server.ts';

const hasBuild = existsSync(resolve(import.meta.dirname, '../dist/web/console/supervisor/index.html'));
const run = (hasChromium && hasBuild) || process.env.CI ? describe : describe.skip;

run('accounts and security (admin)', () => {
  let srv: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    srv = await startHall({ printers: new Map() });
    browser = await launchBrowser();
    // Someone guesses at the admin account.
    for (const guess of ['admin123', 'password']) await srv.api('POST', '/auth/login', { body: { username: 'admin', password: guess } });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('lists accounts and the security log, resets a password, and the owner replaces it at sign-in', async () => {
    const { context, page } = await newPage(browser, { width: 1600, height: 900 });
    try {
      await page.goto(`${srv.url}/supervisor#/accounts`);
      await page.getByTestId('login-username').fill('admin');
      await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('nav-accounts').click();
      await page.getByTestId('account-supervisor').waitFor();
      await page.getByTestId('security-audit').getByText('登录失败').first().waitFor();
      await shot(page, 'accounts-admin');

      await page.getByTestId('reset-supervisor').click();
      await page.getByTestId('reset-password').fill('1234');
      await page.getByTestId('reset-dialog').getByRole('button', { name: '重置' }).click();
      await page.getByTestId('reset-dialog').getByText('密码至少需要 10 个字符').waitFor();
      await shot(page, 'accounts-reset-refused');
      await page.getByTestId('reset-password').fill('harbour-lantern-6620');
      await page.getByTestId('reset-dialog').getByRole('button', { name: '重置' }).click();
      await page.getByTestId('account-supervisor').getByText('待改密码').waitFor();
      await shot(page, 'accounts-after-reset');
    } finally {
      await context.close();
    }

    const second = await newPage(browser, { width: 1600, height: 900 });
    try {
      const p = second.page;
      await p.goto(`${srv.url}/supervisor`);
      await p.getByTestId('login-username').fill('supervisor');
      await p.getByTestId('login-password').fill('harbour-lantern-6620');
      await p.getByTestId('login-submit').click();
      await p.getByTestId('password-change-form').waitFor();
      await p.getByTestId('pw-new').fill('my-own-secret-0427');
      await p.getByTestId('pw-again').fill('my-own-secret-0427');
      await shot(p, 'accounts-forced-change');
      await p.getByTestId('pw-save').click();
      await p.getByTestId('nav-hall').waitFor();
      // A supervisor has no accounts screen.
      expect(await p.getByTestId('nav-accounts').count()).toBe(0);
    } finally {
      await second.context.close();
    }
    expect(
      (await srv.api('POST', '/auth/login', { body: { username: 'supervisor', password: 'my-own-secret-0427' } })).body.mustChangePassword,
    ).toBe(false);
  }, 120_000);
});
