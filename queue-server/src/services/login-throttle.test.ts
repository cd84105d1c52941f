import { describe, expect, it } from 'vitest';
import { CONSOLE_MAX_DELAY_MS, FREE_FAILURES, LoginThrottle, MAX_ENTRIES } from './login-throttle.ts';
import { passwordProblem } from './passwords.ts';

describe('login throttle', () => {
  it('doubles the wait after the free failures: 1 s, 2 s, 4 s', () => {
    let now = 0;
    const t = new LoginThrottle(() => now);
    for (let i = 0; i < FREE_FAILURES; i++) t.fail('admin', '10.0.0.9', false);
    expect(t.waitMs('admin', '10.0.0.9')).toBe(0);
    t.fail('admin', '10.0.0.9', false);
    expect(t.waitMs('admin', '10.0.0.9')).toBe(1000);
    t.fail('admin', '10.0.0.9', false);
    expect(t.waitMs('admin', '10.0.0.9')).toBe(2000);
    t.fail('admin', '10.0.0.9', false);
    expect(t.waitMs('admin', '10.0.0.9')).toBe(4000);
    // Keyed on the pair: the same user elsewhere, another user here, are free.
    expect(t.waitMs('admin', '127.0.0.1')).toBe(0);
    expect(t.waitMs('wangke', '10.0.0.9')).toBe(0);
    now += 4000;
    expect(t.waitMs('admin', '10.0.0.9')).toBe(0);
  });

  it('never waits longer than two seconds at the console', () => {
    const t = new LoginThrottle(() => 0);
    for (let i = 0; i < 40; i++) t.fail('admin', '127.0.0.1', true);
    expect(t.waitMs('admin', '127.0.0.1')).toBe(CONSOLE_MAX_DELAY_MS);
  });

  it('keeps a bounded number of pairs however many usernames are tried', () => {
    const t = new LoginThrottle(() => 0);
    for (let i = 0; i < 30_000; i++) t.fail(`user${i}`, '10.0.0.9', false);
    expect(t.size).toBe(MAX_ENTRIES);
  });
});

describe('password policy', () => {
  it('names the problem', () => {
    expect(passwordProblem('1')?.code).toBe('PASSWORD_TOO_SHORT');
    expect(passwordProblem('12345678')?.code).toBe('PASSWORD_TOO_SHORT');
    expect(passwordProblem('password')?.code).toBe('PASSWORD_TOO_SHORT');
    expect(passwordProblem('1234567890')?.code).toBe('PASSWORD_TOO_COMMON');
    expect(passwordProblem('password123')?.code).toBe('PASSWORD_TOO_COMMON');
    expect(passwordProblem('!!sunshine2026')?.code).toBe('PASSWORD_TOO_COMMON');
    expect(passwordProblem('ababababab')?.code).toBe('PASSWORD_TOO_COMMON');
    expect(passwordProblem('wangke1234', 'wangke1234')?.code).toBe('PASSWORD_TOO_COMMON');
    expect(passwordProblem('cedar-harbour-5512')).toBeNull();
  });
});
