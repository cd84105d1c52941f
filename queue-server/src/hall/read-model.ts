/**
 * The hall's hot state in memory, refreshed only after a commit (a rolled-back command never touches it):
 * waiting tickets as the dispatcher sees them, each window's current ticket, window records, when each
 * window became free, and what the person signed in at each window is certified for.
 *
 * Who may serve what (the domain rule): a window's skills say what its counter is equipped for, the
 * certifications of the person signed in say what they may do. `servable(windowId)` is the intersection,
 * and it bounds dispatch, call-specific, transfer, resume and allocation.
 */
import type { EpochMs, HallConfig, WindowConfig } from '@hall/contract';
import type { AccountRepository } from '../db/account-repository.ts';
import { openMatterCategories, type TicketRecord, type TicketRepository } from '../db/ticket-repository.ts';
import type { WindowRecord, WindowRepository } from '../db/window-repository.ts';
import type { DispatchWindow, QueuedTicket } from '../core/queue-model.ts';

/** A window freed longer ago than this no longer counts as idle-and-ready for the dispatcher. */
const IDLE_FRESH_MS = 10 * 60_000;

export interface ReadModelDeps {
  config: HallConfig;
  tickets: TicketRepository;
  windows: WindowRepository;
  accounts: AccountRepository;
}

export class HallReadModel {
  readonly windowConfigs: ReadonlyMap<string, WindowConfig>;
  private readonly waiting = new Map<string, QueuedTicket>();
  private readonly current = new Map<string, TicketRecord>();
  private readonly windows = new Map<string, WindowRecord>();
  private readonly freeSince = new Map<string, EpochMs>();
  /** Categories each window may serve now: skills ∩ certifications of the person signed in. */
  private readonly servableBy = new Map<string, readonly string[]>();
  private readonly counts = new Map<string, { normal: number; priority: number }>();

  constructor(private readonly deps: ReadModelDeps) {
    this.windowConfigs = new Map(deps.config.windows.map((w) => [w.id, w]));
    this.reload();
  }

  /** Rebuilds everything from the database (start-up). */
  reload(): void {
    this.waiting.clear();
    this.counts.clear();
    for (const t of this.deps.tickets.queued()) this.setWaiting(t);
    this.current.clear();
    for (const [w, t] of this.deps.tickets.currentByWindow()) this.current.set(w, t);
    this.windows.clear();
    for (const w of this.deps.windows.all()) if (this.windowConfigs.has(w.id)) this.setWindow(w);
  }

  private count(t: QueuedTicket, delta: 1 | -1): void {
    if (t.targetWindowId !== null) return;
    const c = this.counts.get(t.categoryId) ?? { normal: 0, priority: 0 };
    if (t.priority === 'normal') c.normal += delta;
    else c.priority += delta;
    this.counts.set(t.categoryId, c);
  }

  private setWaiting(t: QueuedTicket): void {
    const old = this.waiting.get(t.id);
    if (old) this.count(old, -1);
    this.waiting.set(t.id, t);
    this.count(t, 1);
  }

  /** A committed ticket: moves it in or out of the waiting set and the window's current slot. */
  applyTicket(t: TicketRecord): void {
    // A held appointment ticket (early arrival) stays out of the queue until the hall tick releases it.
    if (t.status === 'waiting' && t.heldUntil === null) this.setWaiting(queuedOf(t));
    else {
      const old = this.waiting.get(t.id);
      if (old) {
        this.count(old, -1);
        this.waiting.delete(t.id);
      }
    }
    for (const [w, cur] of this.current) if (cur.id === t.id) this.current.delete(w);
    if ((t.status === 'called' || t.status === 'serving') && t.windowId) this.current.set(t.windowId, t);
  }

  /** A committed window record. */
  setWindow(w: WindowRecord): void {
    const before = this.windows.get(w.id);
    this.windows.set(w.id, w);
    if (!before || before.staffUsername !== w.staffUsername) this.servableBy.set(w.id, this.computeServable(w));
  }

  /** Re-reads a window's staff certifications (an admin changed the account). */
  refreshCertifications(): void {
    for (const w of this.windows.values()) this.servableBy.set(w.id, this.computeServable(w));
  }

