/**
 * What the counter console allows in the window's current state. Pure, so the button table is tested alone
 * (counter-state.test.ts). The server stays the judge: a button enabled here can still get a 409, whose message
 * the console shows; a button disabled here would only have been refused.
 */
import type { PublicTicket, WindowState } from '@hall/contract';

export type CounterAction =
  | 'call-next'
  | 'recall'
  | 'start'
  | 'finish'
  | 'no-show'
  | 'suspend'
  | 'transfer'
  | 'pause'
  | 'resume'
  | 'call-specific'
  | 'hand-over'
  | 'resume-ticket'
  | 'sign-out';

export interface CounterRules {
  /** Recalls allowed after the first call. */
  recallCap: number;
  /** Calls needed before 过号. */
  noShowAfterCalls: number;
  longPauseMinutes: number;
  pauseReasons: string[];
}

export const DEFAULT_RULES: CounterRules = {
  recallCap: 2,
  noShowAfterCalls: 3,
  longPauseMinutes: 20,
  pauseReasons: ['午休', '临时离开', '业务咨询', '系统故障', '其他'],
};

/** Keyboard shortcut of each action with one. */
export const SHORTCUTS = {
  'call-next': 'F1',
  recall: 'F2',
  start: 'F3',
  finish: 'F4',
  'no-show': 'F5',
  suspend: 'F6',
  transfer: 'F7',
  pause: 'F8',
  resume: 'F8',
  'call-specific': 'F9',
  'hand-over': 'F10',
  'sign-out': 'Alt+Q',
} as const satisfies Partial<Record<CounterAction, string>>;

export const currentOf = (w: WindowState | null | undefined): PublicTicket | null => {
  const t = w?.currentTicket ?? null;
  return t && (t.status === 'called' || t.status === 'serving') ? t : null;
};

/** Calls the current ticket may still get (the first call plus `recallCap` recalls). */
export function callsLeft(t: PublicTicket | null, rules: CounterRules): number {
  if (!t || t.status !== 'called') return 0;
  return Math.max(0, rules.recallCap + 1 - t.callCount);
}

export function isNoShowAllowed(t: PublicTicket | null, rules: CounterRules): boolean {
  return t !== null && t.status === 'called' && t.callCount >= rules.noShowAfterCalls;
}

export function allowedActions(w: WindowState | null | undefined, rules: CounterRules): Record<CounterAction, boolean> {
  const cur = currentOf(w);
  const isOpen = w?.status === 'open';
  const isPaused = w?.status === 'paused';
  return {
    // With a ticket being served, "call next" finishes it first (as caller keypads do); a called ticket must be
    // started, marked no-show, suspended or transferred first, so nobody who came is silently finished.
    'call-next': isOpen && (cur === null || cur.status === 'serving'),
    recall: cur !== null && callsLeft(cur, rules) > 0,
    start: cur?.status === 'called',
    finish: cur !== null,
    'no-show': isNoShowAllowed(cur, rules),
    suspend: cur !== null,
    transfer: cur !== null,
    pause: isOpen && cur === null,
    resume: isPaused,
    'call-specific': isOpen && cur === null,
    'hand-over': w !== null && w !== undefined && w.status !== 'closed',
    'resume-ticket': isOpen && cur === null,
    'sign-out': cur === null,
  };
}

/** Suspended (挂起) tickets of a window, oldest call first. */
export function suspendedAt(windowId: string, tickets: readonly PublicTicket[]): PublicTicket[] {
  return tickets
    .filter((t) => t.status === 'suspended' && t.windowId === windowId)
    .sort((a, b) => (a.calledAt ?? a.issuedAt).localeCompare(b.calledAt ?? b.issuedAt));
}

/** Waiting tickets this window would call: directed to it, or undirected in its allocation. */
export function callableBy(w: WindowState, tickets: readonly PublicTicket[]): PublicTicket[] {
  return tickets
    .filter(
      (t) => t.status === 'waiting' && (t.targetWindowId === w.id || (t.targetWindowId === null && w.allocation.includes(t.categoryId))),
    )
    .sort((a, b) => a.issuedAt.localeCompare(b.issuedAt));
}
