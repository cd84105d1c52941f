import { describe, expect, it } from 'vitest';
import { TICKET_STATUSES, type TicketStatus } from '@hall/contract';
import {
  TICKET_TRANSITIONS,
  applyTicketAction,
  canTransition,
  formatTicketNumber,
  requeueKey,
  type TicketAction,
  type TicketCore,
} from './ticket-machine.ts';

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
};
const ctx = { now: 5000, rules: { recallCap: 2, noShowAfterCalls: 2 } };

const ACTIONS: TicketAction[] = [
  { type: 'call', windowId: 'W1', staff: 's' },
  { type: 'recall' },
  { type: 'start', staff: 's' },
  { type: 'finish', staff: 's' },
  { type: 'no-show' },
  { type: 'suspend' },
  { type: 'resume', windowId: 'W1', staff: 's' },
  { type: 'transfer', categoryId: 'B', targetWindowId: null, note: null },
  { type: 'requeue', queuedAt: 4000 },
  { type: 'cancel' },
];
const TARGET: Record<TicketAction['type'], TicketStatus> = {
  call: 'called',
  recall: 'called',
  start: 'serving',
  finish: 'done',
  'no-show': 'no_show',
  suspend: 'suspended',
  resume: 'serving',
  transfer: 'waiting',
  requeue: 'waiting',
  cancel: 'cancelled',
};

describe('ticket state machine', () => {
  // Every (status, action) pair: allowed exactly when the transition table says so.
  for (const status of TICKET_STATUSES) {
    for (const action of ACTIONS) {
      const t: TicketCore = { ...base, status, callCount: status === 'called' ? 2 : 0, windowId: status === 'waiting' ? null : 'W1' };
      const allowed =
        action.type === 'recall'
          ? status === 'called'
          : canTransition(status, TARGET[action.type]) && !(action.type === 'call' && status === 'called');
      it(`${action.type} from ${status} is ${allowed ? 'allowed' : 'refused'}`, () => {
        const d = applyTicketAction(t, action, ctx);
        expect(d.ok).toBe(allowed);
        if (d.ok) expect(d.state.status).toBe(TARGET[action.type]);
        else expect(d.code).toBe('ILLEGAL_TRANSITION');
      });
    }
  }

  it('terminal states have no way out except a no-show re-queue', () => {
    expect(TICKET_TRANSITIONS.done).toEqual([]);
    expect(TICKET_TRANSITIONS.cancelled).toEqual([]);
    expect(TICKET_TRANSITIONS.no_show).toEqual(['waiting']);
  });

  it('recall is capped at recallCap recalls after the first call', () => {
    let t: TicketCore = { ...base };
    const called = applyTicketAction(t, { type: 'call', windowId: 'W1', staff: null }, ctx);
    expect(called.ok).toBe(true);
    if (called.ok) t = called.state;
    for (let i = 0; i < 2; i++) {
      const r = applyTicketAction(t, { type: 'recall' }, ctx);
      expect(r.ok).toBe(true);
      if (r.ok) t = r.state;
    }
    expect(t.callCount).toBe(3);
    const over = applyTicketAction(t, { type: 'recall' }, ctx);
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.code).toBe('RECALL_LIMIT');
  });

  it('no-show is refused before the configured number of calls', () => {
    const once = { ...base, status: 'called' as const, callCount: 1, windowId: 'W1' };
    const r = applyTicketAction(once, { type: 'no-show' }, ctx);
    expect(r.ok).toBe(false);
    const twice = applyTicketAction({ ...once, callCount: 2 }, { type: 'no-show' }, ctx);
    expect(twice.ok && twice.state.status).toBe('no_show');
  });

  it('transfer keeps the number and original issue time and clears the window', () => {
    const serving = { ...base, status: 'serving' as const, callCount: 1, windowId: 'W1', calledAt: 2000, startedAt: 3000 };
    const r = applyTicketAction(serving, { type: 'transfer', categoryId: 'B', targetWindowId: 'W7', note: '需补充材料' }, ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.state).toMatchObject({
      status: 'waiting',
      categoryId: 'B',
      targetWindowId: 'W7',
      windowId: null,
      issuedAt: 1000,
      queuedAt: 1000,
      transferCount: 1,
      note: '需补充材料',
      callCount: 0,
    });
  });

  it('suspended time accumulates and is closed off on resume', () => {
    const serving = { ...base, status: 'serving' as const, callCount: 1, windowId: 'W1', startedAt: 1500 };
    const s = applyTicketAction(serving, { type: 'suspend' }, { ...ctx, now: 2000 });
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    const r = applyTicketAction(s.state, { type: 'resume', windowId: 'W2', staff: 'x' }, { ...ctx, now: 62_000 });
    expect(r.ok && r.state).toMatchObject({ status: 'serving', windowId: 'W2', suspendedMs: 60_000, suspendedAt: null, startedAt: 1500 });
  });

  it('requeueKey puts a returning citizen at the head, N places back, or at the tail', () => {
    const keys = [100, 200, 300, 400];
    expect(requeueKey('head', 0, keys, 1000)).toBeLessThan(100);
    const k = requeueKey('offset', 2, keys, 1000);
    expect(k).toBeGreaterThan(200);
    expect(k).toBeLessThan(300);
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
