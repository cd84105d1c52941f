/**
 * Window commands: everything staff (at the console or the caller keypad) and supervisors do at a window.
 * Each command is checked against the window rules (core/window-rules.ts) and every ticket it touches
 * against the ticket rules (core/ticket-rules.ts), then written in one transaction by the command runner.
 * REST routes and the device agent call these same methods, so a button, a key press and an API call
 * behave identically.
 */
import { failure, serviceMsOf, type HallConfig, type Ticket, type WindowConfig, type WindowState } from '@hall/contract';
import type { AccountRepository } from '../db/account-repository.ts';
import type { TicketRecord, TicketRepository } from '../db/ticket-repository.ts';
import type { WindowRecord, WindowRepository } from '../db/window-repository.ts';
import { nextPriorityStreak, pickNext } from '../core/dispatcher.ts';
import { applyTicketAction, requeueKey, type TicketAction, type TicketActor } from '../core/ticket-rules.ts';
import { finishAtWindow, updateMatter } from '../core/matter-rules.ts';
import { checkWindowAction, type WindowActionType, type WindowRelation } from '../core/window-rules.ts';
import { ok, type Actor, type Result } from './actor.ts';
import { saveTicket } from './audit.ts';
import type { CommandRunner, Tx } from './command-runner.ts';
import { certifiedSkills, type HallReadModel } from './read-model.ts';
import type { HallViews } from './views.ts';
import type { WaitEstimates } from './wait-estimates.ts';

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
  | { type: 'update-matter'; serviceId: string; status: 'accepted' | 'done' | 'transferred' | 'needs_documents' }
  | { type: 'pause'; reason: string }
  | { type: 'unpause' };

export interface WindowCommandsDeps {
  config: HallConfig;
  runner: CommandRunner;
  tickets: TicketRepository;
  windows: WindowRepository;
  accounts: AccountRepository;
  model: HallReadModel;
  views: HallViews;
  estimates: WaitEstimates;
}

type Done = { ticket: TicketRecord | null; window: string };

/** How an actor stands to a window (the window rules decide what that allows). */
export function relationOf(actor: Actor, w: WindowRecord): WindowRelation {
  switch (actor.kind) {
    case 'system':
      return 'system';
    case 'keypad':
      return actor.windowId === w.id ? 'at-window' : 'other';
    case 'user':
      if (w.staffUsername === actor.id && w.status !== 'closed') return 'at-window';
      return actor.role === 'supervisor' || actor.role === 'admin' ? 'takeover' : 'other';
    case 'device':
      return 'other';
    default:
      return 'other';
  }
}

export class WindowCommands {
  readonly windowConfigs: ReadonlyMap<string, WindowConfig>;

  constructor(private readonly deps: WindowCommandsDeps) {
    this.windowConfigs = deps.model.windowConfigs;
  }

  private rules() {
    const s = this.deps.config.settings;
    return { recallCap: s.recallCap, noShowAfterCalls: s.noShow.afterCalls };
  }

  private load(windowId: string): Result<WindowRecord> {
    const w = this.windowConfigs.has(windowId) ? this.deps.windows.get(windowId) : null;
    return w ? ok(w) : failure('UNKNOWN_WINDOW');
  }

  private check(action: WindowActionType, w: WindowRecord, actor: Actor, current: TicketRecord | null) {
    return checkWindowAction(action, {
      status: w.status,
      current: current ? { number: current.number, status: current.status } : null,
      relation: relationOf(actor, w),
    });
  }

  private ticketActor(w: WindowRecord, actor: Actor): TicketActor {
    return {
      kind: actor.kind === 'system' ? 'system' : 'window',
      windowId: w.id,
      certified: this.servableNow(w, actor),
      takeover: relationOf(actor, w) === 'takeover',
    };
  }

  /**
   * Skills ∩ certifications of whoever serves at the window, read in the transaction (the cache may lag
   * within it): the person signed in, or, at an empty window, the supervisor taking it over.
   */
  private servableNow(w: WindowRecord, actor?: Actor): readonly string[] {
    const cfg = this.windowConfigs.get(w.id);
    const who = w.staffUsername ?? (actor?.kind === 'user' ? actor.id : null);
    if (!cfg || !who) return [];
    const account = this.deps.accounts.byUsername(who);
    return account ? certifiedSkills(cfg, account) : [];
  }

