import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TICKET_STATUSES, serviceMsOf, type TicketStatus } from '@hall/contract';
import {
  applyTicketAction,
  formatTicketNumber,
  requeueKey,
  TICKET_RULES,
  type TicketAction,
  type TicketActor,
  type TicketCore,
} from './ticket-rules.ts';

const base: TicketCore = {
  id: 't1',
  status: 'waiting',
  categoryId: 'A',
  priority: 'normal',
  issuedAt: 1000,
  queuedAt: 1000,
  windowId: null,
  targetWindowId: null,
  calledAt: null,
  firstCalledAt: null,
  startedAt: null,
  finishedAt: null,
  callCount: 0,
  transferCount: 0,
  suspendedAt: null,
  suspendedMs: 0,
  servedBy: null,
  note: null,
  outcome: null,
  heldUntil: null,
};

const W1: TicketActor = { kind: 'window', windowId: 'W1', certified: ['A'], takeover: false };
const W2: TicketActor = { kind: 'window', windowId: 'W2', certified: ['A'], takeover: false };
const SUPERVISOR_AT_W2: TicketActor = { ...W2, takeover: true };
const SYSTEM: TicketActor = { kind: 'system', windowId: null, certified: [], takeover: false };
const rules = { recallCap: 2, noShowAfterCalls: 1, autoNoShow: { afterCalls: 1, afterMs: 1000 } };
/** Actions the hall's own rules take (the system acts). */
const SYSTEM_ACTIONS = new Set(['close-day', 'auto-no-show', 'release']);

/** A ticket in `status` as the hall would hold it: anything past waiting is held by W1, called once. */
function inState(status: TicketStatus): TicketCore {
  if (status === 'waiting') return base;
  return {
    ...base,
    status,
    windowId: 'W1',
    calledAt: 2000,
    firstCalledAt: 2000,
    callCount: 1,
    startedAt: status === 'serving' || status === 'suspended' || status === 'done' ? 3000 : null,
    suspendedAt: status === 'suspended' ? 4000 : null,
    finishedAt: status === 'done' || status === 'no_show' || status === 'cancelled' ? 4500 : null,
  };
}

const ACTIONS: Record<keyof typeof TICKET_RULES, TicketAction> = {
  call: { type: 'call', staff: 's1' },
  recall: { type: 'recall' },
  start: { type: 'start', staff: 's1' },
  finish: { type: 'finish', staff: 's1' },
  'no-show': { type: 'no-show' },
  'auto-no-show': { type: 'auto-no-show' },
  suspend: { type: 'suspend' },
  resume: { type: 'resume', staff: 's1' },
  transfer: { type: 'transfer', categoryId: 'B', targetWindowId: null, note: null },
  'next-matter': { type: 'next-matter', categoryId: 'B' },
  requeue: { type: 'requeue', queuedAt: 9000 },
  release: { type: 'release' },
  'close-day': { type: 'close-day' },
};

const X = 'ILLEGAL_TRANSITION';
const COLUMNS = ['waiting', 'called', 'serving', 'suspended', 'done', 'no_show', 'cancelled'] as const;

/**
 * The expected matrix, written by hand (not derived from the table): the resulting status, or the
 * failure code, of each action from each state. Window actions are taken by W1 (the holder); the
 * day's close, automatic 过号 and the release of a held appointment by the system. For `release` the
 * ticket is held until 4000 (due at 5000).
 */
const EXPECTED: Record<keyof typeof TICKET_RULES, readonly string[]> = {
  //            waiting      called       serving      suspended    done  no_show    cancelled
  call: ['called', X, X, X, X, X, X],
  recall: [X, 'called', X, X, X, X, X],
  start: [X, 'serving', X, X, X, X, X],
  finish: [X, 'done', 'done', X, X, X, X],
  'no-show': [X, 'no_show', X, X, X, X, X],
  'auto-no-show': [X, 'no_show', X, X, X, X, X],
  suspend: [X, 'suspended', 'suspended', X, X, X, X],
  resume: [X, X, X, 'serving', X, X, X],
  transfer: [X, 'waiting', 'waiting', 'waiting', X, X, X],
  'next-matter': [X, 'waiting', 'waiting', 'waiting', X, X, X],
  requeue: [X, X, X, X, X, 'waiting', X],
  release: ['waiting', X, X, X, X, X, X],
  'close-day': ['cancelled', 'cancelled', 'cancelled', 'cancelled', X, X, X],
};

