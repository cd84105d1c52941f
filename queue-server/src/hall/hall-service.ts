/**
 * The hall service: the one façade over the hall's parts. Every change goes through its commands, which run
 * on the command runner (one transaction with its audit events, then one numbered batch on the hall
 * stream). It exposes no repository: other modules read through its queries and write through `command`.
 *
 *   command-runner  one transaction per command, then publish        hall-stream  numbered batches
 *   read-model      waiting / current / windows / certifications      views        what clients see
 *   issuing         取号 with print-then-commit and idempotency        wait-estimates  one wait model
 *   window-commands every window action, checked by core rules        day-close    end of day, retention
 */
import {
  businessDate,
  toIsoLocal,
  type CategoryConfig,
  type CategoryQueue,
  type EpochMs,
  type HallBatch,
  type HallConfig,
  type HallSnapshot,
  type IssueTicketRequest,
  type IssuedTicket,
  type ServiceConfig,
  type Ticket,
  type WaitEstimate,
  type WindowConfig,
  type WindowState,
} from '@hall/contract';
import type { Db } from '../db/database.ts';
import type { AppointmentRepository } from '../db/appointment-repository.ts';
import type { AccountRepository } from '../db/account-repository.ts';
import { DayCloseRepository } from '../db/day-close-repository.ts';
import { EventLog } from '../db/event-log.ts';
import type { SettingRepository } from '../db/setting-repository.ts';
import { TicketRepository, type TicketRecord } from '../db/ticket-repository.ts';
import { WindowRepository, type WindowRecord } from '../db/window-repository.ts';
import type { Clock } from '../services/clock.ts';
import type { Logger } from '../log.ts';
import { ok, type Actor, type Result } from './actor.ts';
import { CommandRunner, type Tx } from './command-runner.ts';
import { Publisher } from './publisher.ts';
import { HallQueries } from './queries.ts';
import { DayClose } from './day-close.ts';
import { HallStream } from './hall-stream.ts';
import { Issuing, type IssueExtra, type TicketPrinter } from './issuing.ts';
import { TimedRules } from './timed-rules.ts';
import { HallReadModel } from './read-model.ts';
import { HallViews } from './views.ts';
import { WaitEstimates } from './wait-estimates.ts';
import { WindowCommands, type WindowCommand } from './window-commands.ts';
import type { WindowActionType } from '../core/window-rules.ts';

export type { Actor, Result } from './actor.ts';
export type { WindowCommand } from './window-commands.ts';
export type { TicketPrinter } from './issuing.ts';
export type { Tx } from './command-runner.ts';

export interface HallServiceDeps {
  db: Db;
  config: HallConfig;
  clock: Clock;
  accounts: AccountRepository;
  settings: SettingRepository;
  /** Check-ins attach their ticket in the issuing transaction. */
  appointments: AppointmentRepository;
  printers: ReadonlyMap<string, TicketPrinter>;
  log: Logger;
  /** Base URL printed in QR codes, e.g. `http://192.168.1.10:8080`. */
  publicUrl: () => string;
  /** The slip's 评价校验码 for a token (ratings/check-code.ts); printed under the QR code. */
  ratingCheckCode?: (token: string) => string;
}

export class HallService {
  readonly config: HallConfig;
  readonly categories: ReadonlyMap<string, CategoryConfig>;
  readonly services: ReadonlyMap<string, ServiceConfig>;
  readonly windowConfigs: ReadonlyMap<string, WindowConfig>;
  private readonly tickets: TicketRepository;
  private readonly windows: WindowRepository;
  private readonly events: EventLog;
  private readonly runner: CommandRunner;
  private readonly model: HallReadModel;
  private readonly views: HallViews;
  private readonly estimates: WaitEstimates;
  private readonly stream: HallStream;
  private readonly issuing: Issuing;
  private readonly windowCmds: WindowCommands;
  private readonly days: DayClose;
  private readonly timed: TimedRules;
  private readonly publisher: Publisher;
  /** Read-only questions: tickets, the audit log, windows, the dispatcher's view. */
  readonly queries: HallQueries;

