/**
 * The ticket state machine. The allowed transitions are data (R3) and every action is a pure function
 * `(ticket, action, ctx) → Decision`; the hall service persists the result and broadcasts it.
 *
 *   waiting ──call──▶ called ──start──▶ serving ──finish──▶ done
 *      ▲  │             │ ▲recall          │
 *      │  └─cancel──▶ cancelled            │
 *      │                ├──no-show──▶ no_show ──requeue──▶ waiting
 *      ├───transfer─────┴──────────────────┤
 *      │                ├──suspend──▶ suspended ──resume──▶ serving
 *      └────────────────────────────────────┘   (挂起: the citizen returns without queuing again)
 *
 * Times come in through ctx; nothing here reads a clock.
 */
import type { EpochMs, Priority, TicketStatus } from '@hall/contract';
import { accept, assertNever, reject, type Decision } from './decision.ts';

export const TICKET_TRANSITIONS = {
  waiting: ['called', 'cancelled'],
  called: ['called', 'serving', 'done', 'no_show', 'suspended', 'waiting'],
  serving: ['done', 'suspended', 'waiting'],
  suspended: ['serving', 'waiting', 'cancelled'],
  no_show: ['waiting'],
  done: [],
  cancelled: [],
} as const satisfies Record<TicketStatus, readonly TicketStatus[]>;

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return (TICKET_TRANSITIONS[from] as readonly TicketStatus[]).includes(to);
}

/** The fields of a ticket that the state machine reads and writes. */
export interface TicketCore {
  readonly id: string;
  readonly status: TicketStatus;
  readonly categoryId: string;
  readonly priority: Priority;
  readonly issuedAt: EpochMs;
  readonly queuedAt: EpochMs;
  readonly windowId: string | null;
  readonly targetWindowId: string | null;
  readonly calledAt: EpochMs | null;
  readonly firstCalledAt: EpochMs | null;
  readonly startedAt: EpochMs | null;
  readonly finishedAt: EpochMs | null;
  readonly callCount: number;
  readonly transferCount: number;
  readonly suspendedAt: EpochMs | null;
  readonly suspendedMs: number;
  readonly servedBy: string | null;
  readonly note: string | null;
}

export type TicketAction =
  | { type: 'call'; windowId: string; staff: string | null }
  | { type: 'recall' }
  | { type: 'start'; staff: string | null }
  | { type: 'finish'; staff: string | null }
  | { type: 'no-show' }
  | { type: 'suspend' }
  | { type: 'resume'; windowId: string; staff: string | null }
  | { type: 'transfer'; categoryId: string; targetWindowId: string | null; note: string | null }
  | { type: 'requeue'; queuedAt: EpochMs }
  | { type: 'cancel' };

export interface MachineRules {
  /** Recalls allowed after the first call. */
  readonly recallCap: number;
  /** Calls needed before a ticket may be marked 过号. */
  readonly noShowAfterCalls: number;
}

export interface MachineCtx {
  readonly now: EpochMs;
  readonly rules: MachineRules;
}

function targetOf(action: TicketAction): TicketStatus {
  switch (action.type) {
    case 'call':
      return 'called';
    case 'recall':
      return 'called';
    case 'start':
      return 'serving';
    case 'finish':
      return 'done';
    case 'no-show':
      return 'no_show';
    case 'suspend':
      return 'suspended';
    case 'resume':
      return 'serving';
    case 'transfer':
      return 'waiting';
    case 'requeue':
      return 'waiting';
    case 'cancel':
      return 'cancelled';
    default:
      return assertNever(action);
  }
}

/** Time suspended so far, closed off when the ticket leaves `suspended`. */
function closeSuspension(t: TicketCore, now: EpochMs): Pick<TicketCore, 'suspendedAt' | 'suspendedMs'> {
  if (t.status !== 'suspended' || t.suspendedAt === null) return { suspendedAt: t.suspendedAt, suspendedMs: t.suspendedMs };
  return { suspendedAt: null, suspendedMs: t.suspendedMs + Math.max(0, now - t.suspendedAt) };
}

