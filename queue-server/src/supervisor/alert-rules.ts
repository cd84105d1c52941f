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
import type { Alert, CategoryQueue, EpochMs, WindowStatus } from '@hall/contract';

export interface AlertRuleInput {
  readonly now: EpochMs;
  readonly queues: readonly CategoryQueue[];
  readonly categories: ReadonlyArray<{ readonly id: string; readonly name: string; readonly waitThresholdMinutes: number }>;
  readonly windows: ReadonlyArray<{
    readonly id: string;
    readonly name: string;
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
  readonly message: string;
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
        message: `${c.name}无开放窗口办理，${q.waiting} 人等候（最长已等候 ${longest} 分钟，阈值 ${c.waitThresholdMinutes} 分钟）`,
      });
    } else if (q && q.waiting > 0 && worst > c.waitThresholdMinutes) {
      const what = predicted >= longest ? `预计等候 ${predicted} 分钟` : `最长已等候 ${longest} 分钟`;
      raise.push({
        kind: 'wait_threshold',
        severity: worst > 2 * c.waitThresholdMinutes ? 'critical' : 'warning',
        subject: c.id,
        message: `${c.name}${what}，超过阈值 ${c.waitThresholdMinutes} 分钟（排队 ${q.waiting} 人，服务窗口 ${q.servingWindows} 个）`,
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
      const who = w.staffName ? `（${w.staffName}）` : '';
      raise.push({
        kind: 'long_pause',
        severity: 'warning',
        subject: w.id,
        message: `${w.name}${who}已暂停 ${Math.floor(pausedMs / 60_000)} 分钟，超过 ${input.longPauseMinutes} 分钟${w.pauseReason ? `（原因：${w.pauseReason}）` : ''}`,
      });
    }
  }

  if (input.storageHealthy) clear.push({ kind: 'storage', subject: STORAGE_SUBJECT });
  else
    raise.push({
      kind: 'storage',
      severity: 'critical',
      subject: STORAGE_SUBJECT,
      message: '数据库无法写入：新的取号和叫号可能失败，请立即联系技术支持 / The database cannot be written',
    });

  return { raise, clear };
}
