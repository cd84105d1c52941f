/**
 * What the server knows beyond the queue reaches the estimate (issue 19): a paused window with a usual
 * return (临时离开) is waited for instead of "no open window", a pause without one (系统故障) is not, and
 * a ticket that cannot be called before the hall's lunch gap (12:00–13:30 in the demo hours) waits
 * across it. 2026-11-23 is a Monday.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { localTimeToEpoch } from '@hall/contract';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { manualClock, type ManualClock } from '../services/clock.ts';
import type { Actor } from './actor.ts';

const at = (hhmm: string) => localTimeToEpoch('2026-11-23', hhmm, 'Asia/Shanghai');
const staff: Actor = { kind: 'user', id: 'xujun', role: 'staff', source: 'test' };
const kiosk: Actor = { kind: 'device', id: 'KIOSK1', role: 'kiosk', source: 'test' };

let srv: TestServer | null = null;
afterEach(async () => {
  await srv?.stop();
  srv = null;
});

/** The demo hall with only 公安's W11 staffed, `queued` 公安 tickets waiting and one in service. */
async function policeHall(clock: ManualClock, queued: number) {
  const s = await startTestServer({ clock, printers: new Map() });
  srv = s;
  expect(s.hall.signIn(staff, 'W11').ok).toBe(true);
  for (let i = 0; i < queued + 1; i++) {
    clock.advance(10_000);
    expect((await s.hall.issueTicket(kiosk, { categoryId: 'police', channel: 'kiosk' })).ok).toBe(true);
  }
  expect(s.hall.windowCommand(staff, 'W11', { type: 'call-next' }).ok).toBe(true);
  expect(s.hall.windowCommand(staff, 'W11', { type: 'start' }).ok).toBe(true);
  const police = () => s.hall.queueStats().find((q) => q.categoryId === 'police')?.waitEstimate;
  return { s, police };
}

describe('wait estimates: pauses and the lunch gap', () => {
  it('waits for a window paused 临时离开 (back in about 10 minutes); a 系统故障 pause has no known return', async () => {
    const clock = manualClock(at('10:00'));
    const { s, police } = await policeHall(clock, 0);
    expect(s.hall.windowCommand(staff, 'W11', { type: 'finish' }).ok).toBe(true);
    expect(s.hall.windowCommand(staff, 'W11', { type: 'pause', reason: '临时离开' }).ok).toBe(true);
    clock.advance(2 * 60_000);
    const back = police();
    expect(back?.note).toBeUndefined();
    // Paused 2 minutes ago for a usual 10: called in about 8 minutes.
    expect(back?.minutes).toBeGreaterThanOrEqual(7);
    expect(back?.minutes).toBeLessThanOrEqual(9);
    expect(s.hall.windowCommand(staff, 'W11', { type: 'unpause' }).ok).toBe(true);
    expect(s.hall.windowCommand(staff, 'W11', { type: 'pause', reason: '系统故障' }).ok).toBe(true);
    clock.advance(30_000);
    expect(police()?.note).toBe('NO_OPEN_WINDOW');
  });

  it('a ticket not reached before 12:00 waits across the lunch gap to 13:30', async () => {
    const clock = manualClock(at('11:30'));
    const { police } = await policeHall(clock, 4);
    // One service in progress and four ahead of about 8 minutes each: past 12:00, so after 13:30.
    const e = police();
    expect(e?.note).toBeUndefined();
    expect(e?.minutes).toBeGreaterThan(120);
  });
});
