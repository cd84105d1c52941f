/**
 * The hall screen (/display) against a real server: calls appear and are announced one after another; in a
 * burst a call finished before its turn is never voiced and recalls merge; the call panels show only live
 * calls; the screen survives a server restart without announcing anything twice, and it looks right at the
 * three screen shapes halls buy, in Chinese and in English. Voice runs from the bundled clips at 4× speed,
 * once, so the suite stays quick.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, hasWebBuild, launchBrowser, newPage, shot, startHall, type TestServer } from './harness.ts';
import { toolMissing } from '../scripts/testing/tool-gate.ts';

interface LogEntry {
  callId: number;
  callIds: number[];
  number: string;
  window: number;
  isRecall: boolean;
  queuedAt: number;
  startedAt: number | null;
  saidAt: number | null;
  endedAt: number | null;
  sayings: number;
  dropReason: string | null;
  failures: number;
}

const FAST_VOICE = 'voice=clips&voiceRate=4&repeat=1';

const announcerLog = (page: Page): Promise<LogEntry[]> =>
  page.evaluate(() => JSON.parse(JSON.stringify(window.__hallAnnouncer?.log ?? [])) as LogEntry[]);

/** Waits until the announcer has finished announcing every number given (each at least once). */
async function announced(page: Page, numbers: string[]): Promise<LogEntry[]> {
  await page.waitForFunction(
    (want) => want.every((n) => window.__hallAnnouncer?.log.some((r) => r.number === n && r.endedAt !== null)),
    numbers,
    { timeout: 15_000 },
  );
  return announcerLog(page);
}

async function heroNumber(page: Page, number: string, timeout = 5000): Promise<void> {
  await page.waitForFunction((n) => document.querySelector('[data-testid=display-hero-number]')?.textContent === n, number, { timeout });
}

