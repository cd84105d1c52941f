import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { manualClock, type ManualClock } from '../services/clock.ts';
import type { SupervisorModule } from './supervisor-module.ts';

/** Monday 2026-11-23 10:00 in Shanghai: a working day, inside opening hours. */
const MONDAY_10 = Date.parse('2026-11-23T10:00:00+08:00');
const MIN = 60_000;

let srv: TestServer | null = null;
let dataDir: string | null = null;
afterEach(async () => {
  await srv?.stop();
  srv = null;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = null;
});

async function start(clock: ManualClock, dir?: string): Promise<{ srv: TestServer; ext: SupervisorModule; sup: string }> {
  const s = await startTestServer({ clock, ...(dir ? { dataDir: dir } : {}) });
  srv = s;
  return { srv: s, ext: s.supervisor, sup: await s.login('supervisor') };
}

async function issue(s: TestServer, token: string, categoryId: string, priority?: string) {
  const r = await s.api('POST', '/tickets', { token, body: { categoryId, ...(priority ? { priority } : {}) } });
  expect(r.status).toBe(201);
  return r.body.ticket as { id: string; number: string };
}

describe('supervisor settings', () => {
  it('validates, persists across a restart and applies thresholds and hours', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hall-sup-'));
    const clock = manualClock(MONDAY_10);
    let { srv: s, sup } = await start(clock, dataDir);
    const staff = await s.login('zhangwei');
    expect((await s.api('GET', '/settings/hall', { token: staff })).status).toBe(403);
    const before = await s.api('GET', '/settings/hall', { token: sup });
    expect(before.body.allocationMode).toBe('advisory');
    expect(before.body.waitThresholds.police).toBe(25);

    const bad = await s.api('PUT', '/settings/thresholds', { token: sup, body: { waitThresholds: { police: 0 }, longPauseMinutes: 20 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error.message).toContain('至少 1 分钟');
    const unknown = await s.api('PUT', '/settings/thresholds', { token: sup, body: { waitThresholds: { nope: 5 }, longPauseMinutes: 20 } });
    expect(unknown.status).toBe(404);
    const badHours = await s.api('PUT', '/settings/hours', {
      token: sup,
      body: { weekdays: [{ open: '12:00', close: '08:30' }], saturday: [], sunday: [] },
    });
    expect(badHours.status).toBe(400);
    expect(badHours.body.error.message).toContain('结束时间须晚于开始时间');
    const clash = await s.api('PUT', '/settings/calendar', { token: sup, body: { holidays: ['2026-12-31'], workdays: ['2026-12-31'] } });
    expect(clash.status).toBe(400);

    expect(
      (await s.api('PUT', '/settings/thresholds', { token: sup, body: { waitThresholds: { police: 12 }, longPauseMinutes: 15 } })).status,
    ).toBe(200);
    expect(
      (
        await s.api('PUT', '/settings/hours', {
          token: sup,
          body: {
            weekdays: [
              { open: '08:00', close: '12:00' },
              { open: '13:00', close: '18:00' },
            ],
            saturday: [],
            sunday: [],
          },
        })
      ).status,
    ).toBe(200);
    expect((await s.api('PUT', '/settings/calendar', { token: sup, body: { holidays: ['2027-01-01'], workdays: [] } })).status).toBe(200);
    expect((await s.api('PUT', '/settings/allocation-mode', { token: sup, body: { mode: 'off' } })).status).toBe(200);
    expect((await s.api('PUT', '/settings/allocation-mode', { token: sup, body: { mode: 'sometimes' } })).status).toBe(400);
    const hall = await s.api('GET', '/hall');
    expect(hall.body.hours.weekdays[0]).toEqual({ open: '08:00', close: '12:00' });
    expect(hall.body.hours.holidays).toEqual(['2027-01-01']);
    const audit = await s.api('GET', '/events?type=hall.settings_changed', { token: sup });
    expect(audit.body.events.map((e: { data: { section: string } }) => e.data.section)).toEqual([
      'thresholds',
      'hours',
      'calendar',
      'mode',
    ]);

    await s.stop();
    srv = null;
    ({ srv: s, sup } = await start(clock, dataDir));
    const after = await s.api('GET', '/settings/hall', { token: sup });
    expect(after.body.waitThresholds.police).toBe(12);
    expect(after.body.waitThresholds.tax).toBe(30);
    expect(after.body.longPauseMinutes).toBe(15);
    expect(after.body.allocationMode).toBe('off');
    expect(after.body.hours.saturday).toEqual([]);
    expect(after.body.hours.holidays).toEqual(['2027-01-01']);
  });
});

describe('supervisor alert rules', () => {
  it('raises a wait alert when a category crosses its threshold, lets a supervisor acknowledge it, clears it when served', async () => {
    const clock = manualClock(MONDAY_10);
    const { srv: s, ext, sup } = await start(clock);
    expect(
      (await s.api('PUT', '/settings/thresholds', { token: sup, body: { waitThresholds: { police: 5 }, longPauseMinutes: 20 } })).status,
    ).toBe(200);
    ext.evaluateAlerts();
    expect((await s.api('GET', '/alerts', { token: sup })).body.alerts).toEqual([]);
    await issue(s, sup, 'police');
    ext.evaluateAlerts();
    const open = (await s.api('GET', '/alerts', { token: sup })).body.alerts as Array<{
      id: string;
      kind: string;
      subject: string;
      message: string;
      acknowledgedBy: string | null;
    }>;
    const wait = open.find((a) => a.kind === 'wait_threshold');
    expect(wait?.subject).toBe('police');
    // No window is open for 公安: citizens wait with nobody to serve them, which is critical at once.
    expect(wait?.message).toContain('公安无开放窗口办理，1 人等候');
    const ack = await s.api('POST', `/alerts/${wait?.id}/acknowledge`, { token: sup });
    expect(ack.status).toBe(200);
    expect(ack.body.alert.acknowledgedBy).toBe('supervisor');

    const xujun = await s.login('xujun');
    expect((await s.api('POST', '/windows/W11/sign-in', { token: xujun, body: {} })).status).toBe(200);
    expect((await s.api('POST', '/windows/W11/call-next', { token: xujun, body: {} })).status).toBe(200);
    ext.evaluateAlerts();
    expect(
      (await s.api('GET', '/alerts', { token: sup })).body.alerts.filter((a: { kind: string }) => a.kind === 'wait_threshold'),
    ).toEqual([]);
    const today = (await s.api('GET', '/alerts?scope=today', { token: sup })).body.alerts as Array<{
      kind: string;
      clearedAt: string | null;
    }>;
    expect(today.find((a) => a.kind === 'wait_threshold')?.clearedAt).not.toBeNull();
  });

  it('raises a long-pause alert only past the limit and clears it on resume', async () => {
    const clock = manualClock(MONDAY_10);
    const { srv: s, ext, sup } = await start(clock);
    const liuyang = await s.login('liuyang');
    await s.api('POST', '/windows/W06/sign-in', { token: liuyang, body: {} });
    expect((await s.api('POST', '/windows/W06/pause', { token: liuyang, body: { reason: '临时外出' } })).status).toBe(200);
    clock.advance(19 * MIN);
    ext.evaluateAlerts();
    expect((await s.api('GET', '/alerts', { token: sup })).body.alerts.filter((a: { kind: string }) => a.kind === 'long_pause')).toEqual(
      [],
    );
    clock.advance(2 * MIN);
    ext.evaluateAlerts();
    const pause = (await s.api('GET', '/alerts', { token: sup })).body.alerts.find((a: { kind: string }) => a.kind === 'long_pause');
    expect(pause.subject).toBe('W06');
    expect(pause.message).toContain('临时外出');
    expect(pause.message).toContain('刘洋');
    await s.api('POST', '/windows/W06/resume', { token: liuyang, body: {} });
    ext.evaluateAlerts();
    expect((await s.api('GET', '/alerts', { token: sup })).body.alerts.filter((a: { kind: string }) => a.kind === 'long_pause')).toEqual(
      [],
    );
  });

  it('does not call the lunch break between opening spans a long pause', async () => {
    const clock = manualClock(Date.parse('2026-11-23T12:05:00+08:00'));
    const { srv: s, ext, sup } = await start(clock);
    const liuyang = await s.login('liuyang');
    await s.api('POST', '/windows/W06/sign-in', { token: liuyang, body: {} });
    await s.api('POST', '/windows/W06/pause', { token: liuyang, body: { reason: '午休' } });
    clock.advance(60 * MIN);
    ext.evaluateAlerts();
    expect((await s.api('GET', '/alerts', { token: sup })).body.alerts.filter((a: { kind: string }) => a.kind === 'long_pause')).toEqual(
      [],
    );
  });
});

describe('allocation runner', () => {
  async function busyInsurance(s: TestServer, sup: string) {
    for (const [u, w] of [
      ['liuyang', 'W06'],
      ['chenjing', 'W05'],
      ['wuxia', 'W10'],
      ['guoping', 'W16'],
    ] as const) {
      const t = await s.login(u);
      expect((await s.api('POST', `/windows/${w}/sign-in`, { token: t, body: {} })).status).toBe(200);
    }
    for (let i = 0; i < 14; i++) await issue(s, sup, 'insurance');
  }

  it('publishes proposals in advisory mode and applies one on request, audited', async () => {
    const clock = manualClock(MONDAY_10);
    const { srv: s, sup } = await start(clock);
    await busyInsurance(s, sup);
    const run = await s.api('POST', '/allocation/run', { token: sup, body: {} });
    expect(run.status).toBe(200);
    expect(run.body.mode).toBe('advisory');
    const proposals = run.body.proposals as Array<{ id: string; windowId: string; to: string[]; summary: string }>;
    expect(proposals.length).toBeGreaterThan(0);
    const p = proposals.find((x) => x.to.includes('insurance'));
    expect(p).toBeDefined();
    expect(p?.summary).toContain('医保社保');
    const alerts = (await s.api('GET', '/alerts', { token: sup })).body.alerts as Array<{ kind: string; subject: string }>;
    expect(alerts.some((a) => a.kind === 'allocation_proposal' && a.subject === p?.windowId)).toBe(true);
    // Nothing changed by itself.
    const windows = (await s.api('GET', '/windows', { token: sup })).body.windows as Array<{ id: string; allocation: string[] }>;
    expect(windows.find((w) => w.id === p?.windowId)?.allocation).not.toContain('insurance');

    const applied = await s.api('POST', `/allocation/proposals/${p?.id}/apply`, { token: sup, body: {} });
    expect(applied.status).toBe(200);
    expect(applied.body.window.allocation).toContain('insurance');
    const audit = (await s.api('GET', '/allocation/history', { token: sup })).body.events as Array<{
      actor: string;
      windowId: string;
      data: { reason: string };
    }>;
    expect(audit[0]?.actor).toBe('supervisor');
    expect(audit[0]?.windowId).toBe(p?.windowId);
    expect(audit[0]?.data.reason).toMatch(/^proposal: /);
    expect((await s.api('POST', `/allocation/proposals/${p?.id}/apply`, { token: sup, body: {} })).status).toBe(404);
  });

  it('applies proposals itself in automatic mode and does nothing when off', async () => {
    const clock = manualClock(MONDAY_10);
    const { srv: s, ext, sup } = await start(clock);
    await busyInsurance(s, sup);
    await s.api('PUT', '/settings/allocation-mode', { token: sup, body: { mode: 'off' } });
    expect((await s.api('POST', '/allocation/run', { token: sup, body: {} })).body.proposals).toEqual([]);
    expect((await s.api('GET', '/allocation/history', { token: sup })).body.events).toEqual([]);

    await s.api('PUT', '/settings/allocation-mode', { token: sup, body: { mode: 'automatic' } });
    const history = (await s.api('GET', '/allocation/history', { token: sup })).body.events as Array<{
      actor: string;
      data: { reason: string; after: string[] };
    }>;
    expect(history.length).toBeGreaterThan(0);
    expect(history.every((e) => e.actor === 'allocator' && e.data.reason.startsWith('allocator: '))).toBe(true);
    expect(history.some((e) => e.data.after.includes('insurance'))).toBe(true);
    expect(ext.runner.view().proposals).toEqual([]);
  });

  it('leaves pinned and temporary allocations alone', async () => {
    const clock = manualClock(MONDAY_10);
    const { srv: s, sup } = await start(clock);
    await busyInsurance(s, sup);
    const first = (await s.api('POST', '/allocation/run', { token: sup, body: {} })).body.proposals as Array<{ windowId: string }>;
    for (const p of first) {
      const r = await s.api('PUT', `/windows/${p.windowId}/allocation`, {
        token: sup,
        body: { categories: [s.hall.windowConfigs.get(p.windowId)?.home], pinned: true },
      });
      expect(r.status).toBe(200);
    }
    const again = (await s.api('POST', '/allocation/run', { token: sup, body: {} })).body.proposals as Array<{ windowId: string }>;
    for (const p of again) expect(first.map((x) => x.windowId)).not.toContain(p.windowId);
  });

  it('lists the categories each window may serve: its skills narrowed to the staff certifications', async () => {
    const clock = manualClock(MONDAY_10);
    const { srv: s, sup } = await start(clock);
    const t = await s.login('luoqian'); // certified enterprise + tax, at W15 (investment, realestate, enterprise)
    expect((await s.api('POST', '/windows/W15/sign-in', { token: t, body: {} })).status).toBe(200);
    const list = (await s.api('GET', '/allocation/windows', { token: sup })).body.windows as Array<{
      id: string;
      allowed: string[];
      skills: string[];
    }>;
    expect(list.find((w) => w.id === 'W15')?.allowed).toEqual(['enterprise']);
    expect(list.find((w) => w.id === 'W01')?.allowed).toEqual(['enterprise', 'tax', 'investment']);
  });
});

describe('reports', () => {
  it('counts a scripted day correctly and exports the same totals as CSV and XLSX', async () => {
    const clock = manualClock(Date.parse('2026-11-23T09:00:00+08:00'));
    const { srv: s, sup } = await start(clock);
    const zhang = await s.login('zhangwei');
    const liu = await s.login('liuyang');
    await s.api('POST', '/windows/W01/sign-in', { token: zhang, body: {} });
    await s.api('POST', '/windows/W06/sign-in', { token: liu, body: {} });
    // A001 is taken for one matter (company-setup), the others for their category only.
    const first = await s.api('POST', '/tickets', { token: sup, body: { serviceId: 'company-setup' } });
    expect(first.status).toBe(201);
    const a1 = first.body.ticket as { id: string; number: string };
    clock.advance(1000);
    await issue(s, sup, 'enterprise');
    clock.advance(1000);
    await issue(s, sup, 'enterprise');
    clock.advance(1000);
    await issue(s, sup, 'insurance');
    clock.advance(1000);
    expect((await s.api('POST', '/tickets', { token: sup, body: { categoryId: 'insurance', priorityGroup: 'elderly' } })).status).toBe(201);
    clock.advance(MIN - 4000);
    const act = async (token: string, w: string, a: string, body: unknown = {}) => {
      const r = await s.api('POST', `/windows/${w}/${a}`, { token, body });
      expect(r.status, `${w} ${a}: ${r.text}`).toBeLessThan(300);
      return r;
    };
    // W01: A001 waits 4 min, served 6 min; A002 waits 10 min, suspended 5 min inside a 9-minute service.
    clock.advance(3 * MIN);
    expect((await act(zhang, 'W01', 'call-next')).body.ticket.number).toBe(a1.number);
    await act(zhang, 'W01', 'start');
    clock.advance(6 * MIN);
    await act(zhang, 'W01', 'finish');
    await act(zhang, 'W01', 'call-next');
    await act(zhang, 'W01', 'start');
    await act(zhang, 'W01', 'suspend');
    clock.advance(5 * MIN);
    const suspended = (await s.api('GET', '/tickets?status=suspended', { token: sup })).body.tickets[0];
    await act(zhang, 'W01', 'resume-ticket', { ticketId: suspended.id });
    clock.advance(4 * MIN);
    await act(zhang, 'W01', 'finish');
    // A003: called three times, no-show.
    await act(zhang, 'W01', 'call-next');
    await act(zhang, 'W01', 'recall');
    await act(zhang, 'W01', 'recall');
    await act(zhang, 'W01', 'no-show');
    // W06: the green ticket goes first and is transferred to enterprise; the other is served.
    const g = await act(liu, 'W06', 'call-next');
    expect(g.body.ticket.priority).toBe('green');
    await act(liu, 'W06', 'transfer', { categoryId: 'enterprise' });
    await act(liu, 'W06', 'call-next');
    clock.advance(3 * MIN);
    await act(liu, 'W06', 'finish');
    await act(liu, 'W06', 'pause', { reason: '临时外出' });
    clock.advance(12 * MIN);
    await act(liu, 'W06', 'resume');

    const r = await s.api('GET', '/reports?date=2026-11-23', { token: sup });
    expect(r.status).toBe(200);
    const rep = r.body.report;
    expect(rep.totals).toMatchObject({ issued: 5, served: 3, noShow: 1, cancelled: 0, transferred: 1, suspended: 1 });
    // Waits: A001 4 min, A002 10 min, F001 (normal insurance) 4+6+5+4 = 19 min … service: 6, 4 (9 − 5 suspended), 3.
    expect(rep.totals.serviceMinutes.mean).toBeCloseTo((6 + 4 + 3) / 3, 1);
    expect(rep.totals.serviceMinutes.p90).toBe(6);
    const sum = (rows: Array<Record<string, number>>, k: string) => rows.reduce((a, x) => a + (x[k] ?? 0), 0);
    for (const k of ['issued', 'served', 'noShow', 'transferred', 'suspended']) {
      expect(sum(rep.byCategory, k), k).toBe(rep.totals[k]);
      expect(sum(rep.byHour, k), k).toBe(rep.totals[k]);
      expect(sum(rep.byDay, k), k).toBe(rep.totals[k]);
    }
    const ent = rep.byCategory.find((x: { key: string }) => x.key === 'enterprise');
    expect(ent).toMatchObject({ issued: 4, served: 2, noShow: 1, transferred: 1 });
    const w01 = rep.byWindow.find((x: { key: string }) => x.key === 'W01');
    expect(w01).toMatchObject({ served: 2, noShow: 1, suspended: 1 });
    expect(rep.byWindow.find((x: { key: string }) => x.key === 'W06')).toMatchObject({ served: 1, transferred: 1 });
    expect(rep.byStaff.find((x: { key: string }) => x.key === 'zhangwei')).toMatchObject({ label: '张伟', served: 2, noShow: 1 });
    expect(rep.pauses.byReason).toEqual([{ key: '临时外出', label: '临时外出', count: 1, minutes: 12 }]);
    expect(rep.ratings).toMatchObject({ count: 0, good: 0, bad: 0 });
    // 预计等候准确度: the three served tickets were each shown a figure at issue; the 过号 does not count.
    expect(rep.estimates.tickets).toBe(3);
    expect(rep.estimates.meanWaitMinutes).toBeCloseTo((4 + 10 + 19) / 3, 1);
    expect(rep.estimates.byShown.reduce((a: number, b: { tickets: number }) => a + b.tickets, 0)).toBe(3);

    const csv = await fetch(`${s.url}/api/v1/reports/day.csv?date=2026-11-23`, { headers: { authorization: `Bearer ${sup}` } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('attachment');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.split('\r\n');
    const section = lines.indexOf('【按业务类别】');
    expect(lines[section + 1]?.split(',').slice(0, 4)).toEqual(['业务类别', '取号量', '办结量', '过号']);
    const total = lines.slice(section).find((l) => l.startsWith('合计,'));
    expect(total?.split(',').slice(1, 7)).toEqual(['5', '3', '1', '0', '1', '1']);
    expect(lines.find((l) => l.startsWith('企业服务,'))?.split(',')[1]).toBe('4');
    // 绿色通道: the one elderly ticket is 1 of 5 issued (20%); the other groups are listed with 0.
    const green = lines.indexOf('【绿色通道】');
    expect(lines[green + 1]?.split(',').slice(0, 3)).toEqual(['绿色通道群体', '占取号量(%)', '取号量']);
    expect(
      lines
        .slice(green)
        .find((l) => l.startsWith('老年人,'))
        ?.split(',')
        .slice(0, 3),
    ).toEqual(['老年人', '20', '1']);
    expect(
      lines
        .slice(green)
        .find((l) => l.startsWith('孕妇,'))
        ?.split(',')
        .slice(0, 3),
    ).toEqual(['孕妇', '0', '0']);
    // 一事一次办: A001's one matter, done; category-only tickets carry no matter.
    const matters = lines.findIndex((l) => l.startsWith('【一事一次办】'));
    expect(lines[matters]).toBe('【一事一次办】,一次办号票,0');
    expect(lines[matters + 2]?.split(',').slice(0, 3)).toEqual(['企业设立登记', '1', '1']);
    expect(
      lines
        .slice(matters)
        .find((l) => l.startsWith('合计,'))
        ?.split(',')
        .slice(1, 3),
    ).toEqual(['1', '1']);

    const est = lines.findIndex((l) => l.startsWith('【预计等候准确度】'));
    expect(lines[est + 1]?.split(',')).toEqual([
      '已显示预计的办结号票',
      '平均等候(分钟)',
      '平均误差(分钟)',
      '误差占平均等候(%)',
      '平均偏差(分钟)',
      '落在显示范围内(%)',
    ]);
    expect(lines[est + 2]?.split(',').map(Number)).toEqual([
      3,
      rep.estimates.meanWaitMinutes,
      rep.estimates.meanErrorMinutes,
      rep.estimates.errorShare,
      rep.estimates.biasMinutes,
      rep.estimates.withinRange,
    ]);
    expect(lines[est + 4]?.split(',')[0]).toBe('5 分钟以内');
    expect(lines[est + 7]?.split(',')[0]).toBe('30 分钟及以上');

    const xlsx = await fetch(`${s.url}/api/v1/reports/day.xlsx?date=2026-11-23`, { headers: { authorization: `Bearer ${sup}` } });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '概览',
      '按日期',
      '按业务类别',
      '按窗口',
      '按工作人员',
      '按时段',
      '绿色通道',
      '一事一次办',
      '预计准确度',
      '暂停',
      '预约',
      '号票明细',
    ]);
    const cat = wb.getWorksheet('按业务类别');
    const rows: Array<Array<unknown>> = [];
    cat?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows.at(-1)?.slice(0, 7)).toEqual(['合计', 5, 3, 1, 0, 1, 1]);
    expect(rows.slice(1, -1).reduce((a, row) => a + Number(row[1]), 0)).toBe(5);
    expect(wb.getWorksheet('号票明细')?.rowCount).toBe(6);
    const greenRows: Array<Array<unknown>> = [];
    wb.getWorksheet('绿色通道')?.eachRow((row) => greenRows.push((row.values as unknown[]).slice(1)));
    expect(greenRows.find((row) => row[0] === '老年人')?.slice(0, 3)).toEqual(['老年人', 20, 1]);
    const matterRows: Array<Array<unknown>> = [];
    wb.getWorksheet('一事一次办')?.eachRow((row) => matterRows.push((row.values as unknown[]).slice(1)));
    expect(matterRows.find((row) => row[0] === '合计')?.slice(0, 3)).toEqual(['合计', 1, 1]);

    const range = await s.api('GET', '/reports?from=2026-11-22&to=2026-11-23', { token: sup });
    expect(range.body.report.totals.issued).toBe(5);
    expect(range.body.report.byDay.map((d: { issued: number }) => d.issued)).toEqual([0, 5]);
    expect((await s.api('GET', '/reports?from=2026-11-24&to=2026-11-23', { token: sup })).status).toBe(400);
    expect((await s.api('GET', '/reports/range.csv?from=2026-11-22&to=2026-11-23', { token: sup })).status).toBe(200);
    expect((await s.api('GET', '/reports/day.csv?date=2026-11-23', { token: zhang })).status).toBe(403);
  });
});
