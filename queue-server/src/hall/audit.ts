/**
 * Writing a ticket change: the record through its repository, the audit event with the ticket's
 * pseudonymous facts (what the central rebuilds tickets from), and the note for the hall stream.
 */
import type { AuditEventType, UplinkTicket } from '@hall/contract';
import type { TicketRecord, TicketRepository } from '../db/ticket-repository.ts';
import type { Actor } from './actor.ts';
import type { Tx } from './command-runner.ts';

/** A ticket's facts without anything personal (no form, no token, no note). */
export function ticketFacts(t: TicketRecord): UplinkTicket {
  return {
    id: t.id,
    number: t.number,
    businessDate: t.businessDate,
    categoryId: t.categoryId,
    serviceIds: t.serviceIds,
    priority: t.priority,
    channel: t.channel,
    status: t.status,
    issuedAt: t.issuedAt,
    firstCalledAt: t.firstCalledAt,
    calledAt: t.calledAt,
    startedAt: t.startedAt,
    finishedAt: t.finishedAt,
    suspendedMs: t.suspendedMs,
    windowId: t.windowId,
    servedBy: t.servedBy,
    callCount: t.callCount,
    transferCount: t.transferCount,
    outcome: t.outcome,
    priorityGroup: t.priorityGroup,
    bundleId: t.bundleId,
    matters: t.matters.map((m) => ({ serviceId: m.serviceId, categoryId: m.categoryId, status: m.status })),
  };
}

/** Saves a changed ticket and logs its event; returns the event id. */
export function saveTicket(
  tx: Tx,
  repo: TicketRepository,
  before: TicketRecord | null,
  after: TicketRecord,
  type: AuditEventType,
  actor: Actor,
  data: Record<string, unknown> = {},
): number {
  if (before) repo.update(after);
  else repo.insert(after);
  tx.tickets.set(after.id, after);
  if (before?.windowId) tx.windows.add(before.windowId);
  if (after.windowId) tx.windows.add(after.windowId);
  return tx.log({
    type,
    actor: actor.id,
    source: actor.source,
    ticketId: after.id,
    windowId: after.windowId ?? before?.windowId ?? null,
    data: { number: after.number, from: before?.status ?? null, to: after.status, ...data, ticket: ticketFacts(after) },
  });
}
