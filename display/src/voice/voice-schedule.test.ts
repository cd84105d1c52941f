/**
 * The voice schedule under a simulated clock. Sounds last exactly: chime 1000 ms, the full sentence 4000 ms,
 * the brief one 2500 ms, each divided by the rate. Every expected timeline below was worked out by hand from
 * the rules in voice-schedule.ts (target 15 s, repetitions expire 30 s after the first saying, a run starts
 * after 1.5 s of quiet); the comments show the arithmetic.
 */
import { describe, expect, it } from 'vitest';
import type { CallAnnouncement, PublicTicket } from '@hall/contract';
import { dropReason, VoiceSchedule, type DurationEstimator, type ScheduleSettings } from './voice-schedule.ts';
import { simulate as run, type SimEvent, type SimSound } from './voice-sim.ts';

const durations: DurationEstimator = {
  sayMs: (_call, template, rate) => (template === 'full' ? 4000 : 2500) / rate,
  chimeMs: (rate) => 1000 / rate,
};
const SETTINGS: ScheduleSettings = { repeat: 2, chime: true, rate: 1 };
/** Sounds here last exactly their estimate, so the plan needs no margin: the target is 15 s. */
const OPTIONS = { targetMs: 15_000, planMarginMs: 0, repeatWindowMs: 30_000, runQuietMs: 1_500 };
const simulate = (events: readonly SimEvent[], settings: ScheduleSettings, d: DurationEstimator) => run(events, settings, d, OPTIONS);

let nextId = 1;
function call(number: string, windowNumber: number, patch: Partial<CallAnnouncement> = {}): CallAnnouncement {
  return {
    id: nextId++,
    ticketId: `t-${number}`,
    number,
    windowId: `W${windowNumber}`,
    windowName: `${windowNumber}号窗口`,
    windowNumber,
    at: '2026-05-12T09:00:00+08:00',
    isRecall: false,
    ...patch,
  };
}
const ticket = (
  number: string,
  status: PublicTicket['status'],
  windowNumber: number | null,
): Pick<PublicTicket, 'id' | 'status' | 'windowId'> => ({
  id: `t-${number}`,
  status,
  windowId: windowNumber === null ? null : `W${windowNumber}`,
});

/** "0 chime A001", "1000 say A001 full", "5600 say A001 full x1.2", "cut" marks a sentence stopped early. */
const show = (sounds: readonly SimSound[]) =>
  sounds.map(
    (s) =>
      `${Math.round(s.at)} ${s.kind} ${s.number}${s.template ? ` ${s.template}` : ''}${s.rate !== 1 ? ` x${s.rate}` : ''}${s.cut ? ' cut' : ''}`,
  );