  private act(tx: Tx, w: WindowRecord, actor: Actor, t: TicketRecord, action: TicketAction) {
    return applyTicketAction(t, action, { now: tx.now, rules: this.rules(), actor: this.ticketActor(w, actor) });
  }

  /** Marks an audited change made by a supervisor acting for the window. */
  private takeover(w: WindowRecord, actor: Actor): Record<string, unknown> {
    return relationOf(actor, w) === 'takeover' ? { takeover: true } : {};
  }

  private staffOf(w: WindowRecord, actor: Actor): string | null {
    return w.staffUsername ?? (actor.kind === 'user' ? actor.id : null);
  }

  private call(tx: Tx, w: WindowRecord, actor: Actor, t: TicketRecord, data: Record<string, unknown> = {}): Result<TicketRecord> {
    const d = this.act(tx, w, actor, t, { type: 'call', staff: this.staffOf(w, actor) });
    if (!d.ok) return d;
    const id = saveTicket(tx, this.deps.tickets, t, d.ticket, 'ticket.called', actor, {
      waitMs: tx.now - t.issuedAt,
      ...this.takeover(w, actor),
      ...data,
    });
    tx.calls.push(this.deps.views.announcement(d.ticket, w.id, id, tx.now, false));
    this.saveWindow(tx, { ...w, priorityStreak: nextPriorityStreak(w.priorityStreak, t) });
    return ok(d.ticket);
  }

  /**
   * 办结 at a window. A visit (一事一次办) with matters left for other categories is not finished: the
   * window's own open matters become 办结 and the ticket passes on to the next matter's queue, keeping its
   * number and its place (`next-matter`); it ends `done` at the window that closes its last matter.
   */
  private finish(tx: Tx, w: WindowRecord, actor: Actor, cur: TicketRecord, implicit: boolean): Result<TicketRecord> {
    if (cur.matters.length > 0) {
      const visit = finishAtWindow(cur.matters, { windowId: w.id, certified: this.servableNow(w, actor), now: tx.now });
      if (visit.nextCategory !== null) {
        const d = this.act(tx, w, actor, { ...cur, matters: visit.matters }, { type: 'next-matter', categoryId: visit.nextCategory });
        if (!d.ok) return d;
        const served = cur.startedAt !== null || cur.calledAt !== null;
        saveTicket(tx, this.deps.tickets, cur, d.ticket, 'ticket.passed_on', actor, {
          fromWindow: w.id,
          toCategory: visit.nextCategory,
          serviceMs: served ? Math.max(0, tx.now - (cur.startedAt ?? cur.calledAt ?? tx.now) - cur.suspendedMs) : null,
          ...(implicit ? { implicit: 'finish-before-call' } : {}),
          ...this.takeover(w, actor),
        });
        return ok(d.ticket);
      }
      cur = { ...cur, matters: visit.matters };
    }
    const d = this.act(tx, w, actor, cur, { type: 'finish', staff: this.staffOf(w, actor) });
    if (!d.ok) return d;
    saveTicket(tx, this.deps.tickets, cur, d.ticket, 'ticket.finished', actor, {
      serviceMs: serviceMsOf(d.ticket),
      suspendedMs: d.ticket.suspendedMs,
      ...(implicit ? { implicit: 'finish-before-call' } : {}),
      ...(d.implicit ? { implicitStart: d.implicit } : {}),
      ...this.takeover(w, actor),
    });
    return ok(d.ticket);
  }

  private saveWindow(tx: Tx, w: WindowRecord): void {
    this.deps.windows.save({ ...w, updatedAt: tx.now });
    tx.windows.add(w.id);
  }

