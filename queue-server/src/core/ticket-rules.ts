/**
 * The ticket rules: for every action on a ticket, the states it may start from, who may take it, the
 * state it leads to, the implicit steps it takes, and the times it records. The table is data (R3);
 * `applyTicketAction` is the only code that changes a ticket and it reads the table first.
 *
 *   waiting ──call──▶ called ──start──▶ serving ──finish──▶ done
 *      ▲               │  ▲recall         │ ▲
 *      │               │  └───────────────┤ └resume── suspended ◀──suspend── (called | serving)
 *      ├──transfer─────┴──────────────────┴──────────── (called | serving | suspended)
 *      └──requeue── no_show ◀──no-show── called
 *   called ──auto-no-show──▶ no_show (outcome auto_no_show: the hall's rule after N calls and M minutes)
 *   waiting (held) ──release──▶ waiting (an early appointment joins the queue at its slot start)
 *   (called | serving | suspended) ──next-matter──▶ waiting (a visit's next matter, same number and place)
 *   any open state ──close-day──▶ cancelled (outcome day_closed: the hall closed with the ticket open)
 *
 * Who (the domain rule "a ticket belongs to one window at a time"):
 * - `eligible-window`: a window that may serve the ticket: its category is among the window's skills AND
 *   the certifications of the person signed in there, and a ticket transferred to one window goes only to it.
 * - `holder`: only the window holding the ticket (its staff, its keypad), or a supervisor taking over
 *   (recorded as a takeover in the audit log).
 * - `system`: only the hall's own day rules.
 *
 * Times: nothing here reads a clock; `now` comes in through the context.
 */
import type { EpochMs, Priority, TicketOutcome, TicketStatus } from '@hall/contract';
import { failure, type Failure } from '@hall/contract';
import { assertNever } from './decision.ts';

export type TicketActionType =
  | 'call'
  | 'recall'
  | 'start'
  | 'finish'
  | 'no-show'
  | 'auto-no-show'
  | 'suspend'
  | 'resume'
  | 'transfer'
  | 'next-matter'
  | 'requeue'
  | 'release'
  | 'close-day';

export type Authority = 'eligible-window' | 'holder' | 'system';

/** Steps an action takes on its own when it starts from a given state. */
export type ImplicitStep =
  /** Service is counted from the call: finishing a called ticket that was never started. */
  | 'start-at-call'
  /** Service starts now: suspending a called ticket (the citizen is at the desk and must fetch a paper). */
  | 'start-now';

export interface TicketRule {
  readonly from: readonly TicketStatus[];
  readonly who: Authority;
  readonly to: TicketStatus;
  readonly implicit?: Partial<Record<TicketStatus, ImplicitStep>>;
  /** What the action writes, for readers of the table (the code below does exactly this). */
  readonly records: string;
}

export const TICKET_RULES = {
  call: {
    from: ['waiting'],
    who: 'eligible-window',
    to: 'called',
    records:
      'windowId, calledAt, firstCalledAt (first call only), callCount + 1, servedBy; clears targetWindowId; refuses a ticket held until its slot',
  },
  recall: { from: ['called'], who: 'holder', to: 'called', records: 'calledAt, callCount + 1 (at most 1 + recallCap calls)' },
  start: { from: ['called'], who: 'holder', to: 'serving', records: 'startedAt, servedBy' },
  finish: {
    from: ['serving', 'called'],
    who: 'holder',
    to: 'done',
    implicit: { called: 'start-at-call' },
    records: 'finishedAt, servedBy',
  },
  'no-show': { from: ['called'], who: 'holder', to: 'no_show', records: 'finishedAt (after noShowAfterCalls calls)' },
  'auto-no-show': {
    from: ['called'],
    who: 'system',
    to: 'no_show',
    records: 'finishedAt, outcome auto_no_show (only after autoNoShow.afterCalls calls and afterMs since the last call)',
  },
  suspend: {
    from: ['serving', 'called'],
    who: 'holder',
    to: 'suspended',
    implicit: { called: 'start-now' },
    records: 'suspendedAt',
  },
  resume: { from: ['suspended'], who: 'holder', to: 'serving', records: 'suspendedMs += time suspended; clears suspendedAt' },
  transfer: {
    from: ['called', 'serving', 'suspended'],
    who: 'holder',
    to: 'waiting',
    records:
      'categoryId, targetWindowId, transferCount + 1, note; clears windowId, calledAt, startedAt, callCount, servedBy; closes a suspension; keeps issue time and queue place',
  },
  'next-matter': {
    from: ['called', 'serving', 'suspended'],
    who: 'holder',
    to: 'waiting',
    records:
      'categoryId of the next matter; clears windowId, targetWindowId, calledAt, startedAt, callCount, servedBy; closes a suspension; keeps number, issue time and queue place; transferCount unchanged',
  },
  release: {
    from: ['waiting'],
    who: 'system',
    to: 'waiting',
    records: 'only a held ticket whose time has come: clears heldUntil, queuedAt = heldUntil, priority appointment',
  },
  requeue: {
    from: ['no_show'],
    who: 'holder',
    to: 'waiting',
    records: 'queuedAt (head, N back or tail); clears the call and finish times',
  },
  'close-day': {
    from: ['waiting', 'called', 'serving', 'suspended'],
    who: 'system',
    to: 'cancelled',
    records: 'finishedAt = the close, outcome day_closed; closes a suspension; every other time stays as it was',
  },
} as const satisfies Record<TicketActionType, TicketRule>;

