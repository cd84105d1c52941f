/**
 * Playwright journeys run in Vitest with playwright-core and Debian's Chromium (never a downloaded
 * browser). Each suite starts a real hall server in-process on port 0 with its own data folder, serving
 * the built pages from dist/web (`npm run build:web` first; `npm run test:all` does it).
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { HallConfig } from '@hall/contract';
import { demoConfig, startTestServer, type TestServer } from '../queue-server/src/testing/test-server.ts';
import type { ServerOptions, ServerExtension } from '../queue-server/src/server.ts';

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

/** Opening hours under which the hall is open all day, every day (for journeys on the wall clock). */
export function allDayHours(c: HallConfig): void {
  const day = [{ open: '00:00', close: '23:59' }];
  c.hours = { ...c.hours, weekdays: day, saturday: day, sunday: day, holidays: [], workdays: [], lastTicketMinutesBeforeClose: 0 };
}

/**
 * A hall server for a journey. On the wall clock (no `clock` given) the hall is open all day, whatever the
 * configuration says, so a journey never depends on the hour it runs at; a journey about opening hours
 * injects a clock and keeps its configuration's hours.
 */
export async function startHall(opts: Partial<ServerOptions> = {}, extensions?: ServerExtension[]): Promise<TestServer> {
  const { defaultExtensions } = await import('../queue-server/src/extensions.ts');
  const config = opts.config ?? demoConfig();
  if (!opts.clock) allDayHours(config);
  return startTestServer({ tickMs: 500, ...opts, config }, extensions ?? defaultExtensions());
}
