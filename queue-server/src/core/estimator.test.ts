import { describe, expect, it } from 'vitest';
import {
  arrivalRatesPerHour,
  estimateWait,
  estimateWaitMinutes,
  type EstimateInput,
  type EstimateTicket,
  type EstimateWindow,
} from './estimator.ts';
import type { DispatchWindow, QueuedTicket } from './queue-model.ts';

const MIN = 60_000;
const NOW = 9 * 60 * MIN;

function ticket(id: string, categoryId: string, waitedMinutes: number, extra: Partial<QueuedTicket> = {}): QueuedTicket {
  const at = NOW - waitedMinutes * MIN;
  return { id, categoryId, priority: 'normal', issuedAt: at, queuedAt: at, targetWindowId: null, ...extra };
}

function win(id: string, home: string, extra: Partial<EstimateWindow> = {}): EstimateWindow {
  return { id, home, skills: [home], allocation: [home], priorityStreak: 0, isOpen: true, busyUntil: NOW, isIdle: true, ...extra };
}

function full(waiting: EstimateTicket[], windows: DispatchWindow[], extra: Partial<EstimateInput> = {}): EstimateInput {
  return {
    categoryId: 'A',
    priority: 'normal',
    ahead: waiting.filter((t) => t.categoryId === 'A'),
    windows,
    now: NOW,
    serviceMinutes: { A: 10, B: 6 },
    crossSkillSlowdown: 1.3,
    waiting,
    policy: 'dynamic',
    ...extra,
  };
}

describe('estimateWaitMinutes() simple mode (v1 inputs)', () => {
  it('shares the work ahead among the windows serving the category', () => {
    const input: EstimateInput = {
      categoryId: 'A',
      priority: 'normal',
      ahead: [ticket('A001', 'A', 5), ticket('A002', 'A', 3), ticket('A003', 'A', 1), ticket('A004', 'A', 0)],
      windows: [win('W1', 'A', { busyUntil: NOW + 2 * MIN }), win('W2', 'A', { busyUntil: NOW + 6 * MIN })],
      now: NOW,
      serviceMinutes: { A: 10 },
      crossSkillSlowdown: 1.3,
    };
    // first free in 2 min, then 4 × 10 min of work on 2 windows
    expect(estimateWaitMinutes(input)).toBe(22);
  });

  it('assumes one ticket per mean service when no window serves the category', () => {
    const input: EstimateInput = {
      categoryId: 'A',
      priority: 'normal',
      ahead: [ticket('A001', 'A', 1)],
      windows: [],
      now: NOW,
      serviceMinutes: { A: 10 },
      crossSkillSlowdown: 1,
    };
    expect(estimateWaitMinutes(input)).toBe(20);
  });
});