/** The fields of a ticket the rules read and write. */
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
  readonly outcome: TicketOutcome | null;
  /** An early appointment arrival: not in the queue until this time. */
  readonly heldUntil: EpochMs | null;
}

export type TicketAction =
  | { type: 'call'; staff: string | null }
  | { type: 'recall' }
  | { type: 'start'; staff: string | null }
  | { type: 'finish'; staff: string | null }
  | { type: 'no-show' }
  | { type: 'auto-no-show' }
  | { type: 'suspend' }
  | { type: 'resume'; staff: string | null }
  | { type: 'transfer'; categoryId: string; targetWindowId: string | null; note: string | null }
  | { type: 'next-matter'; categoryId: string }
  | { type: 'requeue'; queuedAt: EpochMs }
  | { type: 'release' }
  | { type: 'close-day' };

/**
 * Who is acting, as the rules see it. `windowId` is the window acting (null for the system);
 * `certified` the categories that window may serve now (its skills ∩ the certifications of the person
 * signed in); `takeover` a supervisor acting for a window.
 */
export interface TicketActor {
  readonly kind: 'window' | 'system';
  readonly windowId: string | null;
  readonly certified: readonly string[];
  readonly takeover: boolean;
}

export interface TicketRulesConfig {
  /** Recalls allowed after the first call. */
  readonly recallCap: number;
  /** Calls needed before a ticket may be marked 过号. */
  readonly noShowAfterCalls: number;
  /** Automatic 过号: after this many calls and this long since the last call; null when the hall has it off. */
  readonly autoNoShow?: { readonly afterCalls: number; readonly afterMs: number } | null;
}

export interface TicketCtx {
  readonly now: EpochMs;
  readonly rules: TicketRulesConfig;
  readonly actor: TicketActor;
}

export type TicketDecision<T> = { ok: true; ticket: T; implicit: ImplicitStep | null } | Failure;

/** Whether an actor may take an action on a ticket at all (before the state is looked at). */
export function authorise(t: TicketCore, who: Authority, actor: TicketActor): Failure | null {
  switch (who) {
    case 'system':
      return actor.kind === 'system' ? null : failure('FORBIDDEN');
    case 'holder':
      if (actor.kind === 'system') return null;
      if (t.windowId !== null && t.windowId === actor.windowId) return null;
      if (actor.takeover) return null;
      return failure('NOT_HOLDER', { windowId: t.windowId ?? '—' });
    case 'eligible-window':
      if (actor.kind === 'system') return failure('FORBIDDEN');
      if (t.targetWindowId !== null && t.targetWindowId !== actor.windowId)
        return failure('TICKET_TARGETED', { windowId: t.targetWindowId });
      if (!actor.certified.includes(t.categoryId)) return failure('NOT_CERTIFIED');
      return null;
    default:
      return assertNever(who);
  }
}