describe('VoiceSchedule', () => {
  it('announces one call as chime, sentence, pause, sentence', () => {
    const a = call('A001', 1);
    const r = simulate([{ at: 0, call: a }], SETTINGS, durations);
    // chime 0–1000, sentence 1000–5000, pause 600, sentence 5600–9600.
    expect(show(r.sounds)).toEqual(['0 chime A001', '1000 say A001 full', '5600 say A001 full']);
    expect(r.records).toMatchObject([{ number: 'A001', queuedAt: 0, startedAt: 0, saidAt: 1000, endedAt: 9600, sayings: 2, level: 0 }]);
  });

  it('says a burst of five calls once each, each starting within 15 s, and repeats them afterwards', () => {
    const burst = ['A001', 'A002', 'A003', 'A004', 'A005'].map((n, i) => call(n, i + 1));
    const r = simulate(
      burst.map((c) => ({ at: 0, call: c })),
      SETTINGS,
      durations,
    );
    // At 0 the full sentence with a chime each (level 0) would start A004 at 17.8 s, one chime per run
    // (level 1) A005 at 19.4 s; the brief sentence with 450 ms pauses (level 2) starts A005 at 12.8 s.
    // After A003 (ends 9400) level 1 fits again: A004 at 10.0 s, A005 at 14.6 s. Then the repetitions,
    // full, 600 ms apart: 19.2, 23.8, 28.4, 33.0, 37.6 s (each within 30 s of its first saying).
    expect(show(r.sounds)).toEqual([
      '0 chime A001',
      '1000 say A001 brief',
      '3950 say A002 brief',
      '6900 say A003 brief',
      '10000 say A004 full',
      '14600 say A005 full',
      '19200 say A001 full',
      '23800 say A002 full',
      '28400 say A003 full',
      '33000 say A004 full',
      '37600 say A005 full',
    ]);
    expect(r.records.map((x) => x.saidAt)).toEqual([1000, 3950, 6900, 10000, 14600]);
    expect(r.records.map((x) => x.level)).toEqual([2, 2, 2, 1, 1]);
    expect(r.maxConcurrent).toBe(1);
  });

  it('drops a call finished before its turn, and the repetition of a call marked 过号', () => {
    const [a, b, c] = [call('B001', 1), call('B002', 2), call('B003', 3)];
    const r = simulate(
      [
        { at: 0, call: a },
        { at: 0, call: b },
        { at: 0, call: c },
        { at: 2000, ticket: ticket('B002', 'done', 2) },
        { at: 9000, ticket: ticket('B003', 'no_show', 3) },
      ],
      SETTINGS,
      durations,
    );
    // Level 0 fits three calls at 0 (B003 at 12.2 s). B002 is finished at 2 s, so after B001 (1000–5000)
    // the next is B003: pause 600, chime 5600–6600, sentence 6600–10600. 过号 at 9 s: its sentence plays
    // to its end, its repetition is dropped. B001 repeats at 11.2 s.
    expect(show(r.sounds)).toEqual(['0 chime B001', '1000 say B001 full', '5600 chime B003', '6600 say B003 full', '11200 say B001 full']);
    expect(r.records.map((x) => [x.number, x.sayings, x.dropReason, x.droppedAt, x.endedAt])).toEqual([
      ['B001', 2, null, null, 15200],
      ['B002', 0, 'finished', 2000, 2000],
      ['B003', 1, 'no_show', 9000, 10600],
    ]);
  });

  it('drops calls whose window closed, paused or moved on, and whose ticket was transferred or arrived', () => {
    const calls = ['C001', 'C002', 'C003', 'C004', 'C005'].map((n, i) => call(n, i + 1));
    const r = simulate(
      [
        ...calls.map((c) => ({ at: 0, call: c })),
        { at: 100, window: { id: 'W2', status: 'closed' as const, currentTicket: null } },
        { at: 100, window: { id: 'W3', status: 'paused' as const, currentTicket: null } },
        { at: 100, ticket: ticket('C004', 'waiting', null) },
        { at: 100, ticket: ticket('C005', 'serving', 5) },
      ],
      SETTINGS,
      durations,
    );
    expect(show(r.sounds)).toEqual(['0 chime C001', '1000 say C001 full', '5600 say C001 full']);
    expect(r.records.map((x) => x.dropReason)).toEqual([null, 'window_closed', 'window_paused', 'transferred', 'arrived']);
  });

  it('merges recalls of a ticket not yet voiced into one announcement', () => {
    const a = call('D001', 1);
    const b = call('D002', 2);
    const recall1 = call('D002', 2, { isRecall: true });
    const recall2 = call('D002', 2, { isRecall: true });
    const r = simulate(
      [
        { at: 0, call: a },
        { at: 0, call: b },
        { at: 500, call: recall1 },
        { at: 800, call: recall2 },
      ],
      SETTINGS,
      durations,
    );
    // Two calls fit level 0: D001 chime 0–1000, sentence 1000–5000; D002 pause, chime 5600–6600,
    // sentence 6600–10600; repetitions at 11.2 s and 15.8 s. D002 is announced once, not three times.
    expect(show(r.sounds)).toEqual([
      '0 chime D001',
      '1000 say D001 full',
      '5600 chime D002',
      '6600 say D002 full',
      '11200 say D001 full',
      '15800 say D002 full',
    ]);
    expect(r.records).toHaveLength(2);
    expect(r.records[1]).toMatchObject({ number: 'D002', callIds: [b.id, recall1.id, recall2.id], callId: recall2.id, queuedAt: 0 });
  });

  it('lets a recall after the first saying replace the repetition still owed, behind calls never voiced', () => {
    const a = call('E001', 1);
    const recall = call('E001', 1, { isRecall: true });
    const b = call('E002', 2);
    const r = simulate(
      [
        { at: 0, call: a },
        { at: 5200, call: recall },
        { at: 5300, call: b },
      ],
      SETTINGS,
      durations,
    );
    // E001: chime 0–1000, sentence 1000–5000. The recall at 5.2 s closes the first announcement (its
    // repetition is no longer owed) and waits behind E002, never voiced: pause to 5600, E002 chime
    // 5600–6600, sentence 6600–10600; E001 recall: pause, chime 11200–12200, sentence 12200–16200; then
    // E002's repetition 16.8 s and the recall's 21.4 s.
    expect(show(r.sounds)).toEqual([
      '0 chime E001',
      '1000 say E001 full',
      '5600 chime E002',
      '6600 say E002 full',
      '11200 chime E001',
      '12200 say E001 full',
      '16800 say E002 full',
      '21400 say E001 full',
    ]);
    expect(r.records.map((x) => [x.number, x.isRecall, x.sayings, x.endedAt])).toEqual([
      ['E001', false, 1, 5200],
      ['E001', true, 2, 25400],
      ['E002', false, 2, 20800],
    ]);
  });

  it('cuts a repetition short when a burst would otherwise start late', () => {
    const a = call('F001', 1);
    const burst = ['F002', 'F003', 'F004', 'F005'].map((n, i) => call(n, i + 2));
    const r = simulate([{ at: 0, call: a }, ...burst.map((c) => ({ at: 6000, call: c }))], SETTINGS, durations);
    // F001's repetition plays from 5600. At 6 s four calls arrive; if it played to 9600 even the brief
    // sentence would be needed (level 2 > 1), so it is cut at 6 s. The run goes on without a new chime:
    // level 1 fits (starts 6.6, 11.2, 15.8, 20.4 s against a target of 21 s).
    expect(show(r.sounds)).toEqual([
      '0 chime F001',
      '1000 say F001 full',
      '5600 say F001 full cut',
      '6600 say F002 full',
      '11200 say F003 full',
      '15800 say F004 full',
      '20400 say F005 full',
      '25000 say F002 full',
      '29600 say F003 full',
      '34200 say F004 full',
      '38800 say F005 full',
    ]);
    expect(r.records[0]).toMatchObject({ sayings: 2, cuts: 1, failures: 0 });
  });

  it('drops repetitions that could not be played within 30 s of the first saying', () => {
    const a = call('G001', 1);
    const many = Array.from({ length: 8 }, (_, i) => call(`G1${String(i).padStart(2, '0')}`, i + 2));
    // One call every 4.5 s keeps the hall busy with calls never voiced, so G001's repetition waits.
    const events: SimEvent[] = [{ at: 0, call: a }, ...many.map((c, i) => ({ at: 4000 + i * 4500, call: c }))];
    const r = simulate(events, { ...SETTINGS, repeat: 2 }, durations);
    const g = r.records[0];
    expect(g?.sayings).toBe(1);
    expect(g?.dropReason).toBe('repeat_expired');
    // Its first saying ended at 5000; it was dropped at the first decision after 35 000.
    expect(g?.droppedAt).toBeGreaterThan(35_000);
    expect(r.sounds.filter((s) => s.number === 'G001').map((s) => s.at)).toEqual([0, 1000]);
  });

  it('says each call once with repeat 1, and never chimes when the chime is off', () => {
    const r = simulate(
      [
        { at: 0, call: call('H001', 1) },
        { at: 0, call: call('H002', 2) },
      ],
      { repeat: 1, chime: false, rate: 1 },
      durations,
    );
    expect(show(r.sounds)).toEqual(['0 say H001 full', '4600 say H002 full']);
  });

  it('speaks faster when even the brief sentence would be late', () => {
    const burst = ['J001', 'J002', 'J003', 'J004', 'J005', 'J006', 'J007'].map((n, i) => call(n, i + 1));
    const r = simulate(
      burst.map((c) => ({ at: 0, call: c })),
      SETTINGS,
      durations,
    );
    // Seven at once: level 2 would start J007 at 1000 + 6 × 2950 = 18.7 s; level 3 (×1.2, 300 ms pauses:
    // chime 833, sentence 2083 + 250) at 833 + 6 × 2333 = 14.8 s, so the run starts at level 3.
    expect(r.records[0]?.level).toBe(3);
    expect(show(r.sounds).slice(0, 2)).toEqual(['0 chime J001 x1.2', '833 say J001 brief x1.2']);
    for (const rec of r.records) expect((rec.saidAt ?? Infinity) - rec.queuedAt).toBeLessThanOrEqual(15_000);
  });

  it('plans against the target less its margin, so sounds running long still start on time', () => {
    // Four calls at once. Planning to 15 s, one chime per run (level 1) fits: A004 at 1000 + 3 × 4600 =
    // 14.8 s. Planning to 15 − 1.5 = 13.5 s it does not, and the brief sentence (level 2) is chosen:
    // A004 at 1000 + 3 × 2950 = 9.85 s.
    const burst = ['L001', 'L002', 'L003', 'L004'].map((n, i) => call(n, i + 1));
    const events = burst.map((c) => ({ at: 0, call: c }));
    expect(run(events, SETTINGS, durations, OPTIONS).records[0]?.level).toBe(1);
    expect(run(events, SETTINGS, durations, { ...OPTIONS, planMarginMs: 1_500 }).records[0]?.level).toBe(2);
    // With every sound 25 % longer than planned, the margin keeps each call within 15 s.
    const longer: DurationEstimator = { sayMs: (c, t, r) => durations.sayMs(c, t, r) * 1.25, chimeMs: (r) => durations.chimeMs(r) * 1.25 };
    const late = run(events, SETTINGS, durations, { ...OPTIONS, planMarginMs: 1_500 }, longer);
    for (const rec of late.records) expect((rec.saidAt ?? Infinity) - rec.queuedAt).toBeLessThanOrEqual(15_000);
  });

  it('refuses to be asked for a step while one is playing', () => {
    const s = new VoiceSchedule(durations, OPTIONS);
    s.add(call('K001', 1), 0);
    expect(s.next(0, SETTINGS)?.kind).toBe('chime');
    expect(() => s.next(10, SETTINGS)).toThrow(/playing/);
  });
});

