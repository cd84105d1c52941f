/**
 * What clients see: tickets, windows, the snapshot, and what a printed ticket shows. Pure projections of
 * committed records; nothing here writes.
 *
 * The rating token is the citizen's alone (背靠背评价): `ticketView` never carries it, for any role; only
 * the reply to whoever issued the ticket (`issuedView`) and the ticket's own page see it.
 */
import {
  businessDate,
  toIsoLocal,
  toPublicTicket,
  type CallAnnouncement,
  type CategoryConfig,
  type EpochMs,
  type HallConfig,
  type HallSnapshot,
  type IssuedTicket,
  type Priority,
  type ServiceConfig,
  type Ticket,
  type WindowConfig,
  type WindowState,
} from '@hall/contract';
import type { TicketPrintData } from '@hall/printer';
import type { AccountRepository } from '../db/account-repository.ts';
import type { EventRow } from '../db/event-log.ts';
import type { TicketRecord, TicketRepository } from '../db/ticket-repository.ts';
import type { WindowRecord } from '../db/window-repository.ts';
import type { HallReadModel } from './read-model.ts';

const PRIORITY_LABEL: Record<Priority, string | undefined> = { normal: undefined, green: '绿色通道', appointment: '预约' };

export interface ViewDeps {
  config: HallConfig;
  tickets: TicketRepository;
  accounts: AccountRepository;
  model: HallReadModel;
  publicUrl: () => string;
  ratingCheckCode?: (token: string) => string;
  notices: () => string[];
}

export class HallViews {
  readonly categories: ReadonlyMap<string, CategoryConfig>;
  readonly services: ReadonlyMap<string, ServiceConfig>;
  readonly windowConfigs: ReadonlyMap<string, WindowConfig>;

  constructor(private readonly deps: ViewDeps) {
    this.categories = new Map(deps.config.categories.map((c) => [c.id, c]));
    this.services = new Map(deps.config.services.map((s) => [s.id, s]));
    this.windowConfigs = deps.model.windowConfigs;
  }

  private get tz(): string {
    return this.deps.config.hall.timeZone;
  }
  iso(at: EpochMs): string {
    return toIsoLocal(at, this.tz);
  }

  /** A ticket for staff, supervisors and the REST API: never its token. */
  ticketView(t: TicketRecord): Ticket {
    const iso = (v: EpochMs | null) => (v === null ? null : this.iso(v));
    return {
      id: t.id,
      number: t.number,
      categoryId: t.categoryId,
      serviceId: t.serviceId,
      serviceIds: t.serviceIds,
      status: t.status,
      priority: t.priority,
      priorityGroup: t.priorityGroup,
      bundleId: t.bundleId,
      matters: t.matters.map((m) => ({ ...m, updatedAt: iso(m.updatedAt) })),
      heldUntil: iso(t.heldUntil),
      channel: t.channel,
      issuedAt: this.iso(t.issuedAt),
      businessDate: t.businessDate,
      ahead: t.ahead,
      estimatedWaitMinutes: t.estimatedWaitMinutes,
      waitEstimate: t.waitEstimate,
      windowId: t.windowId,
      targetWindowId: t.targetWindowId,
      calledAt: iso(t.calledAt),
      startedAt: iso(t.startedAt),
      finishedAt: iso(t.finishedAt),
      callCount: t.callCount,
      transferCount: t.transferCount,
      outcome: t.outcome,
      note: t.note,
      hasForm: t.form !== null,
    };
  }

  /** The reply to whoever issued the ticket (the kiosk that prints it, the desk that hands it over). */
  issuedView(t: TicketRecord): IssuedTicket {
    const code = this.deps.ratingCheckCode?.(t.token);
    return { ...this.ticketView(t), token: t.token, ...(code !== undefined ? { checkCode: code } : {}) };
  }

