/**
 * What the shell does when something dies. A kiosk has nobody at the keyboard: every failure must end in a
 * working kiosk page again, without a person.
 *
 * - Renderer gone (crash, OOM, killed) or unresponsive → reload the page. Reloading is cheap and keeps the
 *   device pairing in localStorage.
 * - More than `maxReloads` renderer failures within `windowMs` → the process itself is suspect (GPU, leaked
 *   memory): relaunch the whole app.
 * - Main process uncaught error → relaunch (decided in main.ts; this policy only counts renderer failures).
 * A clean exit ('clean-exit') is not a failure.
 */

export type RendererGoneReason =
  | 'clean-exit'
  | 'abnormal-exit'
  | 'killed'
  | 'crashed'
  | 'oom'
  | 'launch-failed'
  | 'integrity-failure'
  | 'memory-eviction'
  | 'unresponsive';
export type CrashAction = 'ignore' | 'reload' | 'relaunch';

export interface CrashPolicyOptions {
  maxReloads: number;
  windowMs: number;
}

export class CrashPolicy {
  private failures: number[] = [];
  constructor(private readonly opts: CrashPolicyOptions = { maxReloads: 3, windowMs: 5 * 60_000 }) {}

  /** Records a renderer failure at `now` and says what to do. */
  onRendererGone(reason: RendererGoneReason, now: number): CrashAction {
    if (reason === 'clean-exit') return 'ignore';
    this.failures = this.failures.filter((t) => now - t < this.opts.windowMs);
    this.failures.push(now);
    return this.failures.length > this.opts.maxReloads ? 'relaunch' : 'reload';
  }

  /** Failures counted in the current window (for the shell's log line). */
  get recentFailures(): number {
    return this.failures.length;
  }
}

/** Delay before retrying a page load that failed (server down): 2 s, 4 s, … capped at 30 s. */
export function retryDelayMs(attempt: number): number {
  return Math.min(30_000, 2000 * 2 ** Math.max(0, Math.min(attempt, 10)));
}
