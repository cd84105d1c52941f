/**
 * The queue as the dispatcher, the estimator and the allocator see it. These types are shared by the
 * production server and the simulator: both build them and call the same pure functions.
 */
import type { EpochMs, Priority } from '@hall/contract';

export interface QueuedTicket {
  readonly id: string;
  readonly categoryId: string;
  readonly priority: Priority;
  readonly issuedAt: EpochMs;
  /** Ordering key: the original issue time, or a later key after a no-show re-queue. */
  readonly queuedAt: EpochMs;
  /** Transferred to one window specifically: only that window may take it. */
  readonly targetWindowId: string | null;
  /**
   * Optional, a 一事一次办 visit only: the categories of its matters still open (more than one). A window
   * certified for all of them may take the whole visit (see `routeVisits` in dispatcher.ts).
   */
  readonly visitCategories?: readonly string[];
}

export interface DispatchWindow {
  readonly id: string;
  /** Categories the staff are certified for, most preferred first. */
  readonly skills: readonly string[];
  readonly home: string;
  /** Categories the window serves now (a subset of skills). */
  readonly allocation: readonly string[];
  /** Priority tickets served in a row at this window (for the interleave). */
  readonly priorityStreak: number;
  readonly isOpen: boolean;
  /** When the window's current service is expected to end (now when idle). */
  readonly busyUntil: EpochMs;
  /**
   * Optional: true when the window is open, has no current ticket and will call promptly (staff at the
   * desk or auto-call). `dynamic` leaves a cross-skill ticket to such a window when it serves it faster,
   * and the estimator starts it at once. Absent means "not known to be idle" (`busyUntil` cannot tell an
   * overrunning service from an empty desk), so nothing is left to it.
   */
  readonly isIdle?: boolean;
  /** Optional: when a paused window (isOpen false, e.g. lunch) is expected back. Used by the estimator. */
  readonly pausedUntil?: EpochMs;
  /** Optional: the window's planned pauses (lunch rota). The estimator stops projecting service in them. */
  readonly plannedBreaks?: readonly PlannedBreak[];
}

export interface PlannedBreak {
  readonly from: EpochMs;
  readonly to: EpochMs;
}

export interface DispatchConfig {
  /** After this many priority tickets in a row, a waiting normal ticket goes next. */
  readonly priorityInterleave: number;
  /** Any ticket that has waited this long is taken first (fairness). */
  readonly fairnessMaxWaitMs: number;
  /** A window serving outside its home category is this much slower. */
  readonly crossSkillSlowdown: number;
  /**
   * `dynamic` only, optional: a ticket that has waited this long is called by any window certified for
   * it, whatever that window's allocation (the anti-starvation backstop). Default 1.5 × fairnessMaxWaitMs.
   */
  readonly anyWindowAfterMs?: number;
  /**
   * `dynamic` only, optional: the backstop takes a ticket of another category, one that has a home
   * window open, only when it has waited slowdown² × the head of the window's own home queue plus this
   * much (or that queue is empty), so in a hall where everybody waits long the backstop does not turn
   * every window into a slow generalist. Default DEFAULT_BACKSTOP_LEAD_MS.
   */
  readonly backstopLeadMs?: number;
  /**
   * `dynamic` only, optional: while the window's home queue holds at least this many tickets per open
   * window with that home, the window serves its home queue only (the backstop still rescues starving
   * tickets). Cross-skill minutes are
   * slower: with the home queue that long, each of them lengthens the home queue's waits more than it
   * shortens the other's. Default DEFAULT_HOME_ONLY_QUEUE_PER_WINDOW.
   */
  readonly homeOnlyQueuePerWindow?: number;
}

/** Tuned on generated days (docs/simulation.md): 20 minutes. */
export const DEFAULT_BACKSTOP_LEAD_MS = 20 * 60_000;
/** Tuned on generated days (docs/simulation.md): 3 waiting tickets per open home window. */
export const DEFAULT_HOME_ONLY_QUEUE_PER_WINDOW = 3;

export interface DispatchInput {
  readonly window: DispatchWindow;
  /** Every waiting ticket of the hall (the policy filters). */
  readonly waiting: readonly QueuedTicket[];
  /** Every window of the hall, so a policy can reason about who else can serve a category. */
  readonly windows: readonly DispatchWindow[];
  readonly now: EpochMs;
  readonly config: DispatchConfig;
  /** Expected service minutes per category at its home speed. */
  readonly serviceMinutes: Readonly<Record<string, number>>;
  /**
   * Optional: per category, how many tickets wait in its queue (every class, tickets directed at one
   * window not counted). Absent: counted from `waiting`. A caller that hands the dispatcher only the
   * queue heads (the estimator's projection) must supply it.
   */
  readonly queueLengths?: Readonly<Record<string, number>>;
}

/** `homefirst` is a comparison baseline for the simulator (see dispatcher.ts); production runs `dynamic`. */
export type PolicyName = 'static' | 'skillfifo' | 'homefirst' | 'dynamic' | 'pooled';

/** Picks the ticket a window should get on "call next", or null when nothing is waiting for it. */
export type DispatchPolicy = (input: DispatchInput) => QueuedTicket | null;

export const DEFAULT_DISPATCH_CONFIG: DispatchConfig = {
  priorityInterleave: 3,
  fairnessMaxWaitMs: 40 * 60_000,
  crossSkillSlowdown: 1.3,
};
