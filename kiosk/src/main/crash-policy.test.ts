import { describe, expect, it } from 'vitest';
import { CrashPolicy, retryDelayMs } from './crash-policy.ts';

describe('CrashPolicy', () => {
  it('reloads the page after a renderer crash and ignores a clean exit', () => {
    const p = new CrashPolicy({ maxReloads: 3, windowMs: 60_000 });
    expect(p.onRendererGone('clean-exit', 0)).toBe('ignore');
    expect(p.onRendererGone('crashed', 1000)).toBe('reload');
    expect(p.onRendererGone('oom', 2000)).toBe('reload');
  });

  it('relaunches the app when the renderer fails more than maxReloads times within the window', () => {
    const p = new CrashPolicy({ maxReloads: 2, windowMs: 60_000 });
    expect(p.onRendererGone('crashed', 0)).toBe('reload');
    expect(p.onRendererGone('crashed', 10_000)).toBe('reload');
    expect(p.onRendererGone('killed', 20_000)).toBe('relaunch');
  });

  it('forgets failures older than the window', () => {
    const p = new CrashPolicy({ maxReloads: 1, windowMs: 60_000 });
    expect(p.onRendererGone('crashed', 0)).toBe('reload');
    expect(p.onRendererGone('crashed', 120_000)).toBe('reload');
    expect(p.recentFailures).toBe(1);
  });
});

describe('retryDelayMs()', () => {
  it('backs off from 2 s and caps at 30 s', () => {
    expect(retryDelayMs(0)).toBe(2000);
    expect(retryDelayMs(1)).toBe(4000);
    expect(retryDelayMs(3)).toBe(16_000);
    expect(retryDelayMs(50)).toBe(30_000);
  });
});
