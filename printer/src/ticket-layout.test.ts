import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeEscPos, paperText, type VirtualPaper } from './escpos/decoder.ts';
import { displayWidth, REPLACEMENT_CHAR } from './escpos/gb18030.ts';
import { listProfiles, loadProfile } from './profiles/profiles.ts';
import { sampleGuide, sampleTicket } from './testing/samples.ts';
import { CHECKBOX, encodeGuide, encodeTicket, largestFittingSize, QR_CAPTION } from './ticket-layout.ts';

const GOLDEN_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '__golden__');
const hexLines = (b: Uint8Array): string[] =>
  Buffer.from(b)
    .toString('hex')
    .match(/.{1,64}/g) ?? [];

/**
 * Whole-job snapshots (style rule R13) as checked-in .bin files. A missing file is written on first run
 * (and fails under CI); UPDATE_GOLDEN=1 rewrites them after an intended layout change. Compared as hex
 * lines so a failure shows where the bytes differ.
 */
function expectGolden(name: string, bytes: Uint8Array): void {
  const file = path.join(GOLDEN_DIR, name);
  if (!existsSync(file) || process.env['UPDATE_GOLDEN'] === '1') {
    if (process.env['CI'] && !existsSync(file)) throw new Error(`golden file ${name} is missing`);
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, bytes);
    return;
  }
  expect(hexLines(bytes)).toEqual(hexLines(new Uint8Array(readFileSync(file))));
}

/** Every line fits the paper: printed width × width multiplier ≤ columns. */
function expectFits(paper: VirtualPaper, columns: number): void {
  for (const l of paper.lines) {
    const w = l.segments.reduce((n, s) => n + displayWidth(s.text) * s.size.w, 0);
    expect(w, `line "${l.text}"`).toBeLessThanOrEqual(columns);
  }
}

const texts = (p: VirtualPaper): string[] => p.lines.map((l) => l.text.trim());

describe('encodeTicket()', () => {
  for (const id of listProfiles()) {
    it(`round-trips every field through the decoder on the ${id} profile`, () => {
      const profile = loadProfile(id);
      const data = sampleTicket({ priorityLabel: '绿色通道', maskedId: '**************1234' });
      const paper = decodeEscPos(encodeTicket(data, profile));
      expect(paper.warnings).toEqual([]);
      expect(paper.initialized).toBe(true);
      expect(paper.chineseMode).toBe(true);
      expect(paper.cuts).toBe(1);
      expect(paper.items[paper.items.length - 1]).toEqual({ kind: 'cut', mode: 'partial' });
      const all = paperText(paper).replace(/\s+/g, '');
      for (const s of [
        data.hallName,
        '【绿色通道】',
        data.categoryName,
        ...data.serviceNames,
        ...data.windows,
        '前面还有3人',
        '预计等候约15分钟',
        data.issuedAt,
        data.noShowRule.replace(/\s+/g, ''),
        QR_CAPTION,
        '证件号码：**************1234',
        '0571-12345',
      ]) {
        expect(all, s).toContain(s.replace(/\s+/g, ''));
      }
      const number = paper.lines.find((l) => l.text === data.number);
      expect(number).toMatchObject({ size: { w: 8, h: 8 }, align: 'center', bold: true });
      if (profile.supportsQr) {
        expect(paper.qrCodes).toEqual([data.qrUrl]);
      } else {
        expect(paper.qrCodes).toEqual([]);
        expect(paper.rasterImages).toHaveLength(1);
      }
      expectFits(paper, profile.columns);
    });
  }

  it('prints the number as large as fits: 8× for A012, smaller for long numbers on 58 mm', () => {
    expect(largestFittingSize('A012', 48)).toBe(8);
    expect(largestFittingSize('A1234', 32)).toBe(6);
    const paper = decodeEscPos(encodeTicket(sampleTicket({ number: 'GT1234' }), '58mm'));
    expect(paper.lines.find((l) => l.text === 'GT1234')?.size).toEqual({ w: 5, h: 5 });
  });

  it('keeps rare GBK characters (堃, 喆) and replaces four-byte ones (𠮷) with □', () => {
    const paper = decodeEscPos(encodeTicket(sampleTicket({ hallName: '喆堃镇便民服务中心', categoryName: '𠮷野社区事务' }), '80mm'));
    expect(texts(paper)).toContain('喆堃镇便民服务中心');
    expect(texts(paper)).toContain(`${REPLACEMENT_CHAR}野社区事务`);
    expect(paper.warnings).toEqual([]); // nothing four-byte reached the printer
  });

  it('shows no ID line without maskedId, and never more than the last 4 characters with one', () => {
    expect(paperText(decodeEscPos(encodeTicket(sampleTicket(), '80mm')))).not.toContain('证件');
    const leaked = decodeEscPos(encodeTicket(sampleTicket({ maskedId: '110101199003071234' }), '80mm'));
    expect(paperText(leaked)).toContain('证件号码：**************1234');
    expect(paperText(leaked)).not.toContain('110101');
  });

  it('omits the priority line and footer when not given', () => {
    const text = paperText(decodeEscPos(encodeTicket(sampleTicket({ footer: undefined }), '80mm')));
    expect(text).not.toContain('【');
    expect(text).not.toContain('咨询投诉');
  });

  it('wraps long matter lists and windows within the paper width with a hanging indent', () => {
    const data = sampleTicket({
      serviceNames: ['营业执照设立登记', '食品经营许可', '税务登记', '社会保险登记', '公章刻制备案'],
      windows: Array.from({ length: 9 }, (_, k) => `${k + 11}号窗口`),
    });
    for (const id of ['80mm', '58mm']) {
      const paper = decodeEscPos(encodeTicket(data, id));
      expectFits(paper, loadProfile(id).columns);
      const i = paper.lines.findIndex((l) => l.text.startsWith('办理事项：'));
      expect(paper.lines[i + 1]?.text.startsWith(' '.repeat(10))).toBe(true);
    }
  });

  it('clamps nonsense numbers (negative, NaN) instead of printing them', () => {
    const text = paperText(decodeEscPos(encodeTicket(sampleTicket({ ahead: -2, estimatedWaitMinutes: Number.NaN }), '80mm')));
    expect(text).toContain('前面还有 0 人');
    expect(text).toContain('预计等候约 0 分钟');
  });

  it('prints the URL as text when it is too long for a QR code, rather than failing', () => {
    const url = `http://h/t/${'x'.repeat(3000)}`;
    const paper = decodeEscPos(encodeTicket(sampleTicket({ qrUrl: url }), '80mm'));
    expect(paper.qrCodes).toEqual([]);
    expect(paperText(paper).replace(/\s/g, '')).toContain(url);
  });

  it('cannot inject printer commands through text fields', () => {
    const paper = decodeEscPos(encodeTicket(sampleTicket({ hallName: 'Hall\x1dV\x00\x1b@', footer: '\x1dV\x01' }), '80mm'));
    expect(paper.cuts).toBe(1);
    expect(paper.warnings).toEqual([]);
  });

  it('matches the checked-in golden bytes', () => {
    expectGolden('ticket-80mm.bin', encodeTicket(sampleTicket({ priorityLabel: '绿色通道', maskedId: '**************1234' }), '80mm'));
    expectGolden('ticket-58mm-basic.bin', encodeTicket(sampleTicket(), '58mm-basic'));
  });
});

