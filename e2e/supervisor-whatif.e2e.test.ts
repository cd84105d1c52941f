/**
 * 假设分析 (what-if) end to end on the demo hall: a morning is recorded through the hall's own commands
 * (injected clock, real issue / call / start / finish / no-show), then the supervisor replays it in the
 * console against a changed plan (a window closed, a certification added, a lunch). The page's figures
 * must equal what the command-line simulator prints for the same scenario files, exported by the API.
 * Screenshots: artifacts/screenshots/supervisor-whatif*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hasChromium, launchBrowser, newPage, shot, startHall, type TestServer } from './harness.ts';
import { manualClock, type ManualClock } from '../queue-server/src/services/clock.ts';
import type { Actor } from '../queue-server/src/hall/actor.ts';
import { main as simulateCli } from '../queue-server/src/sim/cli.ts';

const hasSupervisorBuild = existsSync(resolve(import.meta.dirname, '../dist/web/console/supervisor/index.html'));
const MIN = 60_000;
const DAY = '2026-11-23';
const START = Date.parse(`${DAY}T08:30:00+08:00`);
const STAFF: Array<[string, string]> = [
  ['W01', 'zhangwei'],
  ['W02', 'wangfang'],
  ['W03', 'liyan'],
  ['W04', 'zhaomin'],
  ['W05', 'chenjing'],
  ['W06', 'liuyang'],
  ['W07', 'yangli'],
  ['W08', 'huangxin'],
];
/** Only categories the eight staffed windows serve, so every citizen of the morning is served. */
const RATES: Record<string, number> = { enterprise: 13, tax: 9, insurance: 20 };

function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const user = (id: string): Actor => ({ kind: 'user', id, role: 'staff', source: 'e2e seed' });

/** Records a morning, 08:30–11:00, with real service times and a few no-shows. */
async function recordMorning(srv: TestServer, clock: ManualClock): Promise<void> {
  const hall = srv.hall;
  const rand = rng(1123);
  for (const [w, u] of STAFF) expect(hall.signIn(user(u), w).ok).toBe(true);
  const busyUntil = new Map<string, number>();
  const owed = new Map<string, number>();
  for (let now = START; now < START + 150 * MIN; now += MIN) {
    clock.set(now);
    for (const [cat, perHour] of Object.entries(RATES)) {
      owed.set(cat, (owed.get(cat) ?? 0) + (perHour / 60) * (0.4 + 1.2 * rand()));
      while ((owed.get(cat) ?? 0) >= 1) {
        owed.set(cat, (owed.get(cat) ?? 0) - 1);
        const issued = await hall.issueTicket(
          { kind: 'device', id: 'KIOSK1', role: 'kiosk', source: 'e2e seed' },
          { categoryId: cat, channel: 'kiosk', priority: rand() < 0.06 ? 'green' : 'normal' },
        );
        expect(issued.ok).toBe(true);
      }
    }
    for (const [w, u] of STAFF) {
      const win = hall.windowStates().find((x) => x.id === w);
      if (!win || win.status !== 'open') continue;
      if (win.currentTicket && now < (busyUntil.get(w) ?? 0)) continue;
      if (win.currentTicket) hall.windowCommand(user(u), w, { type: 'finish' });
      const called = hall.windowCommand(user(u), w, { type: 'call-next' });
      if (!called.ok || !called.value.ticket) continue;
      const t = called.value.ticket;
      if (rand() < 0.04) {
        hall.windowCommand(user(u), w, { type: 'recall' });
        hall.windowCommand(user(u), w, { type: 'recall' });
        hall.windowCommand(user(u), w, { type: 'no-show' });
        continue;
      }
      hall.windowCommand(user(u), w, { type: 'start' });
      const mean = srv.config.categories.find((c) => c.id === t.categoryId)?.defaultServiceMinutes ?? 10;
      busyUntil.set(w, now + mean * (0.4 + 1.2 * rand()) * MIN);
    }
  }
  hall.tick();
}

