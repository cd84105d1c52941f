import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pickNext, POLICIES } from './dispatcher.ts';
import { DEFAULT_DISPATCH_CONFIG, type DispatchInput, type DispatchWindow, type PolicyName, type QueuedTicket } from './queue-model.ts';

const MIN = 60_000;
const NOW = 10 * 60 * MIN;

function ticket(id: string, categoryId: string, waitedMinutes: number, extra: Partial<QueuedTicket> = {}): QueuedTicket {
  const at = NOW - waitedMinutes * MIN;
  return { id, categoryId, priority: 'normal', issuedAt: at, queuedAt: at, targetWindowId: null, ...extra };
}

function win(id: string, home: string, skills: string[], extra: Partial<DispatchWindow> = {}): DispatchWindow {
  return { id, home, skills, allocation: [home], priorityStreak: 0, isOpen: true, busyUntil: NOW, isIdle: true, ...extra };
}

const SERVICE = { A: 10, B: 10, C: 30, F: 7 };

function input(window: DispatchWindow, waiting: QueuedTicket[], windows: DispatchWindow[] = [window]): DispatchInput {
  return { window, waiting, windows, now: NOW, config: DEFAULT_DISPATCH_CONFIG, serviceMinutes: SERVICE };
}

describe('pickNext() rules shared by every policy', () => {
  const policies: PolicyName[] = ['static', 'skillfifo', 'homefirst', 'dynamic', 'pooled'];

  it.each(policies)('%s gives a ticket transferred to the window before anything else', (policy) => {
    const w = win('W1', 'A', ['A']);
    const directed = ticket('A009', 'A', 1, { targetWindowId: 'W1' });
    expect(pickNext(policy, input(w, [ticket('A001', 'A', 30), directed]))?.id).toBe('A009');
  });

  it.each(policies)('%s never gives a ticket transferred to another window', (policy) => {
    const w = win('W1', 'A', ['A']);
    expect(pickNext(policy, input(w, [ticket('A001', 'A', 30, { targetWindowId: 'W2' })]))).toBeNull();
  });

  it.each(policies)('%s serves priority first, but lets a normal ticket through after the interleave', (policy) => {
    const waiting = [ticket('A001', 'A', 20), ticket('A002', 'A', 5, { priority: 'green' })];
    expect(pickNext(policy, input(win('W1', 'A', ['A']), waiting))?.id).toBe('A002');
    const streak = win('W1', 'A', ['A'], { priorityStreak: DEFAULT_DISPATCH_CONFIG.priorityInterleave });
    expect(pickNext(policy, input(streak, waiting))?.id).toBe('A001');
  });

  it.each(policies)('%s returns null when nothing waits', (policy) => {
    expect(pickNext(policy, input(win('W1', 'A', ['A']), []))).toBeNull();
  });

  it('exposes the four policies and the homefirst baseline', () => {
    expect(Object.keys(POLICIES).sort()).toEqual(['dynamic', 'homefirst', 'pooled', 'skillfifo', 'static']);
  });
});

describe('pickNext() homefirst baseline', () => {
  const w = win('W1', 'A', ['A', 'B']);

  it('keeps to its home queue while no other head has waited 5 minutes longer', () => {
    expect(pickNext('homefirst', input(w, [ticket('A001', 'A', 5), ticket('B001', 'B', 9.9)]))?.id).toBe('A001');
  });

  it('takes another skill whose head has waited 5 minutes longer', () => {
    expect(pickNext('homefirst', input(w, [ticket('A001', 'A', 5), ticket('B001', 'B', 10)]))?.id).toBe('B001');
  });

  it('takes the oldest certified ticket when its home queue is empty, never an uncertified one', () => {
    expect(pickNext('homefirst', input(w, [ticket('C001', 'C', 50), ticket('B002', 'B', 1), ticket('B001', 'B', 2)]))?.id).toBe('B001');
  });
});

describe('pickNext() baseline policies', () => {
  const waiting = [ticket('A001', 'A', 5), ticket('B001', 'B', 9), ticket('C001', 'C', 12)];

  it('static serves only the home category', () => {
    expect(pickNext('static', input(win('W1', 'A', ['A', 'B']), waiting))?.id).toBe('A001');
  });

  it('skillfifo takes the longest-waiting ticket among the skills', () => {
    expect(pickNext('skillfifo', input(win('W1', 'A', ['A', 'B']), waiting))?.id).toBe('B001');
  });

  it('pooled takes the longest-waiting ticket of the hall', () => {
    expect(pickNext('pooled', input(win('W1', 'A', ['A']), waiting))?.id).toBe('C001');
  });
});