  /** Whether an actor may take an action at a window now (routes check before costly work, e.g. a password). */
  precheck(actor: Actor, windowId: string, action: WindowActionType): Result<null> {
    const loaded = this.load(windowId);
    if (!loaded.ok) return loaded;
    const c = this.check(action, loaded.value, actor, this.deps.model.currentOf(windowId));
    return c.ok ? ok(null) : c;
  }

  /** Runs a window command for an actor. */
  run(actor: Actor, windowId: string, cmd: WindowCommand): Result<{ ticket: Ticket | null; window: WindowState }> {
    const r = this.deps.runner.run<Done>((tx) => {
      const loaded = this.load(windowId);
      if (!loaded.ok) return loaded;
      const w = loaded.value;
      const current = this.deps.tickets.currentOf(w.id);
      const check = this.check(cmd.type, w, actor, current);
      if (!check.ok) return check;
      switch (cmd.type) {
        case 'call-next':
        case 'call-specific':
          return this.callCommand(tx, w, actor, current, check.implicit === 'finish-serving', cmd);
        case 'recall': {
          const cur = current as TicketRecord;
          const d = this.act(tx, w, actor, cur, { type: 'recall' });
          if (!d.ok) return d;
          const id = saveTicket(tx, this.deps.tickets, cur, d.ticket, 'ticket.recalled', actor, {
            callCount: d.ticket.callCount,
            ...this.takeover(w, actor),
          });
          tx.calls.push(this.deps.views.announcement(d.ticket, w.id, id, tx.now, true));
          return ok({ ticket: d.ticket, window: w.id });
        }
        case 'finish': {
          const f = this.finish(tx, w, actor, current as TicketRecord, false);
          return f.ok ? ok({ ticket: f.value, window: w.id }) : f;
        }
        case 'start':
        case 'no-show':
        case 'suspend': {
          const cur = current as TicketRecord;
          const action: TicketAction = cmd.type === 'start' ? { type: 'start', staff: this.staffOf(w, actor) } : { type: cmd.type };
          const d = this.act(tx, w, actor, cur, action);
          if (!d.ok) return d;
          const type = cmd.type === 'start' ? 'ticket.started' : cmd.type === 'no-show' ? 'ticket.no_show' : 'ticket.suspended';
          saveTicket(tx, this.deps.tickets, cur, d.ticket, type, actor, {
            ...(d.implicit ? { implicitStart: d.implicit } : {}),
            ...this.takeover(w, actor),
          });
          return ok({ ticket: d.ticket, window: w.id });
        }
        case 'resume-ticket': {
          const t = this.deps.tickets.get(cmd.ticketId);
          if (!t) return failure('UNKNOWN_TICKET');
          const d = this.act(tx, w, actor, t, { type: 'resume', staff: this.staffOf(w, actor) });
          if (!d.ok) return d;
          saveTicket(tx, this.deps.tickets, t, d.ticket, 'ticket.resumed', actor, {
            suspendedMs: d.ticket.suspendedMs,
            ...this.takeover(w, actor),
          });
          return ok({ ticket: d.ticket, window: w.id });
        }
        case 'transfer':
          return this.transfer(tx, w, actor, current as TicketRecord, cmd);
        case 'update-matter': {
          const cur = current as TicketRecord;
          const r = updateMatter(cur.matters, cmd.serviceId, cmd.status, {
            windowId: w.id,
            certified: this.servableNow(w, actor),
            now: tx.now,
          });
          if (!r.ok) return r;
          saveTicket(tx, this.deps.tickets, cur, { ...cur, matters: r.matters }, 'ticket.matter_updated', actor, {
            serviceId: cmd.serviceId,
            status: cmd.status,
            ...this.takeover(w, actor),
          });
          return ok({ ticket: { ...cur, matters: r.matters }, window: w.id });
        }
        case 'requeue': {
          const t = this.deps.tickets.get(cmd.ticketId);
          if (!t) return failure('UNKNOWN_TICKET');
          const policy = this.deps.config.settings.noShow;
          const keys = this.deps.model
            .queued()
            .filter((x) => x.categoryId === t.categoryId)
            .map((x) => x.queuedAt);
          const position = cmd.position ?? policy.requeue;
          const d = this.act(tx, w, actor, t, { type: 'requeue', queuedAt: requeueKey(position, policy.requeueOffset, keys, tx.now) });
          if (!d.ok) return d;
          saveTicket(tx, this.deps.tickets, t, d.ticket, 'ticket.requeued', actor, { position, ...this.takeover(w, actor) });
          return ok({ ticket: d.ticket, window: w.id });
        }
        case 'pause':
          this.saveWindow(tx, { ...w, status: 'paused', pauseReason: cmd.reason, pausedAt: tx.now });
          tx.log({
            type: 'window.paused',
            actor: actor.id,
            source: actor.source,
            windowId: w.id,
            data: { reason: cmd.reason, ...this.takeover(w, actor) },
          });
          tx.queuesChanged = true;
          return ok({ ticket: null, window: w.id });
        case 'unpause':
          this.saveWindow(tx, { ...w, status: 'open', pauseReason: null, pausedAt: null });
          tx.log({
            type: 'window.resumed',
            actor: actor.id,
            source: actor.source,
            windowId: w.id,
            data: { reason: w.pauseReason, pausedMs: tx.now - (w.pausedAt ?? tx.now), ...this.takeover(w, actor) },
          });
          tx.queuesChanged = true;
          return ok({ ticket: null, window: w.id });
        default: {
          const never: never = cmd;
          return failure('BAD_REQUEST', { detail: String(never) });
        }
      }
    });
    if (!r.ok) return r;
    const w = this.deps.model.window(r.value.window) as WindowRecord;
    return ok({ ticket: r.value.ticket ? this.deps.views.ticketView(r.value.ticket) : null, window: this.deps.views.windowState(w) });
  }

