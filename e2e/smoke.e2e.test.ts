import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium, hasWebBuild, launchBrowser, newPage, startHall, type TestServer } from './harness.ts';
import { toolMissing } from '../scripts/testing/tool-gate.ts';

describe.skipIf(toolMissing('Chromium and the page build', hasChromium && hasWebBuild))('every page loads', () => {
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

  it.each(['/kiosk', '/display', '/counter', '/supervisor'])('%s answers with a page and security headers', async (path) => {
    const res = await fetch(`${srv.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const { page, context } = await newPage(browser);
    await page.goto(`${srv.url}${path}`);
    await page.waitForSelector('#root > *');
    await context.close();
  });
});