/** What `npm run -s simulate -- --scenario FILE --policy dynamic --json` prints. */
function cli(scenario: unknown): { waitMinutes: { mean: number; p90: number }; tickets: number } {
  const dir = mkdtempSync(join(tmpdir(), 'whatif-'));
  const file = join(dir, 'day.json');
  writeFileSync(file, JSON.stringify(scenario));
  let out = '';
  const code = simulateCli(['--scenario', file, '--policy', 'dynamic', '--json'], {
    stdout: (t) => (out += t),
    stderr: () => undefined,
    readFile: (p) => readFileSync(p, 'utf8'),
    writeFile: () => undefined,
  });
  expect(code).toBe(0);
  return JSON.parse(out) as { waitMinutes: { mean: number; p90: number }; tickets: number };
}

const ready = hasChromium && hasSupervisorBuild;

describe('supervisor what-if: tools', () => {
  it('has Chromium and the console build (required in CI)', () => {
    if (process.env.CI) expect(ready, 'Chromium or dist/web (npm run -s build:web) missing').toBe(true);
  });
});

describe.runIf(ready)('supervisor what-if', () => {
  let srv: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let sup: string;

  beforeAll(async () => {
    const clock = manualClock(START);
    srv = await startHall({ clock, tickMs: 200 });
    await recordMorning(srv, clock);
    clock.set(Date.parse(`${DAY}T11:00:00+08:00`));
    sup = await srv.login('supervisor');
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser, { width: 1600, height: 1200 }));
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await srv?.stop();
  });

  it('replays the recorded day as staffed and under a plan; the page shows what the CLI simulator prints', async () => {
    await page.goto(`${srv.url}/supervisor#/whatif`);
    await page.getByTestId('login-username').fill('supervisor');
    await page.getByTestId('login-password').fill('hall-demo-2026');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('screen-whatif').waitFor();
    await page.getByTestId('whatif-row-W02').waitFor();
    await expect.poll(() => page.getByTestId('whatif-tickets').textContent()).toMatch(/\d{2,}/);

    // The plan: 2号窗口 closed, 1号窗口 certified for 医保, 4号窗口 at lunch 10:00–10:45.
    await page.getByTestId('whatif-open-W02').uncheck();
    await page.getByTestId('whatif-skill-W01').selectOption('insurance');
    await page.getByTestId('whatif-lunch-from-W04').fill('10:00');
    await page.getByTestId('whatif-lunch-to-W04').fill('10:45');
    await page.getByTestId('whatif-run').click();
    await expect.poll(() => page.getByTestId('whatif-run').isEnabled()).toBe(true);
    await page.locator('[data-testid^="whatif-cross-W"]').first().waitFor();
    await page.waitForTimeout(300);
    await shot(page, 'supervisor-whatif', true);
    await page.getByTestId('whatif-cross').scrollIntoViewIfNeeded();
    await shot(page, 'supervisor-whatif-advice');

    const plan = {
      closeWindows: ['W02'],
      addSkills: [{ windowId: 'W01', categoryId: 'insurance' }],
      breaks: [{ windowId: 'W04', from: '10:00', to: '10:45' }],
      openWindows: [],
    };
    const api = await srv.api('POST', '/what-if/run', { token: sup, body: { date: DAY, plan } });
    expect(api.status).toBe(200);
    const asStaffed = cli(api.body.baseline.scenario);
    const withPlan = cli(api.body.plan.scenario);
    const figure = async (id: string) => (await page.getByTestId(id).locator('b').textContent())?.trim();
    expect(await figure('whatif-tickets')).toBe(String(asStaffed.tickets));
    expect(await figure('whatif-baseline-mean')).toBe(asStaffed.waitMinutes.mean.toFixed(1));
    expect(await figure('whatif-baseline-p90')).toBe(asStaffed.waitMinutes.p90.toFixed(1));
    expect(await figure('whatif-plan-mean')).toBe(withPlan.waitMinutes.mean.toFixed(1));
    expect(await figure('whatif-plan-p90')).toBe(withPlan.waitMinutes.p90.toFixed(1));
    // Closing a window on a busy morning must cost something, or the replay ignores the plan.
    expect(api.body.plan.scenario.windows.some((w: { id: string }) => w.id === 'W02')).toBe(false);
    // "As staffed" opens the eight windows that served that morning, not the hall's sixteen.
    expect(api.body.baseline.scenario.windows.map((w: { id: string }) => w.id)).toEqual(STAFF.map(([w]) => w));
    expect(asStaffed.tickets).toBe(srv.hall.queries.ticketsOfDay(DAY).filter((t) => t.status !== 'cancelled').length);
    // What the replay assumed is what the hall learned, is in the exported scenario, and is on the page.
    const assumed = api.body.assumptions as { crossSkillSlowdown: number; crossServices: number; noShowTimeoutMinutes: number };
    const learned = srv.hall.queries.learnedSlowdown();
    expect(assumed.crossSkillSlowdown).toBe(learned.slowdown);
    expect(assumed.crossServices).toBe(learned.crossServices);
    expect(api.body.baseline.scenario.crossSkillSlowdown).toBe(assumed.crossSkillSlowdown);
    expect(api.body.baseline.scenario.noShowTimeoutMinutes).toBe(assumed.noShowTimeoutMinutes);
    // The morning's 过号 were marked at once after two recalls: they held their window no time.
    expect(assumed.noShowTimeoutMinutes).toBe(0);
    const line = await page.getByTestId('whatif-assumptions').textContent();
    expect(line).toContain(`${assumed.crossSkillSlowdown.toFixed(2)} 倍`);
    expect(line).toContain('每次过号占用窗口 0.0 分钟');

    // Cross-training: the page's first advice, replayed by the CLI with that certification added.
    const crossApi = await srv.api('POST', '/what-if/cross-training', { token: sup, body: { date: DAY, plan } });
    const advice = crossApi.body.advice as Array<{
      staff: string | null;
      staffName: string | null;
      windowId: string;
      categoryId: string;
      meanWaitAfter: number;
      gainMinutes: number;
    }>;
    const best = advice[0]!;
    expect(best.gainMinutes).toBeGreaterThan(0);
    // Per staff member: each person once, at the window where they served that morning.
    expect(new Set(advice.map((a) => a.staff)).size).toBe(advice.length);
    for (const a of advice) expect(STAFF).toContainEqual([a.windowId, a.staff]);
    const row = page.getByTestId(`whatif-cross-${best.windowId}`);
    await expect.poll(() => row.textContent()).toContain(best.meanWaitAfter.toFixed(2));
    expect(await row.textContent()).toContain(best.staffName ?? '—');
    const trained = await srv.api('POST', '/what-if/run', {
      token: sup,
      body: { date: DAY, plan: { ...plan, addSkills: [...plan.addSkills, { windowId: best.windowId, categoryId: best.categoryId }] } },
    });
    expect(Math.abs(cli(trained.body.plan.scenario).waitMinutes.mean - best.meanWaitAfter)).toBeLessThanOrEqual(0.05);
    expect(cli(trained.body.plan.scenario).waitMinutes.mean).toBeLessThan(withPlan.waitMinutes.mean);

    // Staffing advice: one cell of the page against Erlang C worked by hand for that hour's arrivals.
    const staffing = await srv.api('GET', `/what-if/staffing?date=${DAY}&targetMinutes=10`, { token: sup });
    const cell = (staffing.body.rows as Array<{ hour: number; categoryId: string; arrivals: number; windowsNeeded: number }>).find(
      (r) => r.categoryId === 'insurance' && r.hour === 9,
    );
    expect(cell).toBeDefined();
    expect(await page.getByTestId(`whatif-need-insurance-9`).textContent()).toBe(String(cell?.windowsNeeded));
    expect(cell?.windowsNeeded).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it('speaks English too', async () => {
    await page.getByTestId('lang-en').click();
    await expect.poll(() => page.getByTestId('nav-whatif').textContent()).toContain('What-if');
    await expect.poll(() => page.getByTestId('whatif-assumptions').textContent()).toContain('no-show holds a window');
    await page.getByTestId('whatif-run').scrollIntoViewIfNeeded();
    await shot(page, 'supervisor-whatif-en');
  });

  it('answers a bad plan with a clear error code', async () => {
    const bad = await srv.api('POST', '/what-if/run', { token: sup, body: { date: DAY, plan: { closeWindows: ['NOPE'] } } });
    expect(bad.status).toBe(404);
    expect(bad.body.error.code).toBe('UNKNOWN_WINDOW');
    const staff = await srv.login('zhangwei');
    expect((await srv.api('POST', '/what-if/run', { token: staff, body: {} })).status).toBe(403);
    const badDate = await srv.api('GET', '/what-if/staffing?date=2026-13-40', { token: sup });
    expect(badDate.status).toBe(400);
  });
});