describe.skipIf(toolMissing('Chromium and the page build', hasChromium && hasWebBuild))('hall display /display', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hall-display-'));
  let srv: TestServer;
  let browser: Browser;
  let page: Page;
  let supervisor: string;
  let kiosk: string;

  const issue = async (categoryId: string): Promise<string> => {
    const r = await srv.api('POST', '/tickets', { token: kiosk, body: { categoryId } });
    expect(r.status).toBe(201);
    return r.body.ticket.number as string;
  };
  const act = async (windowId: string, action: string, body?: unknown, token = supervisor) => {
    const r = await srv.api('POST', `/windows/${windowId}/${action}`, { token, body });
    expect(r.status, `${action} at ${windowId}: ${r.text}`).toBeLessThan(300);
    return r.body?.ticket as { number: string } | undefined;
  };
  const allocate = async (windowId: string, categories: string[]) => {
    expect((await srv.api('PUT', `/windows/${windowId}/allocation`, { token: supervisor, body: { categories } })).status).toBe(200);
  };
  const connect = async () => {
    supervisor = await srv.login('supervisor');
    kiosk = await srv.kioskToken();
  };

  beforeAll(async () => {
    srv = await startHall({ dataDir });
    await connect();
    browser = await launchBrowser();
    ({ page } = await newPage(browser, { width: 1920, height: 1080 }));
    await page.goto(`${srv.url}/display?${FAST_VOICE}`);
    await page.waitForSelector('[data-testid=display-screen][data-ready=true]');
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows a REST call within a second; in a burst drops a call finished before its turn and merges recalls', async () => {
    await page.waitForFunction(() => window.__hallAnnouncer?.mode === 'clips');
    const number = await issue('enterprise');
    await allocate('W05', ['enterprise']);
    expect((await act('W05', 'call-next'))?.number).toBe(number);
    await heroNumber(page, number, 1000);
    expect(await page.getAttribute('[data-testid=display-hero]', 'data-flash')).toBe('true');
    await page.waitForSelector(`[data-testid=display-window][data-window-id=W05][data-state=calling] >> text=${number}`, { timeout: 1000 });
    expect((await announcerLog(page)).map((r) => r.number)).toContain(number);
    expect(await page.isVisible('[data-testid=display-sound-gate]')).toBe(false);
    await announced(page, [number]);

    // A burst of five calls; the fourth ticket is finished at once, the fifth recalled twice.
    const windows = ['W06', 'W07', 'W08', 'W09', 'W10'];
    const burst: string[] = [];
    for (const w of windows) await allocate(w, ['insurance']);
    for (let i = 0; i < windows.length; i += 1) burst.push(await issue('insurance'));
    for (const w of windows) await act(w, 'call-next');
    await act('W09', 'finish');
    await act('W10', 'recall');
    await act('W10', 'recall');
    await page.waitForFunction(
      (want) =>
        want.every((n) => window.__hallAnnouncer?.log.some((r) => r.number === n)) &&
        window.__hallAnnouncer?.pending === 0 &&
        window.__hallAnnouncer.log.every((r) => r.endedAt !== null),
      burst,
      { timeout: 30_000 },
    );
    const log = (await announcerLog(page)).filter((r) => burst.includes(r.number));
    const byNumber = (n: string) => log.filter((r) => r.number === n);
    const [first, second, third, finished, recalled] = burst as [string, string, string, string, string];
    expect(byNumber(finished)).toMatchObject([{ sayings: 0, saidAt: null, dropReason: 'finished' }]);
    expect(byNumber(recalled)).toHaveLength(1);
    expect(byNumber(recalled)[0]).toMatchObject({ sayings: 1, isRecall: false, dropReason: null });
    expect(byNumber(recalled)[0]?.callIds).toHaveLength(3);
    for (const n of [first, second, third, recalled]) {
      const r = byNumber(n)[0]!;
      expect(r.sayings, n).toBe(1);
      expect(r.saidAt! - r.queuedAt, n).toBeLessThanOrEqual(15_000);
    }
    const voiced = log.filter((r) => r.startedAt !== null).sort((x, y) => x.startedAt! - y.startedAt!);
    expect(voiced.map((r) => r.number)).toEqual([first, second, third, recalled]);
    for (let i = 1; i < voiced.length; i += 1) expect(voiced[i]!.startedAt!).toBeGreaterThanOrEqual(voiced[i - 1]!.endedAt!);
    expect(log.every((r) => r.failures === 0)).toBe(true);
    expect(await page.evaluate(() => window.__hallAnnouncer?.maxConcurrentSounds)).toBe(1);

    // The call panels show only live calls: not the finished ticket, not one whose citizen has arrived.
    await page.waitForSelector('[data-testid=display-window][data-window-id=W09]:not([data-state=calling])');
    await act('W07', 'start');
    await page.waitForSelector('[data-testid=display-window][data-window-id=W07][data-state=serving]');
    const shown = async () => [
      await page.textContent('[data-testid=display-hero-number]'),
      ...(await page.$$eval('[data-testid=display-recent-call]', (els) => els.map((e) => e.getAttribute('data-number')))),
    ];
    expect((await shown()).sort()).toEqual([number, first, third, recalled].sort());
    expect(await page.textContent('[data-testid=display-hero-number]')).toBe(recalled);
    await shot(page, 'display-live-calls');
  });

  it('resynchronises after a server restart, shows it was offline, and announces nothing twice', async () => {
    const before = await announcerLog(page);
    const port = srv.port;
    await srv.stop();
    await page.waitForSelector('[data-testid=display-offline]', { timeout: 5000 });
    expect(await page.textContent('[data-testid=display-offline]')).toContain('连接中断');
    await shot(page, 'display-offline');

    // While the screen is dark the hall moves on: a maintenance start on another port, same database, so
    // the page can only learn about it from the snapshot it gets when the hall is back on its port.
    srv = await startHall({ dataDir });
    await connect();
    const waiting = await issue('insurance');
    await act('W06', 'start');
    await act('W06', 'finish');
    const whileOffline = (await act('W06', 'call-next'))?.number;
    expect(whileOffline).toBe(waiting);
    await act('W05', 'finish');
    // Pausing is for a window someone is signed in at: chenjing takes W05, then pauses it.
    const chen = await srv.login('chenjing');
    await act('W05', 'sign-in', undefined, chen);
    await act('W05', 'pause', { reason: '业务培训' }, chen);
    await srv.stop();
    srv = await startHall({ dataDir, port });
    await connect();

    await page.waitForSelector('[data-testid=display-offline]', { state: 'detached', timeout: 15_000 });
    await heroNumber(page, waiting);
    await page.waitForSelector(`[data-testid=display-window][data-window-id=W05][data-state=paused] >> text=暂停服务`);
    await page.waitForSelector(`[data-testid=display-window][data-window-id=W06][data-state=calling] >> text=${waiting}`);

    // Notices changed by a supervisor scroll on the screen at once.
    const notice = '今日 16:00—17:00 不动产登记系统升级，期间暂停受理，敬请谅解。';
    const notices = srv.config.settings.notices;
    expect((await srv.api('PUT', '/hall/notices', { token: supervisor, body: { notices: [notice, ...notices] } })).status).toBe(200);
    await page.waitForSelector(`[data-testid=display-notices] >> text=${notice}`);

    // A call made after the reconnect is the next thing announced: nothing old was queued before it.
    const fresh = await issue('insurance');
    await act('W08', 'start'); // W08's earlier call is being served, so this call finishes it first
    await act('W08', 'call-next');
    await announced(page, [fresh]);
    const after = await announcerLog(page);
    expect(after.map((r) => r.callId)).toEqual([...before.map((r) => r.callId), after.at(-1)!.callId]);
    expect(after.at(-1)?.number).toBe(fresh);

    // A reload neither: the snapshot shows the calls, the announcer stays silent until the next new call.
    await page.reload();
    await page.waitForSelector('[data-testid=display-screen][data-ready=true]');
    await heroNumber(page, fresh);
    const next = await issue('enterprise');
    await allocate('W01', ['enterprise']);
    await act('W01', 'call-next');
    const reloaded = await announced(page, [next]);
    expect(reloaded.map((r) => r.number)).toEqual([next]);
  });

  it('looks like a hall screen at 1080p, 4K and portrait, and can be limited to one zone', async () => {
    await page.goto('about:blank');
    // A busy morning: staff signed in at most windows, some serving, some calling, one paused, two closed.
    const staff: Array<[string, string]> = [
      ['W01', 'zhangwei'],
      ['W02', 'wangfang'],
      ['W03', 'liyan'],
      ['W04', 'zhaomin'],
      ['W09', 'zhouqiang'],
      ['W10', 'wuxia'],
      ['W11', 'xujun'],
      ['W12', 'sunlei'],
      ['W13', 'majie'],
      ['W14', 'zhuhong'],
    ];
    const categories = ['enterprise', 'tax', 'investment', 'realestate', 'police', 'insurance', 'fund', 'social'];
    for (let i = 0; i < 46; i += 1) await issue(categories[(i * 5) % categories.length]!);
    for (const [windowId, username] of staff) {
      const token = await srv.login(username);
      await act(windowId, 'sign-in', undefined, token);
      // A ticket an earlier test left called there is ended first: a second call never closes it silently.
      if ((await srv.api('GET', '/windows', { token })).body.windows.find((w: { id: string }) => w.id === windowId).currentTicket)
        await act(windowId, 'finish', undefined, token);
      await act(windowId, 'call-next', undefined, token);
      if (Number(windowId.slice(1)) % 3 !== 0) await act(windowId, 'start', undefined, token);
    }
    await act('W07', 'finish');
    await act('W07', 'call-next');

    const overflowing: string[] = [];
    const shapes: Array<[string, number, number, string]> = [
      ['display-1080p', 1920, 1080, ''],
      ['display-4k', 3840, 2160, ''],
      ['display-portrait', 1080, 1920, ''],
      ['display-1080p-en', 1920, 1080, '&lang=en'],
      ['display-4k-en', 3840, 2160, '&lang=en'],
      ['display-portrait-en', 1080, 1920, '&lang=en'],
    ];
    for (const [name, width, height, lang] of shapes) {
      const { page: p, context } = await newPage(browser, { width, height });
      await p.goto(`${srv.url}/display?voice=off${lang}`);
      await p.waitForSelector('[data-testid=display-screen][data-ready=true]');
      await p.waitForSelector('[data-testid=display-hall-name]:not(:empty)');
      await p.waitForFunction(
        () =>
          document.querySelectorAll('[data-testid=display-window]').length === 16 &&
          document.querySelectorAll('[data-testid=display-recent-call]').length > 0,
      );
      if (lang) {
        // English screen: no Chinese anywhere but in the hall's own notices.
        await p.waitForFunction(() => document.querySelector('[data-testid=display-clock]')?.textContent?.includes('2'));
        const chinese = await p.evaluate(() =>
          [...document.querySelectorAll('.header, .main')]
            .map((el) => (el as HTMLElement).innerText)
            .join(' ')
            .match(/[\u4e00-\u9fff]+/g),
        );
        expect(chinese, name).toBeNull();
      }
      await shot(p, name);
      // Nothing may spill out of its box: every tile and queue card keeps its text inside.
      const overflow = await p.evaluate(() =>
        [...document.querySelectorAll('.tile, .queue, .recent-row, .hero, .header')]
          .filter((el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
          .map(
            (el) =>
              `${el.className} ${el.getAttribute('data-window-id') ?? el.getAttribute('data-category-id') ?? ''} ${el.scrollWidth}x${el.scrollHeight}>${el.clientWidth}x${el.clientHeight}`,
          ),
      );
      overflowing.push(...overflow.map((o) => `${name}: ${o}`));
      // Nor out of the screen: the clock and the last window tile end inside the viewport.
      const outside = await p.evaluate(() =>
        [...document.querySelectorAll('.clock, .tile, .queue, .hero')]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
          .map((el) => el.className),
      );
      overflowing.push(...outside.map((o) => `${name}: outside the screen: ${o}`));
      await context.close();
    }
    expect(overflowing).toEqual([]);

    const { page: zone, context } = await newPage(browser, { width: 1920, height: 1080 });
    await zone.goto(`${srv.url}/display?categories=F&voice=off`);
    await zone.waitForSelector('[data-testid=display-screen][data-ready=true]');
    await zone.waitForFunction(() => document.querySelectorAll('[data-testid=display-queue]').length === 1);
    expect(await zone.$$eval('[data-testid=display-window]', (els) => els.map((e) => e.getAttribute('data-window-id')))).toEqual([
      'W05',
      'W06',
      'W07',
      'W08',
      'W09',
      'W10',
      'W16',
    ]);
    expect(await zone.getAttribute('[data-testid=display-queue]', 'data-category-id')).toBe('insurance');
    await shot(zone, 'display-zone-insurance');
    await context.close();
  });

  it('serves the favicon every page asks for', async () => {
    for (const [path, type] of [
      ['/favicon.ico', 'image/'],
      ['/favicon.svg', 'image/svg+xml'],
    ] as const) {
      const r = await fetch(`${srv.url}${path}`);
      expect(r.status, path).toBe(200);
      expect(r.headers.get('content-type'), path).toContain(type);
      expect((await r.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
  });
});
