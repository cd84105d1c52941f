/**
 * Ticket and guide layouts: pure functions from print data to ESC/POS bytes (style rule R13).
 *
 * Layout rules: everything is wrapped by printed width to the profile's columns (divided by the width
 * multiplier for enlarged text), so the printer never wraps on its own; the ticket number is printed as
 * large as fits (up to GS ! 0x77, 8×8); the QR code uses GS ( k when the profile supports it and a raster
 * image otherwise. Privacy (个人信息保护法): the ticket shows no name, and an ID number only as
 * its last 4 characters, re-masked here whatever the caller passes.
 */
import { maskIdNumber } from '@hall/contract';
import { type Align, EscPosEncoder } from './escpos/encoder.ts';
import { displayWidth } from './escpos/gb18030.ts';
import { loadProfile, type PrinterProfile } from './profiles/profiles.ts';
import { wrapText } from './text-wrap.ts';

/** What a queue ticket shows. Other workspaces build this; keep it stable. */
export interface TicketPrintData {
  hallName: string;
  number: string;
  categoryName: string;
  serviceNames: string[];
  windows: string[]; // names of windows that serve it, e.g. ['5号窗口','6号窗口']
  ahead: number;
  /** Minutes, or null when no honest figure exists (then `waitNote` says why). */
  estimatedWaitMinutes: number | null;
  /** The honest range around the minutes, printed as '预计等候约 20–35 分钟'. */
  waitRange?: { low: number; high: number };
  /** Printed instead of the minutes, e.g. '暂无窗口办理此类业务，请咨询导办台'. */
  waitNote?: string;
  issuedAt: string; // local time text, e.g. '2026-11-21 09:05'
  priorityLabel?: string; // e.g. '绿色通道' / '预约'
  noShowRule: string; // e.g. '过号请到导办台重新排队；叫号 3 次未到视为过号'
  qrUrl: string; // the /t/<token> URL
  maskedId?: string; // only when the hall asks: '**************1234'
  footer?: string; // e.g. help desk / complaint phone
}

/** What a printed 办事指南 (一次性告知) shows. Other workspaces build this; keep it stable. */
export interface GuidePrintData {
  hallName: string;
  serviceName: string;
  categoryName: string;
  materials: Array<{
    name: string;
    form: 'original' | 'copy' | 'original+copy' | 'electronic';
    count: number;
    note?: string;
    required: boolean;
  }>;
  conditions: string[];
  fee: string;
  promisedLimitDays: number | null;
  legalLimitDays: number | null;
  maxVisits: number;
  location?: string;
  consultPhone?: string;
  printedAt: string;
}

/** Caption under the ticket QR code. */
export const QR_CAPTION = '扫码查看排队进度、评价服务';
/** Checklist box in the guide: two-byte '□' (A1 F5), since '☐' (U+2610) is a four-byte GB18030 code. */
export const CHECKBOX = '□';

const FORM_LABEL: Record<GuidePrintData['materials'][number]['form'], string> = {
  original: '原件',
  copy: '复印件',
  'original+copy': '原件及复印件各',
  electronic: '电子版',
};

interface BlockStyle {
  align?: Align;
  /** Width and height multiplier. */
  size?: number;
  bold?: boolean;
  /** Hanging indent (columns, at this size) for lines after the first. */
  indent?: number;
  /** Even out wrapped line lengths (centred titles). */
  balance?: boolean;
}

class Layout {
  readonly e = new EscPosEncoder().init().chineseMode(true);
  constructor(readonly profile: PrinterProfile) {}

  /** Wrapped text; sets every attribute explicitly so blocks never leak style into each other. */
  block(text: string, style: BlockStyle = {}): this {
    const size = style.size ?? 1;
    const lines = wrapText(text, Math.floor(this.profile.columns / size), { indent: style.indent ?? 0, balance: style.balance ?? false });
    this.e
      .align(style.align ?? 'left')
      .size(size, size)
      .bold(style.bold ?? false);
    for (const l of lines) this.e.line(l);
    return this;
  }

  rule(): this {
    this.e.align('left').size(1, 1).bold(false).line('-'.repeat(this.profile.columns));
    return this;
  }

  blank(): this {
    this.e.size(1, 1).bold(false).line();
    return this;
  }

  /** QR code centred; prints the URL as text instead when it cannot be a QR code (never fails the job). */
  qr(url: string): this {
    // A blank line above and the LF below give the symbol its quiet zone (≥ 4 modules) against the text.
    this.e.align('center').size(1, 1).bold(false).line();
    const opts = { moduleSize: this.profile.qrModuleSize, errorLevel: 'M' as const };
    try {
      if (this.profile.supportsQr) this.e.qr(url, opts);
      else this.e.qrRaster(url, opts);
      this.e.line();
    } catch {
      this.block(url, { align: 'center' });
    }
    return this;
  }

  finish(): Uint8Array {
    this.e.align('left').size(1, 1).bold(false).feed(this.profile.feedLinesBeforeCut).cut(this.profile.cut);
    return this.e.encode();
  }
}

const resolveProfile = (p: PrinterProfile | string): PrinterProfile => (typeof p === 'string' ? loadProfile(p) : p);
const count = (n: number): number => (Number.isFinite(n) ? Math.max(0, Math.round(n)) : 0);

/** '约 20–35 分钟', or in whole hours past two hours (the same words as the screens, contract `waitText`). */
function waitSpan(low: number, high: number): string {
  if (high >= 120) {
    const lo = Math.max(1, Math.floor(low / 60));
    const hi = Math.max(lo, Math.ceil(high / 60));
    return lo === hi ? `约 ${lo} 小时` : `约 ${lo}–${hi} 小时`;
  }
  return `约 ${low}–${high} 分钟`;
}

