/** Test builders: uplink events with their real hashes, and ticket facts, from the contract's types. */
import { createHash } from 'node:crypto';
import { uplinkHashInput, type UplinkEvent, type UplinkLive, type UplinkTicket } from '@hall/contract';

export function event(e: Omit<UplinkEvent, 'hash'>): UplinkEvent {
  return { ...e, hash: createHash('sha256').update(uplinkHashInput(e)).digest('hex') };
}

/** A ticket event carrying the ticket's facts after it. */
export function ticketEvent(seq: number, type: string, t: UplinkTicket, at: number): UplinkEvent {
  return event({
    seq,
    at,
    businessDate: t.businessDate,
    type,
    ticketId: t.id,
    windowId: t.windowId,
    actor: t.servedBy ?? 'kiosk-1',
    data: { number: t.number, ticket: t },
  });
}

export function ticket(p: Partial<UplinkTicket> & Pick<UplinkTicket, 'id' | 'number' | 'businessDate' | 'issuedAt'>): UplinkTicket {
  return {
    categoryId: 'A',
    serviceIds: [],
    priority: 'normal',
    channel: 'kiosk',
    status: 'waiting',
    firstCalledAt: null,
    calledAt: null,
    startedAt: null,
    finishedAt: null,
    suspendedMs: 0,
    windowId: null,
    servedBy: null,
    callCount: 0,
    transferCount: 0,
    outcome: null,
    priorityGroup: null,
    bundleId: null,
    matters: [],
    ...p,
  };
}

/** Simple events 1..n (window pauses), for stream tests that do not look at tickets. */
export function plainEvents(from: number, to: number, businessDate = '2026-12-01', tag = 'a'): UplinkEvent[] {
  const out: UplinkEvent[] = [];
  for (let s = from; s <= to; s++)
    out.push(
      event({
        seq: s,
        at: 1_764_550_000_000 + s * 1000,
        businessDate,
        type: 'window.paused',
        ticketId: null,
        windowId: 'w1',
        actor: `staff-${tag}`,
        data: { reasonCode: tag },
      }),
    );
  return out;
}

export function live(p: Partial<UplinkLive> = {}): UplinkLive {
  return {
    at: Date.now(),
    businessDate: '2026-12-01',
    hallName: '测试大厅',
    categories: [
      { id: 'A', name: '综合', prefix: 'A' },
      { id: 'B', name: '不动产', prefix: 'B' },
    ],
    windows: [
      { id: 'w1', name: '1号窗口', number: 1, status: 'open', allocation: ['A'], staff: 'staff-a', currentTicket: null },
      { id: 'w2', name: '2号窗口', number: 2, status: 'paused', allocation: ['B'], staff: null, currentTicket: null },
    ],
    queues: [
      { categoryId: 'A', waiting: 3, longestWaitMinutes: 12, estimatedWaitMinutes: 8 },
      { categoryId: 'B', waiting: 1, longestWaitMinutes: 2, estimatedWaitMinutes: null },
    ],
    alerts: [],
    ...p,
  };
}
