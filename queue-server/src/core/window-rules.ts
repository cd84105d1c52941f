/**
 * The window rules: for every action at a window, the window states it may start from, what must be true
 * of the window's current ticket (called or serving), who may take it, the implicit step it takes, and
 * the ticket action it leads to (see ticket-rules.ts for what that does to the ticket). Data (R3), read by
 * `checkWindowAction` before anything is changed.
 *
 * Who:
 * - `window`: the staff member signed in at the window, the window's own caller keypad, a supervisor
 *   taking over (audited), or the system.
 * - `self`: a signed-in user acting for themself (signing in).
 * - `supervisor`: supervisors and admins (and the allocation runner, as the system).
 */
import type { TicketStatus, WindowStatus } from '@hall/contract';
import { failure, type Failure } from '@hall/contract';
import { assertNever } from './decision.ts';
import type { TicketActionType } from './ticket-rules.ts';

export type WindowActionType =
  | 'sign-in'
  | 'sign-out'
  | 'hand-over'
  | 'pause'
  | 'unpause'
  | 'set-allocation'
  | 'call-next'
  | 'call-specific'
  | 'resume-ticket'
  | 'requeue'
  | 'recall'
  | 'start'
  | 'finish'
  | 'no-show'
  | 'suspend'
  | 'transfer'
  | 'update-matter';

/** What the window's current ticket must be: none, present, or none-or-being-served. */
export type CurrentRule = 'any' | 'none' | 'required' | 'none-or-serving';

export interface WindowRule {
  readonly from: readonly WindowStatus[];
  /**
   * States a supervisor taking over may act from, when wider than `from`: supervisors may act at any
   * window whether or not staff are signed in there (emergency takeover, audited).
   */
  readonly takeoverFrom?: readonly WindowStatus[];
  readonly current: CurrentRule;
  readonly who: 'window' | 'self' | 'supervisor';
  /** `finish-serving`: a ticket being served is finished first (caller keypads work this way). */
  readonly implicit?: 'finish-serving';
  /** The ticket action this window action takes (on the current ticket or the one named). */
  readonly ticket?: TicketActionType;
}

export const WINDOW_RULES = {
  'sign-in': { from: ['closed', 'open', 'paused'], current: 'any', who: 'self' },
  'sign-out': { from: ['open', 'paused'], current: 'none', who: 'window' },
  'hand-over': { from: ['open', 'paused'], current: 'any', who: 'window' },
  pause: { from: ['open'], current: 'none', who: 'window' },
  unpause: { from: ['paused'], current: 'none', who: 'window' },
  'set-allocation': { from: ['closed', 'open', 'paused'], current: 'any', who: 'supervisor' },
  'call-next': {
    from: ['open'],
    takeoverFrom: ['open', 'closed'],
    current: 'none-or-serving',
    who: 'window',
    implicit: 'finish-serving',
    ticket: 'call',
  },
  'call-specific': {
    from: ['open'],
    takeoverFrom: ['open', 'closed'],
    current: 'none-or-serving',
    who: 'window',
    implicit: 'finish-serving',
    ticket: 'call',
  },
  'resume-ticket': { from: ['open'], takeoverFrom: ['open', 'closed'], current: 'none', who: 'window', ticket: 'resume' },
  requeue: { from: ['open', 'paused', 'closed'], current: 'any', who: 'window', ticket: 'requeue' },
  recall: { from: ['open'], takeoverFrom: ['open', 'closed'], current: 'required', who: 'window', ticket: 'recall' },
  start: { from: ['open'], takeoverFrom: ['open', 'closed'], current: 'required', who: 'window', ticket: 'start' },
  finish: { from: ['open'], takeoverFrom: ['open', 'closed'], current: 'required', who: 'window', ticket: 'finish' },
  'no-show': { from: ['open'], takeoverFrom: ['open', 'closed'], current: 'required', who: 'window', ticket: 'no-show' },
  suspend: { from: ['open'], takeoverFrom: ['open', 'closed'], current: 'required', who: 'window', ticket: 'suspend' },
  transfer: { from: ['open'], takeoverFrom: ['open', 'closed'], current: 'required', who: 'window', ticket: 'transfer' },
  /** 一事一次办: set the status of one matter of the current ticket (core/matter-rules.ts). */
  'update-matter': { from: ['open'], takeoverFrom: ['open', 'closed'], current: 'required', who: 'window' },
} as const satisfies Record<WindowActionType, WindowRule>;

/** How the actor stands to the window, as computed by the server from the session. */
export type WindowRelation =
  /** the staff member signed in there, or the window's own keypad */
  | 'at-window'
  /** a supervisor or admin acting for the window (emergency takeover, audited) */
  | 'takeover'
  | 'system'
  /** a signed-in user acting for themself on a window they are not at (signing in) */
  | 'self'
  | 'other';

export interface WindowFacts {
  readonly status: WindowStatus;
  readonly current: { readonly number: string; readonly status: TicketStatus } | null;
  readonly relation: WindowRelation;
}

export type WindowCheck = { ok: true; implicit: 'finish-serving' | null; takeover: boolean } | Failure;

function whoAllowed(who: WindowRule['who'], relation: WindowRelation): boolean {
  switch (who) {
    case 'window':
      return relation === 'at-window' || relation === 'takeover' || relation === 'system';
    case 'self':
      return relation !== 'system';
    case 'supervisor':
      return relation === 'takeover' || relation === 'system';
    default:
      return assertNever(who);
  }
}

function stateFailure(action: WindowActionType, status: WindowStatus): Failure {
  if (status === 'paused') return failure('WINDOW_PAUSED');
  if (status === 'closed') return failure('WINDOW_CLOSED');
  return failure('WINDOW_STATE', { status, action });
}

/** Checks a window action against the table. Who first (nothing leaks to the wrong caller), then state. */
export function checkWindowAction(action: WindowActionType, w: WindowFacts): WindowCheck {
  const rule: WindowRule = WINDOW_RULES[action];
  if (!whoAllowed(rule.who, w.relation)) return failure(w.relation === 'other' && rule.who === 'window' ? 'NOT_AT_WINDOW' : 'FORBIDDEN');
  const from = w.relation === 'takeover' && rule.takeoverFrom ? rule.takeoverFrom : rule.from;
  if (!from.includes(w.status)) return stateFailure(action, w.status);
  const cur = w.current;
  let implicit: 'finish-serving' | null = null;
  switch (rule.current) {
    case 'any':
      break;
    case 'none':
      if (cur) return failure('WINDOW_BUSY', { number: cur.number });
      break;
    case 'required':
      if (!cur) return failure('NO_CURRENT_TICKET');
      break;
    case 'none-or-serving':
      if (cur?.status === 'serving' && rule.implicit === 'finish-serving') implicit = 'finish-serving';
      else if (cur) return failure('CURRENT_NOT_STARTED', { number: cur.number });
      break;
    default:
      return assertNever(rule.current);
  }
  return { ok: true, implicit, takeover: w.relation === 'takeover' };
}