describe('pickNext("dynamic")', () => {
  it('prefers the home queue over an equally old cross-skill ticket', () => {
    const w = win('W1', 'A', ['A', 'B'], { allocation: ['A', 'B'] });
    expect(pickNext('dynamic', input(w, [ticket('B001', 'B', 10), ticket('A001', 'A', 10)]))?.id).toBe('A001');
  });

  it('helps an allocated category once its ticket has waited clearly longer (slowdown-weighted)', () => {
    const w = win('W1', 'A', ['A', 'B'], { allocation: ['A', 'B'] });
    // index = √(age + 1) × speed / mean: A √5/10 ≈ 0.224, B √10/(10 × 1.3) ≈ 0.243.
    expect(pickNext('dynamic', input(w, [ticket('B001', 'B', 9), ticket('A001', 'A', 4)]))?.id).toBe('B001');
  });

  it('needs about slowdown² the age, not slowdown × the age, before a cross-skill head beats the home head', () => {
    const w = win('W1', 'A', ['A', 'B'], { allocation: ['A', 'B'] });
    // A √5/10 ≈ 0.224 against B √8/13 ≈ 0.218: home. (With the age linear, B's 8/13 ≈ 0.62 beat A's 0.5.)
    expect(pickNext('dynamic', input(w, [ticket('B001', 'B', 7), ticket('A001', 'A', 4)]))?.id).toBe('A001');
  });

  it('decides among tickets past the fairness limit by the same index, not oldest first', () => {
    const w = win('W1', 'A', ['A', 'B'], { allocation: ['A', 'B'] });
    const limit = DEFAULT_DISPATCH_CONFIG.fairnessMaxWaitMs / MIN;
    // Both overdue: A √(limit + 2)/10 ≈ 0.648 against B √(limit + 6)/13 ≈ 0.522: the home ticket.
    const both = [ticket('B001', 'B', limit + 5), ticket('A001', 'A', limit + 1), ticket('A002', 'A', 1)];
    expect(pickNext('dynamic', input(w, both))?.id).toBe('A001');
    // Only B overdue: it goes first although A's index alone would win (A √(limit)/10 vs B √(limit + 2)/13).
    expect(pickNext('dynamic', input(w, [ticket('B001', 'B', limit + 1), ticket('A001', 'A', limit - 1)]))?.id).toBe('B001');
  });

  it('favours the shorter matter between two waiting equally long (cμ)', () => {
    const w = win('W1', 'F', ['F', 'C'], { allocation: ['F', 'C'], home: 'X' });
    expect(pickNext('dynamic', input(w, [ticket('C001', 'C', 10), ticket('F001', 'F', 10)]))?.id).toBe('F001');
  });

  it('takes a ticket past the fairness limit first, whatever its category', () => {
    const w = win('W1', 'F', ['F', 'C'], { allocation: ['F', 'C'] });
    const limit = DEFAULT_DISPATCH_CONFIG.fairnessMaxWaitMs / MIN;
    expect(pickNext('dynamic', input(w, [ticket('F001', 'F', limit - 1), ticket('C001', 'C', limit + 1)]))?.id).toBe('C001');
  });

  it('calls a starving certified ticket even outside the allocation (backstop at 1.5 × the fairness limit)', () => {
    const w = win('W1', 'A', ['A', 'B']);
    const limit = (1.5 * DEFAULT_DISPATCH_CONFIG.fairnessMaxWaitMs) / MIN;
    expect(pickNext('dynamic', input(w, [ticket('A001', 'A', 1), ticket('B001', 'B', limit - 1)]))?.id).toBe('A001');
    expect(pickNext('dynamic', input(w, [ticket('A001', 'A', 1), ticket('B001', 'B', limit)]))?.id).toBe('B001');
    const custom = {
      ...input(w, [ticket('A001', 'A', 0), ticket('B001', 'B', 20)]),
      config: { ...DEFAULT_DISPATCH_CONFIG, anyWindowAfterMs: 15 * MIN },
    };
    expect(pickNext('dynamic', custom)?.id).toBe('B001');
  });

  it('rescues a category with home windows only once it has waited slowdown² × the helper’s head + 20 minutes', () => {
    const w = win('W1', 'A', ['A', 'B']);
    // B has a home window of its own, open but busy: it will call B's tickets, so W1 needs a strong reason.
    const bHome = win('W2', 'B', ['B'], { isIdle: false, busyUntil: NOW + 5 * MIN });
    const windows = [w, bHome];
    // Slowdown 1.3: 1.69 × 36 + 20 = 80.8 > 80, so the window keeps to its own queue;
    expect(pickNext('dynamic', input(w, [ticket('A001', 'A', 36), ticket('B001', 'B', 80)], windows))?.id).toBe('A001');
    // 1.69 × 35 + 20 = 79.2 ≤ 80: B is rescued.
    expect(pickNext('dynamic', input(w, [ticket('A001', 'A', 35), ticket('B001', 'B', 80)], windows))?.id).toBe('B001');
    const noLead = {
      ...input(w, [ticket('A001', 'A', 47), ticket('B001', 'B', 80)], windows),
      config: { ...DEFAULT_DISPATCH_CONFIG, backstopLeadMs: 0 },
    };
    // 1.69 × 47 = 79.4 ≤ 80.
    expect(pickNext('dynamic', noLead)?.id).toBe('B001');
    // Never before the backstop itself (60 minutes), however short the helper's own queue's wait.
    expect(pickNext('dynamic', input(w, [ticket('A001', 'A', 1), ticket('B001', 'B', 59)], windows))?.id).toBe('A001');
  });

  it('rescues a category no open window has as its home once it has waited longer than the helper’s head', () => {
    const w = win('W1', 'A', ['A', 'B']);
    const limit = (1.5 * DEFAULT_DISPATCH_CONFIG.fairnessMaxWaitMs) / MIN;
    // B's only home window is at lunch: W1 and other helpers are all B has.
    const bHome = win('W2', 'B', ['B'], { isOpen: false, isIdle: false });
    expect(pickNext('dynamic', input(w, [ticket('A001', 'A', limit), ticket('B001', 'B', limit)], [w, bHome]))?.id).toBe('A001');
    expect(pickNext('dynamic', input(w, [ticket('A001', 'A', limit - 1), ticket('B001', 'B', limit)], [w, bHome]))?.id).toBe('B001');
  });

  it('keeps to its home queue while it holds 3 tickets per open home window, whatever the allocation', () => {
    const w = win('W1', 'A', ['A', 'B'], { allocation: ['A', 'B'] });
    const aHome = win('W2', 'A', ['A'], { isIdle: false, busyUntil: NOW + 5 * MIN });
    const bHome = win('W3', 'B', ['B'], { isIdle: false, busyUntil: NOW + 5 * MIN });
    const old = ticket('B001', 'B', 30);
    const a = (n: number) => Array.from({ length: n }, (_, i) => ticket(`A00${i}`, 'A', 2));
    // Two home windows open: 5 A tickets are fewer than 3 × 2, so the long-waiting B head wins the index;
    expect(pickNext('dynamic', input(w, [...a(5), old], [w, aHome, bHome]))?.id).toBe('B001');
    // 6 are not.
    expect(pickNext('dynamic', input(w, [...a(6), old], [w, aHome, bHome]))?.id).toMatch(/^A/);
    // With the other A window closed, 3 are enough; the threshold is a setting.
    const closed = { ...aHome, isOpen: false };
    expect(pickNext('dynamic', input(w, [...a(3), old], [w, closed, bHome]))?.id).toMatch(/^A/);
    const custom = { ...input(w, [...a(3), old], [w, closed, bHome]), config: { ...DEFAULT_DISPATCH_CONFIG, homeOnlyQueuePerWindow: 4 } };
    expect(pickNext('dynamic', custom)?.id).toBe('B001');
    // The lengths may come separately, with only the queue heads (as the estimator hands them).
    expect(
      pickNext('dynamic', { ...input(w, [a(1)[0] as QueuedTicket, old], [w, aHome, bHome]), queueLengths: { A: 6, B: 1 } })?.id,
    ).toMatch(/^A/);
    // A B ticket past the fairness limit waits on (its own windows call it) until the backstop rescues it.
    const limit = DEFAULT_DISPATCH_CONFIG.fairnessMaxWaitMs / MIN;
    expect(pickNext('dynamic', input(w, [...a(6), ticket('B002', 'B', limit)], [w, aHome, bHome]))?.id).toMatch(/^A/);
    expect(pickNext('dynamic', input(w, [...a(6), ticket('B002', 'B', 1.5 * limit)], [w, aHome, bHome]))?.id).toBe('B002');
  });

  it('helps an uncovered certified category when idle (idle help)', () => {
    const w = win('W1', 'A', ['A', 'B']);
    expect(pickNext('dynamic', input(w, [ticket('B001', 'B', 0)]))?.id).toBe('B001');
  });

  it('leaves a cross-skill ticket to an idle window that serves it at home speed', () => {
    const helper = win('W1', 'A', ['A', 'B'], { allocation: ['A', 'B'] });
    const home = win('W2', 'B', ['B']);
    const waiting = [ticket('B001', 'B', 3)];
    expect(pickNext('dynamic', input(helper, waiting, [helper, home]))).toBeNull();
    expect(pickNext('dynamic', input(home, waiting, [helper, home]))?.id).toBe('B001');
    // When the B window is busy, the helper takes it.
    const busy = { ...home, isIdle: false, busyUntil: NOW + 5 * MIN };
    expect(pickNext('dynamic', input(helper, waiting, [helper, busy]))?.id).toBe('B001');
  });

  it('does not idle-help while a window allocated to that category is idle', () => {
    const w = win('W1', 'A', ['A', 'B']);
    const other = win('W3', 'C', ['C', 'B'], { allocation: ['C', 'B'] });
    expect(pickNext('dynamic', input(w, [ticket('B001', 'B', 3)], [w, other]))).toBeNull();
  });

  it('treats a paused window as not idle, whatever busyUntil says', () => {
    const helper = win('W1', 'A', ['A', 'B']);
    const paused = win('W2', 'B', ['B'], { isOpen: false, isIdle: false, busyUntil: NOW - MIN });
    expect(pickNext('dynamic', input(helper, [ticket('B001', 'B', 3)], [helper, paused]))?.id).toBe('B001');
  });

  it('does not leave a ticket to a window the server has not marked idle', () => {
    const helper = win('W1', 'A', ['A', 'B'], { allocation: ['A', 'B'] });
    const { isIdle: _drop, ...homeNoFlag } = win('W2', 'B', ['B'], { busyUntil: NOW });
    void _drop;
    expect(pickNext('dynamic', input(helper, [ticket('B001', 'B', 3)], [helper, homeNoFlag]))?.id).toBe('B001');
  });

  it('treats an empty allocation as home only', () => {
    const w = win('W1', 'A', ['A'], { allocation: [] });
    expect(pickNext('dynamic', input(w, [ticket('A001', 'A', 1)]))?.id).toBe('A001');
  });
});

