/**
 * Failed sign-ins slow down the (username, address) pair that failed, never the account everywhere, never
 * the address for every account. After {@link FREE_FAILURES} failures each further one doubles the wait
 * (1 s, 2 s, 4 s … up to 15 minutes). The console machine (direct loopback, or an address the hall
 * configures) waits at most {@link CONSOLE_MAX_DELAY_MS}: a stranger's wrong passwords elsewhere cannot lock
 * the admin out of the hall's own console, and there the wait stays short.
 *
 * Memory is bounded: the pairs live in an LRU of {@link MAX_ENTRIES}, each forgotten a day after its last
 * failure. A success clears its pair.
 */
import { LRUCache } from 'lru-cache';
import type { EpochMs } from '@hall/contract';

export const FREE_FAILURES = 4;
export const MAX_DELAY_MS = 15 * 60_000;
export const CONSOLE_MAX_DELAY_MS = 2_000;
export const MAX_ENTRIES = 10_000;

interface Entry {
  failures: number;
  blockedUntil: EpochMs;
}

export class LoginThrottle {
  private readonly entries = new LRUCache<string, Entry>({ max: MAX_ENTRIES, ttl: 24 * 3600_000, ttlAutopurge: false });

  constructor(private readonly now: () => EpochMs) {}

  private key(subject: string, address: string): string {
    return `${subject.toLowerCase()}\u0000${address}`;
  }

  /** Milliseconds this pair must still wait (0: it may try now). */
  waitMs(subject: string, address: string): number {
    const e = this.entries.get(this.key(subject, address));
    return e ? Math.max(0, e.blockedUntil - this.now()) : 0;
  }

  fail(subject: string, address: string, console: boolean): void {
    const k = this.key(subject, address);
    const e = this.entries.get(k) ?? { failures: 0, blockedUntil: 0 };
    e.failures += 1;
    if (e.failures > FREE_FAILURES) {
      const delay = Math.min(1000 * 2 ** (e.failures - FREE_FAILURES - 1), console ? CONSOLE_MAX_DELAY_MS : MAX_DELAY_MS);
      e.blockedUntil = this.now() + delay;
    }
    this.entries.set(k, e);
  }

  succeed(subject: string, address: string): void {
    this.entries.delete(this.key(subject, address));
  }

  get size(): number {
    return this.entries.size;
  }
}