describe('estimateWaitMinutes() projection (full mode)', () => {
  it('is zero when a window is idle and nothing waits', () => {
    expect(estimateWaitMinutes(full([], [win('W1', 'A')]))).toBe(0);
  });

  it('replays one window: residual service, then each ticket ahead', () => {
    const waiting = [ticket('A001', 'A', 4), ticket('A002', 'A', 2), ticket('A003', 'A', 1)];
    const w = win('W1', 'A', { isIdle: false, busyUntil: NOW + 5 * MIN });
    expect(estimateWaitMinutes(full(waiting, [w]))).toBe(35);
  });

  it('splits the queue between two windows', () => {
    const waiting = [ticket('A001', 'A', 4), ticket('A002', 'A', 2), ticket('A003', 'A', 1)];
    const ws = [win('W1', 'A', { isIdle: false, busyUntil: NOW + 5 * MIN }), win('W2', 'A', { isIdle: false, busyUntil: NOW + 5 * MIN })];
    // calls at +5, +5, +15, +15 (the new ticket is 4th)
    expect(estimateWaitMinutes(full(waiting, ws))).toBe(15);
  });

  it('assumes an overrunning service needs at least another minute', () => {
    const w = win('W1', 'A', { isIdle: false, busyUntil: NOW - 3 * MIN });
    expect(estimateWaitMinutes(full([], [w]))).toBe(1);
  });

  it('counts the time a window loses on expected no-shows', () => {
    const waiting = [ticket('A001', 'A', 4), ticket('A002', 'A', 2)];
    const w = win('W1', 'A', { isIdle: false, busyUntil: NOW + 2 * MIN });
    // 2 min residual, then each call: 0.8 × 10 min served + 0.2 × 5 min lost
    expect(estimateWaitMinutes(full(waiting, [w], { noShowRate: { A: 0.2 }, noShowTimeoutMinutes: 5 }))).toBe(20);
  });

  it('lets projected priority arrivals go ahead of a normal ticket', () => {
    const waiting = [ticket('A001', 'A', 4), ticket('A002', 'A', 2)];
    const w = win('W1', 'A', { isIdle: false, busyUntil: NOW + 2 * MIN });
    const base = estimateWaitMinutes(full(waiting, [w]));
    const withPriority = estimateWaitMinutes(full(waiting, [w], { arrivalRatePerHour: { A: 12 }, priorityShare: { A: 0.5 } }));
    expect(base).toBe(22);
    expect(withPriority).toBeGreaterThan(base);
  });

  it('projects no arrivals after the hall stops issuing tickets', () => {
    const waiting = [ticket('A001', 'A', 4), ticket('A002', 'A', 2)];
    const w = win('W1', 'A', { isIdle: false, busyUntil: NOW + 2 * MIN });
    const closed = estimateWaitMinutes(
      full(waiting, [w], { arrivalRatePerHour: { A: 12 }, priorityShare: { A: 0.5 }, arrivalsEndAt: NOW }),
    );
    expect(closed).toBe(22);
  });

  it('waits for a window on a planned break, and for a paused window to come back', () => {
    const onLunch = win('W1', 'A', { isOpen: false, isIdle: false, pausedUntil: NOW + 30 * MIN });
    expect(estimateWaitMinutes(full([], [onLunch]))).toBe(30);
    const lunchSoon = win('W1', 'A', {
      isIdle: false,
      busyUntil: NOW + 5 * MIN,
      plannedBreaks: [{ from: NOW + 4 * MIN, to: NOW + 60 * MIN }],
    });
    expect(estimateWaitMinutes(full([ticket('A001', 'A', 1)], [lunchSoon]))).toBe(70);
  });

  it('follows the policy: under static a ticket waits for its own window, under skillfifo a certified one helps', () => {
    const waiting = [ticket('A001', 'A', 4)];
    const a = win('W1', 'A', { isIdle: false, busyUntil: NOW + 10 * MIN });
    const b = win('W2', 'B', { skills: ['B', 'A'], isIdle: false, busyUntil: NOW + 2 * MIN });
    expect(estimateWaitMinutes(full(waiting, [a, b], { policy: 'static' }))).toBe(20);
    // W2 calls A001 at +2 (13 min at 1.3×), W1 calls the new ticket at +10.
    expect(estimateWaitMinutes(full(waiting, [a, b], { policy: 'skillfifo' }))).toBe(10);
  });

  it("keeps the queue lengths up to date, so dynamic's home-queue rule holds in the projection too", () => {
    const a = ['A001', 'A002', 'A003', 'A004'].map((id) => ticket(id, 'A', 1));
    const b = ticket('B001', 'B', 20);
    const helper = win('W1', 'A', { skills: ['A', 'B'], allocation: ['A', 'B'] });
    const bHome = win('W2', 'B', { isIdle: false, busyUntil: NOW + 60 * MIN });
    // W1 keeps to A while 3 A tickets wait (it is A's only window): A001 at 0, A002 at +10; with two
    // left it takes B001 (waited 40 min by then) at +20. Counting only the heads it would take B001 at 0.
    const input = full([...a, b], [helper, bHome], { categoryId: 'B', ahead: [], ticket: b });
    expect(estimateWaitMinutes(input)).toBe(20);
  });

  it('estimates an existing ticket by id (the server re-estimates tickets already in the queue)', () => {
    const waiting = [ticket('A001', 'A', 4), ticket('A002', 'A', 2), ticket('A003', 'A', 1)];
    const w = win('W1', 'A', { isIdle: false, busyUntil: NOW + 5 * MIN });
    expect(estimateWaitMinutes(full(waiting, [w], { ticket: waiting[1] }))).toBe(15);
  });

  it('falls back to the simple estimate when nobody may serve the ticket', () => {
    const b = win('W2', 'B');
    expect(estimateWaitMinutes(full([ticket('A001', 'A', 4)], [b], { policy: 'static' }))).toBe(20);
  });
});