  private computeServable(w: WindowRecord): readonly string[] {
    const cfg = this.windowConfigs.get(w.id);
    if (!cfg || !w.staffUsername) return [];
    const account = this.deps.accounts.byUsername(w.staffUsername);
    if (!account) return [];
    return certifiedSkills(cfg, account);
  }

  /** After each commit: when did each window become free (drives `isIdle` for the dispatcher). */
  markFree(now: EpochMs): void {
    for (const [id, w] of this.windows) {
      const free = w.status === 'open' && !this.current.has(id);
      if (!free) this.freeSince.delete(id);
      else if (!this.freeSince.has(id)) this.freeSince.set(id, now);
    }
  }

  window(id: string): WindowRecord | null {
    return this.windows.get(id) ?? null;
  }
  /** Windows as last committed, in id order. */
  windowRecords(): WindowRecord[] {
    return [...this.windows.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  }
  currentOf(windowId: string): TicketRecord | null {
    return this.current.get(windowId) ?? null;
  }
  queued(): QueuedTicket[] {
    return [...this.waiting.values()];
  }
  waitingCount(categoryId: string): { normal: number; priority: number } {
    return this.counts.get(categoryId) ?? { normal: 0, priority: 0 };
  }
  /** Categories the window may serve now: its skills the person signed in is certified for. */
  servable(windowId: string): readonly string[] {
    return this.servableBy.get(windowId) ?? [];
  }
  staffOf(windowId: string): string | null {
    return this.windows.get(windowId)?.staffUsername ?? null;
  }

  /**
   * The windows as the dispatcher sees them. `skills` is what the window may serve now (skills ∩
   * certifications), so no policy can hand anyone a ticket they are not certified for.
   */
  dispatchWindows(now: EpochMs, serviceMinutes: Readonly<Record<string, number>>): DispatchWindow[] {
    return this.windowRecords().flatMap((w) => {
      const cfg = this.windowConfigs.get(w.id);
      if (!cfg) return [];
      const cur = this.current.get(w.id);
      const busyUntil = cur ? (cur.startedAt ?? cur.calledAt ?? now) + (serviceMinutes[cur.categoryId] ?? 10) * 60_000 : now;
      const freeAt = this.freeSince.get(w.id);
      // Idle = open, nothing at the window, and freed recently: its staff are there to call. A window idle
      // for long may be unattended, and the dispatcher must not leave tickets waiting for it.
      const isIdle = w.status === 'open' && !cur && freeAt !== undefined && now - freeAt < IDLE_FRESH_MS;
      const skills = this.servable(w.id);
      return [
        {
          id: w.id,
          skills,
          // The dispatcher favours `home`; a person not certified for the window's home serves their first skill there.
          home: skills.includes(cfg.home) ? cfg.home : (skills[0] ?? cfg.home),
          allocation: w.allocation.filter((c) => skills.includes(c)),
          priorityStreak: w.priorityStreak,
          isOpen: w.status === 'open' && skills.length > 0,
          busyUntil: Math.max(now, busyUntil),
          isIdle: isIdle && skills.length > 0,
        },
      ];
    });
  }
}

/** The categories a person may serve at a window: its skills they are certified for (supervisors: all). */
export function certifiedSkills(cfg: WindowConfig, account: { role: string; certified: readonly string[] }): string[] {
  return account.role === 'staff' ? cfg.skills.filter((s) => account.certified.includes(s)) : [...cfg.skills];
}

/** A waiting ticket as the dispatcher sees it, with its matters (the estimator's own service time). */
export function queuedOf(t: TicketRecord): QueuedTicket & { readonly serviceIds: readonly string[] } {
  const q: QueuedTicket & { readonly serviceIds: readonly string[] } = {
    serviceIds: t.serviceIds,
    id: t.id,
    categoryId: t.categoryId,
    priority: t.priority,
    issuedAt: t.issuedAt,
    queuedAt: t.queuedAt,
    targetWindowId: t.targetWindowId,
  };
  const open = openMatterCategories(t.matters);
  return open.length > 1 ? { ...q, visitCategories: open } : q;
}