  constructor(private readonly deps: HallServiceDeps) {
    const { db, config, clock, accounts } = deps;
    this.config = config;
    this.tickets = new TicketRepository(db);
    this.windows = new WindowRepository(db);
    this.events = new EventLog(db);
    const now = clock.now();
    for (const w of config.windows) this.windows.ensure(w.id, [w.home], now);
    this.runner = new CommandRunner({ db, clock, timeZone: config.hall.timeZone, events: this.events, log: deps.log });
    this.model = new HallReadModel({ config, tickets: this.tickets, windows: this.windows, accounts });
    this.windowConfigs = this.model.windowConfigs;
    this.views = new HallViews({
      config,
      tickets: this.tickets,
      accounts,
      model: this.model,
      publicUrl: deps.publicUrl,
      ...(deps.ratingCheckCode ? { ratingCheckCode: deps.ratingCheckCode } : {}),
      notices: () => this.notices(),
    });
    this.categories = this.views.categories;
    this.services = this.views.services;
    this.estimates = new WaitEstimates({ config, tickets: this.tickets, model: this.model });
    this.stream = new HallStream({
      log: deps.log,
      now: () => clock.now(),
      queueStats: () => this.queueStats(),
      initialSeq: this.events.lastId(),
      recentCalls: this.views.recentCalls(this.events.recentCalls(20)),
    });
    this.issuing = new Issuing({
      config,
      runner: this.runner,
      tickets: this.tickets,
      appointments: deps.appointments,
      views: this.views,
      estimates: this.estimates,
      printers: deps.printers,
      now: () => clock.now(),
      log: deps.log,
    });
    this.windowCmds = new WindowCommands({
      config,
      runner: this.runner,
      tickets: this.tickets,
      windows: this.windows,
      accounts,
      model: this.model,
      views: this.views,
      estimates: this.estimates,
    });
    this.days = new DayClose({
      config,
      runner: this.runner,
      tickets: this.tickets,
      windows: this.windows,
      days: new DayCloseRepository(db),
    });
    this.timed = new TimedRules({
      config,
      runner: this.runner,
      tickets: this.tickets,
      appointments: deps.appointments,
      now: () => clock.now(),
      today: () => this.today(),
    });
    this.queries = new HallQueries(this.tickets, this.events, this.model, this.estimates, () => clock.now());
    this.publisher = new Publisher({
      windows: this.windows,
      model: this.model,
      views: this.views,
      stream: this.stream,
      log: deps.log,
    });
    this.runner.connect(
      (tx) => this.publisher.publish(tx),
      (tx) => this.days.beforeCommand(tx),
    );
  }

