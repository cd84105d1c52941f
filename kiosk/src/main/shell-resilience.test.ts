/** Relaunch back-off, retry on server error pages, autostart entries, kept device tokens (with fakes). */
import { describe, expect, it } from 'vitest';
import { loadOutcome, parseRelaunchHistory, relaunchDelay } from './crash-policy.ts';
import { appImageAutostart, autostartEntry } from './autostart.ts';
import { deviceToken, tokenRejected } from '../../../ui/src/device-token.ts';
import { ApiError } from '../../../ui/src/api.ts';

const MIN = 60_000;

describe('relaunch back-off', () => {
  it('relaunches at once twice, then waits 10 s, 20 s, 40 s … up to 5 min', () => {
    let history: number[] = [];
    const delays: number[] = [];
    let now = 1_000_000;
    for (let i = 0; i < 9; i++) {
      const r = relaunchDelay(history, now);
      delays.push(r.delayMs);
      history = r.history;
      now += r.delayMs + 1000; // the relaunched app fails again a second after it starts
    }
    expect(delays).toEqual([0, 0, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
  });
  it('starts a new streak after ten minutes without a relaunch', () => {
    const now = 100 * MIN;
    expect(relaunchDelay([now - 13 * MIN, now - 12 * MIN, now - 11 * MIN], now).delayMs).toBe(0);
    expect(relaunchDelay([now - 2 * MIN, now - MIN], now).delayMs).toBe(10_000);
    expect(relaunchDelay([now - 3 * MIN, now - 2 * MIN, now - MIN], now).delayMs).toBe(20_000);
    expect(relaunchDelay([now - 40 * MIN, now - 39 * MIN, now - 2 * MIN], now).delayMs).toBe(0);
  });
  it('reads a damaged history file as none', () => {
    expect(parseRelaunchHistory(null)).toEqual([]);
    expect(parseRelaunchHistory('{not json')).toEqual([]);
    expect(parseRelaunchHistory('[1,"x",2]')).toEqual([1, 2]);
  });
});

describe('server error pages', () => {
  const origin = 'http://192.168.1.10:8080';
  it('retries a 5xx from the kiosk origin (server restarting, proxy 502)', () => {
    for (const s of [500, 502, 503, 504]) expect(loadOutcome(`${origin}/kiosk`, s, origin)).toBe('retry');
  });
  it('keeps a 2xx/4xx page and anything from elsewhere', () => {
    expect(loadOutcome(`${origin}/kiosk`, 200, origin)).toBe('ok');
    expect(loadOutcome(`${origin}/kiosk`, 404, origin)).toBe('ok');
    expect(loadOutcome('data:text/html,offline', 0, origin)).toBe('ok');
    expect(loadOutcome('http://other:8080/kiosk', 503, origin)).toBe('ok');
  });
});

describe('autostart', () => {
  it('an AppImage writes its own path into ~/.config/autostart', () => {
    const a = appImageAutostart({ APPIMAGE: '/home/kiosk/Apps/HallKiosk 0.1.0.AppImage' }, 'linux', '/home/kiosk');
    expect(a?.path).toBe('/home/kiosk/.config/autostart/hall-kiosk.desktop');
    expect(a?.text).toContain('Exec="/home/kiosk/Apps/HallKiosk 0.1.0.AppImage"\n');
    expect(a?.text).toContain('X-GNOME-Autostart-enabled=true');
  });
  it('needs nothing when installed from the .deb or off Linux', () => {
    expect(appImageAutostart({}, 'linux', '/home/kiosk')).toBeNull();
    expect(appImageAutostart({ APPIMAGE: '/x' }, 'win32', 'C:/Users/k')).toBeNull();
    expect(autostartEntry('/opt/HallKiosk/hall-kiosk', ['--url', 'http://h/kiosk'])).toContain(
      'Exec=/opt/HallKiosk/hall-kiosk --url http://h/kiosk',
    );
  });
});

describe('the device token across network errors', () => {
  function fakes(check: () => Promise<unknown>) {
    const store = new Map<string, string>([['hall.deviceToken.kiosk.K1', 'tok-1']]);
    const calls: string[] = [];
    return {
      store,
      calls,
      deps: {
        storage: {
          getItem: (k: string) => store.get(k) ?? null,
          setItem: (k: string, v: string) => void store.set(k, v),
          removeItem: (k: string) => void store.delete(k),
        },
        api: (async (path: string) => {
          calls.push(path);
          if (path === '/auth/me') return check();
          if (path === '/devices/pair-local') return { token: 'tok-new' };
          throw new Error(path);
        }) as never,
      },
    };
  }
  it('keeps the token when the server cannot be reached or answers 5xx', async () => {
    for (const err of [
      new ApiError(0, 'NETWORK', 'offline'),
      new ApiError(503, 'STORAGE_UNAVAILABLE', 'x'),
      new ApiError(502, 'INTERNAL', 'proxy'),
    ]) {
      const f = fakes(() => Promise.reject(err));
      expect(await deviceToken('kiosk', 'K1', 'k', f.deps)).toBe('tok-1');
      expect(f.store.get('hall.deviceToken.kiosk.K1')).toBe('tok-1');
      expect(f.calls).toEqual(['/auth/me']);
    }
  });
  it('drops it only when the server rejects it (401), then pairs again', async () => {
    const f = fakes(() => Promise.reject(new ApiError(401, 'TOKEN_EXPIRED', 'x')));
    expect(await deviceToken('kiosk', 'K1', 'k', f.deps)).toBe('tok-new');
    expect(f.calls).toEqual(['/auth/me', '/devices/pair-local']);
    expect(f.store.get('hall.deviceToken.kiosk.K1')).toBe('tok-new');
    expect(tokenRejected(new ApiError(403, 'FORBIDDEN', 'x'))).toBe(false);
  });
});
