import { describe, expect, it } from 'vitest';
import { loadHallConfig } from '../config/load-config.ts';
import { addDays, addWorkingDays, calendarFrom, isWorkingDay, weekday, workingDaysBetween } from './working-days.ts';

const demo = calendarFrom(loadHallConfig().hours);
const plain = calendarFrom({ holidays: [], workdays: [] });

describe('working days', () => {
  it('addDays() crosses month and year ends', () => {
    expect(addDays('2026-09-30', 1)).toBe('2026-10-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });

  it('isWorkingDay() is Monday–Friday without a calendar', () => {
    expect(weekday('2026-10-05')).toBe(1);
    expect(['2026-11-16', '2026-11-20'].map((d) => isWorkingDay(d, plain))).toEqual([true, true]);
    expect(['2026-11-21', '2026-11-22'].map((d) => isWorkingDay(d, plain))).toEqual([false, false]);
  });

  it('isWorkingDay() takes 国庆 off and the 调休 Saturday on in the demo hall', () => {
    expect(isWorkingDay('2026-10-01', demo)).toBe(false); // Thursday, 国庆
    expect(isWorkingDay('2026-10-05', demo)).toBe(false); // Monday, 国庆
    expect(isWorkingDay('2026-10-10', demo)).toBe(true); // Saturday, 调休上班
    expect(isWorkingDay('2026-09-20', demo)).toBe(true); // Sunday, 调休上班
    expect(isWorkingDay('2026-10-11', demo)).toBe(false); // an ordinary Sunday
  });

  it('addWorkingDays() counts from the next day and skips weekends', () => {
    expect(addWorkingDays('2026-11-20', 1, plain)).toBe('2026-11-23'); // Friday → Monday
    expect(addWorkingDays('2026-11-18', 2, plain)).toBe('2026-11-20');
    expect(addWorkingDays('2026-11-21', 0, plain)).toBe('2026-11-21');
  });

  it('addWorkingDays() jumps the 国庆 holiday and counts the make-up Saturday', () => {
    // Rated Wednesday 30 September: 核实 by the first working day after the holiday.
    expect(addWorkingDays('2026-09-30', 1, demo)).toBe('2026-10-08');
    // Thursday 8 → Friday 9 (1), Saturday 10 调休 (2), then Monday 12 is the 3rd.
    expect(addWorkingDays('2026-10-08', 3, demo)).toBe('2026-10-12');
    // 1 + 15 working days: 8, 9, 10 (Sat), 12–16, 19–23, 26, 27, 28 → 28 October.
    expect(addWorkingDays('2026-09-30', 16, demo)).toBe('2026-10-28');
    expect(addWorkingDays('2026-09-30', 17, demo)).toBe('2026-10-29');
    // Without the calendar the same 16 days end much earlier.
    expect(addWorkingDays('2026-09-30', 16, plain)).toBe('2026-10-22');
  });

  it('addWorkingDays() is additive, so step deadlines can be chained', () => {
    for (const start of ['2026-09-24', '2026-09-30', '2026-10-03', '2026-12-31']) {
      for (const [a, b] of [
        [0, 15],
        [1, 15],
        [2, 3],
      ] as const) {
        expect(addWorkingDays(addWorkingDays(start, a, demo), b, demo)).toBe(addWorkingDays(start, a + b, demo));
      }
    }
  });

  it('workingDaysBetween() inverts addWorkingDays()', () => {
    expect(workingDaysBetween('2026-09-30', '2026-10-28', demo)).toBe(16);
    expect(workingDaysBetween('2026-10-01', '2026-10-07', demo)).toBe(0);
    expect(workingDaysBetween('2026-10-28', '2026-09-30', demo)).toBe(0);
  });

  it('addWorkingDays() rejects negative counts and a calendar with no working days', () => {
    expect(() => addWorkingDays('2026-10-01', -1, demo)).toThrow(RangeError);
    const allOff = calendarFrom({ holidays: Array.from({ length: 800 }, (_, i) => addDays('2026-01-01', i)), workdays: [] });
    expect(() => addWorkingDays('2026-01-01', 1, allOff)).toThrow(/no working day/);
  });
});