describe('arrivalRatesPerHour()', () => {
  const rec = (categoryId: string, minutesAgo: number, priority: QueuedTicket['priority'] = 'normal') => ({
    categoryId,
    priority,
    issuedAt: NOW - minutesAgo * MIN,
  });

  it('counts tickets of the last 30 minutes per category, with the priority share', () => {
    const issued = [rec('A', 1), rec('A', 10, 'green'), rec('A', 29), rec('A', 31), rec('B', 5, 'appointment')];
    const r = arrivalRatesPerHour(issued, NOW);
    expect(r.perHour).toEqual({ A: 6, B: 2 });
    expect(r.priorityShare.A).toBeCloseTo(1 / 3);
    expect(r.priorityShare.B).toBe(1);
  });

  it('uses the time since opening when that is shorter, but at least minMinutes', () => {
    expect(arrivalRatesPerHour([rec('A', 1), rec('A', 2)], NOW, { since: NOW - 5 * MIN }).perHour.A).toBe(12);
    expect(arrivalRatesPerHour([rec('A', 1), rec('A', 2)], NOW, { since: NOW - 20 * MIN }).perHour.A).toBe(6);
  });
});

describe('estimateWait(): point, range and notes', () => {
  it('says NO_OPEN_WINDOW, with no number, when no open window may serve the category', () => {
    const closed = win('W1', 'A', { isOpen: false, isIdle: false });
    const other = win('W2', 'B');
    const r = estimateWait(full([ticket('A001', 'A', 5)], [closed, other]));
    expect([r.minutes, r.low, r.high, r.note]).toEqual([null, 0, 0, 'NO_OPEN_WINDOW']);
  });

  it('gives a range around the point that holds the expected-time figure', () => {
    // One busy window, three ahead of 10 minutes each: about 35 minutes, never exactly.
    const w = win('W1', 'A', { isIdle: false, busyUntil: NOW + 5 * MIN });
    const r = estimateWait(full([ticket('A001', 'A', 3), ticket('A002', 'A', 2), ticket('A003', 'A', 1)], [w], { serviceCv: { A: 0.6 } }));
    expect(r.note).toBeUndefined();
    expect(r.expectedMinutes).toBeCloseTo(35, 0);
    expect(r.low).toBeLessThan(r.minutes as number);
    expect(r.high).toBeGreaterThan(r.minutes as number);
    expect(r.low).toBeLessThan(35);
    expect(r.high).toBeGreaterThan(35);
    // With cv 0.6 on 3.5 services the 10–90% span is wide: at least 15 minutes, less than 60.
    expect(r.high - r.low).toBeGreaterThan(15);
    expect(r.high - r.low).toBeLessThan(60);
  });

  it('grows with the queue in a burst (no 0, 0, 0, 60)', () => {
    const w = win('W1', 'A', { isIdle: false, busySince: NOW - 2 * MIN, busyUntil: NOW + 8 * MIN });
    const waiting: ReturnType<typeof ticket>[] = [];
    const points: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = estimateWait(full(waiting, [w], { seed: 1 }));
      points.push(r.minutes as number);
      waiting.push(ticket(`A00${i}`, 'A', 0, { issuedAt: NOW - 100 + i, queuedAt: NOW - 100 + i }));
    }
    for (let i = 1; i < points.length; i++) expect(points[i]).toBeGreaterThan(points[i - 1] as number);
    expect(points[0]).toBeGreaterThan(0);
  });

  it('conditions the service in progress on how long it has run', () => {
    // The same 10-minute matter: just started, or already 9 minutes in.
    const fresh = win('W1', 'A', { isIdle: false, busySince: NOW, busyUntil: NOW + 10 * MIN });
    const late = win('W1', 'A', { isIdle: false, busySince: NOW - 9 * MIN, busyUntil: NOW + MIN });
    const a = estimateWait(full([], [fresh], { samples: 0 }));
    const b = estimateWait(full([], [late], { samples: 0 }));
    expect(a.expectedMinutes).toBeCloseTo(10, 0);
    // A log-normal service that has run 9 of its expected 10 minutes has more than 1 minute left on average.
    expect(b.expectedMinutes).toBeGreaterThan(1.5);
    expect(b.expectedMinutes).toBeLessThan(a.expectedMinutes as number);
  });

  it("uses each waiting ticket's own expected service time", () => {
    const w = win('W1', 'A', { isIdle: false, busyUntil: NOW + MIN });
    const short = estimateWait(full([{ ...ticket('A001', 'A', 2), expectedServiceMinutes: 3 }], [w], { samples: 0 }));
    const long = estimateWait(full([{ ...ticket('A001', 'A', 2), expectedServiceMinutes: 30 }], [w], { samples: 0 }));
    expect(short.expectedMinutes).toBeCloseTo(4, 0);
    expect(long.expectedMinutes).toBeCloseTo(31, 0);
  });

  it("narrows the range to each service's own spread when the matters are known", () => {
    // One window 2 minutes into a 10-minute matter, two tickets of 10-minute matters ahead: about 28 minutes.
    const busy = { isIdle: false, busySince: NOW - 2 * MIN, busyUntil: NOW + 8 * MIN, currentServiceMinutes: 10 };
    const ahead = [ticket('A001', 'A', 3), ticket('A002', 'A', 2)];
    const category = estimateWait(
      full(
        ahead.map((t) => ({ ...t, expectedServiceMinutes: 10 })),
        [win('W1', 'A', busy)],
        { seed: 7 },
      ),
    );
    const own = estimateWait(
      full(
        ahead.map((t) => ({ ...t, expectedServiceMinutes: 10, expectedServiceCv: 0.02 })),
        [win('W1', 'A', { ...busy, currentServiceCv: 0.02 })],
        { seed: 7 },
      ),
    );
    // With cv 0.02 everywhere the replays hardly differ: 8 + 10 + 10 minutes, within a minute either side.
    expect(own.minutes).toBe(28);
    expect(own.low).toBeGreaterThanOrEqual(27);
    expect(own.high).toBeLessThanOrEqual(29);
    // The category's cv (default 0.7) spreads the same queue over more than ten minutes.
    expect(category.high - category.low).toBeGreaterThan(10);
  });

  it('says AFTER_CLOSE when the ticket will probably not be called before closing', () => {
    const w = win('W1', 'A', { isIdle: false, busyUntil: NOW + 5 * MIN });
    const ahead = Array.from({ length: 8 }, (_, i) => ticket(`A00${i}`, 'A', 8 - i));
    const late = estimateWait(full(ahead, [w], { callsEndAt: NOW + 30 * MIN }));
    expect([late.minutes, late.note]).toEqual([null, 'AFTER_CLOSE']);
    expect(late.projectedMinutes).toBeGreaterThan(60);
    expect(late.calledBeforeCloseShare).toBeLessThan(0.5);
    const inTime = estimateWait(full(ahead, [w], { callsEndAt: NOW + 4 * 3_600_000 }));
    expect(inTime.note).toBeUndefined();
    expect(inTime.minutes).toBeGreaterThan(60);
  });

  it('gives the same figure for the same state and seed', () => {
    const w = win('W1', 'A', { isIdle: false, busySince: NOW - MIN, busyUntil: NOW + 9 * MIN });
    const input = full([ticket('A001', 'A', 3)], [w], { seed: 42 });
    expect(estimateWait(input)).toEqual(estimateWait(input));
  });
});
