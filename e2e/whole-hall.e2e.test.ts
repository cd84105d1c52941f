/**
 * One journey across the whole hall, as a citizen and the people serving them live it:
 *
 *   kiosk (取号, 一表申请 without an ID) → virtual printer K1 → hall display (number + voice) → window LED strip
 *   → counter console (call, start, finish) → rating keypad (差评 with reasons) → 差评整改 case + supervisor
 *   alert → the day's report.
 *
 * Everything is real except the far end of the serial bus: the hall server with its default extensions (device
 * agent, ratings, supervisor, counter, kiosk), the built pages in Debian's Chromium, the `serialport` binding on
 * one end of a socat pty pair, and the device simulator on the other end playing 5号窗口's LED strip and rating
 * keypad. Screenshots: artifacts/screenshots/journey-*.png. Build the pages first (`npm run build:web`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Cmd, DeviceSimulator, SerialBusPort } from '@hall/devices';
import { DevicesConfig } from '@hall/contract';
import { decodeEscPos, paperText } from '@hall/printer';
import { hasSocat, openPtyPair, type PtyPair } from '../devices/src/sim/pty-pair.ts';
import { demoConfig } from '../queue-server/src/testing/test-server.ts';
import { hasChromium, CHROMIUM, launchBrowser, newPage, shot, startHall, type TestServer } from './harness.ts';
import { toolMissing } from '../scripts/testing/tool-gate.ts';

const WINDOW = 'W05'; // 5号窗口: home 企业服务, 一窗通办; 陈静 is certified for all its skills
const WINDOW_NO = 5;
const STAFF = 'chenjing';
const PASSWORD = 'hall-demo-2026';
const CATEGORY = 'enterprise'; // prefix A
const MATTER = 'company-cancel'; // 企业注销登记: no matter-specific form fields, so the no-ID form is quick
const STRIP = 4;
const KEYPAD = 5;
const REASONS = 0b0000_0110; // bit 1 等候太久 + bit 2 办事效率低
const FAST_VOICE = 'voice=clips&voiceRate=4&repeat=1';

const PAGES = ['kiosk/index.html', 'display/index.html', 'console/counter/index.html', 'console/supervisor/index.html'];
const missingPages = PAGES.filter((p) => !existsSync(resolve(import.meta.dirname, '../dist/web', p)));
const skipReason = !hasSocat
  ? 'socat is not installed (apt-get install socat)'
  : !hasChromium
    ? `no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`
    : '';
if (skipReason) process.stderr.write(`[whole-hall journey] skipped: ${skipReason}\n`);

const tid = (id: string) => `[data-testid="${id}"]`;

/** Polls `probe` until it is true; a bounded wait, never a fixed sleep. */
async function waitFor(probe: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Waits until the element's text contains `part`. */
async function waitText(page: Page, id: string, part: string, timeout = 10_000): Promise<void> {
  await page.waitForFunction(
    ([sel, p]) => (document.querySelector(sel as string)?.textContent ?? '').includes(p as string),
    [tid(id), part],
    { timeout },
  );
}

/** Two animation frames, so a screenshot shows what was just rendered. */
const settle = (page: Page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

describe.skipIf(toolMissing(skipReason, skipReason === ''))(
  `whole hall: kiosk → printer → display → LED strip → counter → rating keypad → supervisor${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'hall-journey-'));
    const hostLink = join(dir, 'ttyHALL0');
    const deviceLink = join(dir, 'ttyDEVICES0');
    let pty: PtyPair | undefined;
    let devicePort: SerialBusPort | undefined;
    let sim: DeviceSimulator;
    let srv: TestServer | undefined;
    let browser: Browser | undefined;
    const contexts: BrowserContext[] = [];
    let supervisorToken = '';
    let display: Page;
    let counter: Page;
    let supervisor: Page;

    const server = (): TestServer => {
      if (!srv) throw new Error('hall not started');
      return srv;
    };
    const open = async (size: { width: number; height: number }, path: string): Promise<Page> => {
      const { context, page } = await newPage(browser as Browser, size);
      contexts.push(context);
      await page.goto(`${server().url}${path}`);
      return page;
    };

    beforeAll(async () => {
      if (missingPages.length > 0) throw new Error(`pages not built (${missingPages.join(', ')}): run \`npm run build:web\` first`);
      pty = await openPtyPair({ links: [hostLink, deviceLink] });
      devicePort = new SerialBusPort({ path: deviceLink });
      await devicePort.opened;
      sim = new DeviceSimulator(devicePort, [
        { addr: STRIP, kind: 'strip' },
        { addr: KEYPAD, kind: 'rating-keypad' },
      ]);
      const config = demoConfig((c) => {
        c.devices = DevicesConfig.parse({
          ...c.devices,
          buses: [{ id: 'bus1', path: hostLink, baudRate: 9600 }],
          windowDisplays: [{ windowId: WINDOW, bus: 'bus1', address: STRIP }],
          ratingKeypads: [{ windowId: WINDOW, bus: 'bus1', address: KEYPAD }],
        });
      });
      srv = await startHall({ config });
      supervisorToken = await srv.login('supervisor');
      await waitFor(async () => {
        const devices = ((await server().api('GET', '/health')).body?.devices ?? []) as Array<{ device: string; online: boolean }>;
        return [`bus1:${STRIP}`, `bus1:${KEYPAD}`].every((d) => devices.some((x) => x.device === d && x.online));
      }, 'the LED strip and the rating keypad to come online');
      browser = await launchBrowser();
    }, 30_000);

    afterAll(async () => {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser?.close().catch(() => undefined);
      await srv?.stop();
      await devicePort?.close().catch(() => undefined);
      await pty?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('a citizen takes a number, is called, served and rates 不满意; the supervisor sees the case and the report', async () => {
      const hall = server();
      const today = hall.hall.today();

      // ── 1. The hall opens: the display (1080p, voice from the bundled clips), the counter and supervisor consoles ──
      display = await open({ width: 1920, height: 1080 }, `/display?${FAST_VOICE}`);
      await display.waitForSelector('[data-testid=display-screen][data-ready=true]');
      await display.waitForFunction(() => window.__hallAnnouncer?.mode === 'clips');
      counter = await open({ width: 1920, height: 1080 }, '/counter');
      await counter.waitForSelector(tid('login-form'));
      supervisor = await open({ width: 1920, height: 1080 }, '/supervisor');
      await supervisor.getByTestId('login-form').waitFor();
      await supervisor.getByTestId('login-username').fill('supervisor');
      await supervisor.getByTestId('login-password').fill(PASSWORD);
      await supervisor.getByTestId('login-submit').click();
      await supervisor.getByTestId('screen-hall').waitFor();
      await supervisor.getByTestId(`win-${WINDOW}`).waitFor();

      // ── 2. Kiosk, portrait: 企业服务 → 企业注销登记 → 一表申请 with "没有带证件" → the ticket ──
      const kiosk = await open({ width: 1080, height: 1920 }, '/kiosk');
      await kiosk.getByTestId('screen-home').waitFor();
      await kiosk.getByTestId('home-take').click();
      await kiosk.getByTestId(`category-${CATEGORY}`).click();
      await kiosk.getByTestId(`matter-${MATTER}`).click();
      await kiosk.getByTestId('screen-matter').waitFor();
      await kiosk.getByTestId('fill-form').click();
      await kiosk.getByTestId('idkind-none').click();
      await kiosk.getByTestId('no-id-note').waitFor();
      await kiosk.getByTestId('key-w').click(); // pinyin "wang" on the on-screen keyboard, then 王 from the IME bar
      await kiosk.getByTestId('key-a').click();
      await kiosk.getByTestId('key-n').click();
      await kiosk.getByTestId('key-g').click();
      await kiosk.getByTestId('ime-bar').getByRole('button', { name: '王', exact: true }).first().click();
      await expect.poll(() => kiosk.getByTestId('field-name').textContent()).toBe('王');
      await kiosk.getByTestId('submit-form').click();
      await kiosk.getByTestId('screen-ticket').waitFor();
      const number = ((await kiosk.getByTestId('ticket-number').textContent()) ?? '').trim();
      expect(number).toMatch(/^A\d{3}$/);
      await expect.poll(() => kiosk.getByTestId('ticket-matters').textContent()).toContain('企业注销登记');
      await settle(kiosk);
      await shot(kiosk, 'journey-1-kiosk');

      const issued = (await hall.api('GET', '/tickets', { token: supervisorToken })).body.tickets as Array<{
        id: string;
        number: string;
        categoryId: string;
        channel: string;
        hasForm: boolean;
        status: string;
      }>;
      expect(issued).toHaveLength(1);
      const ticket = issued[0]!;
      expect(ticket).toMatchObject({ number, categoryId: CATEGORY, channel: 'kiosk', hasForm: true, status: 'waiting' });
      const form = (await hall.api('GET', `/tickets/${ticket.id}/form`, { token: supervisorToken })).body.form;
      expect(form).toMatchObject({ idKind: 'none', name: '王' });

      // The virtual printer K1 printed exactly this ticket.
      const printerDir = join(hall.dataDir, 'virtual-printer', 'K1');
      const jobs = () => (existsSync(printerDir) ? readdirSync(printerDir).filter((f) => f.endsWith('.escpos')) : []);
      await waitFor(() => jobs().some((f) => f.endsWith(`-${number}.escpos`)), `the printed ticket ${number} in ${printerDir}`);
      expect(jobs()).toHaveLength(1);
      const paper = paperText(decodeEscPos(readFileSync(join(printerDir, jobs()[0]!))));
      expect(paper).toContain(number);
      expect(paper).not.toContain('王'); // the name stays off the paper

      // ── 3. Counter: 陈静 logs in, picks 5号窗口 and calls the next citizen ──
      await counter.fill(tid('login-username'), STAFF);
      await counter.fill(tid('login-password'), PASSWORD);
      await counter.press(tid('login-password'), 'Enter');
      await counter.click(tid(`pick-${WINDOW}`));
      await counter.waitForSelector(tid('workbench'));
      await waitText(counter, 'window-status', '服务中');
      await waitText(counter, 'upcoming', number);
      const act = async (action: 'call-next' | 'start' | 'finish') => {
        await counter.waitForSelector('[data-testid="workbench"][data-busy="false"]');
        await counter.click(tid(`act-${action}`));
      };
      await act('call-next');
      await waitText(counter, 'current-number', number);

      // The display shows the number at 5号窗口 and announces it once.
      await display.waitForFunction((n) => document.querySelector('[data-testid=display-hero-number]')?.textContent === n, number, {
        timeout: 5000,
      });
      await display.waitForSelector(`[data-testid=display-window][data-window-id=${WINDOW}][data-state=calling] >> text=${number}`, {
        timeout: 5000,
      });
      await display.waitForFunction((n) => window.__hallAnnouncer?.log.some((r) => r.number === n && r.endedAt !== null) === true, number, {
        timeout: 15_000,
      });
      const log = await display.evaluate(
        () =>
          JSON.parse(JSON.stringify(window.__hallAnnouncer?.log ?? [])) as Array<{
            number: string;
            window: number;
            isRecall: boolean;
            failures: number;
          }>,
      );
      expect(log.map((r) => ({ number: r.number, window: r.window, isRecall: r.isRecall, failures: r.failures }))).toEqual([
        { number, window: WINDOW_NO, isRecall: false, failures: 0 },
      ]);
      await settle(display);
      await shot(display, 'journey-2-display');

      // The window's LED strip on the serial bus shows the call.
      const stripText = `${number} 请到${WINDOW_NO}号窗口`;
      await waitFor(() => sim.view(STRIP).text === stripText, `the LED strip to show "${stripText}" (shows "${sim.view(STRIP).text}")`);

      // ── 4. Start and finish at the counter ──
      await act('start');
      await waitText(counter, 'ticket-status', '办理中');
      await settle(counter);
      await shot(counter, 'journey-3-counter');
      expect(sim.view(STRIP).text).toBe(stripText); // still on the strip while serving
      expect(sim.view(KEYPAD).ratingRequest).toBeNull();
      await act('finish');
      await waitText(counter, 'counter-toast', `${number} 已办结`);
      await waitText(counter, 'day-served', '1');

      // ── 5. The rating keypad lights up for this ticket; the citizen presses 2 不满意 with two reasons ──
      await waitFor(
        () => sim.view(KEYPAD).ratingRequest === number,
        `the rating keypad to be asked to rate ${number} (has ${String(sim.view(KEYPAD).ratingRequest)})`,
      );
      expect(sim.framesFor(KEYPAD, Cmd.RATING_REQUEST).length).toBeGreaterThanOrEqual(1);
      await waitFor(() => sim.view(STRIP).text === '', 'the LED strip to go blank once the window is idle');
      sim.pressRating(KEYPAD, 2, REASONS);
      await waitFor(() => sim.view(KEYPAD).pendingEvents.length === 0, 'the keypad press to be acknowledged');
      let ratings: Array<Record<string, unknown>> = [];
      await waitFor(async () => {
        ratings = (await hall.api('GET', `/ratings?date=${today}`, { token: supervisorToken })).body.ratings;
        return ratings.length > 0;
      }, 'the keypad rating to be stored');
      // A few more polls of the bus go by: nothing is stored twice (一次一评).
      const polls = sim.framesFor(KEYPAD, Cmd.POLL).length;
      await waitFor(() => sim.framesFor(KEYPAD, Cmd.POLL).length >= polls + 3, 'the bus master to keep polling the keypad');
      ratings = (await hall.api('GET', `/ratings?date=${today}`, { token: supervisorToken })).body.ratings;
      expect(ratings).toHaveLength(1);
      expect(ratings[0]).toMatchObject({
        ticketId: ticket.id,
        ticketNumber: number,
        windowId: WINDOW,
        staffId: STAFF,
        level: 2,
        channel: 'keypad',
        reasons: [1, 2],
        reasonLabels: ['等候太久', '办事效率低'],
      });

      // The 差评 opened a rectification case and the supervisor console shows the alert.
      const cases = (await hall.api('GET', '/rectifications', { token: supervisorToken })).body.cases as Array<{
        id: string;
        ticketId: string;
        status: string;
      }>;
      expect(cases.map((c) => c.ticketId)).toEqual([ticket.id]);
      const caseId = cases[0]!.id;
      const alerts = (await hall.api('GET', '/alerts', { token: supervisorToken })).body.alerts as Array<{
        kind: string;
        subject: string | null;
        message: string;
      }>;
      expect(alerts.filter((a) => a.kind === 'bad_rating').map((a) => a.subject)).toEqual([caseId]);
      const alertItem = supervisor.getByTestId('hall-alerts').getByTestId(`alert-bad_rating-${caseId}`);
      await alertItem.waitFor({ timeout: 10_000 });
      expect(await alertItem.textContent()).toContain(`${WINDOW_NO}号窗口`);
      await expect.poll(() => supervisor.getByTestId(`win-${WINDOW}`).textContent()).toContain('陈静');
      // The live KPIs reload the report at most every 5 s after hall changes (useReport), so allow for that.
      await expect.poll(() => supervisor.getByTestId('kpi-served').locator('b').textContent(), { timeout: 15_000 }).toBe('1');
      expect(await supervisor.getByTestId('kpi-issued').locator('b').textContent()).toBe('1');
      await settle(supervisor);
      await shot(supervisor, 'journey-4-supervisor');

      // ── 6. The day's report: one ticket issued, one served, one rating (a 差评) ──
      const csv = await hall.api('GET', `/reports/day.csv?date=${today}`, { token: supervisorToken });
      expect(csv.status).toBe(200);
      const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n');
      const byCategory = lines.indexOf('【按业务类别】');
      expect(byCategory).toBeGreaterThanOrEqual(0);
      expect(lines[byCategory + 1]?.split(',').slice(0, 3)).toEqual(['业务类别', '取号量', '办结量']);
      const total = lines
        .slice(byCategory)
        .find((l) => l.startsWith('合计,'))
        ?.split(',');
      expect(total?.slice(1, 3)).toEqual(['1', '1']);
      const ratingsAt = lines.indexOf('【好差评】');
      expect(lines[ratingsAt + 1]?.split(',').slice(0, 3)).toEqual(['评价数', '好评', '差评']);
      expect(lines[ratingsAt + 2]?.split(',').slice(0, 3)).toEqual(['1', '0', '1']);

      await supervisor.getByTestId('nav-reports').click();
      await supervisor.getByTestId('report-totals').waitFor();
      await expect.poll(() => supervisor.getByTestId('report-issued').locator('b').textContent()).toBe('1');
      expect(await supervisor.getByTestId('report-served').locator('b').textContent()).toBe('1');
      await expect.poll(() => supervisor.getByTestId('report-totals').textContent()).toContain('评价数 1');
      await supervisor.getByTestId('report-row-enterprise').waitFor();
      await settle(supervisor);
      await shot(supervisor, 'journey-5-supervisor-report');
    }, 60_000);
  },
);
