/**
 * The dispatcher: which waiting ticket a window gets on "call next".
 *
 * Policies (the simulator compares them; production runs `dynamic`):
 * - `static`: only the window's home category, first come first served.
 * - `skillfifo`: the longest-waiting ticket among all the window's skills.
 * - `pooled`: every category, first come first served (a lower bound no real hall reaches).
 * - `dynamic`: the window's current allocation, set by the allocator and supervisors, with priority
 *   classes under an interleave and a waiting-time fairness rule.
 *
 * Rules that hold for every policy: a ticket transferred to one window goes only to that window and
 * before anything else there; a priority ticket (green channel, appointment) goes before normal ones
 * unless the window has served `priorityInterleave` priority tickets in a row and a normal one waits.
 */
import type { DispatchInput, DispatchPolicy, DispatchWindow, PolicyName, QueuedTicket } from './queue-model.ts';

function byQueueOrder(a: QueuedTicket, b: QueuedTicket): number {
  return a.queuedAt - b.queuedAt || a.issuedAt - b.issuedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function oldest(tickets: readonly QueuedTicket[]): QueuedTicket | null {
  let best: QueuedTicket | null = null;
  for (const t of tickets) if (best === null || byQueueOrder(t, best) < 0) best = t;
  return best;
}

/** Applies the transfer-to-window rule, then the priority interleave, to a policy's eligible tickets. */
function withClassRules(window: DispatchWindow, eligible: readonly QueuedTicket[], interleave: number,
  choose: (tickets: readonly QueuedTicket[]) => QueuedTicket | null): QueuedTicket | null {
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

const staticPolicy: DispatchPolicy = (input) =>
  directed(input) ?? withClassRules(input.window, servingSet(input, [input.window.home]), input.config.priorityInterleave, oldest);

const skillFifo: DispatchPolicy = (input) =>
  directed(input) ?? withClassRules(input.window, servingSet(input, input.window.skills), input.config.priorityInterleave, oldest);

const pooled: DispatchPolicy = (input) =>
  directed(input) ?? withClassRules(input.window, input.waiting.filter((t) => t.targetWindowId === null), input.config.priorityInterleave, oldest);

/**
 * Small age offset in the generalized-cμ index, so fresh queues (age ≈ 0) still compare by service rate
 * instead of tying at zero.
 */
const AGE_OFFSET_MS = Number(process.env.AO ?? 1) * 60_000;
/** Without arrival rates, idle help assumes a window's own categories run at this share of capacity. */
const ASSUMED_UTILIZATION = 0.7;

function isIdle(w: DispatchWindow, now: number): boolean {
  return w.isOpen && (w.isIdle ?? w.busyUntil <= now);
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
  const { window, windows, now, config } = input;
  const mine = speedOf(window, categoryId, config.crossSkillSlowdown);
  for (const w of windows) {
    if (w.id === window.id || !isIdle(w, now) || !allocationOf(w).includes(categoryId)) continue;
    if (evenIfNotFaster || speedOf(w, categoryId, config.crossSkillSlowdown) > mine) return true;
  }
  return false;
}

/**
 * Generalized cμ choice (Van Mieghem 1995; Mandelbaum & Stolyar 2004): among the head ticket of each
 * category, take the one with the largest (age + offset) × (service rate of this window for it).
 * The rate favours the home category (cross-skill work is slower, so it costs capacity) and short
 * matters (a 5-minute ticket frees the window sooner than a 25-minute one, so more people wait less);
 * the age term makes every queue's claim grow while it waits, so no category is starved, and the
 * quadratic-cost reading of the rule trades the mean against the tail. Tickets past the fairness limit
 * go first, oldest first, whatever their category.
 */
function chooseGcmu(input: DispatchInput, tickets: readonly QueuedTicket[]): QueuedTicket | null {
  const { window, now, config } = input;
  const overdue = tickets.filter((t) => now - t.queuedAt >= config.fairnessMaxWaitMs);
  if (overdue.length > 0) return oldest(overdue);
  const heads = new Map<string, QueuedTicket>();
  for (const t of tickets) {
    const h = heads.get(t.categoryId);
    if (h === undefined || byQueueOrder(t, h) < 0) heads.set(t.categoryId, t);
  }
  let best: QueuedTicket | null = null;
  let bestScore = -Infinity;
  for (const t of heads.values()) {
    const rate = speedOf(window, t.categoryId, config.crossSkillSlowdown) / meanOf(input, t.categoryId);
    const score = Math.pow(Math.max(0, now - t.queuedAt) + AGE_OFFSET_MS, Number(process.env.BETA ?? 1)) * rate;
    if (score > bestScore || (score === bestScore && best !== null && byQueueOrder(t, best) < 0)) {
      best = t;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Idle help pays when the citizen-minutes it saves exceed those it costs (minutes throughout).
 *
 * Saved: taking the head of a queue of q tickets moves each of them up one call slot; the savings
 * telescope to the time at which the last of them would otherwise be called, t_q, found by handing the
 * queue to the category's own windows as they free up (expected service ends, `busyUntil`).
 * Cost: the window is away for s = mean × crossSkillSlowdown; citizens of its own categories arriving
 * meanwhile (its share λ of their arrival rate) wait on average s/2 longer: λ·s²/2.
 */
function idleHelpPays(input: DispatchInput, categoryId: string, queueLength: number): boolean {
  const { window, windows, now, config } = input;
  const mean = meanOf(input, categoryId);
  const frees: number[] = [];
  const speeds: number[] = [];
  for (const w of windows) {
    if (w.id === window.id || !w.isOpen || !allocationOf(w).includes(categoryId)) continue;
    frees.push(isIdle(w, now) ? 0 : Math.max(0, (w.busyUntil - now) / 60_000));
    speeds.push(speedOf(w, categoryId, config.crossSkillSlowdown) / Math.max(1, allocationOf(w).length));
  }
  if (frees.length === 0) return true;
  let lastCall = 0;
  for (let k = 0; k < queueLength; k++) {
    let i = 0;
    for (let j = 1; j < frees.length; j++) if ((frees[j] ?? Infinity) < (frees[i] ?? Infinity)) i = j;
    lastCall = frees[i] ?? 0;
    frees[i] = lastCall + mean / (speeds[i] ?? 1);
  }
  const away = mean * Math.max(1, config.crossSkillSlowdown);
  let ownPerMinute = 0;
  for (const c of allocationOf(window)) {
    const servers = windows.filter((w) => w.isOpen && allocationOf(w).includes(c)).length;
    const rate = input.arrivalRatePerHour?.[c];
    const perMinute = rate !== undefined ? rate / 60 : (ASSUMED_UTILIZATION * Math.max(1, servers)) / meanOf(input, c);
    ownPerMinute += perMinute / Math.max(1, servers);
  }
  return lastCall >= (Number(process.env.CF ?? 1) * ownPerMinute * away * away) / 2;
}

/**
 * Production policy.
 *
 * 1. A ticket transferred to this window comes first.
 * 2. The window serves the categories of its current allocation (set by the allocator or a supervisor,
 *    always within its certifications). A cross-skill ticket is left alone while a window that serves
 *    it faster is idle and allowed to take it: that window will call it at once.
 * 3. Among those tickets: priority classes under the interleave, then the fairness limit, then the
 *    generalized-cμ index (see `chooseGcmu`).
 * 4. Idle help: when nothing in the allocation waits, the window may take a ticket of another certified
 *    category, when no idle window allocated to that category can take it and the help pays
 *    (`idleHelpPays`): a long queue whose windows are all busy, yes; one ticket whose window frees in a
 *    minute, no, because the slower cross-skill service would keep this window's own next citizens
 *    waiting longer than it saves.
 */
const dynamic: DispatchPolicy = (input) => {
  const d = directed(input);
  if (d) return d;
  const { window, config } = input;
  const certified = new Set([window.home, ...window.skills]);
  const allocation = (process.env.ALLSK ? [...certified] : allocationOf(window)).filter((c) => certified.has(c));
  const allocated = new Set(allocation);
  const choose = (tickets: readonly QueuedTicket[]) => chooseGcmu(input, tickets);

  const mine = servingSet(input, allocation).filter((t) => t.categoryId === window.home || !idleWindowWillTake(input, t.categoryId, false));
  const pick = withClassRules(window, mine, config.priorityInterleave, choose);
  if (pick) return pick;

  const others = [...certified].filter((c) => !allocated.has(c));
  const candidates = servingSet(input, others);
  const counts = new Map<string, number>();
  for (const t of candidates) counts.set(t.categoryId, input.queueLengths?.[t.categoryId] ?? (counts.get(t.categoryId) ?? 0) + 1);
  const worthIt = new Set(
    [...counts].filter(([c, q]) => !idleWindowWillTake(input, c, true) && idleHelpPays(input, c, q)).map(([c]) => c),
  );
  return withClassRules(window, candidates.filter((t) => worthIt.has(t.categoryId)), config.priorityInterleave, choose);
};

export const POLICIES: Readonly<Record<PolicyName, DispatchPolicy>> = { static: staticPolicy, skillfifo: skillFifo, dynamic, pooled };

export function pickNext(policy: PolicyName, input: DispatchInput): QueuedTicket | null {
  return POLICIES[policy](input);
}
