import { describe, expect, it } from 'vitest';
import { alertText, type CategoryQueue } from '@hall/contract';
import { evaluateAlertRules, type AlertRuleInput } from './alert-rules.ts';

const NOW = Date.parse('2026-11-23T10:00:00+08:00');
const q = (categoryId: string, p: Partial<CategoryQueue>): CategoryQueue => ({
  categoryId,
  waiting: 0,
  longestWaitMinutes: 0,
  estimatedWaitMinutes: 0,
  waitEstimate: { minutes: 0, low: 0, high: 0 },
  arrivalsPerHour: 0,
  servingWindows: 1,
  ...p,
});
const input = (p: Partial<AlertRuleInput>): AlertRuleInput => ({
  now: NOW,
  queues: [],
  categories: [
    { id: 'police', name: '公安', nameEn: 'Public security', waitThresholdMinutes: 25 },
    { id: 'tax', name: '税务', waitThresholdMinutes: 30 },
  ],
  windows: [],
  longPauseMinutes: 20,
  hallOpen: true,
  storageHealthy: true,
  ...p,
});

describe('evaluateAlertRules()', () => {
  it('raises a wait alert over the threshold, critical beyond twice it, and clears the others', () => {
    const d = evaluateAlertRules(
      input({
        queues: [
          q('police', { waiting: 9, estimatedWaitMinutes: 26, longestWaitMinutes: 12 }),
          q('tax', { waiting: 3, estimatedWaitMinutes: 61 }),
        ],
      }),
    );
    expect(d.raise.map((r) => [r.kind, r.subject, r.severity])).toEqual([
      ['wait_threshold', 'police', 'warning'],
      ['wait_threshold', 'tax', 'critical'],
    ]);
    expect(d.raise[0]?.message).toBe('公安预计等候 26 分钟，超过阈值 25 分钟（排队 9 人，服务窗口 1 个）');
    expect(d.clear.filter((c) => c.kind === 'wait_threshold')).toEqual([]);
  });

  it('words a wait alert by code and parameters: the queue range, in Chinese and English', () => {
    const d = evaluateAlertRules(
      input({
        queues: [q('police', { waiting: 9, estimatedWaitMinutes: 30, waitEstimate: { minutes: 30, low: 22, high: 41 } })],
        windows: [
          { id: 'w3', name: '3号窗口', number: 3, status: 'paused', pausedAt: NOW - 25 * 60_000, pauseReason: '会议', staffName: '李娜' },
        ],
      }),
    );
    const wait = d.raise.find((r) => r.kind === 'wait_threshold');
    expect(wait?.text.code).toBe('WAIT_PREDICTED');
    expect(wait?.message).toBe('公安预计等候 22–41 分钟，超过阈值 25 分钟（排队 9 人，服务窗口 1 个）');
    expect(wait && alertText({ message: wait.message, ...wait.text }, 'en')).toBe(
      'Public security: predicted wait 22–41 min, over the 25-min threshold (9 waiting, 1 windows serving)',
    );
    const pause = d.raise.find((r) => r.kind === 'long_pause');
    expect(pause?.message).toBe('3号窗口（李娜）已暂停 25 分钟，超过 20 分钟（原因：会议）');
    expect(pause && alertText({ message: pause.message, ...pause.text }, 'en')).toBe(
      'Window 3 (李娜) has been paused 25 min, over 20 min (reason: 会议)',
    );
    const late = evaluateAlertRules(
      input({
        queues: [
          q('police', { waiting: 4, longestWaitMinutes: 10, waitEstimate: { minutes: null, low: 40, high: 80, note: 'AFTER_CLOSE' } }),
        ],
      }),
    ).raise[0];
    expect([late?.severity, late?.text.code]).toEqual(['critical', 'WAIT_AFTER_CLOSE']);
    expect(late?.message).toBe('公安排队 4 人，新取号今日下班前可能叫不到（服务窗口 1 个，最长已等候 10 分钟）');
    // An old row without a code reads as its stored message.
    expect(alertText({ message: '旧告警', code: null, params: null }, 'en')).toBe('旧告警');
  });

  it('counts the longest actual wait too, and never alerts on an empty queue', () => {
    const d = evaluateAlertRules(
      input({
        queues: [
          q('police', { waiting: 1, estimatedWaitMinutes: 5, longestWaitMinutes: 31 }),
          q('tax', { waiting: 0, estimatedWaitMinutes: 99, longestWaitMinutes: 0 }),
        ],
      }),
    );
    expect(d.raise.map((r) => r.subject)).toEqual(['police']);
    expect(d.raise[0]?.message).toContain('最长已等候 31 分钟');
    expect(d.clear).toContainEqual({ kind: 'wait_threshold', subject: 'tax' });
  });

  it('clears at exactly the threshold (over, not at, raises)', () => {
    const d = evaluateAlertRules(input({ queues: [q('police', { waiting: 4, estimatedWaitMinutes: 25, longestWaitMinutes: 25 })] }));
    expect(d.raise).toEqual([]);
    expect(d.clear).toContainEqual({ kind: 'wait_threshold', subject: 'police' });
  });

  it('raises a long pause only past the limit and only while the hall is open', () => {
    const w = (id: string, pausedMin: number | null) => ({
      id,
      name: `${id}号`,
      status: pausedMin === null ? ('open' as const) : ('paused' as const),
      pausedAt: pausedMin === null ? null : NOW - pausedMin * 60_000,
      pauseReason: '临时外出',
      staffName: '王芳',
    });
    const d = evaluateAlertRules(input({ windows: [w('W1', 21), w('W2', 20), w('W3', null)] }));
    expect(d.raise.map((r) => r.subject)).toEqual(['W1']);
    expect(d.raise[0]?.message).toBe('W1号（王芳）已暂停 21 分钟，超过 20 分钟（原因：临时外出）');
    expect(d.clear).toContainEqual({ kind: 'long_pause', subject: 'W3' });
    expect(d.clear).not.toContainEqual({ kind: 'long_pause', subject: 'W1' });
    expect(evaluateAlertRules(input({ hallOpen: false, windows: [w('W1', 90)] })).raise).toEqual([]);
  });

  it('raises a critical storage alert while writes fail and clears it after', () => {
    expect(evaluateAlertRules(input({ storageHealthy: false })).raise).toMatchObject([{ kind: 'storage', severity: 'critical' }]);
    expect(evaluateAlertRules(input({})).clear).toContainEqual({ kind: 'storage', subject: 'hall-service' });
  });
});
