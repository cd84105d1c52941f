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

/**
 * Back-off for relaunching the whole app. A fault that survives a relaunch (a broken disk, a server that
 * sends the shell into a crash at start) would otherwise relaunch it in a tight loop. The shell keeps the
 * times of its recent relaunches on disk (userData/relaunches.json), and waits before each further one:
 * none for the first two of a streak (relaunches less than `windowMs` apart), then 10 s, 20 s, 40 s …
 * capped at `maxDelayMs`. Ten minutes of running without a relaunch ends the streak.
 */
export interface RelaunchBackoffOptions {
  windowMs: number;
  freeRelaunches: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

export const RELAUNCH_BACKOFF: RelaunchBackoffOptions = {
  windowMs: 10 * 60_000,
  freeRelaunches: 2,
  firstDelayMs: 10_000,
  maxDelayMs: 5 * 60_000,
};

/** Given earlier relaunch times, the delay before relaunching at `now`, and the history to store. */
export function relaunchDelay(
  history: readonly number[],
  now: number,
  opts: RelaunchBackoffOptions = RELAUNCH_BACKOFF,
): { delayMs: number; history: number[] } {
  // The current streak: relaunches each less than `windowMs` after the previous one. An app that ran for
  // `windowMs` without needing a relaunch starts a new streak.
  let recent: number[] = [];
  for (const t of [...history].filter((t) => Number.isFinite(t) && t <= now + opts.maxDelayMs).sort((a, b) => a - b)) {
    if (recent.length > 0 && t - recent[recent.length - 1]! >= opts.windowMs) recent = [];
    recent.push(t);
  }
  if (recent.length > 0 && now - recent[recent.length - 1]! >= opts.windowMs) recent = [];
  recent = recent.slice(-30);
  const over = recent.length - opts.freeRelaunches;
  const delayMs = over < 0 ? 0 : Math.min(opts.maxDelayMs, opts.firstDelayMs * 2 ** Math.min(over, 20));
  return { delayMs, history: [...recent, now + delayMs] };
}

/** Reads the stored history leniently: anything unreadable counts as no history. */
export function parseRelaunchHistory(text: string | null): number[] {
  if (!text) return [];
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? v.filter((t): t is number => typeof t === 'number') : [];
  } catch {
    return [];
  }
}

/**
 * What to do with a main-frame page the shell loaded. The hall server (or the nginx/Caddy in front of it)
 * answers 502/503/504 while it restarts or upgrades: the page loads "successfully" but is an error page.
 * The shell treats a 5xx from the kiosk's own origin like a failed load and retries with `retryDelayMs`.
 */
export function loadOutcome(url: string, httpStatus: number, origin: string): 'ok' | 'retry' {
  let sameOrigin = false;
  try {
    sameOrigin = new URL(url).origin === origin;
  } catch {
    sameOrigin = false;
  }
  return sameOrigin && httpStatus >= 500 ? 'retry' : 'ok';
}
