/**
 * The supervisor console end to end, on a hall seeded with a realistic morning (08:30–10:40, injected
 * clock): live hall, reallocating a window (its next call follows), a temporary allocation that reverts on
 * time, a threshold alert raised and acknowledged, and report exports whose totals are checked by parsing
 * the downloaded XLSX and CSV. Screenshots of every screen go to artifacts/screenshots/supervisor-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page, BrowserContext } from 'playwright-core';
import { hasChromium, launchBrowser, newPage, shot, startHall, type TestServer } from './harness.ts';
import { manualClock, type ManualClock } from '../queue-server/src/services/clock.ts';
import type { Actor } from '../queue-server/src/hall/actor.ts';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { toolMissing } from '../scripts/testing/tool-gate.ts';

const hasSupervisorBuild = existsSync(resolve(import.meta.dirname, '../dist/web/console/supervisor/index.html'));
const MIN = 60_000;
const DAY = '2026-11-23';
const START = Date.parse(`${DAY}T08:30:00+08:00`);

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STAFF: Array<[string, string]> = [
  ['W01', 'zhangwei'],
  ['W02', 'wangfang'],
  ['W03', 'liyan'],
  ['W04', 'zhaomin'],
  ['W05', 'chenjing'],
  ['W06', 'liuyang'],
  ['W07', 'yangli'],
  ['W08', 'huangxin'],
  ['W09', 'zhouqiang'],
  ['W10', 'wuxia'],
  ['W11', 'xujun'],
  ['W13', 'majie'],
  ['W14', 'gaoyu'],
  ['W15', 'hutao'],
  ['W16', 'guoping'],
];
const RATES: Record<string, number> = {
  enterprise: 13,
  social: 10,
  investment: 3,
  realestate: 7,
  police: 15,
  insurance: 22,
  fund: 6,
  tax: 9,
};

const user = (id: string, role: 'staff' | 'supervisor' = 'staff'): Actor => ({ kind: 'user', id, role, source: 'e2e seed' });

/** A morning in the hall, driven through the hall service with the injected clock. */
async function seedMorning(srv: TestServer, clock: ManualClock): Promise<void> {
  const hall = srv.hall;
  const rand = rng(20261123);
  const sup = user('supervisor', 'supervisor');
  for (const [w, u] of STAFF) expect(hall.signIn(user(u), w).ok).toBe(true);
  const r = srv.appointments.import(
    sup,
    [1, 2, 3, 4, 5, 6].map((i) => ({
      code: `YY2611230${i}`,
      serviceId: srv.config.services.find((s) => s.appointable)?.id ?? '',
      date: DAY,
      slotStart: '09:00',
      slotEnd: '10:00',
    })),
  );
  expect(r.ok).toBe(true);
  const busyUntil = new Map<string, number>();
  const staffOf = new Map(STAFF);
  const owed = new Map<string, number>();
  for (let now = START; now < START + 130 * MIN; now += 2 * MIN) {
    clock.set(now);
    for (const [cat, perHour] of Object.entries(RATES)) {
      owed.set(cat, (owed.get(cat) ?? 0) + ((perHour * 2) / 60) * (0.5 + rand()));
      while ((owed.get(cat) ?? 0) >= 1) {
        owed.set(cat, (owed.get(cat) ?? 0) - 1);
        const x = rand();
        const issued = await hall.issueTicket(
          { kind: 'device', id: 'KIOSK1', role: 'kiosk', source: 'e2e seed' },
          { categoryId: cat, channel: 'kiosk', priority: x < 0.08 ? 'green' : 'normal' },
        );
        expect(issued.ok).toBe(true);
      }
    }
    if (now === START + 40 * MIN)
      for (const code of ['YY26112301', 'YY26112302', 'YY26112303', 'YY26112304'])
        await srv.appointments.checkIn({ kind: 'device', id: 'KIOSK1', role: 'kiosk', source: 'e2e seed' }, { code });
    if (now === START + 96 * MIN) {
      if (hall.windowStates().find((w) => w.id === 'W09')?.currentTicket) hall.windowCommand(user('zhouqiang'), 'W09', { type: 'finish' });
      expect(hall.windowCommand(user('zhouqiang'), 'W09', { type: 'pause', reason: '临时外出' }).ok).toBe(true);
    }
    for (const [w] of STAFF) {
      const u = staffOf.get(w) as string;
      const win = hall.windowStates().find((x) => x.id === w);
      if (!win || win.status !== 'open') continue;
      const cur = win.currentTicket;
      if (cur && now < (busyUntil.get(w) ?? 0)) continue;
      if (cur && rand() < 0.04) {
        hall.windowCommand(user(u), w, { type: 'transfer', categoryId: win.skills.find((s) => s !== cur.categoryId) ?? cur.categoryId });
      }
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
      busyUntil.set(w, now + mean * (0.5 + rand()) * MIN);
    }
  }
  clock.set(Date.parse(`${DAY}T10:40:00+08:00`));
  hall.windowCommand(user('huangxin'), 'W08', { type: 'finish' });
  expect(hall.windowCommand(user('huangxin'), 'W08', { type: 'pause', reason: '业务咨询' }).ok).toBe(true);
  // Alerts other modules raise (printer module, ratings extension), so the console shows every kind.
  srv.alerts.raise('printer', 'warning', 'K1', '一楼自助取号机打印纸将用尽，请及时更换纸卷（K1）');
  srv.alerts.raise(
    'bad_rating',
    'critical',
    'rating-demo',
    '7号窗口（杨丽）收到差评「等候太久、办事效率低」，已生成整改工单，请 1 个工作日内核实',
  );
  hall.tick();
}