  // ───────────────────────────── time and health ─────────────────────────────

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
    return this.runner.isStorageHealthy;
  }
  get seq(): number {
    return this.stream.seq;
  }

  // ───────────────────────────── commands ─────────────────────────────

  /** Runs another module's change on the one command path: its writes and audit events in one transaction. */
  command<T>(fn: (tx: Tx) => Result<T>): Result<T> {
    return this.runner.run(fn);
  }

  issueTicket(actor: Actor, req: IssueTicketRequest, extra: IssueExtra = {}): Promise<Result<IssuedTicket>> {
    return this.issuing.issue(actor, req, extra);
  }
  windowCommand(actor: Actor, windowId: string, cmd: WindowCommand): Result<{ ticket: Ticket | null; window: WindowState }> {
    return this.windowCmds.run(actor, windowId, cmd);
  }
  /** Checks the window rules for an action without doing it (hand-over checks before verifying a password). */
  precheckWindow(actor: Actor, windowId: string, action: WindowActionType): Result<null> {
    return this.windowCmds.precheck(actor, windowId, action);
  }
  signIn(actor: Actor, windowId: string): Result<WindowState> {
    return this.windowCmds.signIn(actor, windowId);
  }
  signOut(actor: Actor, windowId: string): Result<WindowState> {
    return this.windowCmds.signOut(actor, windowId);
  }
  /** AB岗; `alongside` runs in the hand-over's transaction (the colleague's new password: both or neither). */
  handOver(
    actor: Actor,
    windowId: string,
    to: { username: string; certified: readonly string[]; role: string },
    alongside?: ((tx: Tx) => void) | null,
  ): Result<WindowState> {
    return this.windowCmds.handOver(actor, windowId, to, alongside);
  }
  setAllocation(
    actor: Actor,
    windowId: string,
    req: { categories: string[]; until?: EpochMs | undefined; pinned?: boolean | undefined },
    reason = 'manual',
  ): Result<WindowState> {
    return this.windowCmds.setAllocation(actor, windowId, req, reason);
  }

  setNotices(actor: Actor, notices: string[]): Result<string[]> {
    return this.runner.run((tx) => {
      this.deps.settings.put('notices', notices, tx.now, actor.id);
      tx.log({ type: 'hall.notices_changed', actor: actor.id, source: actor.source, data: { count: notices.length } });
      tx.other.push({ type: 'notices', notices });
      return ok(notices);
    });
  }

  /**
   * Time-driven rules, fired by the scheduler (R16): today's close, temporary allocations, automatic 过号,
   * held appointment tickets joining at their slot, 爽约 (timed-rules.ts).
   */
  tick(): void {
    this.days.tick();
    this.timed.tick();
  }
  refreshEstimates(count = 1): void {
    this.estimates.refresh(this.now(), count);
  }
  /**
   * Pseudonymises closed tickets past the retention period. With `secure_delete` the old cells are zeroed;
   * the WAL still holds earlier page images, so it is checkpointed and truncated, and the file vacuumed.
   */
  applyRetention(): number {
    const n = this.days.applyRetention();
    if (n > 0) {
      try {
        this.deps.db.pragma('wal_checkpoint(TRUNCATE)');
        this.deps.db.exec('VACUUM');
        this.deps.db.pragma('wal_checkpoint(TRUNCATE)');
      } catch (err) {
        this.deps.log.error({ err: (err as Error).message }, 'retention: checkpoint or vacuum failed');
      }
    }
    return n;
  }
  /** An admin changed an account: the windows' certifications are read again. */
  accountsChanged(): void {
    this.model.refreshCertifications();
  }

  onBatch(cb: (b: HallBatch) => void): () => void {
    return this.stream.onBatch(cb);
  }
  /** Device drivers (LED strips, caller keypads) follow window changes through this. */
  onWindowChanged(cb: (w: WindowState, current: TicketRecord | null) => void): () => void {
    return this.publisher.onWindowChanged(cb);
  }
  /** Rating keypads light up when a ticket is finished. */
  onTicketFinished(cb: (t: TicketRecord) => void): () => void {
    return this.publisher.onTicketFinished(cb);
  }

  // ───────────────────────────── views ─────────────────────────────

  ticketView(t: TicketRecord): Ticket {
    return this.views.ticketView(t);
  }
  issuedView(t: TicketRecord): IssuedTicket {
    return this.views.issuedView(t);
  }
  windowState(w: WindowRecord): WindowState {
    return this.views.windowState(w);
  }
  windowStates(): WindowState[] {
    return this.views.windowStates();
  }
  snapshot(opts: { withTickets?: boolean } = {}): HallSnapshot {
    const now = this.now();
    return this.views.snapshot(now, this.stream, this.queueStats(), opts);
  }
  queueStats(): CategoryQueue[] {
    return this.estimates.queueStats(this.now());
  }
  /** A waiting ticket's own place and estimate (the phone page). */
  waitOf(t: TicketRecord): { ahead: number; estimate: WaitEstimate } {
    return this.estimates.forWaiting(t, this.now());
  }
  notices(): string[] {
    const stored = this.deps.settings.get('notices')?.value;
    return Array.isArray(stored) ? stored.filter((n): n is string => typeof n === 'string') : this.config.settings.notices;
  }

  /** Stops timers (server shutdown). */
  dispose(): void {
    this.stream.dispose();
  }
}
export type { TicketPrintData } from '@hall/printer';