describe('pickNext() properties', () => {
  const categories = ['A', 'B', 'C', 'F'] as const;
  interface ArbTicket {
    categoryId: string;
    waited: number;
    priority: QueuedTicket['priority'];
    directed: string | null;
  }
  interface ArbWindow {
    home: string;
    skills: string[];
    allocation: string[];
    idle: boolean;
    open: boolean;
    streak: number;
  }
  interface Hall {
    tickets: ArbTicket[];
    windows: ArbWindow[];
  }
  const arbTicket: fc.Arbitrary<ArbTicket> = fc.record({
    categoryId: fc.constantFrom<string>(...categories),
    waited: fc.integer({ min: 0, max: 90 }),
    priority: fc.constantFrom<QueuedTicket['priority']>('normal', 'normal', 'green', 'appointment'),
    directed: fc.constantFrom<string | null>(null, null, null, 'W0', 'W1'),
  });
  const arbWindow: fc.Arbitrary<ArbWindow> = fc.record({
    home: fc.constantFrom<string>(...categories),
    skills: fc.subarray<string>([...categories]),
    allocation: fc.subarray<string>([...categories]),
    idle: fc.boolean(),
    open: fc.boolean(),
    streak: fc.integer({ min: 0, max: 4 }),
  });
  const arbHall: fc.Arbitrary<Hall> = fc.record({
    tickets: fc.array(arbTicket, { maxLength: 25 }),
    windows: fc.array(arbWindow, { minLength: 1, maxLength: 5 }),
  });

  function build(hall: Hall) {
    const waiting = hall.tickets.map((t, i) =>
      ticket(`${t.categoryId}${String(i).padStart(3, '0')}`, t.categoryId, t.waited, { priority: t.priority, targetWindowId: t.directed }),
    );
    const windows = hall.windows.map((w, i) =>
      win(`W${i}`, w.home, [w.home, ...w.skills], {
        allocation: w.allocation.filter((c) => c === w.home || w.skills.includes(c)),
        isIdle: w.idle && w.open,
        isOpen: w.open,
        priorityStreak: w.streak,
        busyUntil: w.idle ? NOW : NOW + 5 * MIN,
      }),
    );
    return { waiting, windows };
  }

  /** The heads of each (category, class) queue plus directed tickets: what the estimator hands over. */
  function lengths(waiting: readonly QueuedTicket[]): Record<string, number> {
    const out: Record<string, number> = {};
    for (const t of waiting) if (t.targetWindowId === null) out[t.categoryId] = (out[t.categoryId] ?? 0) + 1;
    return out;
  }

  function heads(waiting: readonly QueuedTicket[]): QueuedTicket[] {
    const best = new Map<string, QueuedTicket>();
    const out: QueuedTicket[] = [];
    for (const t of waiting) {
      if (t.targetWindowId !== null) {
        out.push(t);
        continue;
      }
      const key = `${t.categoryId}/${t.priority === 'normal' ? 'n' : 'p'}`;
      const b = best.get(key);
      if (b === undefined || t.queuedAt < b.queuedAt || (t.queuedAt === b.queuedAt && t.id < b.id)) best.set(key, t);
    }
    return [...out, ...best.values()];
  }

  it('dynamic only ever gives a window a certified ticket or one transferred to it', () => {
    fc.assert(
      fc.property(arbHall, (hall) => {
        const { waiting, windows } = build(hall);
        for (const w of windows) {
          const pick = pickNext('dynamic', {
            window: w,
            waiting,
            windows,
            now: NOW,
            config: DEFAULT_DISPATCH_CONFIG,
            serviceMinutes: SERVICE,
          });
          if (pick === null) continue;
          expect(pick.targetWindowId === w.id || (pick.targetWindowId === null && [w.home, ...w.skills].includes(pick.categoryId))).toBe(
            true,
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('every policy decides from the queue heads and lengths alone (the estimator relies on it)', () => {
    fc.assert(
      fc.property(arbHall, fc.constantFrom<PolicyName>('static', 'skillfifo', 'dynamic', 'pooled'), (hall, policy) => {
        const { waiting, windows } = build(hall);
        for (const w of windows) {
          const base = { window: w, windows, now: NOW, config: DEFAULT_DISPATCH_CONFIG, serviceMinutes: SERVICE };
          expect(pickNext(policy, { ...base, waiting: heads(waiting), queueLengths: lengths(waiting) })?.id).toBe(
            pickNext(policy, { ...base, waiting })?.id,
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('dynamic never leaves a certified ticket waiting past the fairness limit for a younger one', () => {
    fc.assert(
      fc.property(arbHall, (hall) => {
        const { waiting, windows } = build(hall);
        for (const w of windows) {
          const pick = pickNext('dynamic', {
            window: w,
            waiting,
            windows,
            now: NOW,
            config: DEFAULT_DISPATCH_CONFIG,
            serviceMinutes: SERVICE,
          });
          // (A ticket may be left to another idle window that serves it faster: that one calls it now.)
          if (pick === null || pick.targetWindowId !== null || windows.some((o) => o.id !== w.id && o.isIdle === true)) continue;
          // The window serves its allocation, or its home alone while 3 tickets per open home window wait there.
          const homeWindows = windows.filter((o) => o.isOpen && o.home === w.home).length;
          const homeQueue = waiting.filter((t) => t.targetWindowId === null && t.categoryId === w.home).length;
          const homeOnly = homeQueue >= 3 * Math.max(1, homeWindows);
          const allocation = new Set(homeOnly ? [w.home] : w.allocation.length > 0 ? w.allocation : [w.home]);
          const sameClass = waiting.filter(
            (t) => t.targetWindowId === null && allocation.has(t.categoryId) && (t.priority === 'normal') === (pick.priority === 'normal'),
          );
          const overdue = sameClass.filter((t) => NOW - t.queuedAt >= DEFAULT_DISPATCH_CONFIG.fairnessMaxWaitMs);
          if (overdue.length > 0 && allocation.has(pick.categoryId))
            expect(NOW - pick.queuedAt).toBeGreaterThanOrEqual(DEFAULT_DISPATCH_CONFIG.fairnessMaxWaitMs);
        }
      }),
      { numRuns: 300 },
    );
  });
});