describe.skipIf(toolMissing('Chromium and the supervisor page build', hasChromium && hasSupervisorBuild))('supervisor console', () => {
  let srv: TestServer;
  let clock: ManualClock;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let supToken: string;

  beforeAll(async () => {
    clock = manualClock(START);
    srv = await startHall({ clock, tickMs: 200 });
    await seedMorning(srv, clock);
    supToken = await srv.login('supervisor');
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser));
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await srv?.stop();
  });

  it('signs in and shows the live hall: windows, queues, timeline and alerts', async () => {
    await page.goto(`${srv.url}/supervisor`);
    await page.getByTestId('login-form').waitFor();
    await shot(page, 'supervisor-login');
    await page.getByTestId('login-username').fill('supervisor');
    await page.getByTestId('login-password').fill('hall-demo-2026');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('screen-hall').waitFor();
    await page.getByTestId('win-W05').waitFor();
    await expect.poll(() => page.getByTestId('kpi-issued').textContent()).toMatch(/\d{3}/);
    await page.getByTestId('alert-long_pause-W09').waitFor();
    await page.getByTestId('alert-wait_threshold-police').waitFor();
    expect(await page.getByTestId('win-W09').getAttribute('data-state')).toBe('paused');
    expect(Number(await page.getByTestId('queue-police-waiting').textContent())).toBeGreaterThan(5);
    await page.waitForTimeout(300);
    await shot(page, 'supervisor-hall');
  });

  it('reallocates a window in one gesture, and its next call comes from the new category', async () => {
    const before = srv.hall.windowStates().find((w) => w.id === 'W05');
    expect(before?.allocation).toEqual(['enterprise']);
    // 9号窗口 (公积金) is paused, so nobody else is about to take the 公积金 queue.
    expect(srv.hall.windowStates().find((w) => w.id === 'W09')?.status).toBe('paused');
    const waiting = srv.hall.queries.ticketsOfDay(DAY, 'waiting');
    expect(waiting.some((t) => t.categoryId === 'enterprise')).toBe(true);
    expect(waiting.some((t) => t.categoryId === 'fund')).toBe(true);
    await page.getByTestId('win-W05').click();
    await page.getByTestId('alloc-dialog').waitFor();
    // Only what the window's skills and 陈静's certifications allow is offered.
    expect(await page.locator('[data-testid^="alloc-cat-"]').count()).toBe(6); // enterprise, social, insurance, tax, fund, police
    await page.getByTestId('alloc-cat-enterprise').click();
    await page.getByTestId('alloc-cat-fund').click();
    await shot(page, 'supervisor-allocation-dialog');
    await page.getByTestId('alloc-dialog-confirm').click();
    await page.getByTestId('alloc-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('win-W05-chips').textContent()).toContain('公积金');
    expect(await page.getByTestId('win-W05-chips').textContent()).not.toContain('企业服务');

    const chenjing = await srv.login('chenjing');
    if (srv.hall.windowStates().find((w) => w.id === 'W05')?.currentTicket)
      await srv.api('POST', '/windows/W05/finish', { token: chenjing, body: {} });
    const call = await srv.api('POST', '/windows/W05/call-next', { token: chenjing, body: {} });
    expect(call.status).toBe(200);
    // Now from what the window serves (公积金), never from the old allocation; 陈静 is also certified for
    // 公安, whose long-waiting head may come first through the dispatcher's starvation backstop.
    expect(['fund', 'police']).toContain(call.body.ticket.categoryId);
    const audit = srv.hall.queries.auditOfDay(DAY, 'window.allocation_changed').filter((e) => e.windowId === 'W05');
    expect(audit.at(-1)?.actor).toBe('supervisor');
    expect(audit.at(-1)?.data.after).toEqual(['fund']);
  });

  it('makes a temporary allocation that reverts on time', async () => {
    await page.getByTestId('nav-allocation').click();
    await page.getByTestId('alloc-table').waitFor();
    await page.getByTestId('adjust-W06').click();
    await page.getByTestId('alloc-dialog').waitFor();
    await page.getByTestId('alloc-preset-support-social').click();
    await page.getByTestId('alloc-duration-m30').click();
    await expect.poll(() => page.getByTestId('alloc-revert-note').textContent()).toContain('11:10');
    await page.getByTestId('alloc-dialog-confirm').click();
    await page.getByTestId('alloc-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('alloc-row-W06-chips').textContent()).toContain('社会事务');
    expect(await page.getByTestId('alloc-row-W06').textContent()).toContain('11:10');
    await page.getByTestId('evaluate').click();
    await page.waitForTimeout(400);
    await shot(page, 'supervisor-allocation');

    clock.advance(29 * MIN);
    srv.hall.tick();
    expect(srv.hall.windowStates().find((w) => w.id === 'W06')?.allocation).toEqual(['insurance', 'social']);
    clock.advance(2 * MIN);
    srv.hall.tick();
    expect(srv.hall.windowStates().find((w) => w.id === 'W06')?.allocation).toEqual(['insurance']);
    await expect.poll(() => page.getByTestId('alloc-row-W06-chips').textContent()).not.toContain('社会事务');
    await expect.poll(() => page.getByTestId('alloc-history').textContent()).toContain('临时调整到期恢复');
    expect(srv.hall.queries.auditOfDay(DAY, 'window.allocation_reverted').map((e) => e.windowId)).toContain('W06');
  });

  it('raises an alert when a threshold is crossed and lets the supervisor acknowledge it', async () => {
    // A category that has no wait alert now.
    const open = (await srv.api('GET', '/alerts', { token: supToken })).body.alerts as Array<{ kind: string; subject: string }>;
    const cat = ['tax', 'investment', 'social', 'insurance', 'realestate', 'enterprise', 'fund'].find(
      (c) => !open.some((a) => a.kind === 'wait_threshold' && a.subject === c),
    ) as string;
    expect(cat).toBeDefined();
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('set-thresholds').waitFor();
    await page.getByTestId(`thr-${cat}`).fill('0');
    await page.getByTestId('set-thresholds-save').click();
    await expect.poll(() => page.getByTestId('set-thresholds-error').textContent()).toContain('至少 1 分钟');
    await page.getByTestId(`thr-${cat}`).fill('3');
    await page.getByTestId('set-thresholds-save').click();
    await page.getByTestId('set-thresholds-saved').waitFor();
    await shot(page, 'supervisor-settings');

    // More citizens arrive and wait five minutes: the wait is over 3 minutes whatever the windows do.
    for (let i = 0; i < 2; i++) await srv.api('POST', '/tickets', { token: supToken, body: { categoryId: cat } });
    clock.advance(5 * MIN);
    await page.getByTestId('nav-alerts').click();
    const item = page.getByTestId(`alert-wait_threshold-${cat}`);
    await item.waitFor();
    expect(await item.textContent()).toContain('超过阈值 3 分钟');
    const id = await item.getAttribute('data-alert-id');
    await page.getByTestId(`ack-${id}`).click();
    await expect.poll(() => page.locator(`[data-testid="alert-wait_threshold-${cat}"]`).count()).toBe(0);
    await page.getByTestId('alerts-filter-acknowledged').click();
    await page.getByTestId(`alert-wait_threshold-${cat}`).waitFor();
    expect(await page.getByTestId(`alert-wait_threshold-${cat}`).textContent()).toContain('李主任');
    const stored = (await srv.api('GET', '/alerts', { token: supToken })).body.alerts.find((a: { id: string }) => a.id === id);
    expect(stored.acknowledgedBy).toBe('supervisor');
    await page.getByTestId('alerts-filter-all').click();
    await page.waitForTimeout(200);
    await shot(page, 'supervisor-alerts');
  });

  it('downloads the day report as XLSX and CSV with the correct totals', async () => {
    await page.getByTestId('nav-reports').click();
    await page.getByTestId('report-totals').waitFor();
    const tickets = srv.hall.queries.ticketsOfDay(DAY);
    const issued = tickets.length;
    const served = tickets.filter((t) => t.status === 'done').length;
    const noShow = tickets.filter((t) => t.status === 'no_show').length;
    await expect.poll(() => page.getByTestId('report-issued').textContent()).toContain(String(issued));
    expect(await page.getByTestId('report-total-row').textContent()).toContain(String(issued));
    // 预计等候准确度: the page shows the figures the report API gives for the same day.
    const est = (await srv.api('GET', `/reports?date=${DAY}`, { token: supToken })).body.report.estimates;
    const estText = await page.getByTestId('report-estimates').textContent();
    expect(estText).toContain('预计等候准确度');
    if (est.tickets > 0) {
      expect(estText).toContain(`${est.withinRange}%`);
      expect(estText).toContain(`平均误差 ${est.meanErrorMinutes.toFixed(1)} 分钟`);
    } else expect(estText).toContain('暂无可比号票');
    await page.waitForTimeout(300);
    await shot(page, 'supervisor-reports');

    const dir = mkdtempSync(join(tmpdir(), 'hall-dl-'));
    const [xlsxDl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
    expect(xlsxDl.suggestedFilename()).toBe(`大厅报表-${DAY}.xlsx`);
    const xlsxPath = join(dir, 'r.xlsx');
    await xlsxDl.saveAs(xlsxPath);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsxPath);
    const rows: unknown[][] = [];
    wb.getWorksheet('按业务类别')?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]?.slice(0, 4)).toEqual(['业务类别', '取号量', '办结量', '过号']);
    expect(rows.at(-1)?.slice(0, 4)).toEqual(['合计', issued, served, noShow]);
    expect(rows.slice(1, -1).reduce((a, r) => a + Number(r[1]), 0)).toBe(issued);
    expect(wb.getWorksheet('号票明细')?.rowCount).toBe(issued + 1);

    const [csvDl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const csvPath = join(dir, 'r.csv');
    await csvDl.saveAs(csvPath);
    const bytes = readFileSync(csvPath);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    const at = lines.indexOf('【按业务类别】');
    const total = lines
      .slice(at)
      .find((l) => l.startsWith('合计,'))
      ?.split(',');
    expect(total?.slice(1, 4)).toEqual([String(issued), String(served), String(noShow)]);
  });

  it('switches to English', async () => {
    await page.getByTestId('nav-hall').click();
    await page.getByTestId('lang-en').click();
    await page.getByTestId('win-W05').waitFor();
    await expect.poll(() => page.getByTestId('nav-hall').textContent()).toBe('Live hall');
    await page.waitForTimeout(300);
    await shot(page, 'supervisor-hall-en');
    await page.getByTestId('nav-reports').click();
    await page.getByTestId('report-totals').waitFor();
    await expect.poll(() => page.getByTestId('report-estimates').textContent()).toContain('Wait estimates');
    await page.waitForTimeout(300);
    await shot(page, 'supervisor-reports-en');
    await page.getByTestId('nav-hall').click();
    await page.getByTestId('lang-zh').click();
  });
});