const closeSuspension = (t: TicketCore, now: EpochMs) =>
  t.status === 'suspended' && t.suspendedAt !== null
    ? { suspendedAt: null, suspendedMs: t.suspendedMs + Math.max(0, now - t.suspendedAt) }
    : { suspendedAt: t.suspendedAt, suspendedMs: t.suspendedMs };

/**
 * Applies one action: checks the table (state, then who), then the action's own limits, and returns the
 * ticket after it. Never throws for an expected refusal.
 */
export function applyTicketAction<T extends TicketCore>(t: T, action: TicketAction, ctx: TicketCtx): TicketDecision<T> {
  const rule: TicketRule = TICKET_RULES[action.type];
  if (!rule.from.includes(t.status)) return failure('ILLEGAL_TRANSITION', { status: t.status, action: action.type });
  const denied = authorise(t, rule.who, ctx.actor);
  if (denied) return denied;
  const implicit = rule.implicit?.[t.status] ?? null;
  const now = ctx.now;
  const done = (ticket: T) => ({ ok: true as const, ticket, implicit });
  switch (action.type) {
    case 'call':
      if (t.heldUntil !== null && t.heldUntil > now) return failure('TICKET_HELD');
      return done({
        ...t,
        status: 'called',
        windowId: ctx.actor.windowId,
        targetWindowId: null,
        calledAt: now,
        firstCalledAt: t.firstCalledAt ?? now,
        callCount: t.callCount + 1,
        servedBy: action.staff,
      });
    case 'recall':
      if (t.callCount > ctx.rules.recallCap) return failure('RECALL_LIMIT', { max: ctx.rules.recallCap });
      return done({ ...t, calledAt: now, callCount: t.callCount + 1 });
    case 'start':
      return done({ ...t, status: 'serving', startedAt: now, servedBy: action.staff ?? t.servedBy });
    case 'finish':
      return done({
        ...t,
        status: 'done',
        startedAt: implicit === 'start-at-call' ? (t.calledAt ?? now) : t.startedAt,
        finishedAt: now,
        servedBy: action.staff ?? t.servedBy,
      });
    case 'no-show':
      if (t.callCount < ctx.rules.noShowAfterCalls) return failure('NO_SHOW_TOO_EARLY', { calls: ctx.rules.noShowAfterCalls });
      return done({ ...t, status: 'no_show', finishedAt: now });
    case 'auto-no-show': {
      const auto = ctx.rules.autoNoShow ?? null;
      if (auto === null) return failure('FORBIDDEN');
      if (t.callCount < auto.afterCalls || now - (t.calledAt ?? now) < auto.afterMs) return failure('NOT_DUE');
      return done({ ...t, status: 'no_show', finishedAt: now, outcome: 'auto_no_show' });
    }
    case 'suspend':
      return done({ ...t, status: 'suspended', startedAt: implicit === 'start-now' ? now : t.startedAt, suspendedAt: now });
    case 'resume':
      return done({ ...t, ...closeSuspension(t, now), status: 'serving', servedBy: action.staff ?? t.servedBy });
    case 'transfer':
      // Keeps its number and original issue time: it re-enters the new queue where it would have stood.
      return done({
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
    case 'next-matter':
      return done({
        ...t,
        ...closeSuspension(t, now),
        status: 'waiting',
        categoryId: action.categoryId,
        targetWindowId: null,
        windowId: null,
        calledAt: null,
        startedAt: null,
        callCount: 0,
        servedBy: null,
      });
    case 'release':
      if (t.heldUntil === null) return failure('ILLEGAL_TRANSITION', { status: t.status, action: action.type });
      if (t.heldUntil > now) return failure('NOT_DUE');
      return done({ ...t, heldUntil: null, queuedAt: t.heldUntil, priority: 'appointment' });
    case 'requeue':
      return done({
        ...t,
        status: 'waiting',
        windowId: null,
        calledAt: null,
        startedAt: null,
        finishedAt: null,
        callCount: 0,
        queuedAt: action.queuedAt,
      });
    case 'close-day':
      return done({ ...t, ...closeSuspension(t, now), status: 'cancelled', finishedAt: now, outcome: 'day_closed' });
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
