/**
 * The dispatcher: which waiting ticket a window gets on "call next".
 *
 * Policies (the simulator compares them; production runs `dynamic`):
 * - `static`: only the window's home category, first come first served.
 * - `skillfifo`: the longest-waiting ticket among all the window's skills.
 * - `pooled`: every category, first come first served (a lower bound no real hall reaches).
 * - `dynamic`: the window's current allocation (home first; the allocator, allocator.ts, adds a busy
 *   category only while it needs help), choosing by the generalized-cμ index (waiting time × how fast
 *   this window serves the category), plus idle help from any certified category. Why: cross-skill
 *   service is slower, so a window that pulls the oldest ticket of any skill (`skillfifo`) burns
 *   capacity exactly when the hall is busiest; a window that helps only where the allocator found a
 *   real shortfall, or when it would otherwise sit idle, does not. The measurements are in
 *   docs/simulation.md.
 *
 * The dispatcher is pure: the server and the simulator call it with the same inputs and get the same
 * answer. It only looks at the oldest ticket of each (category, class) queue, at tickets directed at a
 * window and at the queue lengths; the estimator relies on that (it hands the dispatcher only those).
 *
 * Rules that hold for every policy: a ticket transferred to one window goes only to that window and
 * before anything else there; a priority ticket (green channel, appointment) goes before normal ones
 * unless the window has served `priorityInterleave` priority tickets in a row and a normal one waits.
 */
import {
  DEFAULT_BACKSTOP_LEAD_MS,
  DEFAULT_HOME_ONLY_QUEUE_PER_WINDOW,
  type DispatchInput,
  type DispatchPolicy,
  type DispatchWindow,
  type PolicyName,
  type QueuedTicket,
} from './queue-model.ts';

