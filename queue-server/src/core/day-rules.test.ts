import { describe, expect, it } from 'vitest';
import { HoursConfig, spansOn as openingSpans, weekdayOf } from '@hall/contract';
import { closingTime, dayCloseAt, isCloseDue } from './day-rules.ts';

const hours = HoursConfig.parse({
  saturday: [{ open: '09:00', close: '12:00' }],
  holidays: ['2026-10-01', '2026-10-10'],
  workdays: ['2026-10-10'],
});
const TZ = 'Asia/Shanghai';

describe('day rules', () => {
  it('knows the day of the week without a clock', () => {
    expect(['2026-12-03', '2026-12-05', '2026-12-06', '2000-02-29', '2027-01-01', '2024-03-01'].map(weekdayOf)).toEqual([4, 6, 0, 2, 5, 5]);
  });

  it('a weekday closes at 17:30, a Saturday at 12:00, a holiday and a Sunday not at all', () => {
    expect(closingTime(hours, '2026-12-03', TZ)).toBe(Date.parse('2026-12-03T17:30:00+08:00'));
    expect(closingTime(hours, '2026-12-05', TZ)).toBe(Date.parse('2026-12-05T12:00:00+08:00'));
    expect(closingTime(hours, '2026-10-01', TZ)).toBeNull();
    expect(closingTime(hours, '2026-12-06', TZ)).toBeNull();
  });

  it('a 调休 working Saturday that is also listed as a holiday opens with weekday hours', () => {
    expect(openingSpans(hours, '2026-10-10')).toEqual([
      { open: '08:30', close: '12:00' },
      { open: '13:30', close: '17:30' },
    ]);
  });

  it('the day closes at closing time plus the grace, once', () => {
    const at = dayCloseAt(hours, '2026-12-03', TZ, 30);
    expect(at).toBe(Date.parse('2026-12-03T18:00:00+08:00'));
    expect(isCloseDue(Date.parse('2026-12-03T17:59:59+08:00'), at, false)).toBe(false);
    expect(isCloseDue(Date.parse('2026-12-03T18:00:00+08:00'), at, false)).toBe(true);
    expect(isCloseDue(Date.parse('2026-12-03T18:00:00+08:00'), at, true)).toBe(false);
    expect(isCloseDue(Date.parse('2026-12-06T18:00:00+08:00'), null, false)).toBe(false);
  });
});
