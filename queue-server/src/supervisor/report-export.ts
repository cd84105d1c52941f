/**
 * Report exports: CSV (UTF-8 with a BOM and CRLF, so Excel on a Chinese Windows desktop opens it with the
 * right characters) and XLSX (exceljs: one sheet per view, styled header, frozen first row, a 合计 row).
 * No personal data: the ticket list has numbers, categories, times and windows only.
 */
// exceljs is large (~25 MB resident): loaded on the first XLSX export, not at server start.
import type ExcelJS from 'exceljs';
import type { EstimateBandRow, MatterRow, PriorityGroupRow, Report, ReportRow } from '@hall/contract';

export interface ExportMeta {
  hallName: string;
  generatedAt: string;
  generatedBy: string;
  /** Ticket list for the detail sheet (XLSX only). */
  tickets?: Array<{
    number: string;
    date: string;
    category: string;
    priority: string;
    channel: string;
    status: string;
    issuedAt: string;
    calledAt: string;
    finishedAt: string;
    window: string;
    staff: string;
    waitMinutes: number | null;
    serviceMinutes: number | null;
  }>;
}

type Col = { header: string; value: (r: ReportRow) => string | number; width: number; numFmt?: string };

function columns(first: string, handled: boolean, withRatings: boolean): Col[] {
  const cols: Col[] = [
    { header: first, value: (r) => r.label, width: 18 },
    { header: handled ? '接待量' : '取号量', value: (r) => r.issued, width: 10 },
    { header: '办结量', value: (r) => r.served, width: 10 },
    { header: '过号', value: (r) => r.noShow, width: 8 },
    { header: '取消', value: (r) => r.cancelled, width: 8 },
    { header: '转办', value: (r) => r.transferred, width: 8 },
    { header: '挂起', value: (r) => r.suspended, width: 8 },
    { header: '平均等候(分钟)', value: (r) => r.waitMinutes.mean, width: 15, numFmt: '0.0' },
    { header: '等候P90(分钟)', value: (r) => r.waitMinutes.p90, width: 15, numFmt: '0.0' },
    { header: '平均办理(分钟)', value: (r) => r.serviceMinutes.mean, width: 15, numFmt: '0.0' },
    { header: '办理P90(分钟)', value: (r) => r.serviceMinutes.p90, width: 15, numFmt: '0.0' },
  ];
  if (withRatings) {
    cols.push(
      { header: '评价数', value: (r) => r.ratings?.count ?? 0, width: 9 },
      { header: '好评率(%)', value: (r) => r.ratings?.goodRate ?? 0, width: 11, numFmt: '0.0' },
      { header: '差评数', value: (r) => r.ratings?.bad ?? 0, width: 9 },
      { header: '未评率(%)', value: (r) => r.ratings?.unratedRate ?? 0, width: 11, numFmt: '0.0' },
    );
  }
  return cols;
}

interface Table {
  title: string;
  sheet: string;
  cols: Col[];
  rows: ReportRow[];
  total: ReportRow | null;
}

/** 绿色通道 rows: the usual columns after the group, and the group's share of all tickets. */
function priorityColumns(withRatings: boolean): Col[] {
  const [first, ...rest] = columns('绿色通道群体', false, withRatings);
  const share: Col = { header: '占取号量(%)', value: (r) => (r as PriorityGroupRow).share, width: 13, numFmt: '0.0' };
  return [first as Col, share, ...rest];
}

/** 一事一次办: every matter of every ticket, by service (a single-matter ticket counts one). */
const MATTER_COLS: ReadonlyArray<{ header: string; value: (r: MatterRow) => string | number; width: number }> = [
  { header: '事项', value: (r) => r.label, width: 26 },
  { header: '事项数', value: (r) => r.matters, width: 10 },
  { header: '已办结', value: (r) => r.done, width: 10 },
  { header: '已转办', value: (r) => r.transferred, width: 10 },
  { header: '需补材料', value: (r) => r.needsDocuments, width: 11 },
  { header: '未办结', value: (r) => r.open, width: 10 },
];

/** A band of the figure shown, as a person reads it: 5 分钟以内, 5–15 分钟, 30 分钟及以上. */
export function shownBandLabel(b: Pick<EstimateBandRow, 'fromMinutes' | 'toMinutes'>): string {
  if (b.fromMinutes === 0 && b.toMinutes !== null) return `${b.toMinutes} 分钟以内`;
  return b.toMinutes === null ? `${b.fromMinutes} 分钟及以上` : `${b.fromMinutes}–${b.toMinutes} 分钟`;
}