/** The one queue order: queue key (issue time, or a re-queue key), then issue time, then id. */
export function byQueueOrder(a: QueuedTicket, b: QueuedTicket): number {
  return a.queuedAt - b.queuedAt || a.issuedAt - b.issuedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function oldest(tickets: readonly QueuedTicket[]): QueuedTicket | null {
  let best: QueuedTicket | null = null;
  for (const t of tickets) if (best === null || byQueueOrder(t, best) < 0) best = t;
  return best;
}

/** A window's run of priority tickets after it calls one (the interleave counts it). */
export function nextPriorityStreak(streak: number, called: Pick<QueuedTicket, 'priority'>): number {
  return called.priority === 'normal' ? 0 : streak + 1;
}

/** Applies the transfer-to-window rule, then the priority interleave, to a policy's eligible tickets. */
function withClassRules(
  window: DispatchWindow,
  eligible: readonly QueuedTicket[],
  interleave: number,
  choose: (tickets: readonly QueuedTicket[]) => QueuedTicket | null,
): QueuedTicket | null {
  if (eligible.length === 0) return null;
  const priority = eligible.filter((t) => t.priority !== 'normal');
  const normal = eligible.filter((t) => t.priority === 'normal');
  if (priority.length > 0 && (normal.length === 0 || window.priorityStreak < interleave)) return choose(priority);
  return choose(normal.length > 0 ? normal : priority);
}

function directed(input: DispatchInput): QueuedTicket | null {
  return oldest(input.waiting.filter((t) => t.targetWindowId === input.window.id));
}

function servingSet(input: DispatchInput, categories: readonly string[]): QueuedTicket[] {
  const set = new Set(categories);
  return input.waiting.filter((t) => t.targetWindowId === null && set.has(t.categoryId));
}

/** Tickets waiting in a category's queue: `queueLengths` when the caller gives it, else counted. */
function queueLength(input: DispatchInput, categoryId: string): number {
  return input.queueLengths?.[categoryId] ?? servingSet(input, [categoryId]).length;
}

const staticPolicy: DispatchPolicy = (input) =>
  directed(input) ?? withClassRules(input.window, servingSet(input, [input.window.home]), input.config.priorityInterleave, oldest);

const skillFifo: DispatchPolicy = (input) =>
  directed(input) ?? withClassRules(input.window, servingSet(input, input.window.skills), input.config.priorityInterleave, oldest);

const pooled: DispatchPolicy = (input) =>
  directed(input) ??
  withClassRules(
    input.window,
    input.waiting.filter((t) => t.targetWindowId === null),
    input.config.priorityInterleave,
    oldest,
  );

/** `homefirst` leaves its home queue for another skill's head only when that head has waited this much longer. */
export const HOME_FIRST_LEAD_MS = 5 * 60_000;

/**
 * The obvious heuristic, as a baseline for the simulator: a free window takes the head of its home
 * queue unless another certified category's head has waited `HOME_FIRST_LEAD_MS` longer; with its home
 * queue empty it takes the oldest ticket of its skills.
 */
const homeFirst: DispatchPolicy = (input) => {
  const d = directed(input);
  if (d) return d;
  const { window } = input;
  const choose = (tickets: readonly QueuedTicket[]): QueuedTicket | null => {
    const home = oldest(tickets.filter((t) => t.categoryId === window.home));
    const other = oldest(tickets.filter((t) => t.categoryId !== window.home));
    if (home === null) return other;
    if (other !== null && home.queuedAt - other.queuedAt >= HOME_FIRST_LEAD_MS) return other;
    return home;
  };
  return withClassRules(window, servingSet(input, [window.home, ...window.skills]), input.config.priorityInterleave, choose);
};

/**
 * Small age offset in the generalized-cμ index, so fresh queues (age ≈ 0) still compare by service rate
 * instead of tying at zero.
 */
const AGE_OFFSET_MS = 60_000;

/**
 * Only a window the server says is idle counts: `busyUntil` cannot tell an overrunning service from an
 * empty desk, and leaving a ticket to a window that will not call it would strand the ticket.
 */
function isIdle(w: DispatchWindow): boolean {
  return w.isOpen && w.isIdle === true;
}

function allocationOf(w: DispatchWindow): readonly string[] {
  return w.allocation.length > 0 ? w.allocation : [w.home];
}

/** Home speed 1; a certified category outside home runs at 1 / crossSkillSlowdown. */
function speedOf(w: DispatchWindow, categoryId: string, slowdown: number): number {
  return categoryId === w.home ? 1 : 1 / Math.max(1, slowdown);
}

function meanOf(input: DispatchInput, categoryId: string): number {
  return Math.max(0.5, input.serviceMinutes[categoryId] ?? 10);
}

/**
 * True when another window is idle right now, is allocated `categoryId` and serves it at least as fast
 * (strictly faster unless `evenIfNotFaster`): `window` then leaves the ticket to it, which will call it
 * at once, rather than spend slower cross-skill time on it.
 */
function idleWindowWillTake(input: DispatchInput, categoryId: string, evenIfNotFaster: boolean): boolean {
  const { window, windows, config } = input;
  const mine = speedOf(window, categoryId, config.crossSkillSlowdown);
  for (const w of windows) {
    if (w.id === window.id || !isIdle(w) || !allocationOf(w).includes(categoryId)) continue;
    if (evenIfNotFaster || speedOf(w, categoryId, config.crossSkillSlowdown) > mine) return true;
  }
  return false;
}

/**
 * Generalized cμ choice (Van Mieghem 1995; Mandelbaum & Stolyar 2004): among the head ticket of each
 * category, take the one with the largest √(age + offset) × (service rate of this window for it).
 * The rate favours the home category (cross-skill work is slower, so it costs capacity) and short
 * matters (a 5-minute ticket frees the window sooner than a 25-minute one, so more people wait less);
 * the age term makes every queue's claim grow while it waits, so no category is starved. The square
 * root (the index of a cost growing as age^1.5, between the mean's linear cost and the quadratic cost
 * that equalizes waits) lets a queue's age override the slowdown only when it is slowdown² older: on
 * overloaded days a linear age term moved windows to slow cross-skill work in order to equalize waits,
 * and the lost capacity made everybody wait longer (dynamic fell behind static). Tickets past the
 * fairness limit go before all others; among them the same index decides (oldest-first there spent
 * the slow cross-skill minutes exactly when the hall was most overloaded; the backstop still bounds
 * the longest wait).
 */
function chooseGcmu(input: DispatchInput, tickets: readonly QueuedTicket[]): QueuedTicket | null {
  const { window, now, config } = input;
  const overdue = tickets.filter((t) => now - t.queuedAt >= config.fairnessMaxWaitMs);
  const candidates = overdue.length > 0 ? overdue : tickets;
  const heads = new Map<string, QueuedTicket>();
  for (const t of candidates) {
    const h = heads.get(t.categoryId);
    if (h === undefined || byQueueOrder(t, h) < 0) heads.set(t.categoryId, t);
  }
  let best: QueuedTicket | null = null;
  let bestScore = -Infinity;
  for (const t of heads.values()) {
    const rate = speedOf(window, t.categoryId, config.crossSkillSlowdown) / meanOf(input, t.categoryId);
    const score = Math.sqrt(Math.max(0, now - t.queuedAt) + AGE_OFFSET_MS) * rate;
    if (score > bestScore || (score === bestScore && best !== null && byQueueOrder(t, best) < 0)) {
      best = t;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Whether the backstop lets `window` take a starving ticket `t` of another category, its own home head
 * having waited `homeWait` (−∞ when its home queue is empty). Never while a window that serves the
 * category faster is idle and allowed to take it. Otherwise:
 * - a category that no open window has as its home has only helpers: its ticket goes as soon as it has
 *   waited longer than the helper's own head (holding it for a lead starved such categories);
 * - any other category has home windows that call it: the ticket must have waited slowdown² × the
 *   helper's head plus `leadMs`, the point where the √age index, too, would let the older queue overtake
 *   the slowdown. (With a plain lead, an overloaded hall, where every queue is past the backstop, turned
 *   windows into slow generalists just to even out waits, and dynamic fell behind static.)
 */
function crossBackstop(input: DispatchInput, t: QueuedTicket, homeWait: number, leadMs: number): boolean {
  if (idleWindowWillTake(input, t.categoryId, false)) return false;
  const wait = input.now - t.queuedAt;
  const homed = input.windows.some((w) => w.isOpen && w.home === t.categoryId);
  if (!homed) return wait > homeWait;
  return wait >= homeWait * Math.max(1, input.config.crossSkillSlowdown) ** 2 + leadMs;
}

/**
 * Production policy.
 *
 * 1. A ticket transferred to this window comes first.
 * 2. The window serves the categories of its current allocation (set by the allocator or a supervisor,
 *    always within its certifications). A cross-skill ticket is left alone while a window that serves
 *    it faster is idle and allowed to take it: that window will call it at once. While the home queue
 *    holds `homeOnlyQueuePerWindow` (default 3) tickets per open home window, the allocation shrinks
 *    to the home category: slower cross-skill minutes would cost the long home queue more than they
 *    bring the other (the backstop still rescues a starving ticket; keeping allocated tickets past the
 *    fairness limit as an exception gave 45 breaches on generated days instead of 41).
 * 3. Among those tickets: priority classes under the interleave, then the fairness limit (overdue
 *    tickets first), then the generalized-cμ index (see `chooseGcmu`).
 *    Before all that, a backstop: a ticket that has waited `anyWindowAfterMs` (default 1.5 × the
 *    fairness limit) is called by any window certified for it, allocated or not, so no category starves
 *    while its own windows are at lunch or swamped; a ticket of another category only on the terms of
 *    `crossBackstop`. (At the fairness limit itself this made dynamic's mean waits 5–11% longer in the
 *    simulations; at 1.5× it costs about half of that.)
 * 4. Idle help: when nothing in the allocation waits, the window takes a ticket of another certified
 *    category that no idle window allocated to it can take (same index). Idle minutes cost nothing;
 *    the restrictions tried (a minimum wait before helping, a cost–benefit test on the helper's own
 *    arrivals) lengthened waits in the simulations: see docs/simulation.md.
 */
const dynamic: DispatchPolicy = (input) => {
  const d = directed(input);
  if (d) return d;
  const { window, config } = input;
  const certified = new Set([window.home, ...window.skills]);
  const allocation = allocationOf(window).filter((c) => certified.has(c));
  const allocated = new Set(allocation);
  const choose = (tickets: readonly QueuedTicket[]) => chooseGcmu(input, tickets);

  // Backstop against starvation: past anyWindowAfterMs, any certified window calls the ticket.
  const backstopMs = config.anyWindowAfterMs ?? 1.5 * config.fairnessMaxWaitMs;
  const leadMs = config.backstopLeadMs ?? DEFAULT_BACKSTOP_LEAD_MS;
  const homeHead = oldest(servingSet(input, [window.home]));
  const homeWait = homeHead === null ? -Infinity : input.now - homeHead.queuedAt;
  const starving = servingSet(input, [...certified]).filter(
    (t) => input.now - t.queuedAt >= backstopMs && (t.categoryId === window.home || crossBackstop(input, t, homeWait, leadMs)),
  );
  const rescue = withClassRules(window, starving, config.priorityInterleave, oldest);
  if (rescue) return rescue;

  const homeWindows = input.windows.filter((w) => w.isOpen && w.home === window.home).length;
  const perWindow = config.homeOnlyQueuePerWindow ?? DEFAULT_HOME_ONLY_QUEUE_PER_WINDOW;
  const homeOnly = queueLength(input, window.home) >= perWindow * Math.max(1, homeWindows);
  const mine = servingSet(input, homeOnly ? [window.home] : allocation).filter(
    (t) => t.categoryId === window.home || !idleWindowWillTake(input, t.categoryId, false),
  );
  const pick = withClassRules(window, mine, config.priorityInterleave, choose);
  if (pick) return pick;

  const others = [...certified].filter((c) => !allocated.has(c));
  const help = servingSet(input, others).filter((t) => !idleWindowWillTake(input, t.categoryId, true));
  return withClassRules(window, help, config.priorityInterleave, choose);
};

export const POLICIES: Readonly<Record<PolicyName, DispatchPolicy>> = {
  static: staticPolicy,
  skillfifo: skillFifo,
  homefirst: homeFirst,
  dynamic,
  pooled,
};

export function pickNext(policy: PolicyName, input: DispatchInput): QueuedTicket | null {
  const routed = routeVisits(input);
  const pick = POLICIES[policy](routed);
  return routed === input || pick === null ? pick : (input.waiting.find((t) => t.id === pick.id) ?? pick);
}

// ───────────── 前台综合受理: routing a 一事一次办 visit (issue 20; a hook, separate from the policies) ─────────────

/** True when the window may serve every category of the visit. */
function coversVisit(w: DispatchWindow, categories: readonly string[]): boolean {
  return categories.every((c) => w.skills.includes(c));
}

/**
 * A visit whose open matters span several categories (`visitCategories`) goes first to an open window
 * certified for all of them, else matter by matter in its current category. As this window sees it:
 * a visit it can take whole joins its home queue (at its own place: the queue key is kept); a visit
 * that another open window could take whole, and this one cannot, is left to that window; any other
 * visit stays in the queue of its current matter. Every policy then runs on the routed list.
 */
export function routeVisits(input: DispatchInput): DispatchInput {
  if (!input.waiting.some((t) => t.visitCategories !== undefined)) return input;
  const waiting = input.waiting.flatMap((t): QueuedTicket[] => {
    const cats = t.visitCategories;
    if (cats === undefined || t.targetWindowId !== null) return [t];
    if (coversVisit(input.window, cats)) return [{ ...t, categoryId: input.window.home }];
    if (input.windows.some((w) => w.id !== input.window.id && w.isOpen && coversVisit(w, cats))) return [];
    return [t];
  });
  return { ...input, waiting };
}
