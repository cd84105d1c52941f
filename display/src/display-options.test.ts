import { describe, expect, it } from 'vitest';
import type { CallAnnouncement, HallInfo, WindowState } from '@hall/contract';
import { callIsShown, parseDisplayOptions, selectCategories, selectWindows } from './display-options.ts';

const categories: HallInfo['categories'] = [
  { id: 'enterprise', name: '企业服务', prefix: 'A' },
  { id: 'insurance', name: '医保社保', prefix: 'F' },
  { id: 'police', name: '公安', prefix: 'E' },
];

function win(id: string, number: number, skills: string[], zone: string): WindowState {
  return {
    id,
    name: `${number}号窗口`,
    number,
    status: 'open',
    skills,
    home: skills[0] ?? '',
    allocation: skills,
    allocationUntil: null,
    allocationPinned: false,
    staff: null,
    pauseReason: null,
    currentTicket: null,
    zone,
  };
}

const windows = [
  win('W06', 6, ['insurance'], '一楼 B 区'),
  win('W01', 1, ['enterprise'], '一楼 A 区（开办企业专区）'),
  win('W05', 5, ['enterprise', 'insurance'], '一楼 A 区（综合窗口·一窗通办）'),
  win('W11', 11, ['police'], '一楼 C 区'),
];

function call(id: number, number: string, windowId: string, at = '2026-05-12T09:00:00+08:00', ticketId = `t-${number}`): CallAnnouncement {
  return { id, ticketId, number, windowId, windowName: windowId, windowNumber: Number(windowId.slice(1)), at, isRecall: false };
}

describe('display options', () => {
  it('parses filters and voice overrides, clamping numbers', () => {
    const o = parseDisplayOptions('?windows=w01,W02&categories=A,insurance&zone=一楼%20B%20区&voice=clips&voiceRate=9&repeat=1&chime=0');
    expect(o.windows).toEqual(['W01', 'W02']);
    expect(o.categories).toEqual(['A', 'insurance']);
    expect(o.zone).toBe('一楼 B 区');
    expect(o.voice).toEqual({ mode: 'clips', rate: 4, repeat: 1, volume: null, chime: false });
    expect(parseDisplayOptions('').voice.mode).toBe('auto');
    expect(parseDisplayOptions('').lang).toBe('zh');
    expect(parseDisplayOptions('?lang=en').lang).toBe('en');
    expect(parseDisplayOptions('?lang=EN-GB').lang).toBe('en');
  });

  it('shows every window in number order when unfiltered', () => {
    expect(selectWindows(windows, parseDisplayOptions(''), categories).map((w) => w.id)).toEqual(['W01', 'W05', 'W06', 'W11']);
  });

  it('limits windows by id, zone and category (by id or ticket prefix)', () => {
    expect(selectWindows(windows, parseDisplayOptions('?windows=W05,W11'), categories).map((w) => w.id)).toEqual(['W05', 'W11']);
    expect(selectWindows(windows, parseDisplayOptions('?zone=一楼 A 区'), categories).map((w) => w.id)).toEqual(['W01', 'W05']);
    expect(selectWindows(windows, parseDisplayOptions('?categories=F'), categories).map((w) => w.id)).toEqual(['W05', 'W06']);
    expect(selectWindows(windows, parseDisplayOptions('?categories=insurance&zone=B 区'), categories).map((w) => w.id)).toEqual(['W06']);
  });

  it('shows the named categories, else those the shown windows serve', () => {
    expect(selectCategories(parseDisplayOptions('?categories=E'), categories, windows).map((c) => c.id)).toEqual(['police']);
    const zoneA = parseDisplayOptions('?zone=A 区');
    expect(selectCategories(zoneA, categories, selectWindows(windows, zoneA, categories)).map((c) => c.id)).toEqual([
      'enterprise',
      'insurance',
    ]);
    expect(selectCategories(parseDisplayOptions(''), categories, []).map((c) => c.id)).toEqual(['enterprise', 'insurance', 'police']);
  });

  it('shows a call only for the screen’s windows and categories', () => {
    const o = parseDisplayOptions('?categories=insurance');
    const shown = new Set(selectWindows(windows, o, categories).map((w) => w.id));
    expect(callIsShown(call(1, 'F001', 'W05'), o, shown, categories)).toBe(true);
    expect(callIsShown(call(2, 'A001', 'W05'), o, shown, categories)).toBe(false);
    expect(callIsShown(call(3, 'E001', 'W11'), o, shown, categories)).toBe(false);
    expect(callIsShown(call(4, 'E001', 'W11'), parseDisplayOptions(''), new Set(), categories)).toBe(true);
  });
});
