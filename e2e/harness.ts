/**
 * Playwright journeys run in Vitest with playwright-core and Debian's Chromium (never a downloaded
 * browser). Each suite starts a real hall server in-process on port 0 with its own data folder, serving
 * the built pages from dist/web (`npm run build:web` first; `npm run test:all` does it).
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startTestServer, type TestServer } from '../queue-server/src/testing/test-server.ts';
import type { ServerOptions } from '../queue-server/src/server.ts';

export { startTestServer, type TestServer };

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../artifacts/screenshots');
export const hasChromium = existsSync(CHROMIUM);
export const hasWebBuild = existsSync(resolve(import.meta.dirname, '../dist/web/kiosk/index.html'));

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

export async function newPage(
  browser: Browser,
  opts: { width: number; height: number } = { width: 1920, height: 1080 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: opts, deviceScaleFactor: 1, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.on('pageerror', (err) => {
    process.stderr.write(`[page error] ${err.message}\n`);
  });
  return { context, page };
}

/** Saves a screenshot under artifacts/screenshots/<name>.png and returns its path. */
export async function shot(page: Page, name: string, fullPage = false): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

/** A hall server for a journey (on the wall clock it is open all day: see `startTestServer`). */
export async function startHall(opts: Partial<ServerOptions> = {}): Promise<TestServer> {
  return startTestServer({ tickMs: 500, ...opts });
}
