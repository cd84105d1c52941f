import { describe, expect, it } from 'vitest';
import { CLIP_WORDS, clipSequence, speechText, spokenTicketNumber, spokenWindowNumber } from './spoken.ts';

const TEMPLATE = '请 {number} 号到 {window} 号窗口办理';

describe('spoken call', () => {
  it('reads ticket numbers letter by letter and digit by digit', () => {
    expect(spokenTicketNumber('A012')).toBe('A零一二');
    expect(spokenTicketNumber('f100')).toBe('F一零零');
    expect(spokenTicketNumber('AB1234')).toBe('AB一二三四');
  });

  it('reads window numbers as numbers', () => {
    expect([1, 5, 10, 11, 16, 20, 21, 99].map(spokenWindowNumber)).toEqual(['一', '五', '十', '十一', '十六', '二十', '二十一', '九十九']);
    expect(spokenWindowNumber(105)).toBe('一零五');
  });

  it('fills the hall template for a system voice', () => {
    expect(speechText(TEMPLATE, { number: 'A012', windowNumber: 5 })).toBe('请 A零一二 号到 五 号窗口办理');
  });

  it('turns the default template into clips, longest phrase first', () => {
    expect(clipSequence(TEMPLATE, { number: 'A012', windowNumber: 16 })).toEqual({
      clips: ['p-qing', 'lA', 'd0', 'd1', 'd2', 'p-hao', 'p-dao', 'ten', 'd6', 'p-hao-chuangkou-banli'],
      missing: [],
    });
  });

  it('reports words of a custom template that no clip says, and still says the rest', () => {
    const r = clipSequence('请{number}号前往{window}号窗口，谢谢', { number: 'B001', windowNumber: 3 });
    expect(r.clips).toEqual(['p-qing', 'lB', 'd0', 'd0', 'd1', 'p-hao', 'p-qianwang', 'd3', 'p-hao', 'p-chuangkou']);
    expect(r.missing).toEqual(['谢', '谢']);
  });

  it('has a clip name for every digit and letter', () => {
    for (const ch of '零一二三四五六七八九十ABCDEFGHIJKLMNOPQRSTUVWXYZ') expect(CLIP_WORDS[ch]).toBeTruthy();
  });
});
