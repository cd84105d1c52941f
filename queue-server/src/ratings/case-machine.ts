/**
 * 差评整改 case workflow, pure (R2, R3): the transitions are a table, deadlines come from the working-day
 * calendar, and overdue detection is a function of the case and `now`.
 *
 *   open ──verify (核实)──▶ verified ──rectify (整改)──▶ rectified ──revisit (回访)──▶ closed
 *
 * Deadlines are fixed when the case opens, step after step in working days from the day of the 差评:
 * verify after `verifyDays`, rectify `rectifyDays` after that, revisit `revisitDays` after that. A step is
 * late from local midnight after its last working day. Doing a step late does not move the later
 * deadlines: the SLA runs from the 差评, as the provincial rules count it.
 */
import { failure, localTimeToEpoch, type CaseStatus, type CaseStep, type EpochMs, type HallSettings } from '@hall/contract';
import type { Result } from '../hall/actor.ts';
import { addDays, addWorkingDays, type WorkingCalendar } from './working-days.ts';

export const CASE_TRANSITIONS = {
  open: { step: 'verify', to: 'verified' },
  verified: { step: 'rectify', to: 'rectified' },
  rectified: { step: 'revisit', to: 'closed' },
  closed: null,
} as const satisfies Record<CaseStatus, { step: CaseStep; to: CaseStatus } | null>;

/** The step a case in this state waits for; null once closed. */
export function nextStep(status: CaseStatus): CaseStep | null {
  return CASE_TRANSITIONS[status]?.step ?? null;
}

/** Applies a step: only the next step of the case is allowed, one at a time. */
export function advanceCase(status: CaseStatus, step: CaseStep): Result<CaseStatus> {
  const t = CASE_TRANSITIONS[status];
  if (t === null) return failure('CASE_CLOSED');
  if (t.step !== step) return failure('CASE_WRONG_STEP', { step: t.step });
  return { ok: true, value: t.to };
}

export const STEP_LABELS: Record<CaseStep, string> = { verify: '核实', rectify: '整改', revisit: '回访' };

export interface Deadline {
  dueDate: string;
  dueAt: EpochMs;
}
export type CaseSchedule = Record<CaseStep, Deadline>;

/** Deadlines of a case opened on `openedOn` (local date), per the hall's `settings.rectification`. */
export function scheduleCase(openedOn: string, rules: HallSettings['rectification'], cal: WorkingCalendar, timeZone: string): CaseSchedule {
  const verify = addWorkingDays(openedOn, rules.verifyDays, cal);
  const rectify = addWorkingDays(verify, rules.rectifyDays, cal);
  const revisit = addWorkingDays(rectify, rules.revisitDays, cal);
  const at = (d: string): Deadline => ({ dueDate: d, dueAt: localTimeToEpoch(addDays(d, 1), '00:00', timeZone) });
  return { verify: at(verify), rectify: at(rectify), revisit: at(revisit) };
}

/**
 * The step to escalate now, if any: the case's next step is past its deadline and has not been escalated
 * yet (`overdueAt` is cleared whenever a step is done).
 */
export function overdueStep(c: { status: CaseStatus; overdueAt: EpochMs | null; schedule: CaseSchedule }, now: EpochMs): CaseStep | null {
  const step = nextStep(c.status);
  if (step === null || c.overdueAt !== null) return null;
  return now >= c.schedule[step].dueAt ? step : null;
}
