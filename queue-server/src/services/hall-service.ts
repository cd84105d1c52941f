/**
 * The hall service: the one place every state change goes through (R8, R10).
 *
 * A command validates its references, asks the pure core for a decision, writes the decision and its
 * audit events in ONE SQLite transaction, and only after the commit publishes a numbered batch on the
 * hall stream. REST routes, socket handlers, caller keypads and the scheduler all call these methods,
 * so a button, a key press and an API call behave identically.
 */
import { randomBytes, randomUUID, createHash } from 'node:crypto';
import {
  businessDate,
  failure,
  localTimeToEpoch,
  toIsoLocal,
  toPublicTicket,
  type CallAnnouncement,
  type CategoryQueue,
  type EpochMs,
  type Failure,
  type HallBatch,
  type HallConfig,
  type HallEvent,
  type HallSnapshot,
  type IssueTicketRequest,
  type Priority,
  type Ticket,
  type TicketForm,
  type WindowState,
  type Channel,
  type CategoryConfig,
  type ServiceConfig,
  type WindowConfig,
} from '@hall/contract';
import type { Db } from '../db/database.ts';
import { TicketRepository, type TicketRecord } from '../db/ticket-repository.ts';
import { WindowRepository, type WindowRecord } from '../db/window-repository.ts';
import { EventLog, type LoggedEvent } from '../db/event-log.ts';
import type { AccountRepository, TokenRole } from '../db/account-repository.ts';
import { applyTicketAction, formatTicketNumber, requeueKey, type TicketAction, type MachineRules } from '../core/ticket-machine.ts';
import { pickNext } from '../core/dispatcher.ts';
import { arrivalRatesPerHour, estimateWaitMinutes, type ArrivalRates } from '../core/estimator.ts';
import type { DispatchConfig, DispatchWindow, QueuedTicket } from '../core/queue-model.ts';
import type { Clock } from './clock.ts';
import { KeyedLock } from './keyed-lock.ts';
import type { Logger } from '../log.ts';
import type { TicketPrintData } from '@hall/printer';

/** Who is acting, and from where: recorded on every audited event. */
export interface Actor {
  kind: 'user' | 'device' | 'keypad' | 'system';
  /** Username, device id, keypad id or 'system'. */
  id: string;
  role: TokenRole | 'system';
  /** A keypad acts only for its own window. */
  windowId?: string;
  /** e.g. `rest 192.168.1.20`, `socket /counter`, `keypad bus1/205`. */
  source: string;
}

export type Result<T> = { ok: true; value: T } | Failure;
const ok = <T>(value: T): Result<T> => ({ ok: true, value });

/** The part of the printer module's `Printer` the service uses (tests pass fakes of just this). */
export interface TicketPrinter {
  readonly id: string;
  status(): Promise<string>;
  printTicket(data: TicketPrintData): Promise<void>;
}
/** What a printed ticket shows: the printer module's type (a type import adds no runtime dependency). */
export type { TicketPrintData } from '@hall/printer';

export type WindowCommand =
  | { type: 'call-next' }
  | { type: 'recall' }
  | { type: 'start' }
  | { type: 'finish' }
  | { type: 'no-show' }
  | { type: 'suspend' }
  | { type: 'resume-ticket'; ticketId: string }
  | { type: 'call-specific'; ticketId: string }
  | { type: 'transfer'; categoryId?: string | undefined; windowId?: string | undefined; note?: string | undefined }
  | { type: 'requeue'; ticketId: string; position?: 'head' | 'offset' | 'tail' | undefined }
  | { type: 'pause'; reason: string }
  | { type: 'unpause' };

interface Tx {
  now: EpochMs;
  day: string;
  log(e: LoggedEvent): number;
  /** The id of the last event logged by this command. */
  lastEventId: number;
  tickets: Set<string>;
  /** Ticket records as this command wrote them (saves reading them back for the broadcast). */
  records: Map<string, TicketRecord>;
  windows: Set<string>;
  calls: CallAnnouncement[];
  queuesChanged: boolean;
  other: HallEvent[];
}

export interface HallServiceDeps {
  db: Db;
  config: HallConfig;
  clock: Clock;
  accounts: AccountRepository;
  printers: ReadonlyMap<string, TicketPrinter>;
  log: Logger;
  /** Base URL printed in QR codes, e.g. `http://192.168.1.10:8080`. */
  publicUrl: () => string;
}

/** A window freed longer ago than this no longer counts as idle-and-ready for the dispatcher. */
const IDLE_FRESH_MS = 10 * 60_000;
/** Cached full estimates older than this are not used; issuing falls back to the quick estimate. */
const ESTIMATE_TTL_MS = 15_000;
const QUEUES_EVERY_MS = 250;

const PRIORITY_LABEL: Record<Priority, string | undefined> = { normal: undefined, green: '绿色通道', appointment: '预约' };
const STORAGE_ERRORS = new Set([
  'SQLITE_FULL',
  'SQLITE_READONLY',
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
  'SQLITE_BUSY',
  'SQLITE_CORRUPT',
  'SQLITE_READONLY_DBMOVED',
]);

