import { describe, expect, it } from 'vitest';
import { businessDate, localMinuteOfDay } from '@hall/contract';
import { daytimeClock } from './test-server.ts';

describe('daytimeClock (the wall clock of tests, moved to 10:00 of today)', () => {
  it('reads 10:00 of today in the hall zone, whatever the hour, and runs at real speed', async () => {
    // (the first clock of this file: the shift is fixed here, once)
    const before = Date.now();
    const clock = daytimeClock('Asia/Shanghai');
    const t0 = clock.now();
    expect(businessDate(t0, 'Asia/Shanghai')).toBe(businessDate(before, 'Asia/Shanghai'));
    expect(localMinuteOfDay(t0, 'Asia/Shanghai')).toBe(600);
    await new Promise((r) => setTimeout(r, 30));
    const elapsed = clock.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(25);
    expect(elapsed).toBeLessThan(5_000);
  });

  it('a second clock (a hall restarted in the same test) goes on from the first, never back', async () => {
    const first = daytimeClock('Asia/Shanghai');
    const before = first.now();
    await new Promise((r) => setTimeout(r, 20));
    expect(daytimeClock('Asia/Shanghai').now()).toBeGreaterThanOrEqual(before + 15);
  });
});
