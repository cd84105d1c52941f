/**
 * Timers on a manual clock, for the uplink (tests run a 30-minute outage in milliseconds). `advance` moves
 * the clock to each due timer in turn, runs it, and waits for the work it started (`settle`) before the next.
 */
import type { ManualClock } from '../services/clock.ts';
import type { Timers } from '../uplink/timers.ts';

export class FakeTimers implements Timers {
  private pending: Array<{ at: number; fn: () => void; id: number }> = [];
  private next = 1;
  /** Waits for the work a fired timer started (the sender's request). */
  settle: () => Promise<void> = async () => {};
  constructor(private readonly clock: ManualClock) {}

  set(fn: () => void, ms: number): () => void {
    const id = this.next++;
    this.pending.push({ at: this.clock.now() + ms, fn, id });
    return () => {
      this.pending = this.pending.filter((p) => p.id !== id);
    };
  }

  /** Moves the clock forward by `ms`, firing every timer that falls due on the way. */
  async advance(ms: number): Promise<void> {
    const target = this.clock.now() + ms;
    for (;;) {
      await this.settle();
      const due = this.pending.filter((p) => p.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.pending = this.pending.filter((p) => p.id !== due.id);
      if (due.at > this.clock.now()) this.clock.set(due.at);
      due.fn();
    }
    this.clock.set(target);
  }

  /** When the earliest timer is due, or null. */
  nextDueIn(): number | null {
    const at = Math.min(...this.pending.map((p) => p.at));
    return Number.isFinite(at) ? at - this.clock.now() : null;
  }
}

/** Timers that never fire (a part the test does not exercise). */
export const neverTimers: Timers = { set: () => () => {} };
