import { describe, expect, it } from 'vitest';
import type { CallAnnouncement, PublicTicket, WindowState } from '@hall/contract';
import { liveCalls } from './live-calls.ts';

function ticket(id: string, number: string, status: PublicTicket['status'], windowId: string, callCount = 1): PublicTicket {
  return {
    id,
    number,
    categoryId: 'insurance',
    serviceId: null,
    serviceIds: [],
    status,
    priority: 'normal',
    priorityGroup: null,
    bundleId: null,
    matters: [],
    heldUntil: null,
    channel: 'kiosk',
    issuedAt: '2026-05-12T08:40:00.000+08:00',
    businessDate: '2026-05-12',
    ahead: 0,
    estimatedWaitMinutes: 0,
    waitEstimate: { minutes: 0, low: 0, high: 0 },
    windowId,
    targetWindowId: null,
    calledAt: '2026-05-12T09:00:00.000+08:00',
    startedAt: null,
    finishedAt: null,
    callCount,
    transferCount: 0,
    outcome: null,
  };
}
function win(id: string, number: number, status: WindowState['status'], current: PublicTicket | null): WindowState {
  return {
    id,
    name: `${number}号窗口`,
    number,
    status,
    skills: ['insurance'],
    home: 'insurance',
    allocation: ['insurance'],
    allocationUntil: null,
    allocationPinned: false,
    staff: null,
    pauseReason: null,
    currentTicket: current,
    zone: null,
  };
}
const call = (
  id: number,
  ticketId: string,
  number: string,
  windowId: string,
  windowNumber: number,
  isRecall = false,
): CallAnnouncement => ({
  id,
  ticketId,
  number,
  windowId,
  windowName: `${windowNumber}号窗口`,
  windowNumber,
  at: `2026-05-12T09:0${id % 10}:00.000+08:00`,
  isRecall,
});

describe('liveCalls', () => {
  it('shows only tickets still called at their window, newest call first, a recall replacing its call', () => {
    const windows = [
      win('W1', 1, 'open', ticket('t1', 'F001', 'called', 'W1', 2)),
      win('W2', 2, 'open', ticket('t2', 'F002', 'serving', 'W2')),
      win('W3', 3, 'open', null), // F003 finished or 过号: the window holds nothing
      win('W4', 4, 'closed', null), // signed out
      win('W5', 5, 'paused', null),
      win('W6', 6, 'open', ticket('t6', 'F006', 'called', 'W6')),
    ];
    const recent = [
      call(15, 't1', 'F001', 'W1', 1, true),
      call(14, 't6', 'F006', 'W6', 6),
      call(13, 't3', 'F003', 'W3', 3),
      call(12, 't2', 'F002', 'W2', 2),
      call(11, 't1', 'F001', 'W1', 1),
      call(10, 't5', 'F005', 'W5', 5),
    ];
    expect(liveCalls(windows, recent).map((c) => [c.id, c.number, c.isRecall])).toEqual([
      [15, 'F001', true],
      [14, 'F006', false],
    ]);
  });

  it('does not show a call to another window for a ticket transferred and called again elsewhere', () => {
    const windows = [win('W1', 1, 'open', null), win('W7', 7, 'open', ticket('t1', 'F001', 'called', 'W7'))];
    const recent = [call(21, 't1', 'F001', 'W7', 7), call(20, 't1', 'F001', 'W1', 1)];
    expect(liveCalls(windows, recent).map((c) => [c.id, c.windowId])).toEqual([[21, 'W7']]);
  });

  it('makes a call from the window when it is older than the recent list, and applies the screen filter', () => {
    const windows = [
      win('W1', 1, 'open', ticket('t1', 'A001', 'called', 'W1', 3)),
      win('W2', 2, 'open', ticket('t2', 'B001', 'called', 'W2')),
    ];
    const all = liveCalls(windows, []);
    expect(all.map((c) => [c.number, c.windowNumber, c.isRecall, c.id])).toEqual([
      ['A001', 1, true, 0],
      ['B001', 2, false, 0],
    ]);
    expect(liveCalls(windows, [], (c) => c.windowId === 'W2').map((c) => c.number)).toEqual(['B001']);
  });
});
