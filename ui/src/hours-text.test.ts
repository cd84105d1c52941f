import { describe, expect, it } from 'vitest';
import { HoursConfig } from '@hall/contract';
import { dayText, nextOpeningText, spansText, weekHours } from './hours-text.ts';

describe('opening hours in words', () => {
  it('names the next opening day relative to today, else by date and weekday', () => {
    expect(dayText('2026-05-12', '2026-05-12', 'zh')).toBe('今天');
    expect(dayText('2026-05-13', '2026-05-12', 'zh')).toBe('明天');
    expect(dayText('2026-05-14', '2026-05-12', 'zh')).toBe('后天');
    expect(dayText('2026-05-18', '2026-05-15', 'zh')).toBe('5月18日（星期一）');
    expect(dayText('2026-10-08', '2026-10-01', 'en')).toBe('Thursday 8 October');
    expect(dayText('2026-05-13', '2026-05-12', 'en')).toBe('tomorrow');
    // Across a month end.
    expect(dayText('2026-06-01', '2026-05-31', 'zh')).toBe('明天');
  });

  it('says when the hall opens next', () => {
    expect(nextOpeningText({ date: '2026-05-12', nextOpenDate: '2026-05-12', nextOpenTime: '13:30' }, 'zh')).toBe('今天 13:30');
    expect(nextOpeningText({ date: '2026-05-15', nextOpenDate: '2026-05-16', nextOpenTime: '09:00' }, 'en')).toBe('tomorrow at 09:00');
    expect(nextOpeningText({ date: '2026-05-15', nextOpenDate: null, nextOpenTime: null }, 'zh')).toBeNull();
  });

  it('lists a day’s spans and the week', () => {
    expect(spansText([], 'zh')).toBe('休息');
    expect(
      spansText(
        [
          { open: '08:30', close: '12:00' },
          { open: '13:30', close: '17:30' },
        ],
        'zh',
      ),
    ).toBe('08:30–12:00、13:30–17:30');
    const week = weekHours(HoursConfig.parse({ saturday: [{ open: '09:00', close: '12:00' }] }), 'en');
    expect(week).toEqual([
      { label: 'Monday–Friday', text: '08:30–12:00, 13:30–17:30' },
      { label: 'Saturday', text: '09:00–12:00' },
      { label: 'Sunday', text: 'closed' },
    ]);
  });
});
