import { describe, expect, it } from 'vitest';
import { idlePhase } from './idle.ts';
import { keyFor } from './issue.ts';
import { readParams } from './params.ts';
import { current, HOME, navReducer } from './routes.ts';
import { windowsFor, windowsText, zonesOf } from './queues.ts';
import { printerStatusFrom, ticketBody } from './useTakeNumber.tsx';
import type { HallState } from '@hall/ui';
import type { WindowState } from '@hall/contract';

describe('idlePhase()', () => {
  it('is active, then counts down, then expires', () => {
    expect(idlePhase(10_000, 0, 90_000, 15_000)).toEqual({ phase: 'active' });
    expect(idlePhase(90_000, 0, 90_000, 15_000)).toEqual({ phase: 'warning', secondsLeft: 15 });
    expect(idlePhase(104_500, 0, 90_000, 15_000)).toEqual({ phase: 'warning', secondsLeft: 1 });
    expect(idlePhase(105_000, 0, 90_000, 15_000)).toEqual({ phase: 'expired' });
  });
});

describe('keyFor()', () => {
  let n = 0;
  const fresh = () => `key-${++n}`;
  it('reuses the key for a retry of the same request and makes a new one for a different request', () => {
    const a = keyFor(null, '/tickets {"serviceId":"x","printerId":"K1"}', fresh);
    expect(keyFor(a, '/tickets {"serviceId":"x","printerId":"K1"}', fresh)).toBe(a);
    const b = keyFor(a, '/tickets {"serviceId":"x"}', fresh);
    expect(b.key).not.toBe(a.key);
  });
});

describe('readParams()', () => {
  it('defaults to KIOSK1 with 90 s / 15 s timeouts and clamps test overrides', () => {
    expect(readParams('')).toMatchObject({ kioskId: 'KIOSK1', idleMs: 90_000, countdownMs: 15_000, elderly: false });
    expect(readParams('?kiosk=K2&idleMs=3000&countdownMs=2000&elderly=1')).toMatchObject({
      kioskId: 'K2',
      idleMs: 3000,
      countdownMs: 2000,
      elderly: true,
    });
    expect(readParams('?kiosk=../x&idleMs=5')).toMatchObject({ kioskId: 'KIOSK1', idleMs: 1000 });
  });
});

describe('navReducer()', () => {
  it('pushes, replaces, pops and goes home', () => {
    let s = navReducer(HOME, { type: 'go', route: { name: 'checkin' } });
    s = navReducer(s, { type: 'go', route: { name: 'rating' } });
    s = navReducer(s, { type: 'replace', route: { name: 'finder', purpose: 'ticket', tab: 'search' } });
    expect(current(s)).toEqual({ name: 'finder', purpose: 'ticket', tab: 'search' });
    s = navReducer(s, { type: 'back' });
    expect(current(s).name).toBe('checkin');
    expect(navReducer(HOME, { type: 'back' })).toBe(HOME);
    expect(navReducer(s, { type: 'home' })).toBe(HOME);
  });
});

describe('windows for a ticket', () => {
  const w = (
    id: string,
    number: number,
    status: WindowState['status'],
    allocation: string[],
    skills: string[],
    zone: string | null,
  ): WindowState => ({
    id,
    name: `${number}号窗口`,
    number,
    status,
    skills,
    home: skills[0] ?? '',
    allocation,
    allocationUntil: null,
    allocationPinned: false,
    staff: null,
    pauseReason: null,
    currentTicket: null,
    zone,
  });
  const live = {
    windows: [
      w('W05', 5, 'open', ['tax'], ['tax', 'social'], '一楼 A 区（综合窗口）'),
      w('W03', 3, 'open', ['tax'], ['tax'], '一楼 A 区'),
      w('W10', 10, 'closed', ['social'], ['social'], '一楼 B 区'),
    ],
  } as unknown as HallState;
  it('lists the open windows serving the category, by number', () => {
    expect(windowsFor(live, 'tax').map((x) => x.id)).toEqual(['W03', 'W05']);
    expect(windowsText(windowsFor(live, 'tax'), 'zh')).toBe('3、5 号窗口');
    expect(windowsText(windowsFor(live, 'tax'), 'en')).toBe('Windows 3, 5');
    expect(zonesOf(windowsFor(live, 'tax'))).toEqual(['一楼 A 区']);
  });
  it('falls back to the certified windows when none serves it now', () => {
    expect(windowsFor(live, 'social').map((x) => x.id)).toEqual(['W05', 'W10']);
    expect(windowsFor(null, 'social')).toEqual([]);
  });
});

describe('ticket requests', () => {
  it('names one matter, or the bundle (one visit), with the form when given', () => {
    const bundles = [{ id: 'open-restaurant', serviceIds: ['a', 'b'] }];
    expect(ticketBody({ kind: 'service', serviceId: 'x' }, bundles, undefined)).toEqual({ channel: 'kiosk', serviceId: 'x' });
    expect(ticketBody({ kind: 'bundle', bundleId: 'open-restaurant' }, bundles, { idKind: 'none', fields: {} })).toEqual({
      channel: 'kiosk',
      bundleId: 'open-restaurant',
      form: { idKind: 'none', fields: {} },
    });
  });
  it('reads the printer status out of a 503 message', () => {
    expect(printerStatusFrom({ params: { status: 'paper-out' } })).toBe('paper-out');
    expect(printerStatusFrom({})).toBe('offline');
  });
});
