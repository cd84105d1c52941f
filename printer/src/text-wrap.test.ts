import { describe, expect, it } from 'vitest';
import { displayWidth } from './escpos/gb18030.ts';
import { wrapText } from './text-wrap.ts';

describe('wrapText()', () => {
  it('wraps Chinese by width (2 columns per character)', () => {
    expect(wrapText('一二三四五六七', 8)).toEqual(['一二三四', '五六七']);
  });

  it('never starts a line with closing punctuation', () => {
    expect(wrapText('一二三，四五', 6)).toEqual(['一二', '三，四', '五']);
  });

  it('never ends a line with opening punctuation', () => {
    expect(wrapText('一二（三四', 6)).toEqual(['一二', '（三四']);
  });

  it('keeps ASCII words whole and splits only words longer than a line', () => {
    expect(wrapText('电话 0571-1234567', 12)).toEqual(['电话', '0571-1234567']);
    expect(wrapText('电话 0571-12345678', 12)).toEqual(['电话 0571-12', '345678']);
    expect(wrapText('叫号 3 次未到', 9)).toEqual(['叫号 3 次', '未到']);
  });

  it('keeps a number with the measure word after it', () => {
    expect(wrapText('原件及复印件各1份', 16)).toEqual(['原件及复印件各', '1份']);
    expect(wrapText('（电子版1份，非必需）', 12)).toEqual(['（电子版', '1份，非必', '需）']);
  });

  it('applies a hanging indent to continuation lines', () => {
    const lines = wrapText('办理事项：甲乙丙丁戊己庚辛', 16, { indent: 10 });
    expect(lines[0]).toBe('办理事项：甲乙丙');
    expect(lines.slice(1).every((l) => l.startsWith(' '.repeat(10)))).toBe(true);
    expect(lines.every((l) => displayWidth(l) <= 16)).toBe(true);
  });

  it('balances centred titles instead of leaving one character alone', () => {
    expect(wrapText('某某县政务服务中心', 16, { balance: true })).toEqual(['某某县政务', '服务中心']);
  });

  it('honours newlines and drops ideographic spaces at line ends', () => {
    expect(wrapText('甲\n乙', 10)).toEqual(['甲', '乙']);
    expect(wrapText('一二三　四五', 6)).toEqual(['一二三', '四五']);
  });

  it('never exceeds the width for any input', () => {
    const samples = [
      '',
      'a',
      'x'.repeat(100),
      '（（（（（（（（',
      '，，，，，，，',
      'http://example.gov.cn/t/abcdef 一二三',
      '𠮷'.repeat(20),
    ];
    for (const s of samples)
      for (const cols of [2, 5, 16, 32])
        for (const l of wrapText(s, cols, { indent: 4 })) expect(displayWidth(l), `${s}@${cols}`).toBeLessThanOrEqual(cols);
  });
});