export class HallService {
  readonly tickets: TicketRepository;
  readonly windows: WindowRepository;
  readonly events: EventLog;
  readonly config: HallConfig;
  readonly categories: ReadonlyMap<string, CategoryConfig>;
  readonly services: ReadonlyMap<string, ServiceConfig>;
  readonly windowConfigs: ReadonlyMap<string, WindowConfig>;
  private readonly lock = new KeyedLock();
  private readonly listeners = new Set<(b: HallBatch) => void>();
  private readonly windowListeners = new Set<(w: WindowState, current: TicketRecord | null) => void>();
  private readonly finishListeners = new Set<(t: TicketRecord) => void>();
  private lastSeq: number;
  private recentCalls: CallAnnouncement[] = [];
  private serviceMinutesCache: { at: EpochMs; value: Record<string, number> } | null = null;
  private storageHealthy = true;
  /**
   * Read caches of the hot state, refreshed only after a commit (a rolled-back command never touches them):
   * waiting tickets as the dispatcher sees them, each window's current ticket, and window records.
   */
  private readonly waitingCache = new Map<string, QueuedTicket>();
  private readonly currentCache = new Map<string, TicketRecord>();
  private readonly windowCache = new Map<string, WindowRecord>();
  private arrivalsCache: { at: EpochMs; counts: Map<string, number>; since: EpochMs } | null = null;
  /** When each window last became free (no current ticket); drives `isIdle` for the dispatcher. */
  private readonly freeSince = new Map<string, EpochMs>();
  /**
   * Full-mode wait estimates for a new normal ticket per category. The full estimator replays the hall
   * with the dispatcher (milliseconds with a long queue), so it never runs inside a command: the scheduler
   * refreshes one category per call of `refreshEstimates()`, and issuing reads the cached value.
   */
  private readonly estimateCache = new Map<string, { minutes: number; at: EpochMs }>();
  private recentArrivals: { at: EpochMs; rates: ArrivalRates } | null = null;
  /**
   * Queue statistics go out at most every QUEUES_EVERY_MS: a burst of issues recomputes them once, and a
   * trailing batch (no new events, so `prev === seq`) carries the last figures.
   */
  private queuesSentAt = -Infinity;
  private endOfDayCheckedFor = '';
  private queuesTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: HallServiceDeps) {
    this.config = deps.config;
    this.tickets = new TicketRepository(deps.db);
    this.windows = new WindowRepository(deps.db);
    this.events = new EventLog(deps.db);
    this.categories = new Map(deps.config.categories.map((c) => [c.id, c]));
    this.services = new Map(deps.config.services.map((s) => [s.id, s]));
    this.windowConfigs = new Map(deps.config.windows.map((w) => [w.id, w]));
    const now = deps.clock.now();
    for (const w of deps.config.windows) this.windows.ensure(w.id, [w.home], now);
    this.lastSeq = this.events.lastId();
    this.recentCalls = this.loadRecentCalls();
    this.reloadCaches();
  }

  /** Rebuilds the read caches from the database (start-up, and after anything bypassed the service). */
  reloadCaches(): void {
    this.waitingCache.clear();
    this.waitingCounts.clear();
    for (const t of this.tickets.queued()) this.setWaiting(t);
    this.currentCache.clear();
    for (const [w, t] of this.tickets.currentByWindow()) this.currentCache.set(w, t);
    this.windowCache.clear();
    for (const w of this.windows.all()) this.windowCache.set(w.id, w);
    this.arrivalsCache = null;
  }

  /** Untargeted waiting tickets per category and class, kept with the cache so issuing needs no scan. */
  private readonly waitingCounts = new Map<string, { normal: number; priority: number }>();

  private countWaiting(t: QueuedTicket, delta: 1 | -1): void {
    if (t.targetWindowId !== null) return;
    const c = this.waitingCounts.get(t.categoryId) ?? { normal: 0, priority: 0 };
    if (t.priority === 'normal') c.normal += delta;
    else c.priority += delta;
    this.waitingCounts.set(t.categoryId, c);
  }

  private setWaiting(t: QueuedTicket): void {
    const old = this.waitingCache.get(t.id);
    if (old) this.countWaiting(old, -1);
    this.waitingCache.set(t.id, t);
    this.countWaiting(t, 1);
  }

  private refreshTicket(t: TicketRecord): void {
    if (t.status === 'waiting') this.setWaiting(this.queued(t));
    else {
      const old = this.waitingCache.get(t.id);
      if (old) {
        this.countWaiting(old, -1);
        this.waitingCache.delete(t.id);
      }
    }
    for (const [w, cur] of this.currentCache) if (cur.id === t.id) this.currentCache.delete(w);
    if ((t.status === 'called' || t.status === 'serving') && t.windowId) this.currentCache.set(t.windowId, t);
  }

  private queued(t: TicketRecord): QueuedTicket {
    return {
      id: t.id,
      categoryId: t.categoryId,
      priority: t.priority,
      issuedAt: t.issuedAt,
      queuedAt: t.queuedAt,
      targetWindowId: t.targetWindowId,
    };
  }

  /** Windows as last committed (cached). */
  windowRecords(): WindowRecord[] {
    return [...this.windowCache.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  }
  currentTicketOf(windowId: string): TicketRecord | null {
    return this.currentCache.get(windowId) ?? null;
  }

  // ───────────────────────────── infrastructure ─────────────────────────────

  get timeZone(): string {
    return this.config.hall.timeZone;
  }
  now(): EpochMs {
    return this.deps.clock.now();
  }
  today(): string {
    return businessDate(this.now(), this.timeZone);
  }
  iso(at: EpochMs): string {
    return toIsoLocal(at, this.timeZone);
  }
  isStorageHealthy(): boolean {
    return this.storageHealthy;
  }
  get seq(): number {
    return this.lastSeq;
  }

  onBatch(cb: (b: HallBatch) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }
  /** Device drivers (LED strips, caller keypads) follow window changes through this. */
  onWindowChanged(cb: (w: WindowState, current: TicketRecord | null) => void): () => void {
    this.windowListeners.add(cb);
    return () => this.windowListeners.delete(cb);
  }
  /** Rating keypads light up when a ticket is finished. */
  onTicketFinished(cb: (t: TicketRecord) => void): () => void {
    this.finishListeners.add(cb);
    return () => this.finishListeners.delete(cb);
  }

  private rules(): MachineRules {
    return { recallCap: this.config.settings.recallCap, noShowAfterCalls: this.config.settings.noShow.afterCalls };
  }

  /**
   * Runs a command in one transaction and publishes its batch after the commit. A storage failure
   * (disk full, read-only, I/O error) rolls everything back and answers STORAGE_UNAVAILABLE.
   */
  private run<T>(fn: (tx: Tx) => Result<T>): Result<T> {
    const now = this.now();
    const tx: Tx = {
      now,
      day: businessDate(now, this.timeZone),
      tickets: new Set(),
      records: new Map(),
      windows: new Set(),
      calls: [],
      queuesChanged: false,
      other: [],
      lastEventId: 0,
      log: (e) => (tx.lastEventId = this.events.append(e, now, tx.day)),
    };
    let result: Result<T>;
    let lastId = 0;
    try {
      result = this.deps.db.transaction(() => {
        const r = fn(tx);
        if (!r.ok) throw new Rollback(r);
        lastId = tx.lastEventId;
        return r;
      })();
    } catch (err) {
      if (err instanceof Rollback) return err.failure;
      const code = (err as { code?: string }).code ?? '';
      if (STORAGE_ERRORS.has(code) || code.startsWith('SQLITE_IOERR')) {
        this.storageHealthy = false;
        this.deps.log.error({ code }, 'storage failure: command rolled back');
        return failure('STORAGE_UNAVAILABLE');
      }
      throw err;
    }
    this.storageHealthy = true;
    this.publish(tx, lastId);
    return result;
  }

  private publish(tx: Tx, lastId: number): void {
    const events: HallEvent[] = [];
    for (const id of tx.tickets) {
      const t = tx.records.get(id) ?? this.tickets.get(id);
      if (!t) continue;
      this.refreshTicket(t);
      events.push({ type: 'ticket', ticket: toPublicTicket(this.toTicket(t)) });
    }
    for (const id of tx.windows) {
      const rec = this.windows.get(id);
      if (rec) this.windowCache.set(id, rec);
    }
    for (const [id] of this.windowConfigs) {
      const free = this.windowCache.get(id)?.status === 'open' && !this.currentCache.has(id);
      if (!free) this.freeSince.delete(id);
      else if (!this.freeSince.has(id)) this.freeSince.set(id, tx.now);
    }
    const windowStates: Array<[WindowState, TicketRecord | null]> = [];
    for (const id of tx.windows) {
      const rec = this.windowCache.get(id);
      if (!rec) continue;
      const current = this.currentTicketOf(id);
      const state = this.toWindowState(rec, current);
      windowStates.push([state, current]);
      events.push({ type: 'window', window: state });
    }
    for (const c of tx.calls) events.push({ type: 'call', call: c });
    if (tx.queuesChanged || tx.tickets.size > 0) {
      if (tx.now - this.queuesSentAt >= QUEUES_EVERY_MS || tx.now < this.queuesSentAt) {
        this.queuesSentAt = tx.now;
        events.push({ type: 'queues', queues: this.queueStats() });
      } else {
        this.scheduleQueues();
      }
    }
    events.push(...tx.other);
    if (tx.calls.length > 0) this.recentCalls = [...tx.calls.reverse(), ...this.recentCalls].slice(0, 20);
    if (events.length === 0 || lastId <= this.lastSeq) return;
    const batch: HallBatch = { prev: this.lastSeq, seq: lastId, events };
    this.lastSeq = lastId;
    this.emitBatch(batch);
    for (const [w, current] of windowStates) {
      for (const l of this.windowListeners) {
        try {
          l(w, current);
        } catch (err) {
          this.deps.log.error({ err }, 'window listener failed');
        }
      }
    }
  }

  private scheduleQueues(): void {
    if (this.queuesTimer) return;
    this.queuesTimer = setTimeout(() => {
      this.queuesTimer = null;
      this.queuesSentAt = this.now();
      this.emitBatch({ prev: this.lastSeq, seq: this.lastSeq, events: [{ type: 'queues', queues: this.queueStats() }] });
    }, QUEUES_EVERY_MS);
    this.queuesTimer.unref();
  }

  private emitBatch(batch: HallBatch): void {
    for (const l of this.listeners) {
      try {
        l(batch);
      } catch (err) {
        this.deps.log.error({ err }, 'hall stream listener failed');
      }
    }
  }

  private monthBefore(now: EpochMs): string {
    return businessDate(now - 31 * 24 * 3600_000, this.timeZone);
  }

  /** Stops timers (server shutdown). */
  dispose(): void {
    if (this.queuesTimer) clearTimeout(this.queuesTimer);
    this.queuesTimer = null;
  }

  // ───────────────────────────── views ─────────────────────────────

  toTicket(t: TicketRecord): Ticket {
    const iso = (v: EpochMs | null) => (v === null ? null : this.iso(v));
    return {
      id: t.id,
      number: t.number,
      categoryId: t.categoryId,
      serviceId: t.serviceId,
      serviceIds: t.serviceIds,
      status: t.status,
      priority: t.priority,
      channel: t.channel,
      issuedAt: this.iso(t.issuedAt),
      businessDate: t.businessDate,
      ahead: t.ahead,
      estimatedWaitMinutes: t.estimatedWaitMinutes,
      windowId: t.windowId,
      targetWindowId: t.targetWindowId,
      token: t.token,
      calledAt: iso(t.calledAt),
      startedAt: iso(t.startedAt),
      finishedAt: iso(t.finishedAt),
      callCount: t.callCount,
      transferCount: t.transferCount,
      note: t.note,
      hasForm: t.form !== null,
    };
  }

  toWindowState(w: WindowRecord, current: TicketRecord | null = this.currentTicketOf(w.id)): WindowState {
    const cfg = this.windowConfigs.get(w.id);
    const staff = w.staffUsername ? this.deps.accounts.byUsername(w.staffUsername) : null;
    return {
      id: w.id,
      name: cfg?.name ?? w.id,
      number: cfg?.number ?? 0,
      status: w.status,
      skills: cfg?.skills ?? [],
      home: cfg?.home ?? '',
      allocation: w.allocation,
      allocationUntil: w.allocationUntil === null ? null : this.iso(w.allocationUntil),
      allocationPinned: w.allocationPinned,
      staff: staff ? { username: staff.username, displayName: staff.displayName } : null,
      pauseReason: w.pauseReason,
      currentTicket: current ? toPublicTicket(this.toTicket(current)) : null,
      zone: cfg?.zone ?? null,
    };
  }

  windowStates(): WindowState[] {
    return this.windowRecords()
      .filter((w) => this.windowConfigs.has(w.id))
      .map((w) => this.toWindowState(w));
  }

  /**
   * The state a client starts from. `withTickets: false` (displays, kiosks) leaves out the ticket list:
   * those screens show windows, queues and calls, and a busy hall's thousands of waiting tickets would
   * cost every screen megabytes at each (re)connect.
   */
  snapshot(opts: { withTickets?: boolean } = {}): HallSnapshot {
    const now = this.now();
    return {
      seq: this.lastSeq,
      businessDate: businessDate(now, this.timeZone),
      serverTime: this.iso(now),
      windows: this.windowStates(),
      tickets:
        opts.withTickets === false ? [] : this.tickets.activeAnyDay(this.monthBefore(now)).map((t) => toPublicTicket(this.toTicket(t))),
      queues: this.queueStats(),
      recentCalls: this.recentCalls,
      notices: this.notices(),
    };
  }

  notices(): string[] {
    const row = this.deps.db.prepare("SELECT value FROM setting WHERE key = 'notices'").get() as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as string[]) : this.config.settings.notices;
  }

  private loadRecentCalls(): CallAnnouncement[] {
    const rows = this.deps.db
      .prepare(
        "SELECT id, at, ticket_id, window_id, data FROM event_log WHERE type IN ('ticket.called','ticket.recalled') ORDER BY id DESC LIMIT 20",
      )
      .all() as Array<{ id: number; at: number; ticket_id: string; window_id: string; data: string }>;
    return rows.map((r) => {
      const d = JSON.parse(r.data) as { number?: string };
      const w = this.windowConfigs.get(r.window_id);
      return {
        id: r.id,
        ticketId: r.ticket_id,
        number: d.number ?? '',
        windowId: r.window_id,
        windowName: w?.name ?? r.window_id,
        windowNumber: w?.number ?? 0,
        at: this.iso(r.at),
        isRecall: false,
      };
    });
  }

  /** Mean service minutes per category: the configured prior blended with today's finished tickets. */
  serviceMinutes(): Record<string, number> {
    const now = this.now();
    if (this.serviceMinutesCache && now - this.serviceMinutesCache.at < 30_000) return this.serviceMinutesCache.value;
    const recent = this.tickets.recentServiceTimes(now - 3 * 3600_000);
    const PRIOR_WEIGHT = 5;
    const value: Record<string, number> = {};
    for (const c of this.config.categories) {
      const own = recent.filter((r) => r.categoryId === c.id && r.minutes >= 0 && r.minutes < 240).slice(0, 50);
      const sum = own.reduce((a, r) => a + r.minutes, 0);
      value[c.id] = (c.defaultServiceMinutes * PRIOR_WEIGHT + sum) / (PRIOR_WEIGHT + own.length);
    }
    this.serviceMinutesCache = { at: now, value };
    return value;
  }

  dispatchConfig(): DispatchConfig {
    return {
      priorityInterleave: this.config.settings.priorityInterleave,
      fairnessMaxWaitMs: this.config.settings.fairnessMaxWaitMinutes * 60_000,
      crossSkillSlowdown: 1.3,
    };
  }

  dispatchWindows(now: EpochMs, minutes = this.serviceMinutes()): DispatchWindow[] {
    return this.windowRecords().flatMap((w) => {
      const cfg = this.windowConfigs.get(w.id);
      if (!cfg) return [];
      const cur = this.currentCache.get(w.id);
      const busyUntil = cur ? (cur.startedAt ?? cur.calledAt ?? now) + (minutes[cur.categoryId] ?? 10) * 60_000 : now;
      // Idle = open, nothing at the window, and freed recently: its staff are there to call. A window idle
      // for long may be unattended, and the dispatcher must not leave tickets waiting for it.
      const freeAt = this.freeSince.get(w.id);
      const isIdle = w.status === 'open' && !cur && freeAt !== undefined && now - freeAt < IDLE_FRESH_MS;
      return [
        {
          id: w.id,
          skills: cfg.skills,
          home: cfg.home,
          allocation: w.allocation,
          priorityStreak: w.priorityStreak,
          isOpen: w.status === 'open',
          busyUntil: Math.max(now, busyUntil),
          isIdle,
        },
      ];
    });
  }

  /** Waiting tickets as the dispatcher sees them (cheap: no personal fields are read). */
  queuedTickets(): QueuedTicket[] {
    return [...this.waitingCache.values()];
  }

  /**
   * People ahead of, and the estimated wait for, a ticket issued now. The hot path of issuing: counts come
   * from the cache and the wait from the scheduler's full estimate; only a stale cache costs a scan.
   */
  estimateForNew(categoryId: string, priority: Priority, now: EpochMs): { ahead: number; minutes: number } {
    const counts = this.waitingCounts.get(categoryId) ?? { normal: 0, priority: 0 };
    const ahead = priority === 'normal' ? counts.normal + counts.priority : counts.priority;
    const cached = priority === 'normal' ? this.cachedNewTicketMinutes(categoryId, now) : null;
    return { ahead, minutes: cached ?? this.estimateFor(categoryId, priority, this.queuedTickets(), now).minutes };
  }

  /** The scheduler's full estimate for a new normal ticket in a category, while it is fresh. */
  private cachedNewTicketMinutes(categoryId: string, now: EpochMs): number | null {
    const cached = this.estimateCache.get(categoryId);
    return cached && now - cached.at < ESTIMATE_TTL_MS && now >= cached.at ? cached.minutes : null;
  }

  /** Full-mode estimate of a new normal ticket's wait in a category (what the simulator measures). */
  fullEstimate(categoryId: string, now: EpochMs): number {
    const waiting = this.queuedTickets();
    const windows = this.dispatchWindows(now);
    if (!this.recentArrivals || now - this.recentArrivals.at > 30_000 || now < this.recentArrivals.at) {
      this.recentArrivals = { at: now, rates: arrivalRatesPerHour(this.tickets.issuedSince(now - 30 * 60_000), now) };
    }
    const close = this.closingTime(now);
    return estimateWaitMinutes({
      categoryId,
      priority: 'normal',
      ahead: waiting.filter((t) => t.categoryId === categoryId && t.targetWindowId === null),
      windows,
      now,
      serviceMinutes: this.serviceMinutes(),
      crossSkillSlowdown: this.dispatchConfig().crossSkillSlowdown,
      waiting,
      policy: 'dynamic',
      config: this.dispatchConfig(),
      arrivalRatePerHour: this.recentArrivals.rates.perHour,
      priorityShare: this.recentArrivals.rates.priorityShare,
      ...(close !== null ? { arrivalsEndAt: close } : {}),
    });
  }

  /**
   * Refreshes the stalest category's cached full estimate (one per call, so no call blocks long).
   * The scheduler calls it a few times a second; tests may call it directly.
   */
  refreshEstimates(count = 1): void {
    const now = this.now();
    const order = this.config.categories
      .map((c) => c.id)
      .sort((a, b) => (this.estimateCache.get(a)?.at ?? -Infinity) - (this.estimateCache.get(b)?.at ?? -Infinity));
    for (const id of order.slice(0, count)) this.estimateCache.set(id, { minutes: this.fullEstimate(id, now), at: now });
  }

  /** Today's closing time (the end of the last opening span), or null on a closed day. */
  private closingTime(now: EpochMs): EpochMs | null {
    const day = businessDate(now, this.timeZone);
    const h = this.config.hours;
    if (h.holidays.includes(day) && !h.workdays.includes(day)) return null;
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    const spans = h.workdays.includes(day) || (weekday >= 1 && weekday <= 5) ? h.weekdays : weekday === 6 ? h.saturday : h.sunday;
    const last = spans[spans.length - 1];
    return last ? localTimeToEpoch(day, last.close, this.timeZone) : null;
  }

  /** Arrivals per category over the last hour (re-read at most every 10 s, counted up on each issue). */
  private arrivalsLastHour(now: EpochMs): Map<string, number> {
    if (!this.arrivalsCache || now - this.arrivalsCache.at > 10_000) {
      this.arrivalsCache = { at: now, since: now - 3600_000, counts: this.tickets.arrivalsSince(now - 3600_000) };
    }
    return this.arrivalsCache.counts;
  }

  estimateFor(
    categoryId: string,
    priority: Priority,
    waiting: readonly QueuedTicket[],
    now: EpochMs,
    windows = this.dispatchWindows(now),
  ): { ahead: number; minutes: number } {
    const ahead = waiting.filter(
      (t) => t.categoryId === categoryId && t.targetWindowId === null && (priority === 'normal' || t.priority !== 'normal'),
    );
    const minutes = estimateWaitMinutes({
      categoryId,
      priority,
      ahead,
      windows,
      now,
      serviceMinutes: this.serviceMinutes(),
      crossSkillSlowdown: this.dispatchConfig().crossSkillSlowdown,
    });
    return { ahead: ahead.length, minutes };
  }

  queueStats(): CategoryQueue[] {
    const now = this.now();
    const waiting = this.queuedTickets();
    const arrivals = this.arrivalsLastHour(now);
    const windows = this.dispatchWindows(now);
    const byCategory = new Map<string, QueuedTicket[]>();
    for (const t of waiting) {
      if (t.targetWindowId !== null) continue;
      const list = byCategory.get(t.categoryId);
      if (list) list.push(t);
      else byCategory.set(t.categoryId, [t]);
    }
    return this.config.categories.map((c) => {
      const mine = byCategory.get(c.id) ?? [];
      const oldest = mine.reduce((m, t) => Math.min(m, t.issuedAt), now);
      return {
        categoryId: c.id,
        waiting: waiting.filter((t) => t.categoryId === c.id).length,
        longestWaitMinutes: Math.round((now - oldest) / 60_000),
        estimatedWaitMinutes: this.cachedNewTicketMinutes(c.id, now) ?? this.estimateFor(c.id, 'normal', mine, now, windows).minutes,
        arrivalsPerHour: arrivals.get(c.id) ?? 0,
        servingWindows: windows.filter((w) => w.isOpen && w.allocation.includes(c.id)).length,
      };
    });
  }

  // ───────────────────────────── issuing ─────────────────────────────

  private resolveIssue(req: IssueTicketRequest): Result<{ categoryId: string; serviceIds: string[] }> {
    const serviceIds = [...new Set([...(req.serviceId ? [req.serviceId] : []), ...(req.serviceIds ?? [])])];
    for (const id of serviceIds) if (!this.services.has(id)) return failure('UNKNOWN_SERVICE', `没有该事项 / Unknown service: ${id}`);
    const first = serviceIds[0];
    const categoryId = req.categoryId ?? (first ? this.services.get(first)?.categoryId : undefined);
    if (!categoryId || !this.categories.has(categoryId))
      return failure('UNKNOWN_CATEGORY', `没有该业务类别 / Unknown category: ${req.categoryId ?? ''}`);
    if (req.categoryId && first && this.services.get(first)?.categoryId !== req.categoryId)
      return failure('VALIDATION_FAILED', '事项不属于该类别 / The service is not in that category');
    return ok({ categoryId, serviceIds });
  }

  private requestHash(req: IssueTicketRequest): string {
    const { idempotencyKey: _k, ...rest } = req;
    return createHash('sha256').update(JSON.stringify(rest)).digest('hex');
  }

  private canIssue(actor: Actor): boolean {
    return (
      actor.kind === 'system' || actor.role === 'kiosk' || actor.role === 'staff' || actor.role === 'supervisor' || actor.role === 'admin'
    );
  }

  /**
   * Issues a ticket. Never refuses for load (不得限号). With a printer, the ticket exists only if it printed:
   * the number is drafted under a per-prefix lock, printed, then committed, so a failed print leaves no
   * ticket and no gap in the numbering.
   */
  async issueTicket(actor: Actor, req: IssueTicketRequest, extra: { appointmentId?: string } = {}): Promise<Result<Ticket>> {
    if (!this.canIssue(actor)) return failure('FORBIDDEN');
    const resolved = this.resolveIssue(req);
    if (!resolved.ok) return resolved;
    const { categoryId, serviceIds } = resolved.value;
    const category = this.categories.get(categoryId) as CategoryConfig;
    const requestHash = this.requestHash(req);
    const replay = () => {
      if (!req.idempotencyKey) return null;
      const existing = this.tickets.byIdempotencyKey(req.idempotencyKey);
      if (!existing) return null;
      return existing.requestHash === requestHash ? ok(this.toTicket(existing)) : failure('IDEMPOTENCY_CONFLICT');
    };
    const early = replay();
    if (early) return early;
    let printer: TicketPrinter | undefined;
    if (req.printerId !== undefined) {
      printer = this.deps.printers.get(req.printerId);
      if (!printer) return failure('UNKNOWN_PRINTER');
    }
    if (printer) {
      const status = await printer.status().catch(() => 'offline');
      if (status !== 'ok' && status !== 'paper-near-end')
        return failure('PRINTER_UNAVAILABLE', `${this.config.hall.helpDesk}: 打印机${printerStatusText(status)} / printer ${status}`);
    }
    return this.lock.run(category.prefix, async () => {
      const again = replay();
      if (again) return again;
      const now = this.now();
      const day = businessDate(now, this.timeZone);
      const priority: Priority = req.priority ?? (extra.appointmentId ? 'appointment' : 'normal');
      const est = this.estimateForNew(categoryId, priority, now);
      const seq = this.tickets.nextSeq(category.prefix, day);
      const draft: TicketRecord = {
        id: randomUUID(),
        businessDate: day,
        prefix: category.prefix,
        seq,
        number: formatTicketNumber(category.prefix, seq),
        categoryId,
        serviceId: serviceIds[0] ?? null,
        serviceIds,
        status: 'waiting',
        priority,
        channel: (req.channel ?? (actor.role === 'kiosk' ? 'kiosk' : 'counter')) satisfies Channel,
        issuedAt: now,
        queuedAt: now,
        ahead: est.ahead,
        estimatedWaitMinutes: est.minutes,
        windowId: null,
        targetWindowId: null,
        token: randomBytes(18).toString('base64url'),
        calledAt: null,
        firstCalledAt: null,
        startedAt: null,
        finishedAt: null,
        callCount: 0,
        transferCount: 0,
        suspendedAt: null,
        suspendedMs: 0,
        servedBy: null,
        note: null,
        form: normaliseForm(req.form),
        appointmentId: extra.appointmentId ?? null,
        idempotencyKey: req.idempotencyKey ?? null,
        requestHash,
      };
      if (printer) {
        try {
          await printer.printTicket(this.printData(draft));
        } catch (err) {
          const status = (err as { status?: string }).status ?? 'offline';
          this.deps.log.warn({ printer: printer.id, status }, 'print failed; no ticket issued');
          return failure('PRINTER_UNAVAILABLE', `${this.config.hall.helpDesk}: 打印机${printerStatusText(status)} / printer ${status}`);
        }
      }
      return this.run((tx) => {
        const taken = this.tickets.nextSeq(draft.prefix, draft.businessDate);
        if (taken !== draft.seq) throw new Error(`numbering invariant broken: drafted ${draft.seq}, counter gave ${taken}`);
        this.tickets.insert(draft);
        tx.records.set(draft.id, draft);
        if (draft.appointmentId)
          this.deps.db
            .prepare('UPDATE appointment SET ticket_id = ?, checked_in_at = ? WHERE id = ?')
            .run(draft.id, tx.now, draft.appointmentId);
        tx.log({
          type: 'ticket.issued',
          actor: actor.id,
          source: actor.source,
          ticketId: draft.id,
          data: { number: draft.number, categoryId, serviceIds, priority, channel: draft.channel, printerId: req.printerId ?? null },
        });
        tx.tickets.add(draft.id);
        const counts = this.arrivalsCache?.counts;
        if (counts) counts.set(categoryId, (counts.get(categoryId) ?? 0) + 1);
        return ok(this.toTicket(draft));
      });
    });
  }

  printData(t: TicketRecord): TicketPrintData {
    const category = this.categories.get(t.categoryId);
    const windows = this.windowRecords().filter((w) => w.allocation.includes(t.categoryId) && w.status !== 'closed');
    const names = (
      windows.length > 0 ? windows.map((w) => w.id) : this.config.windows.filter((w) => w.skills.includes(t.categoryId)).map((w) => w.id)
    ).map((id) => this.windowConfigs.get(id)?.name ?? id);
    const afterCalls = this.config.settings.noShow.afterCalls;
    const data: TicketPrintData = {
      hallName: this.config.hall.name,
      number: t.number,
      categoryName: category?.name ?? t.categoryId,
      serviceNames: t.serviceIds.map((id) => this.services.get(id)?.name ?? id),
      windows: names,
      ahead: t.ahead,
      estimatedWaitMinutes: t.estimatedWaitMinutes,
      issuedAt: this.iso(t.issuedAt).slice(0, 16).replace('T', ' '),
      noShowRule: `叫号 ${afterCalls} 次未到视为过号，请到${this.config.hall.helpDesk}重新排队`,
      qrUrl: `${this.deps.publicUrl()}/t/${t.token}`,
      footer: `${this.config.hall.helpDesk}${this.config.hall.phone ? ` · 咨询 ${this.config.hall.phone}` : ''} · 投诉 12345`,
    };
    const label = PRIORITY_LABEL[t.priority];
    if (label) data.priorityLabel = label;
    if (this.config.settings.printMaskedId && t.form?.idNumber) data.maskedId = `证件 ****${t.form.idNumber.slice(-4)}`;
    return data;
  }

  // ───────────────────────────── window commands ─────────────────────────────

  /** Whether an actor may act at a window (for routes that must check before anything else). */
  authoriseWindow(actor: Actor, windowId: string): Failure | null {
    const w = this.windowCache.get(windowId);
    if (!w || !this.windowConfigs.has(windowId)) return failure('UNKNOWN_WINDOW');
    return this.authorise(actor, w);
  }

  private authorise(actor: Actor, w: WindowRecord): Failure | null {
    if (actor.kind === 'system') return null;
    if (actor.kind === 'keypad') return actor.windowId === w.id ? null : failure('FORBIDDEN');
    if (actor.role === 'supervisor' || actor.role === 'admin') return null;
    if (actor.role === 'staff') return w.staffUsername === actor.id ? null : failure('NOT_AT_WINDOW');
    return failure('FORBIDDEN');
  }

  private staffOf(w: WindowRecord, actor: Actor): string | null {
    return w.staffUsername ?? (actor.kind === 'user' ? actor.id : null);
  }

  private saveTicket(
    tx: Tx,
    before: TicketRecord,
    after: TicketRecord,
    type: string,
    actor: Actor,
    data: Record<string, unknown> = {},
  ): number {
    this.tickets.update(after);
    tx.tickets.add(after.id);
    tx.records.set(after.id, after);
    if (before.windowId) tx.windows.add(before.windowId);
    if (after.windowId) tx.windows.add(after.windowId);
    return tx.log({
      type,
      actor: actor.id,
      source: actor.source,
      ticketId: after.id,
      windowId: after.windowId ?? before.windowId,
      data: { number: after.number, from: before.status, to: after.status, ...data },
    });
  }

  private act(tx: Tx, t: TicketRecord, action: TicketAction): Result<TicketRecord> {
    const d = applyTicketAction(t, action, { now: tx.now, rules: this.rules() });
    return d.ok ? ok(d.state) : d;
  }

  private announce(tx: Tx, t: TicketRecord, windowId: string, eventId: number, isRecall: boolean): void {
    const w = this.windowConfigs.get(windowId);
    tx.calls.push({
      id: eventId,
      ticketId: t.id,
      number: t.number,
      windowId,
      windowName: w?.name ?? windowId,
      windowNumber: w?.number ?? 0,
      at: this.iso(tx.now),
      isRecall,
    });
  }

  /** "Call next" implicitly finishes the window's current ticket, as hall caller keypads do. */
  private finishCurrent(tx: Tx, w: WindowRecord, actor: Actor): Result<TicketRecord | null> {
    const cur = this.tickets.currentOf(w.id);
    if (!cur) return ok(null);
    const r = this.act(tx, cur, { type: 'finish', staff: this.staffOf(w, actor) });
    if (!r.ok) return r;
    this.saveTicket(tx, cur, r.value, 'ticket.finished', actor, {
      implicit: true,
      serviceMs: (r.value.finishedAt ?? tx.now) - (r.value.startedAt ?? tx.now),
    });
    return ok(r.value);
  }

  private callTicket(tx: Tx, w: WindowRecord, t: TicketRecord, actor: Actor, data: Record<string, unknown> = {}): Result<TicketRecord> {
    const r = this.act(tx, t, { type: 'call', windowId: w.id, staff: this.staffOf(w, actor) });
    if (!r.ok) return r;
    const id = this.saveTicket(tx, t, r.value, 'ticket.called', actor, { waitMs: tx.now - t.issuedAt, ...data });
    this.announce(tx, r.value, w.id, id, false);
    this.windows.save({ ...w, priorityStreak: t.priority === 'normal' ? 0 : w.priorityStreak + 1, updatedAt: tx.now });
    tx.windows.add(w.id);
    return r;
  }

  /** Runs a window command for an actor. Every entry point (REST, socket, keypad) comes through here. */
  windowCommand(actor: Actor, windowId: string, cmd: WindowCommand): Result<{ ticket: Ticket | null; window: WindowState }> {
    const finished: TicketRecord[] = [];
    const r = this.run<{ ticket: TicketRecord | null; window: string }>((tx) => {
      const w = this.windows.get(windowId);
      if (!w || !this.windowConfigs.has(windowId)) return failure('UNKNOWN_WINDOW');
      const denied = this.authorise(actor, w);
      if (denied) return denied;
      const current = this.tickets.currentOf(w.id);
      const needCurrent = (): Result<TicketRecord> => (current ? ok(current) : failure('NO_CURRENT_TICKET'));
      switch (cmd.type) {
        case 'call-next': {
          if (w.status === 'paused') return failure('WINDOW_PAUSED');
          const done = this.finishCurrent(tx, w, actor);
          if (!done.ok) return done;
          if (done.value) finished.push(done.value);
          const waiting = this.queuedTickets();
          const windows = this.dispatchWindows(tx.now);
          const dw = windows.find((x) => x.id === w.id);
          if (!dw) return failure('UNKNOWN_WINDOW');
          const pick = pickNext('dynamic', {
            window: { ...dw, isOpen: true },
            waiting,
            windows,
            now: tx.now,
            config: this.dispatchConfig(),
            serviceMinutes: this.serviceMinutes(),
          });
          if (!pick) {
            if (done.value) return ok({ ticket: null, window: w.id });
            tx.log({ type: 'window.called_empty', actor: actor.id, source: actor.source, windowId: w.id });
            return ok({ ticket: null, window: w.id });
          }
          const t = this.tickets.get(pick.id);
          if (!t) return failure('UNKNOWN_TICKET');
          const fresh = this.windows.get(w.id) as WindowRecord;
          const called = this.callTicket(tx, fresh, t, actor);
          return called.ok ? ok({ ticket: called.value, window: w.id }) : called;
        }
        case 'call-specific': {
          if (w.status === 'paused') return failure('WINDOW_PAUSED');
          const t = this.tickets.get(cmd.ticketId);
          if (!t) return failure('UNKNOWN_TICKET');
          if (current) return failure('WINDOW_BUSY');
          const called = this.callTicket(tx, w, t, actor, { specific: true });
          return called.ok ? ok({ ticket: called.value, window: w.id }) : called;
        }
        case 'recall': {
          const cur = needCurrent();
          if (!cur.ok) return cur;
          const r2 = this.act(tx, cur.value, { type: 'recall' });
          if (!r2.ok) return r2;
          const id = this.saveTicket(tx, cur.value, r2.value, 'ticket.recalled', actor, { callCount: r2.value.callCount });
          this.announce(tx, r2.value, w.id, id, true);
          return ok({ ticket: r2.value, window: w.id });
        }
        case 'start':
        case 'finish':
        case 'no-show':
        case 'suspend': {
          const cur = needCurrent();
          if (!cur.ok) return cur;
          const staff = this.staffOf(w, actor);
          const action: TicketAction =
            cmd.type === 'start'
              ? { type: 'start', staff }
              : cmd.type === 'finish'
                ? { type: 'finish', staff }
                : cmd.type === 'no-show'
                  ? { type: 'no-show' }
                  : { type: 'suspend' };
          const r2 = this.act(tx, cur.value, action);
          if (!r2.ok) return r2;
          const type = { start: 'ticket.started', finish: 'ticket.finished', 'no-show': 'ticket.no_show', suspend: 'ticket.suspended' }[
            cmd.type
          ];
          const data = cmd.type === 'finish' ? { serviceMs: (r2.value.finishedAt ?? tx.now) - (r2.value.startedAt ?? tx.now) - 0 } : {};
          this.saveTicket(tx, cur.value, r2.value, type, actor, data);
          if (cmd.type === 'finish') finished.push(r2.value);
          return ok({ ticket: r2.value, window: w.id });
        }
        case 'resume-ticket': {
          if (current) return failure('WINDOW_BUSY');
          const t = this.tickets.get(cmd.ticketId);
          if (!t) return failure('UNKNOWN_TICKET');
          const r2 = this.act(tx, t, { type: 'resume', windowId: w.id, staff: this.staffOf(w, actor) });
          if (!r2.ok) return r2;
          this.saveTicket(tx, t, r2.value, 'ticket.resumed', actor, { suspendedMs: r2.value.suspendedMs });
          return ok({ ticket: r2.value, window: w.id });
        }
        case 'transfer': {
          const cur = needCurrent();
          if (!cur.ok) return cur;
          let categoryId = cur.value.categoryId;
          let target: string | null = null;
          if (cmd.windowId !== undefined) {
            if (!this.windowConfigs.has(cmd.windowId)) return failure('UNKNOWN_WINDOW');
            if (cmd.windowId === w.id) return failure('VALIDATION_FAILED', '不能转给本窗口 / Cannot transfer to the same window');
            target = cmd.windowId;
          } else if (cmd.categoryId !== undefined) {
            if (!this.categories.has(cmd.categoryId)) return failure('UNKNOWN_CATEGORY');
            categoryId = cmd.categoryId;
          }
          const r2 = this.act(tx, cur.value, { type: 'transfer', categoryId, targetWindowId: target, note: cmd.note ?? null });
          if (!r2.ok) return r2;
          this.saveTicket(tx, cur.value, r2.value, 'ticket.transferred', actor, {
            fromWindow: w.id,
            toCategory: categoryId,
            toWindow: target,
            hasNote: Boolean(cmd.note),
          });
          tx.windows.add(w.id);
          if (target) tx.windows.add(target);
          return ok({ ticket: r2.value, window: w.id });
        }
        case 'requeue': {
          const t = this.tickets.get(cmd.ticketId);
          if (!t) return failure('UNKNOWN_TICKET');
          const policy = this.config.settings.noShow;
          const keys = this.queuedTickets()
            .filter((x) => x.categoryId === t.categoryId)
            .map((x) => x.queuedAt);
          const r2 = this.act(tx, t, {
            type: 'requeue',
            queuedAt: requeueKey(cmd.position ?? policy.requeue, policy.requeueOffset, keys, tx.now),
          });
          if (!r2.ok) return r2;
          this.saveTicket(tx, t, r2.value, 'ticket.requeued', actor, { position: cmd.position ?? policy.requeue });
          return ok({ ticket: r2.value, window: w.id });
        }
        case 'pause': {
          if (current) return failure('WINDOW_BUSY', '请先办结当前号票再暂停 / Finish the current ticket before pausing');
          if (w.status === 'paused') return failure('ILLEGAL_TRANSITION', '窗口已暂停 / Already paused');
          this.windows.save({ ...w, status: 'paused', pauseReason: cmd.reason, pausedAt: tx.now, updatedAt: tx.now });
          tx.log({ type: 'window.paused', actor: actor.id, source: actor.source, windowId: w.id, data: { reason: cmd.reason } });
          tx.windows.add(w.id);
          tx.queuesChanged = true;
          return ok({ ticket: null, window: w.id });
        }
        case 'unpause': {
          if (w.status !== 'paused') return failure('ILLEGAL_TRANSITION', '窗口未暂停 / The window is not paused');
          this.windows.save({ ...w, status: 'open', pauseReason: null, pausedAt: null, updatedAt: tx.now });
          tx.log({
            type: 'window.resumed',
            actor: actor.id,
            source: actor.source,
            windowId: w.id,
            data: { reason: w.pauseReason, pausedMs: tx.now - (w.pausedAt ?? tx.now) },
          });
          tx.windows.add(w.id);
          tx.queuesChanged = true;
          return ok({ ticket: null, window: w.id });
        }
        default: {
          const never: never = cmd;
          return failure('BAD_REQUEST', `unknown command ${String(never)}`);
        }
      }
    });
    if (!r.ok) return r;
    for (const t of finished)
      for (const l of this.finishListeners) {
        try {
          l(t);
        } catch (err) {
          this.deps.log.error({ err }, 'finish listener failed');
        }
      }
    const w = this.windowCache.get(r.value.window) as WindowRecord;
    return ok({ ticket: r.value.ticket ? this.toTicket(r.value.ticket) : null, window: this.toWindowState(w) });
  }

  /** A staff member signs in at a window (or a supervisor opens it for them). */
  signIn(actor: Actor, windowId: string): Result<WindowState> {
    return this.windowUpdate(actor, windowId, 'window.signed_in', (w, tx) => {
      if (actor.kind !== 'user') return failure('FORBIDDEN');
      const cfg = this.windowConfigs.get(windowId) as WindowConfig;
      const account = this.deps.accounts.byUsername(actor.id);
      if (!account) return failure('UNAUTHENTICATED');
      const certified = account.role === 'staff' ? cfg.skills.filter((s) => account.certified.includes(s)) : cfg.skills;
      if (certified.length === 0) return failure('NOT_CERTIFIED');
      if (w.staffUsername && w.staffUsername !== actor.id && w.status !== 'closed') return failure('WINDOW_OCCUPIED');
      // One window per person: signing in here signs them out elsewhere if that window is idle.
      for (const other of this.windows.all()) {
        if (other.id !== w.id && other.staffUsername === actor.id) {
          if (this.tickets.currentOf(other.id))
            return failure('WINDOW_BUSY', `请先处理 ${other.id} 的当前号票 / Finish the ticket at ${other.id} first`);
          this.windows.save({ ...other, status: 'closed', staffUsername: null, pauseReason: null, pausedAt: null, updatedAt: tx.now });
          tx.windows.add(other.id);
        }
      }
      const allocation = w.allocation.filter((c) => certified.includes(c));
      return ok({
        ...w,
        status: 'open',
        staffUsername: actor.id,
        allocation: allocation.length > 0 ? allocation : [certified[0] as string],
        pauseReason: null,
        pausedAt: null,
      });
    });
  }

  signOut(actor: Actor, windowId: string): Result<WindowState> {
    return this.windowUpdate(actor, windowId, 'window.signed_out', (w) => {
      if (this.tickets.currentOf(w.id)) return failure('WINDOW_BUSY', '请先办结当前号票 / Finish the current ticket first');
      return ok({ ...w, status: 'closed', staffUsername: null, pauseReason: null, pausedAt: null });
    });
  }

  /** AB岗: a colleague takes over the window, current ticket and all. */
  handOver(actor: Actor, windowId: string, to: { username: string; certified: string[]; role: string }): Result<WindowState> {
    return this.windowUpdate(
      actor,
      windowId,
      'window.handed_over',
      (w, tx) => {
        if (w.status === 'closed') return failure('ILLEGAL_TRANSITION', '窗口未开启 / The window is closed');
        const cfg = this.windowConfigs.get(windowId) as WindowConfig;
        if (to.role === 'staff' && !cfg.skills.some((s) => to.certified.includes(s))) return failure('NOT_CERTIFIED');
        for (const other of this.windows.all()) {
          if (other.id !== w.id && other.staffUsername === to.username) {
            if (this.tickets.currentOf(other.id)) return failure('WINDOW_BUSY');
            this.windows.save({ ...other, status: 'closed', staffUsername: null, updatedAt: tx.now });
            tx.windows.add(other.id);
          }
        }
        return ok({ ...w, staffUsername: to.username });
      },
      { to: to.username },
    );
  }

  /** 窗口动态调整: the categories a window serves now, within its skills and its staff's certifications. */
  setAllocation(
    actor: Actor,
    windowId: string,
    req: { categories: string[]; until?: EpochMs | undefined; pinned?: boolean | undefined },
    reason = 'manual',
  ): Result<WindowState> {
    if (actor.kind !== 'system' && actor.role !== 'supervisor' && actor.role !== 'admin') return failure('FORBIDDEN');
    return this.windowUpdate(
      actor,
      windowId,
      'window.allocation_changed',
      (w, tx) => {
        const cfg = this.windowConfigs.get(windowId) as WindowConfig;
        const cats = [...new Set(req.categories)];
        const unknown = cats.filter((c) => !this.categories.has(c));
        if (unknown.length > 0) return failure('UNKNOWN_CATEGORY', `没有该业务类别 / Unknown category: ${unknown.join(', ')}`);
        const outside = cats.filter((c) => !cfg.skills.includes(c));
        if (outside.length > 0)
          return failure('ALLOCATION_OUTSIDE_SKILLS', `窗口无此类业务资质 / Outside the window's skills: ${outside.join(', ')}`);
        if (w.staffUsername) {
          const a = this.deps.accounts.byUsername(w.staffUsername);
          if (a && a.role === 'staff') {
            const uncertified = cats.filter((c) => !a.certified.includes(c));
            if (uncertified.length > 0)
              return failure(
                'ALLOCATION_OUTSIDE_SKILLS',
                `${a.displayName} 无此类业务资质 / Staff not certified for: ${uncertified.join(', ')}`,
              );
          }
        }
        if (req.until !== undefined && req.until <= tx.now)
          return failure('VALIDATION_FAILED', '结束时间必须晚于现在 / `until` must be in the future');
        const ordered = cfg.skills.filter((s) => cats.includes(s));
        tx.queuesChanged = true;
        return ok({
          ...w,
          allocation: ordered,
          allocationUntil: req.until ?? null,
          allocationBase: req.until !== undefined ? (w.allocationBase ?? w.allocation) : null,
          allocationPinned: req.pinned ?? (actor.kind !== 'system' ? w.allocationPinned : w.allocationPinned),
          allocationChangedAt: tx.now,
        });
      },
      { categories: req.categories, until: req.until ?? null, reason },
    );
  }

  private windowUpdate(
    actor: Actor,
    windowId: string,
    type: string,
    fn: (w: WindowRecord, tx: Tx) => Result<WindowRecord>,
    data: Record<string, unknown> = {},
  ): Result<WindowState> {
    const r = this.run((tx) => {
      const w = this.windows.get(windowId);
      if (!w || !this.windowConfigs.has(windowId)) return failure('UNKNOWN_WINDOW');
      if (type !== 'window.signed_in' && type !== 'window.allocation_changed') {
        const denied = this.authorise(actor, w);
        if (denied) return denied;
      }
      const next = fn(w, tx);
      if (!next.ok) return next;
      this.windows.save({ ...next.value, updatedAt: tx.now });
      tx.log({
        type,
        actor: actor.id,
        source: actor.source,
        windowId,
        data: { before: w.allocation, after: next.value.allocation, ...data },
      });
      tx.windows.add(windowId);
      return ok(windowId);
    });
    if (!r.ok) return r;
    return ok(this.toWindowState(this.windowCache.get(windowId) as WindowRecord));
  }

  setNotices(actor: Actor, notices: string[]): Result<string[]> {
    return this.run((tx) => {
      this.deps.db
        .prepare(
          "INSERT INTO setting (key, value, updated_at, updated_by) VALUES ('notices', ?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )
        .run(JSON.stringify(notices), tx.now, actor.id);
      tx.log({ type: 'hall.notices_changed', actor: actor.id, source: actor.source, data: { count: notices.length } });
      tx.other.push({ type: 'notices', notices });
      return ok(notices);
    });
  }

  // ───────────────────────────── the clock ─────────────────────────────

  /**
   * Time-driven rules, fired by the scheduler (R16): temporary allocations revert when due, and at local
   * midnight yesterday's unfinished tickets are handled per `settings.endOfDay`.
   */
  tick(): void {
    const now = this.now();
    for (const w of this.windowRecords()) {
      if (w.allocationUntil !== null && w.allocationUntil <= now) {
        const back = w.allocationBase ?? [this.windowConfigs.get(w.id)?.home ?? w.allocation[0] ?? ''];
        this.run((tx) => {
          this.windows.save({
            ...w,
            allocation: back,
            allocationUntil: null,
            allocationBase: null,
            allocationChangedAt: tx.now,
            updatedAt: tx.now,
          });
          tx.log({
            type: 'window.allocation_reverted',
            actor: 'system',
            source: 'scheduler',
            windowId: w.id,
            data: { before: w.allocation, after: back },
          });
          tx.windows.add(w.id);
          tx.queuesChanged = true;
          return ok(null);
        });
      }
    }
    const today = businessDate(now, this.timeZone);
    // Yesterday's leftovers are looked for once per business date (at the first tick of a new day).
    if (this.config.settings.endOfDay === 'cancel' && today !== this.endOfDayCheckedFor) {
      this.endOfDayCheckedFor = today;
      const stale = this.tickets
        .activeAnyDay(this.monthBefore(now))
        .filter((t) => t.businessDate < today && (t.status === 'waiting' || t.status === 'suspended'));
      if (stale.length > 0) {
        const r = this.run((tx) => {
          for (const t of stale) {
            const r = this.act(tx, t, { type: 'cancel' });
            if (r.ok)
              this.saveTicket(
                tx,
                t,
                r.value,
                'ticket.cancelled',
                { kind: 'system', id: 'system', role: 'system', source: 'end-of-day' },
                { reason: 'end_of_day' },
              );
          }
          tx.other.push({ type: 'day', businessDate: today });
          return ok(null);
        });
        if (!r.ok) this.endOfDayCheckedFor = ''; // storage trouble: try again at the next tick
      }
    }
  }

  /** Pseudonymises personal fields of tickets closed longer ago than the retention period. */
  applyRetention(): number {
    const now = this.now();
    const cutoff = now - this.config.settings.retentionDays * 24 * 3600_000;
    return this.tickets.pseudonymiseFinishedBefore(cutoff, now);
  }

  ticketByToken(token: string): TicketRecord | null {
    return this.tickets.byToken(token);
  }
}

class Rollback extends Error {
  constructor(readonly failure: Failure) {
    super(failure.code);
  }
}

export function printerStatusText(status: string): string {
  switch (status) {
    case 'paper-out':
      return '缺纸';
    case 'cover-open':
      return '纸仓盖未关';
    case 'offline':
      return '离线';
    case 'paper-near-end':
      return '纸将用尽';
    default:
      return '故障';
  }
}

function normaliseForm(form: TicketForm | undefined): TicketForm | null {
  if (!form) return null;
  const hasAny = Boolean(form.name || form.idNumber || form.phone || form.address || Object.keys(form.fields).length > 0);
  return hasAny || form.idKind !== 'none' ? form : null;
}
