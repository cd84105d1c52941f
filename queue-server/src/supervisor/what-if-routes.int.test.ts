/**
 * The what-if's day facts from the hall's records: a service given outside its window's home is brought back
 * to home speed (the replay slows it again wherever it lands), and a 过号 holds a window the day's measured
 * time. 2026-11-23 is a Monday.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { localTimeToEpoch } from '@hall/contract';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { manualClock, type ManualClock } from '../services/clock.ts';
import type { Actor } from '../hall/actor.ts';
import { dayFacts } from './what-if-routes.ts';

const DAY = '2026-11-23';
const at = (hhmm: string) => localTimeToEpoch(DAY, hhmm, 'Asia/Shanghai');
const MIN = 60_000;
const xujun: Actor = { kind: 'user', id: 'xujun', role: 'staff', source: 'test' };
const kiosk: Actor = { kind: 'device', id: 'KIOSK1', role: 'kiosk', source: 'test' };

let srv: TestServer | null = null;
afterEach(async () => {
  await srv?.stop();
  srv = null;
});

async function issueAndCall(s: TestServer, categoryId: string): Promise<string> {
  const r = await s.hall.issueTicket(kiosk, { categoryId, channel: 'kiosk' });
  if (!r.ok) throw new Error(r.code);
  expect(s.hall.windowCommand(xujun, 'W11', { type: 'call-specific', ticketId: r.value.id }).ok).toBe(true);
  return r.value.id;
}

async function serve(s: TestServer, clock: ManualClock, categoryId: string, minutes: number): Promise<void> {
  await issueAndCall(s, categoryId);
  expect(s.hall.windowCommand(xujun, 'W11', { type: 'start' }).ok).toBe(true);
  clock.advance(minutes * MIN);
  expect(s.hall.windowCommand(xujun, 'W11', { type: 'finish' }).ok).toBe(true);
}

describe('what-if day facts', () => {
  it('a 社保 service at 公安 window W11 counts at home speed; a 公安 one as it was', async () => {
    const clock = manualClock(at('09:00'));
    const s = await startTestServer({ clock, printers: new Map() });
    srv = s;
    expect(s.hall.signIn(xujun, 'W11').ok).toBe(true);
    await serve(s, clock, 'social', 13);
    await serve(s, clock, 'police', 8);
    const facts = dayFacts(s.hall, DAY);
    // No 社保 service at home to compare with: the hall runs with the prior 1.3, and 13 / 1.3 = 10.
    expect(facts.crossSkillSlowdown).toBe(1.3);
    const minutes = facts.tickets.map((t) => [t.categoryId, t.serviceMinutes]);
    expect(minutes).toEqual([
      ['social', expect.closeTo(10, 9)],
      ['police', expect.closeTo(8, 9)],
    ]);
  });

  it("a 过号 holds the window the median of the day's marks: 1.5, 3 and 3 minutes after the first call", async () => {
    const clock = manualClock(at('09:00'));
    const s = await startTestServer({ clock, printers: new Map() });
    srv = s;
    expect(s.hall.signIn(xujun, 'W11').ok).toBe(true);
    expect(dayFacts(s.hall, DAY).noShowTimeoutMinutes).toBe(2);
    for (const held of [1.5, 3, 3]) {
      await issueAndCall(s, 'police');
      for (let k = 0; k < 2; k++) expect(s.hall.windowCommand(xujun, 'W11', { type: 'recall' }).ok).toBe(true);
      clock.advance(held * MIN);
      expect(s.hall.windowCommand(xujun, 'W11', { type: 'no-show' }).ok).toBe(true);
    }
    expect(dayFacts(s.hall, DAY).noShowTimeoutMinutes).toBe(3);
  });
});
