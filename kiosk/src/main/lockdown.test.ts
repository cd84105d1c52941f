import { describe, expect, it } from 'vitest';
import { isAllowedNavigation, isBlockedShortcut, kioskWindowOptions, offlinePageUrl, type KeyInput } from './lockdown.ts';

const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({
  type: 'keyDown',
  key: k,
  control: false,
  meta: false,
  alt: false,
  shift: false,
  ...mods,
});

describe('isAllowedNavigation()', () => {
  const origin = 'http://10.0.0.5:8080';
  it('allows the kiosk page and its sub-paths on the hall origin', () => {
    expect(isAllowedNavigation('http://10.0.0.5:8080/kiosk', origin)).toBe(true);
    expect(isAllowedNavigation('http://10.0.0.5:8080/kiosk?idleMs=3000', origin)).toBe(true);
    expect(isAllowedNavigation('http://10.0.0.5:8080/kiosk/x', origin)).toBe(true);
  });
  it('refuses other origins, other pages of the hall and non-URLs', () => {
    expect(isAllowedNavigation('https://example.com/kiosk', origin)).toBe(false);
    expect(isAllowedNavigation('http://10.0.0.5:8081/kiosk', origin)).toBe(false);
    expect(isAllowedNavigation('http://10.0.0.5:8080/supervisor', origin)).toBe(false);
    expect(isAllowedNavigation('http://10.0.0.5:8080/kioskfoo', origin)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', origin)).toBe(false);
    expect(isAllowedNavigation('not a url', origin)).toBe(false);
  });
});

describe('isBlockedShortcut()', () => {
  it('swallows reload, devtools, close, quit, zoom, print and history shortcuts', () => {
    for (const i of [
      key('F5'),
      key('F12'),
      key('F11'),
      key('r', { control: true }),
      key('R', { control: true, shift: true }),
      key('i', { control: true, shift: true }),
      key('w', { control: true }),
      key('q', { meta: true }),
      key('+', { control: true }),
      key('-', { control: true }),
      key('0', { control: true }),
      key('p', { control: true }),
      key('F4', { alt: true }),
      key('ArrowLeft', { alt: true }),
      key('f', { alt: true }),
    ]) {
      expect(isBlockedShortcut(i), JSON.stringify(i)).toBe(true);
    }
  });
  it('lets plain typing through, so keyboard-wedge readers work', () => {
    for (const k of ['1', 'X', 'x', 'Enter', 'Backspace', ':', '/']) expect(isBlockedShortcut(key(k))).toBe(false);
    expect(isBlockedShortcut(key('X', { shift: true }))).toBe(false);
  });
  it('ignores key-up events', () => {
    expect(isBlockedShortcut({ ...key('F5'), type: 'keyUp' })).toBe(false);
  });
});

describe('kioskWindowOptions()', () => {
  it('is a fullscreen frameless kiosk with isolation, sandbox and no Node', () => {
    const o = kioskWindowOptions('/app/preload/index.cjs', false);
    expect(o).toMatchObject({ kiosk: true, fullscreen: true, frame: false });
    expect(o.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      devTools: false,
      preload: '/app/preload/index.cjs',
    });
  });
  it('is windowed with devtools in --dev', () => {
    expect(kioskWindowOptions('p', true)).toMatchObject({ kiosk: false, frame: true, webPreferences: { devTools: true, sandbox: true } });
  });
});

describe('offlinePageUrl()', () => {
  it('is a self-contained data URL telling the citizen where to go', () => {
    const u = offlinePageUrl(8);
    expect(u.startsWith('data:text/html')).toBe(true);
    expect(decodeURIComponent(u)).toContain('导办台');
  });
});