const ESTIMATE_COLS: ReadonlyArray<{ header: string; value: (r: EstimateBandRow) => string | number; width: number }> = [
  { header: '显示的预计等候', value: shownBandLabel, width: 18 },
  { header: '号票', value: (r) => r.tickets, width: 10 },
  { header: '平均误差(分钟)', value: (r) => r.meanErrorMinutes, width: 15 },
  { header: '落在显示范围内(%)', value: (r) => r.withinRange, width: 18 },
];
const ESTIMATE_SUMMARY = [
  '已显示预计的办结号票',
  '平均等候(分钟)',
  '平均误差(分钟)',
  '误差占平均等候(%)',
  '平均偏差(分钟)',
  '落在显示范围内(%)',
];
const estimateSummary = (e: Report['estimates']) => [
  e.tickets,
  e.meanWaitMinutes,
  e.meanErrorMinutes,
  e.errorShare,
  e.biasMinutes,
  e.withinRange,
];

function matterTotal(report: Report): MatterRow {
  const m = report.matters;
  return {
    key: '',
    label: '合计',
    matters: m.matters,
    done: m.done,
    transferred: m.transferred,
    needsDocuments: m.needsDocuments,
    open: m.open,
  };
}

function tables(report: Report): Table[] {
  const r = report.ratings !== null;
  return [
    { title: '按日期', sheet: '按日期', cols: columns('日期', false, r), rows: report.byDay, total: report.totals },
    { title: '按业务类别', sheet: '按业务类别', cols: columns('业务类别', false, r), rows: report.byCategory, total: report.totals },
    { title: '按窗口', sheet: '按窗口', cols: columns('窗口', true, r), rows: report.byWindow, total: null },
    { title: '按工作人员', sheet: '按工作人员', cols: columns('工作人员', true, r), rows: report.byStaff, total: null },
    { title: '按取号时段', sheet: '按时段', cols: columns('时段', false, r), rows: report.byHour, total: report.totals },
    { title: '绿色通道', sheet: '绿色通道', cols: priorityColumns(r), rows: report.byPriorityGroup, total: null },
  ];
}

const csvCell = (v: string | number): string => {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function reportToCsv(report: Report, meta: ExportMeta): string {
  const lines: string[] = [];
  const line = (cells: Array<string | number>) => lines.push(cells.map(csvCell).join(','));
  line([`${meta.hallName} 统计报表`]);
  line(['统计期间', report.from === report.to ? report.from : `${report.from} 至 ${report.to}`]);
  line(['生成时间', meta.generatedAt, '生成人', meta.generatedBy]);
  lines.push('');
  for (const t of tables(report)) {
    line([`【${t.title}】`]);
    line(t.cols.map((c) => c.header));
    for (const r of t.rows) line(t.cols.map((c) => c.value(r)));
    if (t.total) line(t.cols.map((c) => c.value(t.total as ReportRow)));
    lines.push('');
  }
  line(['【一事一次办】', '一次办号票', report.matters.visits]);
  line(MATTER_COLS.map((c) => c.header));
  for (const m of report.matters.byService) line(MATTER_COLS.map((c) => c.value(m)));
  line(MATTER_COLS.map((c) => c.value(matterTotal(report))));
  lines.push('');
  line(['【预计等候准确度】', '每张号票取号时显示的预计等候，与实际等候（取号至首次叫号）相比']);
  line(ESTIMATE_SUMMARY);
  line(estimateSummary(report.estimates));
  line(ESTIMATE_COLS.map((c) => c.header));
  for (const b of report.estimates.byShown) line(ESTIMATE_COLS.map((c) => c.value(b)));
  lines.push('');
  line(['【暂停原因】']);
  line(['原因', '次数', '时长(分钟)']);
  for (const p of report.pauses.byReason) line([p.label, p.count, p.minutes]);
  line(['合计', report.pauses.count, report.pauses.totalMinutes]);
  lines.push('');
  const a = report.appointments;
  line(['【预约】']);
  line(['预约数', '已签到', '未到', '已办结', '过号', '到场率(%)', '预约号票']);
  line([a.booked, a.checkedIn, a.missed, a.served, a.noShow, a.attendanceRate, a.appointmentTickets]);
  lines.push('');
  line(['【好差评】']);
  if (report.ratings) {
    const g = report.ratings;
    line([
      '评价数',
      '好评',
      '差评',
      '好评率(%)',
      '差评率(%)',
      '未评率(%)',
      '主动评价好评率(%)',
      '平均等级',
      '差评整改率(%)',
      '回访满意率(%)',
    ]);
    line([
      g.count,
      g.good,
      g.bad,
      g.goodRate,
      g.badRate,
      g.unratedRate,
      g.activeGoodRate,
      g.meanLevel,
      g.rectificationRate ?? '',
      g.revisitSatisfactionRate ?? '',
    ]);
  } else {
    line(['评价模块未启用']);
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

const BLUE = 'FF0B4EA2';
const LIGHT = 'FFE8F0FB';
const thin = { style: 'thin' as const, color: { argb: 'FFD5DCE6' } };
const border = { top: thin, left: thin, bottom: thin, right: thin };

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: BLUE } };
  row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  row.height = 30;
  row.eachCell((c) => {
    c.border = border;
  });
}

