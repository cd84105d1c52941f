import type { SeenStore } from './announcer.ts';

/**
 * Announced call keys kept in sessionStorage, so reloading the display page never announces a call again.
 * Bounded (the newest `limit` keys); storage failures (private mode, quota) degrade to memory only.
 */
export class SessionSeenStore implements SeenStore {
  private readonly keys: string[];
  private readonly set: Set<string>;

  constructor(
    private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null = globalThis.sessionStorage ?? null,
    private readonly storageKey = 'hall.display.announced',
    private readonly limit = 300,
  ) {
    let stored: string[] = [];
    try {
      const raw = storage?.getItem(storageKey);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      if (Array.isArray(parsed)) stored = parsed.filter((k): k is string => typeof k === 'string');
    } catch {
      /* unreadable: start empty */
    }
    this.keys = stored.slice(-limit);
    this.set = new Set(this.keys);
  }

  has(key: string): boolean {
    return this.set.has(key);
  }

  add(key: string): void {
    if (this.set.has(key)) return;
    this.set.add(key);
    this.keys.push(key);
    while (this.keys.length > this.limit) this.set.delete(this.keys.shift() as string);
    try {
      this.storage?.setItem(this.storageKey, JSON.stringify(this.keys));
    } catch {
      /* memory only */
    }
  }
}
