/**
 * What the server knows beyond the queue reaches the estimate (issue 19): a paused window with a usual
 * return (临时离开) is waited for instead of "no open window", a pause without one (系统故障) is not, and
 * a ticket that cannot be called before the hall's lunch gap (12:00–13:30 in the demo hours) waits
 * across it. 2026-11-23 is a Monday.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { localTimeToEpoch } from '@hall/contract';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { manualClock, type ManualClock } from '../services/clock.ts';
import type { Actor } from './actor.ts';
import { TicketRepository } from '../db/ticket-repository.ts';

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

describe('wait estimates: what the hall learns from its own history', () => {
  const wuxia: Actor = { kind: 'user', id: 'wuxia', role: 'staff', source: 'test' };

  /** Issues a ticket and serves it at `window` for `minutes` (called by id, so the window's home does not decide). */
  async function serve(s: TestServer, clock: ManualClock, who: Actor, window: string, categoryId: string, minutes: number) {
    const r = await s.hall.issueTicket(kiosk, { categoryId, channel: 'kiosk' });
    if (!r.ok) throw new Error(r.code);
    expect(s.hall.windowCommand(who, window, { type: 'call-specific', ticketId: r.value.id }).ok).toBe(true);
    expect(s.hall.windowCommand(who, window, { type: 'start' }).ok).toBe(true);
    clock.advance(minutes * 60_000);
    expect(s.hall.windowCommand(who, window, { type: 'finish' }).ok).toBe(true);
  }

  it('the cross-skill slowdown comes from the hall: 社保 takes 10 minutes at its home window W10 and 20 at 公安 W11', async () => {
    const clock = manualClock(at('09:00'));
    const s = await startTestServer({ clock, printers: new Map() });
    srv = s;
    expect(s.hall.queries.dispatchConfig().crossSkillSlowdown).toBe(1.3);
    expect(s.hall.signIn(wuxia, 'W10').ok).toBe(true);
    expect(s.hall.signIn(staff, 'W11').ok).toBe(true);
    for (let i = 0; i < 5; i++) await serve(s, clock, wuxia, 'W10', 'social', 10);
    for (let i = 0; i < 5; i++) await serve(s, clock, staff, 'W11', 'social', 20);
    // A 公安 service at 公安's own window is home work: it does not count as slowness.
    await serve(s, clock, staff, 'W11', 'police', 30);
    clock.advance(10 * 60_000 + 1_000);
    // Five services at a ratio of 2, blended with the prior 1.3 weighted as 20: exp((20 ln 1.3 + 5 ln 2) / 25).
    expect(s.hall.queries.dispatchConfig().crossSkillSlowdown).toBeCloseTo(1.417, 3);
  });

  it("today's 过号 share shortens the wait: a 公安 queue where four of four called citizens did not come", async () => {
    const estimateAfter = async (noShows: number) => {
      const clock = manualClock(at('10:00'));
      const s = await startTestServer({ clock, printers: new Map() });
      expect(s.hall.signIn(staff, 'W11').ok).toBe(true);
      for (let i = 0; i < noShows; i++) {
        expect((await s.hall.issueTicket(kiosk, { categoryId: 'police', channel: 'kiosk' })).ok).toBe(true);
        expect(s.hall.windowCommand(staff, 'W11', { type: 'call-next' }).ok).toBe(true);
        for (let k = 0; k < 2; k++) {
          clock.advance(30_000);
          expect(s.hall.windowCommand(staff, 'W11', { type: 'recall' }).ok).toBe(true);
        }
        clock.advance(30_000);
        expect(s.hall.windowCommand(staff, 'W11', { type: 'no-show' }).ok).toBe(true);
      }
      clock.advance(61_000);
      for (let i = 0; i < 5; i++) {
        clock.advance(10_000);
        expect((await s.hall.issueTicket(kiosk, { categoryId: 'police', channel: 'kiosk' })).ok).toBe(true);
      }
      expect(s.hall.windowCommand(staff, 'W11', { type: 'call-next' }).ok).toBe(true);
      expect(s.hall.windowCommand(staff, 'W11', { type: 'start' }).ok).toBe(true);
      clock.advance(61_000);
      const e = s.hall.queueStats().find((q) => q.categoryId === 'police')?.waitEstimate;
      await s.stop();
      return e?.minutes ?? null;
    };
    const plain = await estimateAfter(0);
    const missed = await estimateAfter(4);
    expect(plain).not.toBeNull();
    expect(missed).not.toBeNull();
    // Four tickets ahead of about 8 minutes each, plus the one in service. With 4 no-shows in 4 calls
    // (share 4 / 9 after the prior) each ticket ahead costs about 0.56 × 8 + 0.44 × 1.5 ≈ 5 minutes, not 8.
    expect(missed as number).toBeLessThan(0.85 * (plain as number));
  });
});