/** Largest multiplier (1–8) at which `text` fits on one line of `columns`. */
export function largestFittingSize(text: string, columns: number): number {
  const w = Math.max(1, displayWidth(text));
  return Math.max(1, Math.min(8, Math.floor(columns / w)));
}

/** The ESC/POS bytes of one queue ticket, ending with a cut. */
export function encodeTicket(data: TicketPrintData, profileOrId: PrinterProfile | string): Uint8Array {
  const profile = resolveProfile(profileOrId);
  const t = new Layout(profile);
  t.block(data.hallName, { align: 'center', size: 2, bold: true, balance: true });
  if (data.priorityLabel !== undefined && data.priorityLabel.trim() !== '') {
    t.block(`【${data.priorityLabel.trim()}】`, { align: 'center', size: 2, bold: true });
  }
  const n = largestFittingSize(data.number, profile.columns);
  t.e.align('center').size(n, n).bold(true).line(data.number);
  t.block(data.categoryName, { align: 'center', size: 2, bold: true, balance: true });
  t.blank();
  if (data.serviceNames.length > 0) t.block(`办理事项：${data.serviceNames.join('、')}`, { indent: 10 });
  if (data.windows.length > 0) t.block(`办理窗口：${data.windows.join('、')}`, { indent: 10 });
  t.rule();
  t.block(`前面还有 ${count(data.ahead)} 人`, { align: 'center', size: 2, bold: true });
  if (data.waitNote !== undefined && data.waitNote.trim() !== '') t.block(data.waitNote.trim(), { align: 'center' });
  else if (data.estimatedWaitMinutes !== null && data.waitRange !== undefined && count(data.waitRange.high) > count(data.waitRange.low))
    t.block(`预计等候${waitSpan(count(data.waitRange.low), count(data.waitRange.high))}`, { align: 'center' });
  else if (data.estimatedWaitMinutes !== null) t.block(`预计等候约 ${count(data.estimatedWaitMinutes)} 分钟`, { align: 'center' });
  t.block(`取号时间：${data.issuedAt}`, { align: 'center' });
  t.rule();
  t.block(`温馨提示：${data.noShowRule}`, { indent: 10 });
  t.qr(data.qrUrl);
  t.block(QR_CAPTION, { align: 'center' });
  if (data.maskedId !== undefined && data.maskedId.trim() !== '') {
    t.block(`证件号码：${maskIdNumber(data.maskedId)}`, { align: 'center' });
  }
  if (data.footer !== undefined && data.footer.trim() !== '') {
    t.rule();
    t.block(data.footer, { align: 'center', balance: true });
  }
  return t.finish();
}

const days = (n: number | null, zero: string): string =>
  n === null || !Number.isFinite(n) ? '无' : n <= 0 ? zero : `${Math.round(n)} 个工作日`;

/** The ESC/POS bytes of a printed 办事指南 / materials checklist, ending with a cut. */
export function encodeGuide(data: GuidePrintData, profileOrId: PrinterProfile | string): Uint8Array {
  const profile = resolveProfile(profileOrId);
  const t = new Layout(profile);
  t.block('办事指南', { align: 'center', size: 2, bold: true });
  t.block('（一次性告知单）', { align: 'center' });
  t.block(data.hallName, { align: 'center', balance: true });
  t.rule();
  t.block(data.serviceName, { bold: true, size: 1 });
  t.block(`所属类别：${data.categoryName}`, { indent: 10 });
  t.rule();

  t.block(`一、申请材料（共${data.materials.length}项）`, { bold: true });
  if (data.materials.length === 0) t.block('无需提交材料');
  data.materials.forEach((mat, i) => {
    const qty = `${FORM_LABEL[mat.form]}${count(mat.count)}份`;
    const opt = mat.required ? '' : '，非必需';
    const head = `${CHECKBOX} ${i + 1}. `;
    t.block(`${head}${mat.name}（${qty}${opt}）`, { indent: displayWidth(head) });
    if (mat.note !== undefined && mat.note.trim() !== '')
      t.block(`${' '.repeat(displayWidth(head))}注：${mat.note.trim()}`, { indent: displayWidth(head) + displayWidth('注：') });
  });

  t.block('二、受理条件', { bold: true });
  if (data.conditions.length === 0) t.block('无特别条件');
  data.conditions.forEach((c, i) => {
    const head = `${i + 1}. `;
    t.block(`${head}${c}`, { indent: displayWidth(head) });
  });

  t.block('三、收费标准', { bold: true });
  t.block(data.fee.trim() === '' ? '不收费' : data.fee);

  t.block('四、办理时限', { bold: true });
  t.block(`法定时限：${days(data.legalLimitDays, '即办')}`);
  t.block(`承诺时限：${days(data.promisedLimitDays, '即办件（当场办结）')}`);
  t.block(data.maxVisits <= 0 ? '跑动次数：零跑动（可全程网办）' : `跑动次数：最多跑 ${Math.round(data.maxVisits)} 次`);

  if ((data.location ?? '').trim() !== '' || (data.consultPhone ?? '').trim() !== '') t.rule();
  if (data.location !== undefined && data.location.trim() !== '') t.block(`办理地点：${data.location.trim()}`, { indent: 10 });
  if (data.consultPhone !== undefined && data.consultPhone.trim() !== '') t.block(`咨询电话：${data.consultPhone.trim()}`, { indent: 10 });
  t.rule();
  t.block(`打印时间：${data.printedAt}`, { align: 'center' });
  return t.finish();
}