  private callCommand(
    tx: Tx,
    w: WindowRecord,
    actor: Actor,
    current: TicketRecord | null,
    finishFirst: boolean,
    cmd: { type: 'call-next' } | { type: 'call-specific'; ticketId: string },
  ): Result<Done> {
    let finished: TicketRecord | null = null;
    if (finishFirst && current) {
      const f = this.finish(tx, w, actor, current, true);
      if (!f.ok) return f;
      finished = f.value;
    }
    const fresh = this.deps.windows.get(w.id) as WindowRecord;
    const servable = this.servableNow(fresh, actor);
    if (servable.length === 0) return failure('NOT_CERTIFIED');
    let target: TicketRecord | null;
    if (cmd.type === 'call-specific') {
      target = this.deps.tickets.get(cmd.ticketId);
      if (!target) return failure('UNKNOWN_TICKET');
    } else {
      const now = tx.now;
      const windows = this.deps.estimates.dispatchWindows(now);
      const dw = windows.find((x) => x.id === w.id);
      if (!dw) return failure('UNKNOWN_WINDOW');
      // A supervisor taking over an empty window serves with their own certifications there.
      const skills = dw.skills.length > 0 ? dw.skills : servable;
      const cfg = this.windowConfigs.get(w.id) as WindowConfig;
      const pick = pickNext('dynamic', {
        window: {
          ...dw,
          skills,
          home: skills.includes(cfg.home) ? cfg.home : (skills[0] ?? cfg.home),
          allocation: (dw.allocation.length > 0 ? dw.allocation : fresh.allocation).filter((c) => skills.includes(c)),
          isOpen: true,
        },
        waiting: this.deps.model.queued(),
        windows,
        now,
        config: this.deps.estimates.dispatchConfig(now),
        serviceMinutes: this.deps.estimates.serviceMinutes(now),
      });
      if (!pick) {
        if (!finished) tx.log({ type: 'window.called_empty', actor: actor.id, source: actor.source, windowId: w.id });
        return ok({ ticket: null, window: w.id });
      }
      target = this.deps.tickets.get(pick.id);
      if (!target) return failure('UNKNOWN_TICKET');
    }
    const called = this.call(tx, fresh, actor, target, cmd.type === 'call-specific' ? { specific: true } : {});
    return called.ok ? ok({ ticket: called.value, window: w.id }) : called;
  }

