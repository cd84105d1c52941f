/**
 * Rate limits for rating at a kiosk, in memory (a restart forgets them, which only gives back a few tries):
 *
 * - failed proofs (a number with a wrong or missing check code, an unknown number): at most
 *   `failuresPerKiosk` per kiosk within `failureWindowMs`, and at most `failuresPerTicket` per ticket number
 *   per day on all kiosks together (so guessing cannot be spread over kiosks);
 * - ratings taken: at most `ratingsPerKiosk` per kiosk within `ratingWindowMs` (a burst of 差评 from one
 *   kiosk is refused; a real citizen needs well over half a minute to rate).
 *
 * Times come from the hall clock, so tests drive it with a manual clock.
 */
import type { EpochMs } from '@hall/contract';

export interface KioskGuardLimits {
  failuresPerKiosk: number;
  failureWindowMs: number;
  failuresPerTicket: number;
  ratingsPerKiosk: number;
  ratingWindowMs: number;
}

export const DEFAULT_KIOSK_LIMITS: KioskGuardLimits = {
  failuresPerKiosk: 5,
  failureWindowMs: 10 * 60_000,
  failuresPerTicket: 5,
  ratingsPerKiosk: 4,
  ratingWindowMs: 2 * 60_000,
};

class Window {
  private readonly hits = new Map<string, EpochMs[]>();
  constructor(private readonly span: number) {}
  count(key: string, now: EpochMs): number {
    const list = (this.hits.get(key) ?? []).filter((t) => t > now - this.span && t <= now);
    if (list.length === 0) this.hits.delete(key);
    else this.hits.set(key, list);
    return list.length;
  }
  add(key: string, now: EpochMs): void {
    this.count(key, now);
    this.hits.set(key, [...(this.hits.get(key) ?? []), now]);
  }
}

export class KioskGuard {
  private readonly failures: Window;
  private readonly ratings: Window;
  private readonly ticketFailures = new Map<string, number>();

  constructor(readonly limits: KioskGuardLimits = DEFAULT_KIOSK_LIMITS) {
    this.failures = new Window(limits.failureWindowMs);
    this.ratings = new Window(limits.ratingWindowMs);
  }

  /** Whether this kiosk (and this ticket of this day) may try a proof now. */
  mayTry(kiosk: string, ticketKey: string | null, now: EpochMs): boolean {
    if (this.failures.count(kiosk, now) >= this.limits.failuresPerKiosk) return false;
    return ticketKey === null || (this.ticketFailures.get(ticketKey) ?? 0) < this.limits.failuresPerTicket;
  }

  failed(kiosk: string, ticketKey: string | null, now: EpochMs): void {
    this.failures.add(kiosk, now);
    if (ticketKey !== null) this.ticketFailures.set(ticketKey, (this.ticketFailures.get(ticketKey) ?? 0) + 1);
  }

  mayRate(kiosk: string, now: EpochMs): boolean {
    return this.ratings.count(kiosk, now) < this.limits.ratingsPerKiosk;
  }

  rated(kiosk: string, now: EpochMs): void {
    this.ratings.add(kiosk, now);
  }
}
