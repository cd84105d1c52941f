/**
 * Supervisor alert rules owned by the supervisor module. Pure: `(hall facts, settings, now) → raise/clear`.
 *
 * - wait_threshold (per category): raised while citizens are waiting and the predicted wait of a new ticket,
 *   or the wait of the longest-waiting citizen, is over the category's `waitThresholdMinutes`; critical
 *   beyond twice the threshold. Cleared when both are back at or under it.
 * - long_pause (per window): a window paused longer than `longPauseMinutes` during opening hours (the
 *   lunch break between two opening spans is not a "long pause"). Cleared when the window is not paused.
 * - storage: the hall service could not write to its database. Cleared once a write succeeds again.
 *
 * Printer, device, 差评 and rectification alerts are raised by their own modules; the console shows all.
 */
import {
  alertText,
  type Alert,
  type AlertCode,
  type AlertParams,
  type CategoryQueue,
  type EpochMs,
  type WindowStatus,
} from '@hall/contract';

export interface AlertRuleInput {
  readonly now: EpochMs;
  readonly queues: readonly CategoryQueue[];
  readonly categories: ReadonlyArray<{
    readonly id: string;
    readonly name: string;
    readonly nameEn?: string | undefined;
    readonly waitThresholdMinutes: number;
  }>;
  readonly windows: ReadonlyArray<{
    readonly id: string;
    readonly name: string;
    /** The window's number, for its English name ("Window 3"). */
    readonly number?: number;
    readonly status: WindowStatus;
    readonly pausedAt: EpochMs | null;
    readonly pauseReason: string | null;
    readonly staffName: string | null;
  }>;
  readonly longPauseMinutes: number;
  /** Whether the hall is inside an opening span now. */
  readonly hallOpen: boolean;
  readonly storageHealthy: boolean;
}

export interface AlertToRaise {
  readonly kind: Alert['kind'];
  readonly severity: Alert['severity'];
  readonly subject: string | null;
  /** The Chinese words (`alertText(text, 'zh')`), for older readers. */
  readonly message: string;
  readonly text: { readonly code: AlertCode; readonly params: AlertParams };
}

function worded(code: AlertCode, params: AlertParams): { message: string; text: { code: AlertCode; params: AlertParams } } {
  return { message: alertText({ message: '', code, params }, 'zh'), text: { code, params } };
}

export interface AlertRuleDecision {
  readonly raise: AlertToRaise[];
  readonly clear: Array<{ readonly kind: Alert['kind']; readonly subject: string | null }>;
}

/** The subject of the storage alert raised by these rules (the HTTP error handler raises its own). */
export const STORAGE_SUBJECT = 'hall-service';

export function evaluateAlertRules(input: AlertRuleInput): AlertRuleDecision {
  const raise: AlertToRaise[] = [];
  const clear: AlertRuleDecision['clear'] = [];

  const queues = new Map(input.queues.map((q) => [q.categoryId, q]));
  for (const c of input.categories) {
    const q = queues.get(c.id);
    // The same figure the kiosk, the hall screen and the table show (the queue's estimate for a new ticket).
    const predicted = q?.estimatedWaitMinutes ?? 0;
    const longest = q?.longestWaitMinutes ?? 0;
    const worst = Math.max(predicted, longest);
    // Citizens waiting with no open window that may serve them is the worst wait there is: alert at once.
    const noWindow = q?.waitEstimate.note === 'NO_OPEN_WINDOW';
    if (q && q.waiting > 0 && noWindow) {
      raise.push({
        kind: 'wait_threshold',
        severity: 'critical',
        subject: c.id,
        ...worded('WAIT_NO_WINDOW', {
          category: c.name,
          categoryEn: c.nameEn ?? '',
          waiting: q.waiting,
          longest,
          threshold: c.waitThresholdMinutes,
        }),
      });
    } else if (q && q.waiting > 0 && q.waitEstimate.note === 'AFTER_CLOSE') {
      // The queue will not be cleared today: a supervisor can still open a window or send people to book.
      raise.push({
        kind: 'wait_threshold',
        severity: 'critical',
        subject: c.id,
        ...worded('WAIT_AFTER_CLOSE', {
          category: c.name,
          categoryEn: c.nameEn ?? '',
          waiting: q.waiting,
          windows: q.servingWindows,
          longest,
        }),
      });
    } else if (q && q.waiting > 0 && worst > c.waitThresholdMinutes) {
      const common = {
        category: c.name,
        categoryEn: c.nameEn ?? '',
        threshold: c.waitThresholdMinutes,
        waiting: q.waiting,
        windows: q.servingWindows,
      };
      raise.push({
        kind: 'wait_threshold',
        severity: worst > 2 * c.waitThresholdMinutes ? 'critical' : 'warning',
        subject: c.id,
        ...(predicted >= longest
          ? worded('WAIT_PREDICTED', {
              ...common,
              wait: predicted,
              ...(q.waitEstimate.minutes === predicted ? { waitLow: q.waitEstimate.low, waitHigh: q.waitEstimate.high } : {}),
            })
          : worded('WAIT_LONGEST', { ...common, longest })),
      });
    } else {
      clear.push({ kind: 'wait_threshold', subject: c.id });
    }
  }

  const limitMs = input.longPauseMinutes * 60_000;
  for (const w of input.windows) {
    const pausedMs = w.status === 'paused' && w.pausedAt !== null ? input.now - w.pausedAt : 0;
    if (w.status !== 'paused') {
      clear.push({ kind: 'long_pause', subject: w.id });
    } else if (input.hallOpen && pausedMs > limitMs) {
      raise.push({
        kind: 'long_pause',
        severity: 'warning',
        subject: w.id,
        ...worded('LONG_PAUSE', {
          window: w.name,
          windowEn: w.number !== undefined ? `Window ${w.number}` : '',
          staff: w.staffName ?? '',
          minutes: Math.floor(pausedMs / 60_000),
          limit: input.longPauseMinutes,
          reason: w.pauseReason ?? '',
        }),
      });
    }
  }

  if (input.storageHealthy) clear.push({ kind: 'storage', subject: STORAGE_SUBJECT });
  else
    raise.push({
      kind: 'storage',
      severity: 'critical',
      subject: STORAGE_SUBJECT,
      ...worded('STORAGE_DOWN', {}),
    });

  return { raise, clear };
}
