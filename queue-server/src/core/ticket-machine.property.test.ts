import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TICKET_STATUSES } from '@hall/contract';
import { applyTicketAction, canTransition, type TicketAction, type TicketCore } from './ticket-machine.ts';

const action: fc.Arbitrary<TicketAction> = fc.oneof(
  fc.record({ type: fc.constant('call' as const), windowId: fc.constantFrom('W1', 'W2'), staff: fc.constantFrom('a', null) }),
  fc.constant({ type: 'recall' as const }),
  fc.record({ type: fc.constant('start' as const), staff: fc.constantFrom('a', null) }),
  fc.record({ type: fc.constant('finish' as const), staff: fc.constantFrom('a', null) }),
  fc.constant({ type: 'no-show' as const }),
  fc.constant({ type: 'suspend' as const }),
  fc.record({ type: fc.constant('resume' as const), windowId: fc.constantFrom('W1', 'W2'), staff: fc.constant(null) }),
  fc.record({
    type: fc.constant('transfer' as const),
    categoryId: fc.constantFrom('A', 'B'),
    targetWindowId: fc.constantFrom(null, 'W2'),
    note: fc.constant(null),
  }),
  fc.record({ type: fc.constant('requeue' as const), queuedAt: fc.integer({ min: 0, max: 10_000 }) }),
  fc.constant({ type: 'cancel' as const }),
);

const start: TicketCore = {
  id: 't',
  status: 'waiting',
  categoryId: 'A',
  priority: 'normal',
  issuedAt: 0,
  queuedAt: 0,
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

describe('ticket state machine (property)', () => {
  it('any sequence of actions keeps every invariant', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(action, fc.integer({ min: 0, max: 60_000 })), { maxLength: 40 }),
        fc.integer({ min: 0, max: 4 }),
        (steps, recallCap) => {
          let t = start;
          let now = 1;
          for (const [a, dt] of steps) {
            now += dt;
            const before = t;
            const d = applyTicketAction(t, a, { now, rules: { recallCap, noShowAfterCalls: 1 } });
            if (!d.ok) {
              expect(t).toBe(before);
              continue;
            }
            t = d.state;
            expect(TICKET_STATUSES).toContain(t.status);
            if (a.type !== 'recall') expect(canTransition(before.status, t.status)).toBe(true);
            expect(t.callCount).toBeGreaterThanOrEqual(0);
            expect(t.callCount).toBeLessThanOrEqual(recallCap + 1);
            expect(t.issuedAt).toBe(0);
            expect(t.suspendedMs).toBeGreaterThanOrEqual(before.suspendedMs);
            if (t.status === 'called' || t.status === 'serving') expect(t.windowId).not.toBeNull();
            if (t.status === 'waiting') expect(t.windowId).toBeNull();
            if (t.status === 'done' || t.status === 'cancelled' || t.status === 'no_show') expect(t.finishedAt).not.toBeNull();
            if (t.status === 'suspended') expect(t.suspendedAt).not.toBeNull();
            if (before.status === 'done' || before.status === 'cancelled') throw new Error('left a terminal state');
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
