import { describe, expect, it } from 'vitest';
import { startTestServer, allDayHours, demoConfig } from '../testing/test-server.ts';
import { manualClock } from './clock.ts';

describe('clock jumps', () => {
  it('a clock set back or far forward never repeats a number or loses a ticket', async () => {
    const clock = manualClock(Date.parse('2026-11-21T03:00:00Z'));
    const srv = await startTestServer({ printers: new Map(), clock, config: demoConfig(allDayHours) });
    try {
      const kiosk = await srv.kioskToken();
      const cat = srv.config.categories[0]!.id;
      const issue = async () =>
        (await srv.api('POST', '/tickets', { token: kiosk, body: { categoryId: cat } })).body.ticket as {
          id: string;
          number: string;
          businessDate: string;
        };
      const seen = [await issue(), await issue()];
      clock.advance(-2 * 3600_000); // NTP correction backwards, same day
      seen.push(await issue());
      clock.advance(-12 * 3600_000); // backwards across midnight: yesterday's counter
      seen.push(await issue());
      clock.advance(14 * 3600_000 + 3 * 24 * 3600_000); // forward three days
      seen.push(await issue());
      const keys = seen.map((t) => `${t.businessDate}/${t.number}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(seen.map((t) => t.number)).toEqual(['A001', 'A002', 'A003', 'A001', 'A001']);
      srv.hall.tick();
      expect((await srv.api('GET', '/health')).body.ok).toBe(true);
    } finally {
      await srv.stop();
    }
  });
});
