import { describe, expect, it } from 'vitest';
import { pickNext } from './dispatcher.ts';
import { DEFAULT_DISPATCH_CONFIG, type DispatchInput, type DispatchWindow, type QueuedTicket } from './queue-model.ts';

const MIN = 60_000;
const NOW = 10 * 60 * MIN;
const t = (id: string, categoryId: string, waited: number, extra: Partial<QueuedTicket> = {}): QueuedTicket => ({
  id,
  categoryId,
  priority: 'normal',
  issuedAt: NOW - waited * MIN,
  queuedAt: NOW - waited * MIN,
  targetWindowId: null,
  ...extra,
});
const win = (id: string, home: string, skills: string[], extra: Partial<DispatchWindow> = {}): DispatchWindow => ({
  id,
  home,
  skills,
  allocation: [home],
  priorityStreak: 0,
  isOpen: true,
  busyUntil: NOW,
  isIdle: true,
  ...extra,
});
const input = (window: DispatchWindow, waiting: QueuedTicket[], windows: DispatchWindow[]): DispatchInput => ({
  window,
  waiting,
  windows,
  now: NOW,
  config: DEFAULT_DISPATCH_CONFIG,
  serviceMinutes: { enterprise: 10, police: 10, tax: 10, social: 10 },
});

// 我要开餐馆: 企业服务, 公安, 税务.
const visit = t('V1', 'enterprise', 5, { visitCategories: ['enterprise', 'police', 'tax'] });
const W01 = win('W01', 'enterprise', ['enterprise', 'tax']);
const W05 = win('W05', 'social', ['social', 'enterprise', 'tax', 'police']);

describe('前台综合受理: routing a visit', () => {
  it('a window certified for every matter takes the visit, even outside its allocation', () => {
    expect(pickNext('dynamic', input(W05, [visit], [W01, W05]))?.id).toBe('V1');
  });
  it('a window certified for some matters leaves it while a window certified for all is open', () => {
    expect(pickNext('dynamic', input(W01, [visit], [W01, W05]))).toBeNull();
    expect(pickNext('dynamic', input(W01, [visit, t('A2', 'enterprise', 1)], [W01, W05]))?.id).toBe('A2');
  });
  it('with no such window open, it is served matter by matter in its current category', () => {
    const closed = { ...W05, isOpen: false };
    expect(pickNext('dynamic', input(W01, [visit], [W01, closed]))?.id).toBe('V1');
  });
  it('at the whole-visit window it keeps its place in the home queue (older first), and the original ticket is returned', () => {
    const social = t('S1', 'social', 3);
    const pick = pickNext('static', input(W05, [social, visit], [W01, W05]));
    expect(pick).toEqual(visit);
    expect(pickNext('static', input(W05, [t('S0', 'social', 9), visit], [W01, W05]))?.id).toBe('S0');
  });
  it('a ticket without visit categories is untouched', () => {
    const plain = t('A1', 'enterprise', 5);
    expect(pickNext('dynamic', input(W01, [plain], [W01, W05]))?.id).toBe('A1');
  });
});
