import type { EpochMs } from '@hall/contract';

/** Time is always injected (R16): production uses the system clock, tests a manual one. */
export interface Clock {
  now(): EpochMs;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface ManualClock extends Clock {
  set(at: EpochMs): void;
  advance(ms: number): void;
}

export function manualClock(start: EpochMs): ManualClock {
  let t = start;
  return {
    now: () => t,
    set: (at) => {
      t = at;
    },
    advance: (ms) => {
      t += ms;
    },
  };
}
