import { describe, expect, it } from 'vitest';
import { businessDate, localTimeToEpoch, toIsoLocal } from './time.ts';

describe('hall time', () => {
  it('the business date follows the hall time zone, not UTC', () => {
    const justAfterMidnightBeijing = Date.parse('2026-11-20T16:00:30Z');
    expect(businessDate(justAfterMidnightBeijing, 'Asia/Shanghai')).toBe('2026-11-21');
    expect(businessDate(justAfterMidnightBeijing, 'UTC')).toBe('2026-11-20');
  });
  it('formats ISO 8601 with the offset', () => {
    expect(toIsoLocal(Date.parse('2026-11-21T01:05:00Z'), 'Asia/Shanghai')).toBe('2026-11-21T09:05:00.000+08:00');
  });
  it('converts a local wall-clock time back to an instant', () => {
    expect(localTimeToEpoch('2026-11-21', '08:30', 'Asia/Shanghai')).toBe(Date.parse('2026-11-21T00:30:00Z'));
  });
});