  private transfer(
    tx: Tx,
    w: WindowRecord,
    actor: Actor,
    cur: TicketRecord,
    cmd: { categoryId?: string | undefined; windowId?: string | undefined; note?: string | undefined },
  ): Result<Done> {
    let categoryId = cur.categoryId;
    let target: string | null = null;
    if (cmd.windowId !== undefined) {
      if (cmd.windowId === w.id) return failure('SAME_WINDOW');
      const to = this.windowConfigs.has(cmd.windowId) ? this.deps.windows.get(cmd.windowId) : null;
      if (!to) return failure('UNKNOWN_WINDOW');
      if (to.status === 'closed') return failure('TARGET_WINDOW_CLOSED', { windowId: to.id });
      if (!this.servableNow(to).includes(cur.categoryId)) return failure('TARGET_NOT_CERTIFIED', { windowId: to.id });
      target = to.id;
    } else if (cmd.categoryId !== undefined) {
      if (!this.deps.views.categories.has(cmd.categoryId)) return failure('UNKNOWN_CATEGORY', { id: cmd.categoryId });
      categoryId = cmd.categoryId;
    }
    const d = this.act(tx, w, actor, cur, { type: 'transfer', categoryId, targetWindowId: target, note: cmd.note ?? null });
    if (!d.ok) return d;
    saveTicket(tx, this.deps.tickets, cur, d.ticket, 'ticket.transferred', actor, {
      fromWindow: w.id,
      toCategory: categoryId,
      toWindow: target,
      hasNote: Boolean(cmd.note),
      ...this.takeover(w, actor),
    });
    tx.windows.add(w.id);
    if (target) tx.windows.add(target);
    return ok({ ticket: d.ticket, window: w.id });
  }

  // ───────────────────────────── signing in and out, hand-over, allocation ─────────────────────────────

  private windowUpdate(
    actor: Actor,
    windowId: string,
    action: WindowActionType,
    type: 'window.signed_in' | 'window.signed_out' | 'window.handed_over' | 'window.allocation_changed',
    fn: (w: WindowRecord, tx: Tx) => Result<WindowRecord>,
    data: Record<string, unknown> = {},
  ): Result<WindowState> {
    const r = this.deps.runner.run((tx) => {
      const loaded = this.load(windowId);
      if (!loaded.ok) return loaded;
      const w = loaded.value;
      const check = this.check(action, w, actor, this.deps.tickets.currentOf(w.id));
      if (!check.ok) return check;
      const next = fn(w, tx);
      if (!next.ok) return next;
      this.saveWindow(tx, next.value);
      tx.log({
        type,
        actor: actor.id,
        source: actor.source,
        windowId,
        data: {
          before: w.allocation,
          after: next.value.allocation,
          status: next.value.status,
          staff: next.value.staffUsername,
          ...(check.takeover ? { takeover: true } : {}),
          ...data,
        },
      });
      tx.queuesChanged = true;
      return ok(windowId);
    });
    if (!r.ok) return r;
    return ok(this.deps.views.windowState(this.deps.model.window(windowId) as WindowRecord));
  }

  /** Signs out the person's other windows (one window per person); refuses if one holds a ticket. */
  private leaveOtherWindows(tx: Tx, username: string, except: string): Result<null> {
    for (const other of this.deps.windows.all()) {
      if (other.id === except || other.staffUsername !== username || other.status === 'closed') continue;
      if (this.deps.tickets.currentOf(other.id)) return failure('SIGNED_IN_ELSEWHERE', { windowId: other.id });
      this.saveWindow(tx, { ...other, status: 'closed', staffUsername: null, pauseReason: null, pausedAt: null, signedInAt: null });
      tx.log({ type: 'window.signed_out', actor: username, source: 'sign-in elsewhere', windowId: other.id, data: { reason: 'moved' } });
    }
    return ok(null);
  }