describe('wait estimates: the range holds the wait as often as it says', () => {
  it('a ticket shown 10 minutes (8–12) and called after 20, forty times last Friday, widens the range shown today', async () => {
    const clock = manualClock(at('09:00'));
    const s = await startTestServer({ clock, printers: new Map() });
    srv = s;
    const repo = new TicketRepository(s.db);
    expect(s.hall.signIn(staff, 'W11').ok).toBe(true);
    const issue = async () => {
      const r = await s.hall.issueTicket(kiosk, { categoryId: 'police', channel: 'kiosk' });
      if (!r.ok) throw new Error(r.code);
      return { shown: r.value.waitEstimate, sampled: repo.sampledWaitOf(r.value.id), id: r.value.id };
    };
    // No record yet: what is shown is what the replays gave, and that is what is kept.
    const first = await issue();
    expect(first.sampled).toEqual({ low: first.shown.low, high: first.shown.high });

    // The record: last Friday forty tickets were shown 10 minutes (8–12) and each was called after 20.
    const template = repo.get(first.id);
    if (!template) throw new Error('ticket not stored');
    const friday = localTimeToEpoch('2026-11-20', '09:00', 'Asia/Shanghai');
    for (let i = 0; i < 40; i++) {
      const issuedAt = friday + i * 60_000;
      repo.insert({
        ...template,
        id: randomUUID(),
        businessDate: '2026-11-20',
        seq: i + 1,
        number: `${template.prefix}${String(i + 1).padStart(3, '0')}`,
        token: randomUUID(),
        status: 'done',
        issuedAt,
        queuedAt: issuedAt,
        estimatedWaitMinutes: 10,
        waitEstimate: { minutes: 10, low: 8, high: 12 },
        sampledWait: { low: 8, high: 12 },
        firstCalledAt: issuedAt + 20 * 60_000,
        calledAt: issuedAt + 20 * 60_000,
      });
    }
    clock.advance(10 * 60_000 + 1_000);

    // Today's tickets until one is shown a figure in the same 5–15 minute band.
    let t = await issue();
    for (let k = 0; k < 10 && ((t.shown.minutes ?? 0) < 5 || t.sampled === null || t.sampled.high - (t.shown.minutes ?? 0) < 1); k++) {
      clock.advance(10_000);
      t = await issue();
    }
    const m = t.shown.minutes as number;
    expect(m).toBeGreaterThanOrEqual(5);
    expect(m).toBeLessThan(15);
    const sampled = t.sampled as { low: number; high: number };
    // Every recorded wait ran (20 − 0.5 − 10) ÷ (12 − 10) = 4.75 upper halves past its point: more than the
    // cap of 4, so today's upper half is shown four times as long. Nobody waited less: the low end stays.
    expect(t.shown.high).toBe(m + 4 * (sampled.high - m));
    expect(t.shown.low).toBe(sampled.low);
    // The record keeps the replays' range, so tomorrow learns from it and not from today's widening.
    expect(sampled.high).toBeLessThan(t.shown.high);
  });

  it('the scheduler re-reads the record when it expires, so a citizen taking a ticket does not wait for it', async () => {
    const clock = manualClock(at('09:00'));
    const read = vi.spyOn(TicketRepository.prototype, 'rangeRecords');
    const s = await startTestServer({ clock, printers: new Map() });
    srv = s;
    expect(s.hall.signIn(staff, 'W11').ok).toBe(true);
    expect((await s.hall.issueTicket(kiosk, { categoryId: 'police', channel: 'kiosk' })).ok).toBe(true);
    const afterFirst = read.mock.calls.length;
    expect(afterFirst).toBeGreaterThan(0);
    clock.advance(10 * 60_000 + 1_000);
    s.hall.refreshEstimates(2);
    expect(read.mock.calls.length).toBe(afterFirst + 1);
    expect((await s.hall.issueTicket(kiosk, { categoryId: 'police', channel: 'kiosk' })).ok).toBe(true);
    expect(read.mock.calls.length).toBe(afterFirst + 1);
    read.mockRestore();
  });
});