  windowState(w: WindowRecord, current: TicketRecord | null = this.deps.model.currentOf(w.id)): WindowState {
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
      currentTicket: current ? toPublicTicket(this.ticketView(current)) : null,
      zone: cfg?.zone ?? null,
    };
  }

  windowStates(): WindowState[] {
    return this.deps.model.windowRecords().map((w) => this.windowState(w));
  }

  /**
   * The state a client starts from. `withTickets: false` (displays, kiosks) leaves out the ticket list:
   * those screens show windows, queues and calls, and a busy hall's thousands of waiting tickets would
   * cost every screen megabytes at each (re)connect.
   */
  snapshot(
    now: EpochMs,
    stream: { seq: number; recentCalls: CallAnnouncement[] },
    queues: HallSnapshot['queues'],
    opts: { withTickets?: boolean } = {},
  ): HallSnapshot {
    const today = businessDate(now, this.tz);
    return {
      seq: stream.seq,
      businessDate: today,
      serverTime: this.iso(now),
      windows: this.windowStates(),
      tickets: opts.withTickets === false ? [] : this.deps.tickets.activeSince(today).map((t) => toPublicTicket(this.ticketView(t))),
      queues,
      recentCalls: stream.recentCalls,
      notices: this.deps.notices(),
    };
  }

  /** A call as the hall screen and the voice show it. */
  announcement(t: TicketRecord, windowId: string, eventId: number, at: EpochMs, isRecall: boolean): CallAnnouncement {
    const w = this.windowConfigs.get(windowId);
    return {
      id: eventId,
      ticketId: t.id,
      number: t.number,
      windowId,
      windowName: w?.name ?? windowId,
      windowNumber: w?.number ?? 0,
      at: this.iso(at),
      isRecall,
    };
  }

  /** The latest calls from the audit log, newest first (the hall screen's list after a restart). */
  recentCalls(rows: readonly EventRow[]): CallAnnouncement[] {
    return rows.map((r) => {
      const number = typeof r.data.number === 'string' ? r.data.number : '';
      const w = this.windowConfigs.get(r.windowId ?? '');
      return {
        id: r.id,
        ticketId: r.ticketId ?? '',
        number,
        windowId: r.windowId ?? '',
        windowName: w?.name ?? r.windowId ?? '',
        windowNumber: w?.number ?? 0,
        at: this.iso(r.at),
        isRecall: r.type === 'ticket.recalled',
      };
    });
  }

  /** What a printed ticket shows: numbers and matters only; the masked ID only when the hall asks for it. */
  printData(t: TicketRecord): TicketPrintData {
    const c = this.deps.config;
    const category = this.categories.get(t.categoryId);
    const serving = this.deps.model.windowRecords().filter((w) => w.allocation.includes(t.categoryId) && w.status !== 'closed');
    const ids = serving.length > 0 ? serving.map((w) => w.id) : c.windows.filter((w) => w.skills.includes(t.categoryId)).map((w) => w.id);
    const afterCalls = c.settings.noShow.afterCalls;
    const note = t.waitEstimate.note;
    const data: TicketPrintData = {
      hallName: c.hall.name,
      number: t.number,
      categoryName: category?.name ?? t.categoryId,
      serviceNames: t.serviceIds.map((id) => this.services.get(id)?.name ?? id),
      windows: ids.map((id) => this.windowConfigs.get(id)?.name ?? id),
      ahead: t.ahead,
      estimatedWaitMinutes: t.estimatedWaitMinutes,
      ...(t.estimatedWaitMinutes !== null && t.waitEstimate.high > t.waitEstimate.low
        ? { waitRange: { low: t.waitEstimate.low, high: t.waitEstimate.high } }
        : {}),
      issuedAt: this.iso(t.issuedAt).slice(0, 16).replace('T', ' '),
      noShowRule: `叫号 ${afterCalls} 次未到视为过号，请到${c.hall.helpDesk}重新排队`,
      qrUrl: `${this.deps.publicUrl()}/t/${t.token}`,
      ...(this.deps.ratingCheckCode ? { checkCode: this.deps.ratingCheckCode(t.token) } : {}),
      footer: `${c.hall.helpDesk}${c.hall.phone ? ` · 咨询 ${c.hall.phone}` : ''} · 投诉 12345`,
    };
    if (note === 'NO_OPEN_WINDOW') data.waitNote = `暂无窗口办理此类业务，请咨询${c.hall.helpDesk}`;
    else if (note === 'AFTER_CLOSE') data.waitNote = `今日下班前可能叫不到，可预约或咨询${c.hall.helpDesk}`;
    const group = t.priorityGroup ? c.settings.priorityGroups.find((g) => g.id === t.priorityGroup) : undefined;
    const label = group ? `${PRIORITY_LABEL.green ?? ''} · ${group.label}` : PRIORITY_LABEL[t.priority];
    if (label) data.priorityLabel = label;
    if (c.settings.printMaskedId && t.form?.idNumber) data.maskedId = `证件 ****${t.form.idNumber.slice(-4)}`;
    return data;
  }
}