export function applyTicketAction<T extends TicketCore>(t: T, action: TicketAction, ctx: MachineCtx): Decision<T> {
  const to = targetOf(action);
  // A recall is the one self-transition; "call" of an already-called ticket is not.
  if (
    action.type === 'recall' ? t.status !== 'called' : !canTransition(t.status, to) || (action.type === 'call' && t.status === 'called')
  ) {
    return reject('ILLEGAL_TRANSITION', `不能从「${t.status}」执行「${action.type}」 / cannot ${action.type} a ${t.status} ticket`);
  }
  const now = ctx.now;
  switch (action.type) {
    case 'call':
      return accept({
        ...t,
        status: 'called',
        windowId: action.windowId,
        targetWindowId: null,
        calledAt: now,
        firstCalledAt: t.firstCalledAt ?? now,
        callCount: t.callCount + 1,
        servedBy: action.staff,
      });
    case 'recall':
      if (t.callCount > ctx.rules.recallCap) return reject('RECALL_LIMIT');
      return accept({ ...t, calledAt: now, callCount: t.callCount + 1 });
    case 'start':
      return accept({ ...t, status: 'serving', startedAt: now, servedBy: action.staff ?? t.servedBy });
    case 'finish':
      return accept({
        ...t,
        status: 'done',
        startedAt: t.startedAt ?? t.calledAt ?? now,
        finishedAt: now,
        servedBy: action.staff ?? t.servedBy,
      });
    case 'no-show':
      if (t.callCount < ctx.rules.noShowAfterCalls)
        return reject(
          'ILLEGAL_TRANSITION',
          `呼叫 ${ctx.rules.noShowAfterCalls} 次后才能过号 / call ${ctx.rules.noShowAfterCalls} times before marking a no-show`,
        );
      return accept({ ...t, status: 'no_show', finishedAt: now });
    case 'suspend':
      return accept({ ...t, status: 'suspended', suspendedAt: now });
    case 'resume':
      return accept({
        ...t,
        ...closeSuspension(t, now),
        status: 'serving',
        windowId: action.windowId,
        startedAt: t.startedAt ?? now,
        servedBy: action.staff ?? t.servedBy,
      });
    case 'transfer':
      // Keeps its number and original issue time: it re-enters the new queue where it would have stood.
      return accept({
        ...t,
        ...closeSuspension(t, now),
        status: 'waiting',
        categoryId: action.categoryId,
        targetWindowId: action.targetWindowId,
        windowId: null,
        calledAt: null,
        startedAt: null,
        callCount: 0,
        servedBy: null,
        transferCount: t.transferCount + 1,
        note: action.note ?? t.note,
      });
    case 'requeue':
      return accept({
        ...t,
        status: 'waiting',
        windowId: null,
        calledAt: null,
        startedAt: null,
        finishedAt: null,
        callCount: 0,
        queuedAt: action.queuedAt,
      });
    case 'cancel':
      return accept({ ...t, ...closeSuspension(t, now), status: 'cancelled', finishedAt: now });
    default:
      return assertNever(action);
  }
}

/** Where a returning no-show citizen re-enters: ahead of everyone, N places back, or at the end. */
export function requeueKey(position: 'head' | 'offset' | 'tail', offset: number, waitingKeys: readonly EpochMs[], now: EpochMs): EpochMs {
  const sorted = [...waitingKeys].sort((a, b) => a - b);
  if (sorted.length === 0) return now;
  switch (position) {
    case 'head':
      return (sorted[0] ?? now) - 1;
    case 'tail':
      return Math.max(now, (sorted[sorted.length - 1] ?? now) + 1);
    case 'offset': {
      if (offset >= sorted.length) return Math.max(now, (sorted[sorted.length - 1] ?? now) + 1);
      const before = sorted[offset - 1];
      const after = sorted[offset] ?? now;
      return before === undefined ? after - 1 : before + (after - before) / 2;
    }
    default:
      return assertNever(position);
  }
}

/** Ticket number: prefix plus at least three digits (A001 … A999, A1000 …). */
export function formatTicketNumber(prefix: string, seq: number): string {
  return `${prefix}${String(seq).padStart(3, '0')}`;
}
