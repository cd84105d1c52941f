import { describe, expect, it } from 'vitest';
import { SessionSeenStore } from './session-seen-store.ts';

function fakeStorage() {
  const data = new Map<string, string>();
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => {
      data.set(k, v);
    },
    data,
  };
}

describe('SessionSeenStore', () => {
  it('remembers announced calls across instances (a page reload)', () => {
    const storage = fakeStorage();
    new SessionSeenStore(storage).add('41:t1');
    const after = new SessionSeenStore(storage);
    expect(after.has('41:t1')).toBe(true);
    expect(after.has('42:t2')).toBe(false);
  });

  it('keeps only the newest keys', () => {
    const storage = fakeStorage();
    const s = new SessionSeenStore(storage, 'k', 3);
    for (const k of ['a', 'b', 'c', 'd']) s.add(k);
    expect(['a', 'b', 'c', 'd'].map((k) => s.has(k))).toEqual([false, true, true, true]);
    expect(new SessionSeenStore(storage, 'k', 3).has('a')).toBe(false);
  });

  it('starts empty on unreadable storage and still works in memory', () => {
    const broken = {
      getItem: () => '{not json',
      setItem: () => {
        throw new Error('quota');
      },
    };
    const s = new SessionSeenStore(broken);
    s.add('x');
    expect(s.has('x')).toBe(true);
  });
});