/** Rows written between two yields to the event loop: a year's ticket list never blocks the hall. */
const ROWS_PER_SLICE = 200;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Built with exceljs's streaming writer: each row is serialised as it is committed and zipped by zlib on
 * the thread pool, and the loop yields every {@link ROWS_PER_SLICE} rows, so other requests (a call, a
 * kiosk's ticket, /health) are served while a long export is written.
 */
export async function reportToXlsx(report: Report, meta: ExportMeta): Promise<Buffer> {
  const { default: Excel } = await import('exceljs');
  const { PassThrough } = await import('node:stream');
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    sink.on('end', () => resolve());
    sink.on('error', reject);
  });
  const wb = new Excel.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  let written = 0;
  const sliced = async () => {
    written += 1;
    if (written % ROWS_PER_SLICE === 0) await yieldToLoop();
  };
  wb.creator = meta.generatedBy;
  wb.created = new Date();
  wb.title = `${meta.hallName} 统计报表`;
  const period = report.from === report.to ? report.from : `${report.from} 至 ${report.to}`;

  // ── 概览 ──
  const ov = wb.addWorksheet('概览', { properties: { tabColor: { argb: BLUE } } });
  ov.columns = [{ width: 22 }, { width: 16 }, { width: 22 }, { width: 16 }];
  ov.mergeCells('A1:D1');
  ov.getCell('A1').value = `${meta.hallName} 统计报表`;
  ov.getCell('A1').font = { bold: true, size: 16, color: { argb: BLUE } };
  ov.getRow(1).height = 28;
  ov.addRow(['统计期间', period, '生成时间', meta.generatedAt]);
  ov.addRow(['生成人', meta.generatedBy]);
  ov.addRow([]);
  const t = report.totals;
  const kv: Array<[string, string | number, string, string | number]> = [
    ['取号量', t.issued, '办结量', t.served],
    ['过号', t.noShow, '取消', t.cancelled],
    ['转办', t.transferred, '挂起', t.suspended],
    ['平均等候(分钟)', t.waitMinutes.mean, '等候P90(分钟)', t.waitMinutes.p90],
    ['平均办理(分钟)', t.serviceMinutes.mean, '办理P90(分钟)', t.serviceMinutes.p90],
    ['暂停次数', report.pauses.count, '暂停时长(分钟)', report.pauses.totalMinutes],
    ['预约数', report.appointments.booked, '预约到场率(%)', report.appointments.attendanceRate],
    ['预计等候平均误差(分钟)', report.estimates.meanErrorMinutes, '落在显示范围内(%)', report.estimates.withinRange],
  ];
  if (report.ratings) {
    kv.push(['评价数', report.ratings.count, '好评率(%)', report.ratings.goodRate]);
    kv.push(['差评数', report.ratings.bad, '未评率(%)', report.ratings.unratedRate]);
    kv.push(['差评率(%)', report.ratings.badRate, '主动评价好评率(%)', report.ratings.activeGoodRate]);
    if (report.ratings.rectificationRate !== null)
      kv.push(['差评整改率(%)', report.ratings.rectificationRate, '回访满意率(%)', report.ratings.revisitSatisfactionRate ?? '—']);
  } else {
    kv.push(['好差评', '评价模块未启用', '', '']);
  }
  const head = ov.addRow(['指标', '数值', '指标', '数值']);
  styleHeader(head);
  for (const r of kv) {
    const row = ov.addRow(r);
    row.eachCell((c) => {
      c.border = border;
    });
    row.getCell(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: LIGHT } };
    row.getCell(3).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: LIGHT } };
  }

  // ── one sheet per grouping ──
  for (const tb of tables(report)) {
    const ws = wb.addWorksheet(tb.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = tb.cols.map((c) => ({ header: c.header, width: c.width, ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}) }));
    styleHeader(ws.getRow(1));
    for (const r of tb.rows) {
      ws.addRow(tb.cols.map((c) => c.value(r))).eachCell((c) => {
        c.border = border;
      });
      await sliced();
    }
    if (tb.total) {
      const tr = ws.addRow(tb.cols.map((c) => c.value(tb.total as ReportRow)));
      tr.font = { bold: true };
      tr.eachCell((c) => {
        c.border = border;
        c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: LIGHT } };
      });
    }
  }

  // ── 一事一次办 ──
  const ms = wb.addWorksheet('一事一次办', { views: [{ state: 'frozen', ySplit: 1 }] });
  ms.columns = MATTER_COLS.map((c) => ({ header: c.header, width: c.width }));
  styleHeader(ms.getRow(1));
  for (const m of report.matters.byService) {
    ms.addRow(MATTER_COLS.map((c) => c.value(m))).eachCell((c) => {
      c.border = border;
    });
    await sliced();
  }
  const mt = ms.addRow(MATTER_COLS.map((c) => c.value(matterTotal(report))));
  mt.font = { bold: true };
  ms.addRow([]);
  ms.addRow(['一次办号票（一事一次办套餐取号）', report.matters.visits]);

  // ── 预计等候准确度 ──
  const es = wb.addWorksheet('预计准确度', { views: [{ state: 'frozen', ySplit: 1 }] });
  es.columns = ESTIMATE_SUMMARY.map((h) => ({ header: h, width: 18 }));
  styleHeader(es.getRow(1));
  es.addRow(estimateSummary(report.estimates));
  es.addRow([]);
  styleHeader(es.addRow(ESTIMATE_COLS.map((c) => c.header)));
  for (const b of report.estimates.byShown)
    es.addRow(ESTIMATE_COLS.map((c) => c.value(b))).eachCell((c) => {
      c.border = border;
    });

  // ── pauses ──
  const ps = wb.addWorksheet('暂停', { views: [{ state: 'frozen', ySplit: 1 }] });
  ps.columns = [
    { header: '暂停原因', width: 22 },
    { header: '次数', width: 10 },
    { header: '时长(分钟)', width: 14, style: { numFmt: '0.0' } },
    { header: '', width: 4 },
    { header: '窗口', width: 14 },
    { header: '次数', width: 10 },
    { header: '时长(分钟)', width: 14, style: { numFmt: '0.0' } },
  ];
  styleHeader(ps.getRow(1));
  const n = Math.max(report.pauses.byReason.length, report.pauses.byWindow.length);
  for (let i = 0; i < n; i++) {
    const a = report.pauses.byReason[i];
    const b = report.pauses.byWindow[i];
    ps.addRow([a?.label ?? null, a?.count ?? null, a?.minutes ?? null, null, b?.label ?? null, b?.count ?? null, b?.minutes ?? null]);
  }
  const pt = ps.addRow(['合计', report.pauses.count, report.pauses.totalMinutes]);
  pt.font = { bold: true };

  // ── appointments ──
  const ap = wb.addWorksheet('预约');
  ap.columns = [
    { header: '预约数', width: 10 },
    { header: '已签到', width: 10 },
    { header: '未到', width: 10 },
    { header: '已办结', width: 10 },
    { header: '过号', width: 10 },
    { header: '到场率(%)', width: 12, style: { numFmt: '0.0' } },
    { header: '预约号票', width: 12 },
  ];
  styleHeader(ap.getRow(1));
  const a = report.appointments;
  ap.addRow([a.booked, a.checkedIn, a.missed, a.served, a.noShow, a.attendanceRate, a.appointmentTickets]);

  // ── ticket list ──
  if (meta.tickets) {
    const tl = wb.addWorksheet('号票明细', { views: [{ state: 'frozen', ySplit: 1 }] });
    tl.columns = [
      { header: '号码', key: 'number', width: 8 },
      { header: '日期', key: 'date', width: 12 },
      { header: '业务类别', key: 'category', width: 14 },
      { header: '类型', key: 'priority', width: 10 },
      { header: '渠道', key: 'channel', width: 10 },
      { header: '状态', key: 'status', width: 8 },
      { header: '取号时间', key: 'issuedAt', width: 10 },
      { header: '叫号时间', key: 'calledAt', width: 10 },
      { header: '办结时间', key: 'finishedAt', width: 10 },
      { header: '窗口', key: 'window', width: 10 },
      { header: '工作人员', key: 'staff', width: 10 },
      { header: '等候(分钟)', key: 'waitMinutes', width: 11, style: { numFmt: '0.0' } },
      { header: '办理(分钟)', key: 'serviceMinutes', width: 11, style: { numFmt: '0.0' } },
    ];
    styleHeader(tl.getRow(1));
    tl.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 13 } };
    for (const row of meta.tickets) {
      tl.addRow(row).commit();
      await sliced();
    }
  }

  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}