describe('ticket rules', () => {
  for (const [name, row] of Object.entries(EXPECTED) as Array<[keyof typeof TICKET_RULES, readonly string[]]>) {
    it(`${name}: from every state gives the hand-written result`, () => {
      const got = COLUMNS.map((status) => {
        const actor = SYSTEM_ACTIONS.has(name) ? SYSTEM : W1;
        const t = name === 'release' ? { ...inState(status), heldUntil: 4000 } : inState(status);
        const d = applyTicketAction(t, ACTIONS[name], { now: 5000, rules, actor });
        return d.ok ? d.ticket.status : d.code;
      });
      expect(got).toEqual(row);
    });
  }

  it('only the holder acts on a ticket: another window is refused, a supervisor may take over', () => {
    const called = inState('called');
    for (const a of [ACTIONS.recall, ACTIONS.start, ACTIONS.finish, ACTIONS['no-show'], ACTIONS.suspend, ACTIONS.transfer]) {
      const d = applyTicketAction(called, a, { now: 5000, rules, actor: W2 });
      expect(d.ok ? 'ok' : d.code).toBe('NOT_HOLDER');
      const t = applyTicketAction(called, a, { now: 5000, rules, actor: SUPERVISOR_AT_W2 });
      expect(t.ok).toBe(true);
    }
    const resume = applyTicketAction(inState('suspended'), ACTIONS.resume, { now: 5000, rules, actor: W2 });
    expect(resume.ok ? 'ok' : resume.code).toBe('NOT_HOLDER');
    const requeue = applyTicketAction(inState('no_show'), ACTIONS.requeue, { now: 5000, rules, actor: W2 });
    expect(requeue.ok ? 'ok' : requeue.code).toBe('NOT_HOLDER');
  });

  it('a call needs the certification of the person signed in and respects a transfer to one window', () => {
    const notCertified = applyTicketAction(base, ACTIONS.call, { now: 5000, rules, actor: { ...W1, certified: ['B'] } });
    expect(notCertified.ok ? 'ok' : notCertified.code).toBe('NOT_CERTIFIED');
    const targeted = applyTicketAction({ ...base, targetWindowId: 'W2' }, ACTIONS.call, { now: 5000, rules, actor: W1 });
    expect(targeted.ok ? 'ok' : targeted.code).toBe('TICKET_TARGETED');
    const byTarget = applyTicketAction({ ...base, targetWindowId: 'W2' }, ACTIONS.call, { now: 5000, rules, actor: W2 });
    expect(byTarget.ok && byTarget.ticket).toMatchObject({ status: 'called', windowId: 'W2', targetWindowId: null });
    const system = applyTicketAction(base, ACTIONS.call, { now: 5000, rules, actor: SYSTEM });
    expect(system.ok ? 'ok' : system.code).toBe('FORBIDDEN');
    const dayByWindow = applyTicketAction(base, ACTIONS['close-day'], { now: 5000, rules, actor: W1 });
    expect(dayByWindow.ok ? 'ok' : dayByWindow.code).toBe('FORBIDDEN');
  });

  it('a call records the window, the staff, the call time and counts the call', () => {
    const d = applyTicketAction(base, ACTIONS.call, { now: 5000, rules, actor: W1 });
    expect(d.ok && d.ticket).toMatchObject({ windowId: 'W1', servedBy: 's1', calledAt: 5000, firstCalledAt: 5000, callCount: 1 });
  });

  it('finishing a called ticket counts the service from the call (implicit start at call)', () => {
    const d = applyTicketAction(inState('called'), ACTIONS.finish, { now: 8000, rules, actor: W1 });
    expect(d.ok && d.implicit).toBe('start-at-call');
    expect(d.ok && d.ticket).toMatchObject({ status: 'done', startedAt: 2000, finishedAt: 8000 });
    expect(d.ok && serviceMsOf(d.ticket)).toBe(6000);
  });

  it('suspending before start starts the service then, so suspended time is not taken off nothing', () => {
    const s = applyTicketAction(inState('called'), ACTIONS.suspend, { now: 5000, rules, actor: W1 });
    expect(s.ok && s.implicit).toBe('start-now');
    if (!s.ok) return;
    expect(s.ticket).toMatchObject({ status: 'suspended', startedAt: 5000, suspendedAt: 5000 });
    const r = applyTicketAction(s.ticket, ACTIONS.resume, { now: 65_000, rules, actor: W1 });
    if (!r.ok) throw new Error(r.code);
    const f = applyTicketAction(r.ticket, ACTIONS.finish, { now: 125_000, rules, actor: W1 });
    if (!f.ok) throw new Error(f.code);
    // 5 000 → 125 000 at the window, of which 60 000 suspended: 60 000 ms of service.
    expect(f.ticket.suspendedMs).toBe(60_000);
    expect(serviceMsOf(f.ticket)).toBe(60_000);
  });

  it('the day close ends an open ticket with its own outcome, keeps its times and closes a suspension', () => {
    const d = applyTicketAction(inState('suspended'), ACTIONS['close-day'], { now: 9000, rules, actor: SYSTEM });
    expect(d.ok && d.ticket).toMatchObject({
      status: 'cancelled',
      outcome: 'day_closed',
      finishedAt: 9000,
      startedAt: 3000,
      calledAt: 2000,
      suspendedMs: 5000,
      suspendedAt: null,
    });
  });

  it('a recall past the cap and a no-show before enough calls are refused with their limits', () => {
    const capped = applyTicketAction({ ...inState('called'), callCount: 3 }, ACTIONS.recall, { now: 5000, rules, actor: W1 });
    expect(capped.ok ? null : capped).toEqual({ ok: false, code: 'RECALL_LIMIT', params: { max: 2 } });
    const early = applyTicketAction(inState('called'), ACTIONS['no-show'], {
      now: 5000,
      rules: { recallCap: 2, noShowAfterCalls: 3 },
      actor: W1,
    });
    expect(early.ok ? null : early).toEqual({ ok: false, code: 'NO_SHOW_TOO_EARLY', params: { calls: 3 } });
  });

  it('automatic 过号 needs the configured calls and minutes since the last call, and only the system takes it', () => {
    const called = { ...inState('called'), callCount: 2, calledAt: 2000 };
    const ctx = (now: number, actor: TicketActor = SYSTEM) => ({
      now,
      rules: { ...rules, autoNoShow: { afterCalls: 3, afterMs: 60_000 } },
      actor,
    });
    const fewCalls = applyTicketAction(called, ACTIONS['auto-no-show'], ctx(100_000));
    expect(fewCalls.ok ? 'ok' : fewCalls.code).toBe('NOT_DUE');
    const thrice = { ...called, callCount: 3 };
    const tooSoon = applyTicketAction(thrice, ACTIONS['auto-no-show'], ctx(61_999));
    expect(tooSoon.ok ? 'ok' : tooSoon.code).toBe('NOT_DUE');
    const due = applyTicketAction(thrice, ACTIONS['auto-no-show'], ctx(62_000));
    expect(due.ok && due.ticket).toMatchObject({ status: 'no_show', outcome: 'auto_no_show', finishedAt: 62_000 });
    const byWindow = applyTicketAction(thrice, ACTIONS['auto-no-show'], ctx(62_000, W1));
    expect(byWindow.ok ? 'ok' : byWindow.code).toBe('FORBIDDEN');
    const off = applyTicketAction(thrice, ACTIONS['auto-no-show'], {
      now: 62_000,
      rules: { recallCap: 2, noShowAfterCalls: 1 },
      actor: SYSTEM,
    });
    expect(off.ok ? 'ok' : off.code).toBe('FORBIDDEN');
  });

  it('a held appointment ticket cannot be called before its slot; at the slot it joins with priority at the slot time', () => {
    const held = { ...base, heldUntil: 9000 };
    const call = applyTicketAction(held, ACTIONS.call, { now: 5000, rules, actor: W1 });
    expect(call.ok ? 'ok' : call.code).toBe('TICKET_HELD');
    const early = applyTicketAction(held, ACTIONS.release, { now: 8999, rules, actor: SYSTEM });
    expect(early.ok ? 'ok' : early.code).toBe('NOT_DUE');
    const r = applyTicketAction(held, ACTIONS.release, { now: 9500, rules, actor: SYSTEM });
    expect(r.ok && r.ticket).toMatchObject({ status: 'waiting', heldUntil: null, queuedAt: 9000, priority: 'appointment' });
    const notHeld = applyTicketAction(base, ACTIONS.release, { now: 9500, rules, actor: SYSTEM });
    expect(notHeld.ok ? 'ok' : notHeld.code).toBe('ILLEGAL_TRANSITION');
    const byWindow = applyTicketAction(held, ACTIONS.release, { now: 9500, rules, actor: W1 });
    expect(byWindow.ok ? 'ok' : byWindow.code).toBe('FORBIDDEN');
    if (r.ok) expect(applyTicketAction(r.ticket, ACTIONS.call, { now: 9600, rules, actor: W1 }).ok).toBe(true);
  });

  it('next-matter passes a visit on in the same number and place, without counting a transfer', () => {
    const d = applyTicketAction(inState('serving'), ACTIONS['next-matter'], { now: 5000, rules, actor: W1 });
    expect(d.ok && d.ticket).toMatchObject({
      status: 'waiting',
      categoryId: 'B',
      windowId: null,
      targetWindowId: null,
      issuedAt: 1000,
      queuedAt: 1000,
      transferCount: 0,
      callCount: 0,
      startedAt: null,
    });
    const other = applyTicketAction(inState('serving'), ACTIONS['next-matter'], { now: 5000, rules, actor: W2 });
    expect(other.ok ? 'ok' : other.code).toBe('NOT_HOLDER');
  });

  it('transfer keeps the number and original issue time, and clears the window and the calls', () => {
    const d = applyTicketAction(
      inState('serving'),
      { type: 'transfer', categoryId: 'B', targetWindowId: 'W7', note: '需补充材料' },
      { now: 5000, rules, actor: W1 },
    );
    expect(d.ok && d.ticket).toMatchObject({
      status: 'waiting',
      categoryId: 'B',
      targetWindowId: 'W7',
      windowId: null,
      issuedAt: 1000,
      queuedAt: 1000,
      transferCount: 1,
      note: '需补充材料',
      callCount: 0,
      startedAt: null,
    });
  });

  it('any sequence of actions by any actor keeps every invariant (property)', () => {
    const action: fc.Arbitrary<TicketAction> = fc.constantFrom(...Object.values(ACTIONS));
    const actor: fc.Arbitrary<TicketActor> = fc.constantFrom(W1, W2, SUPERVISOR_AT_W2, SYSTEM);
    fc.assert(
      fc.property(fc.array(fc.tuple(action, actor, fc.integer({ min: 0, max: 60_000 })), { maxLength: 40 }), (steps) => {
        let t = base;
        let now = 1001;
        for (const [a, who, dt] of steps) {
          now += dt;
          const before = t;
          const d = applyTicketAction(t, a, { now, rules, actor: who });
          if (!d.ok) continue;
          t = d.ticket;
          expect(TICKET_STATUSES).toContain(t.status);
          expect(before.status === 'done' || before.status === 'cancelled').toBe(false);
          expect(t.issuedAt).toBe(1000);
          expect(t.callCount).toBeLessThanOrEqual(rules.recallCap + 1);
          expect(t.suspendedMs).toBeGreaterThanOrEqual(before.suspendedMs);
          if (t.status === 'called' || t.status === 'serving') expect(t.windowId).not.toBeNull();
          if (t.status === 'waiting') expect(t.windowId).toBeNull();
          if (t.status === 'done' || t.status === 'cancelled' || t.status === 'no_show') expect(t.finishedAt).not.toBeNull();
          if (t.status === 'done') expect(t.startedAt).not.toBeNull();
          if (t.status === 'suspended') expect(t.suspendedAt).not.toBeNull();
        }
      }),
      { numRuns: 500 },
    );
  });

  it('requeueKey puts a returning citizen at the head, N places back, or at the tail', () => {
    const keys = [100, 200, 300, 400];
    expect(requeueKey('head', 0, keys, 1000)).toBe(99);
    expect(requeueKey('offset', 2, keys, 1000)).toBe(250);
    expect(requeueKey('tail', 0, keys, 1000)).toBe(1000);
    expect(requeueKey('offset', 9, keys, 1000)).toBe(1000);
    expect(requeueKey('head', 0, [], 1000)).toBe(1000);
  });

  it('formats numbers with at least three digits', () => {
    expect(formatTicketNumber('A', 1)).toBe('A001');
    expect(formatTicketNumber('A', 999)).toBe('A999');
    expect(formatTicketNumber('AB', 1000)).toBe('AB1000');
  });
});
