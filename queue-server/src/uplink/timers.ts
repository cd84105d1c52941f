/** Timers are injected, like the clock: tests run a 30-minute outage in milliseconds. */
export interface Timers {
  /** Runs `fn` once after `ms`; returns a function that cancels it. */
  set(fn: () => void, ms: number): () => void;
}

export const realTimers: Timers = {
  set(fn, ms) {
    const h = setTimeout(fn, ms);
    h.unref();
    return () => clearTimeout(h);
  },
};

/** Exponential backoff with jitter: about base·2^(n-1), capped, drawn from its upper half. */
export function backoffMs(failures: number, baseMs: number, capMs: number, random: () => number): number {
  const full = Math.min(capMs, baseMs * 2 ** Math.min(30, Math.max(0, failures - 1)));
  return Math.round(full / 2 + (random() * full) / 2);
}
