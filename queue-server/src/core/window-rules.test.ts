import { describe, expect, it } from 'vitest';
import { checkWindowAction, WINDOW_RULES, type WindowActionType, type WindowFacts, type WindowRelation } from './window-rules.ts';

/** The cases of a window's state that matter: its status and what its current ticket is. */
const CASES: Array<[string, WindowFacts['status'], WindowFacts['current']]> = [
  ['closed', 'closed', null],
  ['open, idle', 'open', null],
  ['open, called', 'open', { number: 'A001', status: 'called' }],
  ['open, serving', 'open', { number: 'A001', status: 'serving' }],
  ['paused', 'paused', null],
];

const OK = 'ok';
const FIN = 'ok+finish';

/**
 * Hand-written: what each action gives in each case, for the staff member at the window
 * (set-allocation for a supervisor, sign-in for oneself).
 */
const EXPECTED: Record<WindowActionType, readonly string[]> = {
  //                closed           open idle            open called              open serving             paused
  'sign-in': [OK, OK, OK, OK, OK],
  'sign-out': ['WINDOW_CLOSED', OK, 'WINDOW_BUSY', 'WINDOW_BUSY', OK],
  'hand-over': ['WINDOW_CLOSED', OK, OK, OK, OK],
  pause: ['WINDOW_CLOSED', OK, 'WINDOW_BUSY', 'WINDOW_BUSY', 'WINDOW_PAUSED'],
  unpause: ['WINDOW_CLOSED', 'WINDOW_STATE', 'WINDOW_STATE', 'WINDOW_STATE', OK],
  'set-allocation': [OK, OK, OK, OK, OK],
  'call-next': ['WINDOW_CLOSED', OK, 'CURRENT_NOT_STARTED', FIN, 'WINDOW_PAUSED'],
  'call-specific': ['WINDOW_CLOSED', OK, 'CURRENT_NOT_STARTED', FIN, 'WINDOW_PAUSED'],
  'resume-ticket': ['WINDOW_CLOSED', OK, 'WINDOW_BUSY', 'WINDOW_BUSY', 'WINDOW_PAUSED'],
  requeue: [OK, OK, OK, OK, OK],
  recall: ['WINDOW_CLOSED', 'NO_CURRENT_TICKET', OK, OK, 'WINDOW_PAUSED'],
  start: ['WINDOW_CLOSED', 'NO_CURRENT_TICKET', OK, OK, 'WINDOW_PAUSED'],
  finish: ['WINDOW_CLOSED', 'NO_CURRENT_TICKET', OK, OK, 'WINDOW_PAUSED'],
  'no-show': ['WINDOW_CLOSED', 'NO_CURRENT_TICKET', OK, OK, 'WINDOW_PAUSED'],
  suspend: ['WINDOW_CLOSED', 'NO_CURRENT_TICKET', OK, OK, 'WINDOW_PAUSED'],
  transfer: ['WINDOW_CLOSED', 'NO_CURRENT_TICKET', OK, OK, 'WINDOW_PAUSED'],
  'update-matter': ['WINDOW_CLOSED', 'NO_CURRENT_TICKET', OK, OK, 'WINDOW_PAUSED'],
};

function relationFor(action: WindowActionType): WindowRelation {
  if (action === 'set-allocation') return 'takeover';
  if (action === 'sign-in') return 'self';
  return 'at-window';
}

describe('window rules', () => {
  it('cover every window action', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(WINDOW_RULES).sort());
  });

  for (const [action, row] of Object.entries(EXPECTED) as Array<[WindowActionType, readonly string[]]>) {
    it(`${action}: in every window state gives the hand-written result`, () => {
      const got = CASES.map(([, status, current]) => {
        const r = checkWindowAction(action, { status, current, relation: relationFor(action) });
        return r.ok ? (r.implicit === 'finish-serving' ? FIN : OK) : r.code;
      });
      expect(got).toEqual(row);
    });
  }

  it('someone not at the window is refused before anything about its state is told', () => {
    for (const action of ['call-next', 'finish', 'pause', 'sign-out', 'transfer'] as const) {
      const r = checkWindowAction(action, { status: 'open', current: null, relation: 'other' });
      expect(r.ok ? 'ok' : r.code).toBe('NOT_AT_WINDOW');
    }
    const alloc = checkWindowAction('set-allocation', { status: 'open', current: null, relation: 'at-window' });
    expect(alloc.ok ? 'ok' : alloc.code).toBe('FORBIDDEN');
  });

  it('a supervisor may act for any window, signed in or not, and the check says it is a takeover', () => {
    const r = checkWindowAction('call-next', { status: 'open', current: null, relation: 'takeover' });
    expect(r).toEqual({ ok: true, implicit: null, takeover: true });
    // Hand-written: what a takeover gets in each case (closed windows too; a paused one stays paused).
    const takeover: Partial<Record<WindowActionType, readonly string[]>> = {
      'call-next': [OK, OK, 'CURRENT_NOT_STARTED', FIN, 'WINDOW_PAUSED'],
      finish: ['NO_CURRENT_TICKET', 'NO_CURRENT_TICKET', OK, OK, 'WINDOW_PAUSED'],
      pause: ['WINDOW_CLOSED', OK, 'WINDOW_BUSY', 'WINDOW_BUSY', 'WINDOW_PAUSED'],
    };
    for (const [action, row] of Object.entries(takeover) as Array<[WindowActionType, readonly string[]]>) {
      const got = CASES.map(([, status, current]) => {
        const c = checkWindowAction(action, { status, current, relation: 'takeover' });
        return c.ok ? (c.implicit === 'finish-serving' ? FIN : OK) : c.code;
      });
      expect(got, action).toEqual(row);
    }
  });

  it('a refusal names the ticket in the way', () => {
    const r = checkWindowAction('call-next', { status: 'open', current: { number: 'B007', status: 'called' }, relation: 'at-window' });
    expect(r).toEqual({ ok: false, code: 'CURRENT_NOT_STARTED', params: { number: 'B007' } });
  });
});
