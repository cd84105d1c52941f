/**
 * One audit-log row → one uplink event: the pseudonymous projection (`toUplinkData`, the contract's
 * whitelist) and its hash. This is the only place hall events are turned into what leaves the hall.
 */
import { createHash } from 'node:crypto';
import { toUplinkData, uplinkHashInput, type UplinkEvent } from '@hall/contract';
import type { EventRow } from '../db/event-log.ts';

/** Usernames, device ids and `system`/`citizen` pass; anything else (free text) is not sent. */
const SAFE_ACTOR = /^[A-Za-z0-9_.:-]{1,64}$/;

export function toUplinkEvent(row: EventRow): UplinkEvent {
  const e: Omit<UplinkEvent, 'hash'> = {
    seq: row.id,
    at: row.at,
    businessDate: row.businessDate,
    type: row.type,
    ticketId: row.ticketId,
    windowId: row.windowId,
    actor: SAFE_ACTOR.test(row.actor) ? row.actor : 'other',
    data: toUplinkData(row.type, row.data),
  };
  return { ...e, hash: createHash('sha256').update(uplinkHashInput(e)).digest('hex') };
}