describe('encodeGuide()', () => {
  for (const id of ['80mm', '58mm']) {
    it(`round-trips the checklist, conditions, fee and time limits on ${id}`, () => {
      const data = sampleGuide();
      const paper = decodeEscPos(encodeGuide(data, id));
      expect(paper.warnings).toEqual([]);
      expect(paper.cuts).toBe(1);
      expectFits(paper, loadProfile(id).columns);
      const all = paperText(paper).replace(/\s+/g, '');
      for (const s of [
        '办事指南',
        data.serviceName,
        '一、申请材料（共4项）',
        `${CHECKBOX}1.食品经营许可申请书（原件1份）`,
        '营业执照（原件及复印件各1份）',
        '注：复印件需加盖公章，原件核验后退还',
        '经营场所平面图（电子版1份，非必需）',
        ...data.conditions,
        '三、收费标准不收费',
        '法定时限：20个工作日',
        '承诺时限：5个工作日',
        '最多跑1次',
        '办理地点：大厅二楼B区12-15号窗口',
        '咨询电话：0571-12345678',
        data.printedAt,
      ]) {
        expect(all, s).toContain(s.replace(/\s+/g, ''));
      }
      expect(paper.lines.filter((l) => l.text.startsWith(CHECKBOX))).toHaveLength(4);
      expect(paper.lines.find((l) => l.text === '办事指南')).toMatchObject({ size: { w: 2, h: 2 }, align: 'center' });
    });
  }

  it('says 即办件 for a zero promised limit, 无 for none, and 零跑动 for zero visits', () => {
    const text = paperText(
      decodeEscPos(
        encodeGuide(sampleGuide({ promisedLimitDays: 0, legalLimitDays: null, maxVisits: 0, materials: [], conditions: [] }), '80mm'),
      ),
    );
    expect(text).toContain('承诺时限：即办件（当场办结）');
    expect(text).toContain('法定时限：无');
    expect(text).toContain('零跑动');
    expect(text).toContain('无需提交材料');
  });

  it('keeps rare characters in matter names and replaces four-byte ones', () => {
    const paper = decodeEscPos(encodeGuide(sampleGuide({ serviceName: '喆堃𠮷测试事项' }), '80mm'));
    expect(texts(paper)).toContain(`喆堃${REPLACEMENT_CHAR}测试事项`);
  });

  it('matches the checked-in golden bytes', () => {
    expectGolden('guide-80mm.bin', encodeGuide(sampleGuide(), '80mm'));
  });
});