describe('dropReason', () => {
  const c = { ticketId: 't1', windowId: 'W1' };
  const win = (status: 'open' | 'closed' | 'paused', current: [string, PublicTicket['status']] | null) => ({
    status,
    currentTicketId: current?.[0] ?? null,
    currentStatus: current?.[1] ?? null,
  });
  it('keeps a call whose ticket is called at its window, or about which nothing is known', () => {
    expect(dropReason(c, undefined, undefined)).toBeNull();
    expect(dropReason(c, { status: 'called', windowId: 'W1' }, win('open', ['t1', 'called']))).toBeNull();
    // A supervisor may call at a window nobody opened (emergency takeover): the ticket counts.
    expect(dropReason(c, { status: 'called', windowId: 'W1' }, win('closed', ['t1', 'called']))).toBeNull();
  });
  it('names why a call is no longer true', () => {
    expect(dropReason(c, { status: 'done', windowId: 'W1' }, undefined)).toBe('finished');
    expect(dropReason(c, { status: 'no_show', windowId: 'W1' }, undefined)).toBe('no_show');
    expect(dropReason(c, { status: 'cancelled', windowId: null }, undefined)).toBe('cancelled');
    expect(dropReason(c, { status: 'suspended', windowId: 'W1' }, undefined)).toBe('suspended');
    expect(dropReason(c, { status: 'waiting', windowId: null }, undefined)).toBe('transferred');
    expect(dropReason(c, { status: 'called', windowId: 'W2' }, undefined)).toBe('transferred');
    expect(dropReason(c, { status: 'serving', windowId: 'W1' }, undefined)).toBe('arrived');
    expect(dropReason(c, undefined, win('open', ['t1', 'serving']))).toBe('arrived');
    expect(dropReason(c, undefined, win('closed', null))).toBe('window_closed');
    expect(dropReason(c, undefined, win('paused', null))).toBe('window_paused');
    expect(dropReason(c, undefined, win('open', null))).toBe('window_moved_on');
    expect(dropReason(c, undefined, win('open', ['t2', 'called']))).toBe('window_moved_on');
  });
});
