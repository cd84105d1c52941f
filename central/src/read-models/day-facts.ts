/**
 * What the read models need from the event log (its only read SQL): each ticket of a day rebuilt from the
 * latest `data.ticket` facts of the effective stream, and the day's ratings and 差评整改 outcomes.
 */
import type { Outcome, UplinkTicket } from '@hall/contract';
import { UplinkTicket as TicketSchema } from '@hall/contract';
import type { Queryable } from '../halls/hall-repository.ts';
import { EFFECTIVE } from '../ingest/event-store.ts';

/**
 * The tickets of `date` for one hall: for each ticket id, the facts of its highest effective seq. Found by
 * the ticket's own business date (index `uplink_event_ticket_day`), so the query reads that day's tickets
 * only, however long the history after it, and still sees a ticket closed on a later business date.
 */
export async function ticketsOfDay(q: Queryable, hallId: string, date: string): Promise<UplinkTicket[]> {
  const { rows } = await q.query<{ t: unknown }>(
    `SELECT DISTINCT ON (data->'ticket'->>'id') data->'ticket' AS t FROM (${EFFECTIVE}) eff
     WHERE data ? 'ticket' AND data->'ticket'->>'businessDate' = $2::text
     ORDER BY data->'ticket'->>'id', seq DESC`,
    [hallId, date],
  );
  const out: UplinkTicket[] = [];
  for (const r of rows) {
    const t = TicketSchema.safeParse(r.t);
    if (t.success) out.push(t.data);
  }
  return out;
}

/**
 * Ticket id → its rating level and case status, for ratings of tickets among `ticketIds`. A 差评 opens a
 * case (status `open`), `rectification.advanced` events move it (`data.to`) and clear an overdue mark, as
 * the hall does; `rectification.overdue` sets it (the hall's scheduler found a step past its deadline).
 * Found by ticket id (index `uplink_event_ticket`): a rating or a case step may come days after `date`.
 */
export async function outcomesOf(q: Queryable, hallId: string, date: string, ticketIds: readonly string[]): Promise<Map<string, Outcome>> {
  if (ticketIds.length === 0) return new Map();
  const { rows } = await q.query<{ ticket_id: string; type: string; level: number | null; to: string | null }>(
    `SELECT ticket_id, type, (data->>'level')::int AS level, data->>'to' AS to FROM (${EFFECTIVE}) eff
     WHERE business_date >= $2::text::date AND type IN ('rating.created', 'rectification.advanced', 'rectification.overdue') AND ticket_id = ANY($3::text[])
     ORDER BY seq`,
    [hallId, date, ticketIds],
  );
  const out = new Map<string, Outcome>();
  for (const r of rows) {
    if (r.type === 'rating.created' && r.level !== null) {
      out.set(r.ticket_id, { level: r.level, caseStatus: r.level <= 2 ? 'open' : null, caseOverdue: false });
    } else if (r.type === 'rectification.advanced' && r.to !== null) {
      const o = out.get(r.ticket_id);
      if (o && o.caseStatus !== null) {
        o.caseStatus = r.to as Outcome['caseStatus'];
        o.caseOverdue = false;
      }
    } else if (r.type === 'rectification.overdue') {
      const o = out.get(r.ticket_id);
      if (o && o.caseStatus !== null && o.caseStatus !== 'closed') o.caseOverdue = true;
    }
  }
  return out;
}