  /** A staff member signs in at a window. */
  signIn(actor: Actor, windowId: string): Result<WindowState> {
    return this.windowUpdate(actor, windowId, 'sign-in', 'window.signed_in', (w, tx) => {
      if (actor.kind !== 'user') return failure('FORBIDDEN');
      const cfg = this.windowConfigs.get(windowId) as WindowConfig;
      const account = this.deps.accounts.byUsername(actor.id);
      if (!account) return failure('UNAUTHENTICATED');
      const certified = certifiedSkills(cfg, account);
      if (certified.length === 0) return failure('NOT_CERTIFIED');
      if (w.staffUsername && w.staffUsername !== actor.id && w.status !== 'closed') return failure('WINDOW_OCCUPIED');
      const left = this.leaveOtherWindows(tx, actor.id, w.id);
      if (!left.ok) return left;
      const allocation = w.allocation.filter((c) => certified.includes(c));
      const again = w.staffUsername === actor.id && w.status !== 'closed';
      return ok({
        ...w,
        status: again ? w.status : 'open',
        staffUsername: actor.id,
        allocation: allocation.length > 0 ? allocation : [certified.includes(cfg.home) ? cfg.home : (certified[0] as string)],
        pauseReason: again ? w.pauseReason : null,
        pausedAt: again ? w.pausedAt : null,
        signedInAt: again ? w.signedInAt : tx.now,
      });
    });
  }

  signOut(actor: Actor, windowId: string): Result<WindowState> {
    return this.windowUpdate(actor, windowId, 'sign-out', 'window.signed_out', (w) =>
      ok({ ...w, status: 'closed', staffUsername: null, pauseReason: null, pausedAt: null, signedInAt: null }),
    );
  }

  /**
   * AB岗: a colleague takes over the window, current ticket and all. `alongside` writes what must happen
   * with the hand-over or not at all (the colleague's new password), in its transaction once the rules pass.
   */
  handOver(
    actor: Actor,
    windowId: string,
    to: { username: string; certified: readonly string[]; role: string },
    alongside?: ((tx: Tx) => void) | null,
  ): Result<WindowState> {
    return this.windowUpdate(
      actor,
      windowId,
      'hand-over',
      'window.handed_over',
      (w, tx) => {
        const cfg = this.windowConfigs.get(windowId) as WindowConfig;
        const certified = certifiedSkills(cfg, to);
        if (certified.length === 0) return failure('NOT_CERTIFIED');
        const left = this.leaveOtherWindows(tx, to.username, w.id);
        if (!left.ok) return left;
        alongside?.(tx);
        const allocation = w.allocation.filter((c) => certified.includes(c));
        return ok({ ...w, staffUsername: to.username, allocation: allocation.length > 0 ? allocation : [certified[0] as string] });
      },
      { to: to.username },
    );
  }

  /** 窗口动态调整: the categories a window serves now, within its skills and its staff's certifications. */
  setAllocation(
    actor: Actor,
    windowId: string,
    req: { categories: string[]; until?: number | undefined; pinned?: boolean | undefined },
    reason = 'manual',
  ): Result<WindowState> {
    return this.windowUpdate(
      actor,
      windowId,
      'set-allocation',
      'window.allocation_changed',
      (w, tx) => {
        const cfg = this.windowConfigs.get(windowId) as WindowConfig;
        const cats = [...new Set(req.categories)];
        const unknown = cats.filter((c) => !this.deps.views.categories.has(c));
        if (unknown.length > 0) return failure('UNKNOWN_CATEGORY', { id: unknown.join(', ') });
        const allowed = w.staffUsername ? this.servableNow(w) : cfg.skills;
        const outside = cats.filter((c) => !allowed.includes(c));
        if (outside.length > 0) return failure('ALLOCATION_OUTSIDE_SKILLS', { categories: outside.join(', ') });
        if (req.until !== undefined && req.until <= tx.now) return failure('UNTIL_IN_PAST');
        return ok({
          ...w,
          allocation: cfg.skills.filter((s) => cats.includes(s)),
          allocationUntil: req.until ?? null,
          allocationBase: req.until !== undefined ? (w.allocationBase ?? w.allocation) : null,
          allocationPinned: req.pinned ?? w.allocationPinned,
          allocationChangedAt: tx.now,
        });
      },
      { categories: req.categories, until: req.until ?? null, reason },
    );
  }
}
