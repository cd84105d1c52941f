/**
 * Read-only questions other modules ask of the hall (reports, ratings, devices, the supervisor's tools).
 * Records come back as committed; nothing here writes, and no repository leaves the hall.
 */
import type { AuditEventType, EpochMs, TicketStatus } from '@hall/contract';
import type { EventLog, EventRow } from '../db/event-log.ts';
import type { TicketRecord, TicketRepository } from '../db/ticket-repository.ts';
import type { WindowRecord } from '../db/window-repository.ts';
import type { DispatchConfig, DispatchWindow, QueuedTicket } from '../core/queue-model.ts';
import type { LearnedSlowdown } from '../core/hall-learning.ts';
import type { HallReadModel } from './read-model.ts';
import type { WaitEstimates } from './wait-estimates.ts';

export class HallQueries {
  constructor(
    private readonly tickets: TicketRepository,
    private readonly events: EventLog,
    private readonly model: HallReadModel,
    private readonly estimates: WaitEstimates,
    private readonly now: () => EpochMs,
  ) {}

  ticket(id: string): TicketRecord | null {
    return this.tickets.get(id);
  }
  ticketByNumber(date: string, number: string): TicketRecord | null {
    return this.tickets.byNumber(date, number.toUpperCase());
  }
  ticketByToken(token: string): TicketRecord | null {
    return this.tickets.byToken(token);
  }
  ticketsOfDay(date: string, status?: TicketStatus): TicketRecord[] {
    return this.tickets.ofDay(date, status);
  }
  /** Issued since an instant (arrival rates for the allocator). */
  issuedSince(since: EpochMs) {
    return this.tickets.issuedSince(since);
  }
  auditOfDay(date: string, type?: AuditEventType): EventRow[] {
    return this.events.ofDay(date, type);
  }
  /** Audit-log rows by id range, ascending (the uplink's batches). */
  auditRange(from: number, to: number, limit: number): EventRow[] {
    return this.events.range(from, to, limit);
  }
  /** The newest committed audit-log id (0 when empty). */
  lastAuditId(): number {
    return this.events.lastId();
  }
  auditAt(id: number): EpochMs | null {
    return this.events.atOf(id);
  }
  windowRecord(id: string): WindowRecord | null {
    return this.model.window(id);
  }
  windowRecords(): WindowRecord[] {
    return this.model.windowRecords();
  }
  currentTicketOf(windowId: string): TicketRecord | null {
    return this.model.currentOf(windowId);
  }
  /** The window a user is signed in at, if any. */
  windowOf(username: string): WindowRecord | null {
    return this.model.windowRecords().find((w) => w.staffUsername === username && w.status !== 'closed') ?? null;
  }
  queuedTickets(): QueuedTicket[] {
    return this.model.queued();
  }
  /** Windows as the dispatcher sees them: skills ∩ certifications of whoever is signed in. */
  dispatchWindows(now: EpochMs = this.now()): DispatchWindow[] {
    return this.estimates.dispatchWindows(now);
  }
  serviceMinutes(): Record<string, number> {
    return this.estimates.serviceMinutes(this.now());
  }
  dispatchConfig(): DispatchConfig {
    return this.estimates.dispatchConfig(this.now());
  }
  /** The cross-skill slowdown the hall runs with, and how many cross-skill services it was learned from. */
  learnedSlowdown(): LearnedSlowdown {
    return this.estimates.crossSkillSlowdown(this.now());
  }
}
