/**
 * Kiosk benchmark: what the /kiosk page costs to load and how fast a tap becomes a ticket on screen.
 *
 *   PAGES=kiosk npx vite build && node --import tsx scripts/bench-kiosk.ts --json [--taps 30]
 *
 * - jsGzipBytes.initial: sum of gzip sizes (zlib level 9) of the JS files under dist/web the page loads to
 *   show its home screen; .withLazy adds the chunks loaded on first use (pinyin search / input method).
 * - tapToTicketMs: in Chromium on loopback, from the tap on 取号 (performance mark in the page, set before
 *   the request) to the ticket screen mounted (mark set on mount), over N taps, printing on the virtual
 *   printer K1 each time. p50 / p95 / max.
 * Prints one JSON object on stdout.
 */
process.env.LOG_LEVEL ??= 'warn';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchBrowser, newPage, startHall } from '../e2e/harness.ts';
import { WEB_ROOT } from '../queue-server/src/server.ts';

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const tapsArg = args.indexOf('--taps');
const TAPS = tapsArg >= 0 ? Math.max(1, Number(args[tapsArg + 1]) || 30) : 30;

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] as number;
}
const round = (n: number) => Math.round(n * 10) / 10;

const srv = await startHall();
const browser = await launchBrowser();
try {
  const { page, context } = await newPage(browser, { width: 1080, height: 1920 });
  const js = new Set<string>();
  page.on('response', (r) => {
    const u = new URL(r.url());
    if (u.pathname.endsWith('.js') && r.status() === 200) js.add(u.pathname);
  });
  const gz = (paths: Iterable<string>) =>
    [...paths].map((p) => ({
      file: p,
      bytes: readFileSync(join(WEB_ROOT, p)).length,
      gzipBytes: gzipSync(readFileSync(join(WEB_ROOT, p)), { level: 9 }).length,
    }));

  await page.goto(`${srv.url}/kiosk`);
  await page.getByTestId('screen-home').waitFor();
  await page.waitForLoadState('networkidle');
  const initial = gz(js);

  // First use of search loads the pinyin chunk.
  await page.getByTestId('home-take').click();
  await page.getByTestId('tab-search').click();
  await page.getByTestId('key-b').click();
  await page.getByTestId('search-results').locator('button').first().waitFor();
  await page.waitForLoadState('networkidle');
  const all = gz(js);
  await page.getByTestId('home').click();

  const samples: number[] = [];
  for (let i = 0; i < TAPS; i++) {
    await page.getByTestId('home-take').click();
    await page.getByTestId('category-insurance').click();
    await page.getByTestId('matter-social-security-card').click();
    await page.getByTestId('take-number').click();
    await page.getByTestId('screen-ticket').waitFor();
    const d = await page.evaluate(() => {
      const m = performance.getEntriesByName('kiosk:tap-to-ticket', 'measure');
      const last = m[m.length - 1];
      performance.clearMarks();
      performance.clearMeasures();
      return last ? last.duration : NaN;
    });
    samples.push(d);
    await page.getByTestId('ticket-done').click();
    await page.getByTestId('screen-home').waitFor();
  }
  await context.close();
  const sorted = samples.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const sum = (list: Array<{ gzipBytes: number }>) => list.reduce((a, f) => a + f.gzipBytes, 0);
  const result = {
    jsGzipBytes: { initial: sum(initial), withLazy: sum(all) },
    jsFiles: all.map((f) => ({ ...f, lazy: !initial.some((x) => x.file === f.file) })),
    tapToTicketMs: {
      taps: sorted.length,
      p50: round(quantile(sorted, 0.5)),
      p95: round(quantile(sorted, 0.95)),
      max: round(sorted[sorted.length - 1] ?? NaN),
    },
    printer: 'virtual K1 (each tap prints)',
    viewport: '1080x1920',
  };
  if (asJson) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    process.stdout.write(
      `kiosk JS (gzip): ${(result.jsGzipBytes.initial / 1024).toFixed(1)} KiB initial, ${(result.jsGzipBytes.withLazy / 1024).toFixed(1)} KiB with lazy chunks\n`,
    );
    process.stdout.write(
      `tap → ticket shown over ${result.tapToTicketMs.taps} taps: p50 ${result.tapToTicketMs.p50} ms, p95 ${result.tapToTicketMs.p95} ms, max ${result.tapToTicketMs.max} ms\n`,
    );
  }
} finally {
  await browser.close();
  await srv.stop();
}
