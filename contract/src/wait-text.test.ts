import { describe, expect, it } from 'vitest';
import { waitAdvice, waitText } from './wait-text.ts';

describe('waitText()', () => {
  it('words a range, a single figure, no wait, and long waits in hours', () => {
    expect(waitText({ minutes: 26, low: 20, high: 35 })).toBe('约 20–35 分钟');
    expect(waitText({ minutes: 26, low: 20, high: 35 }, 'en')).toBe('about 20–35 min');
    expect(waitText({ minutes: 12, low: 12, high: 12 })).toBe('约 12 分钟');
    expect(waitText({ minutes: 0, low: 0, high: 0 })).toBe('无需等候');
    expect(waitText({ minutes: 150, low: 110, high: 200 })).toBe('约 1–4 小时');
    // A stored figure outside its own range is widened to hold it.
    expect(waitText({ minutes: 40, low: 20, high: 35 })).toBe('约 20–40 分钟');
  });

  it('says words, never a number, for the notes', () => {
    expect(waitText({ minutes: null, low: 0, high: 0, note: 'NO_OPEN_WINDOW' })).toBe('暂无窗口办理');
    expect(waitText({ minutes: null, low: 30, high: 90, note: 'AFTER_CLOSE' })).toBe('今日可能办不完');
    expect(waitText({ minutes: null, low: 30, high: 90, note: 'AFTER_CLOSE' }, 'en')).toBe('probably not today');
    // An older stored AFTER_CLOSE ticket kept its minutes: still words.
    expect(waitText({ minutes: 477, low: 300, high: 600, note: 'AFTER_CLOSE' })).toBe('今日可能办不完');
  });

  it('offers 预约 and the help desk only when there is no figure', () => {
    expect(waitAdvice({ minutes: 10, low: 5, high: 15 }, '一楼导办台')).toBeNull();
    expect(waitAdvice({ minutes: null, low: 0, high: 0, note: 'NO_OPEN_WINDOW' }, '一楼导办台')).toBe(
      '现在没有开放的窗口办理此类业务，请咨询一楼导办台，或预约其他时间办理。',
    );
    expect(waitAdvice({ minutes: null, low: 0, high: 0, note: 'AFTER_CLOSE' }, '一楼导办台', 'en')).toContain('book an appointment');
  });
});
