import { describe, expect, it } from 'vitest';
import type { PublicTicket, WindowState } from '@hall/contract';
import { allowedActions, callableBy, callsLeft, DEFAULT_RULES, isNoShowAllowed, suspendedAt } from './counter-state.ts';

const ticket = (over: Partial<PublicTicket> = {}): PublicTicket => ({
  id: 't1',
  number: 'A001',
  categoryId: 'enterprise',
  serviceId: null,
  serviceIds: [],
  status: 'called',
  priority: 'normal',
  priorityGroup: null,
  bundleId: null,
  matters: [],
  heldUntil: null,
  channel: 'kiosk',
  issuedAt: '2026-11-21T09:00:00.000+08:00',
  businessDate: '2026-11-21',
  ahead: 0,
  estimatedWaitMinutes: 0,
  waitEstimate: { minutes: 0, low: 0, high: 0 },
  windowId: 'W01',
  targetWindowId: null,
  calledAt: '2026-11-21T09:10:00.000+08:00',
  startedAt: null,
  finishedAt: null,
  callCount: 1,
  transferCount: 0,
  outcome: null,
  ...over,
});
const win = (over: Partial<WindowState> = {}): WindowState => ({
  id: 'W01',
  name: '1号窗口',
  number: 1,
  status: 'open',
  skills: ['enterprise', 'tax'],
  home: 'enterprise',
  allocation: ['enterprise'],
  allocationUntil: null,
  allocationPinned: false,
  staff: { username: 'zhangwei', displayName: '张伟' },
  pauseReason: null,
  currentTicket: null,
  zone: null,
  ...over,
});
const on = (r: Record<string, boolean>) =>
  Object.entries(r)
    .filter(([, v]) => v)
    .map(([k]) => k)
    .sort();

describe('allowedActions()', () => {
  it('offers calling, pausing and hand-over at an idle open window', () => {
    expect(on(allowedActions(win(), DEFAULT_RULES))).toEqual([
      'call-next',
      'call-specific',
      'hand-over',
      'pause',
      'resume-ticket',
      'sign-out',
    ]);
  });

  it('offers recall, start, finish, suspend and transfer for a called ticket, but not call-next or no-show before N calls', () => {
    const a = allowedActions(win({ currentTicket: ticket() }), DEFAULT_RULES);
    expect(on(a)).toEqual(['finish', 'hand-over', 'recall', 'start', 'suspend', 'transfer']);
  });

  it('allows no-show only after the configured number of calls, and recall only while calls are left', () => {
    const t3 = ticket({ callCount: 3 });
    expect(isNoShowAllowed(t3, DEFAULT_RULES)).toBe(true);
    expect(callsLeft(t3, DEFAULT_RULES)).toBe(0);
    const a = allowedActions(win({ currentTicket: t3 }), DEFAULT_RULES);
    expect(a['no-show']).toBe(true);
    expect(a.recall).toBe(false);
    expect(callsLeft(ticket({ callCount: 1 }), { ...DEFAULT_RULES, recallCap: 4 })).toBe(4);
  });

  it('lets "call next" finish a ticket being served, and never start it twice', () => {
    const a = allowedActions(
      win({ currentTicket: ticket({ status: 'serving', startedAt: '2026-11-21T09:11:00.000+08:00' }) }),
      DEFAULT_RULES,
    );
    expect(a['call-next']).toBe(true);
    expect(a.start).toBe(false);
    expect(a.recall).toBe(false);
    expect(a.pause).toBe(false);
    expect(a['sign-out']).toBe(false);
  });

  it('allows only resume and hand-over while paused', () => {
    expect(on(allowedActions(win({ status: 'paused', pauseReason: '午休' }), DEFAULT_RULES))).toEqual(['hand-over', 'resume', 'sign-out']);
  });
});

describe('window lists', () => {
  it("suspendedAt() lists only this window's suspended tickets", () => {
    const list = [
      ticket({ id: 'a', status: 'suspended' }),
      ticket({ id: 'b', status: 'suspended', windowId: 'W02' }),
      ticket({ id: 'c', status: 'waiting' }),
    ];
    expect(suspendedAt('W01', list).map((t) => t.id)).toEqual(['a']);
  });

  it('callableBy() takes tickets directed to the window and undirected ones of its allocation', () => {
    const list = [
      ticket({ id: 'a', status: 'waiting', windowId: null }),
      ticket({ id: 'b', status: 'waiting', windowId: null, categoryId: 'tax' }),
      ticket({ id: 'c', status: 'waiting', windowId: null, categoryId: 'tax', targetWindowId: 'W01' }),
      ticket({ id: 'd', status: 'waiting', windowId: null, targetWindowId: 'W02' }),
    ];
    expect(
      callableBy(win(), list)
        .map((t) => t.id)
        .sort(),
    ).toEqual(['a', 'c']);
  });
});
