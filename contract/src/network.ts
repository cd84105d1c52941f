/**
 * The hall network (县-乡-村): what a hall sends to the city's central server, and what comes back.
 *
 * A hall stays the authority on its own SQLite. Its audit log is numbered (`seq` = event-log id) and every
 * committed event is sent, in order, at least once; the central stores each `(hall, seq)` exactly once and
 * acknowledges the highest contiguous `seq` it holds. Nothing personal leaves the hall: events pass through
 * `toUplinkEvent`, a whitelist per event kind (numbers, categories, times, ratings, staff ids; never form
 * contents, names, ID numbers, phone numbers, free-text notes or comments, addresses).
 *
 * Restores: every event carries `hash` (SHA-256 of its canonical content, see `uplinkHashInput`), and every
 * batch the hall's stream `epoch` (a random id of the database, renewed when a backup is restored). A
 * central that receives a `seq` it already holds with another hash, or a new epoch whose first `seq` is at
 * or below what it holds, knows the hall went back in time and must not count the same `seq` twice.
 *
 * The full description of the protocol is in docs/network.md.
 */
import { z } from 'zod';
import { Channel, Priority, TicketStatus } from './ticket.ts';
import { BundleConfig, ServiceConfig } from './hall.ts';
import { IsoDate } from './time.ts';

const Id = z.string().min(1).max(64);
const Epoch = z.number().int().nonnegative();

/** Most events one uplink request may carry. */
export const UPLINK_MAX_EVENTS = 500;

/**
 * A ticket's pseudonymous facts after an event: every ticket event of the audit log carries them under
 * `data.ticket`, so a central rebuilds each ticket (and `GET /stats`) from the events alone.
 */
export const UplinkTicket = z.object({
  id: Id,
  number: z.string().min(1).max(12),
  businessDate: IsoDate,
  categoryId: Id,
  serviceIds: z.array(Id).max(20),
  priority: Priority,
  channel: Channel,
  status: TicketStatus,
  issuedAt: Epoch,
  firstCalledAt: Epoch.nullable(),
  calledAt: Epoch.nullable(),
  startedAt: Epoch.nullable(),
  finishedAt: Epoch.nullable(),
  suspendedMs: z.number().int().nonnegative(),
  windowId: Id.nullable(),
  servedBy: Id.nullable(),
  callCount: z.number().int().nonnegative(),
  transferCount: z.number().int().nonnegative(),
  /** How a ticket that did not end `done` ended, as a code (e.g. `day_closed`); null otherwise. */
  outcome: z.string().max(32).nullable().default(null),
  /** 绿色通道 group (never the proof document); null for other tickets and older halls. */
  priorityGroup: z.string().max(32).nullable().default(null),
  /** 一事一次办: the visit's bundle and each matter's status (issue 20). */
  bundleId: Id.nullable().default(null),
  matters: z
    .array(z.object({ serviceId: Id, categoryId: Id, status: z.string().max(20) }))
    .max(20)
    .default([]),
});
export type UplinkTicket = z.infer<typeof UplinkTicket>;

export const UplinkEvent = z.object({
  /** The hall's event-log id: gap-free within one epoch. */
  seq: z.number().int().positive(),
  /** Lower-case hex SHA-256 of `uplinkHashInput(event)`. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: Epoch,
  businessDate: IsoDate,
  /** `resource.verb_past`, e.g. `ticket.called`, `window.paused`, `rating.created`. */
  type: z
    .string()
    .regex(/^[a-z]+(\.[a-z_]+)+$/)
    .max(64),
  ticketId: Id.nullable(),
  windowId: Id.nullable(),
  /** Staff username, device id or `system`: staff ids are not personal data for this purpose. */
  actor: z.string().min(1).max(64),
  data: z.record(z.string(), z.unknown()),
});
export type UplinkEvent = z.infer<typeof UplinkEvent>;

/** Latest-state summary a hall adds to a batch (also sent with no events, as a heartbeat). Not stored as events. */
export const UplinkLive = z.object({
  at: Epoch,
  businessDate: IsoDate,
  hallName: z.string().max(80),
  categories: z.array(z.object({ id: Id, name: z.string().max(40), prefix: z.string().max(2) })).max(64),
  /** The hall's 绿色通道 groups (`settings.priorityGroups` ids), so the central's stats list the same groups. */
  priorityGroups: z.array(Id).max(32).optional(),
  windows: z
    .array(
      z.object({
        id: Id,
        name: z.string().max(20),
        number: z.number().int(),
        status: z.enum(['open', 'paused', 'closed']),
        allocation: z.array(Id).max(32),
        staff: Id.nullable(),
        currentTicket: z.string().max(12).nullable(),
      }),
    )
    .max(200),
  queues: z
    .array(
      z.object({
        categoryId: Id,
        waiting: z.number().int().nonnegative(),
        longestWaitMinutes: z.number().nonnegative(),
        estimatedWaitMinutes: z.number().nonnegative().nullable(),
      }),
    )
    .max(64),
  alerts: z
    .array(
      z.object({
        id: Id,
        kind: z.string().max(40),
        severity: z.enum(['info', 'warning', 'critical']),
        subject: z.string().max(64).nullable(),
        raisedAt: z.string().max(40),
      }),
    )
    .max(200),
  /** Published configuration: the version the hall runs, and the newest it has received. */
  config: z.object({ deployed: z.number().int().nonnegative().nullable(), received: z.number().int().nonnegative().nullable() }).optional(),
});
export type UplinkLive = z.infer<typeof UplinkLive>;

/** `POST /api/v1/uplink` (hall key as bearer token). Events ascending by `seq`. */
export const UplinkBatch = z.object({
  hallId: Id,
  epoch: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  events: z.array(UplinkEvent).max(UPLINK_MAX_EVENTS),
  live: UplinkLive.optional(),
});
export type UplinkBatch = z.infer<typeof UplinkBatch>;

/** The central's answer: resume after `ackSeq`; `missing` lists gaps below the highest `seq` received. */
export interface UplinkAck {
  ackSeq: number;
  epoch: string;
  stored: number;
  duplicates: number;
  missing: Array<{ from: number; to: number }>;
  /** Seqs of this batch the central already held with another hash (kept aside, never counted). */
  conflicts?: number;
}

/** The canonical text an event's hash is computed over (the hall and the central must agree). */
export function uplinkHashInput(e: Omit<UplinkEvent, 'hash'>): string {
  return JSON.stringify([e.seq, e.at, e.businessDate, e.type, e.ticketId, e.windowId, e.actor, canonical(e.data)]);
}

/** JSON value with object keys sorted, so the same data always hashes the same. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v as Record<string, unknown>)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  return v;
}

/** Scalar keys that may leave the hall, per event resource. Anything else in `data` stays home. */
const SAFE_KEYS: Record<string, readonly string[]> = {
  ticket: [
    'number',
    'from',
    'to',
    'waitMs',
    'serviceMs',
    'suspendedMs',
    'fromWindow',
    'toCategory',
    'toWindow',
    'position',
    'implicit',
    'specific',
    'outcome',
    'takeover',
    'callCount',
    'categoryId',
    'serviceIds',
    'priority',
    'channel',
    'printerId',
  ],
  window: ['before', 'after', 'status', 'staff', 'to', 'pausedMs', 'reasonCode', 'until', 'reason_kind', 'categories'],
  rating: [
    'ratingId',
    'ticketNumber',
    'ticketBusinessDate',
    'level',
    'channel',
    'reasons',
    'staffId',
    'categoryId',
    'serviceIds',
    'isDefault',
    'caseId',
  ],
  rectification: ['caseId', 'ratingId', 'status', 'step', 'from', 'to', 'verifyDueDate', 'rectifyDueDate', 'revisitDueDate', 'satisfied'],
  day: ['businessDate', 'closed', 'signedOut'],
  config: ['version', 'apply', 'reasonCode'],
};

/** Plain JSON values only (strings capped at 64 characters: ids and codes, never prose). */
function safeValue(v: unknown): unknown {
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'string') return v.length <= 64 ? v : undefined;
  if (Array.isArray(v)) {
    const out = v.map(safeValue).filter((x) => x !== undefined);
    return out.slice(0, 32);
  }
  return undefined;
}

/**
 * The pseudonymous projection of one audit-log row: the only way an event leaves the hall. Ticket facts
 * pass through `UplinkTicket` (unknown fields dropped); other keys through the whitelist above.
 */
export function toUplinkData(type: string, data: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const resource = type.split('.')[0] ?? '';
  const out: Record<string, unknown> = {};
  for (const k of SAFE_KEYS[resource] ?? []) {
    if (!(k in data)) continue;
    const v = safeValue(data[k]);
    if (v !== undefined) out[k] = v;
  }
  if (resource === 'ticket' && data.ticket !== undefined) {
    const t = UplinkTicket.safeParse(data.ticket);
    if (t.success) out.ticket = t.data;
  }
  return out;
}

/**
 * Published configuration (县-乡-村 共享): a versioned bundle the central publishes and every hall pulls
 * with its key (`GET /api/v1/config/latest`, 200 with the bundle, or 204 when nothing is published).
 * Each part is optional: a bundle carries only what the city manages. A hall validates the whole bundle,
 * applies it in one transaction at an idle moment (or at the next business date), keeps its supervisor's
 * local overrides on top, and reports `deployed` / `received` in `UplinkLive.config`.
 */
export const ConfigBundleContent = z.object({
  /** The 事项 catalogue with codes and guides; replaces the hall's services with the same id. */
  services: z.array(ServiceConfig).max(2000).optional(),
  /** 一件事 bundles; replace the hall's bundles with the same id. */
  bundles: z.array(BundleConfig).max(500).optional(),
  /** 法定节假日 and 调休上班 days, as the State Council announces them. */
  calendar: z.object({ holidays: z.array(IsoDate).max(400), workdays: z.array(IsoDate).max(100) }).optional(),
  /** 好差评 差评 reason tags (GB/T 39734 附录A), by id. */
  ratingTags: z
    .array(z.object({ id: z.number().int().positive().max(999), label: z.string().min(1).max(40), labelEn: z.string().max(80).optional() }))
    .max(100)
    .optional(),
  /** Alert thresholds: wait minutes per category id, and the default for the rest. */
  alertThresholds: z
    .object({
      defaultWaitMinutes: z.number().int().positive().max(600).optional(),
      waitMinutesByCategory: z.record(z.string().max(32), z.number().int().positive().max(600)).optional(),
    })
    .optional(),
});
export type ConfigBundleContent = z.infer<typeof ConfigBundleContent>;

export const ConfigBundle = z.object({
  /** Increases by one with each publication. */
  version: z.number().int().positive(),
  publishedAt: Epoch,
  /** Who published it and why, for the hall's supervisor (short text). */
  note: z.string().max(200).default(''),
  /** `next-business-date` waits for the hall's next day; `idle` applies when no ticket is being served. */
  apply: z.enum(['idle', 'next-business-date']).default('idle'),
  content: ConfigBundleContent,
});
export type ConfigBundle = z.infer<typeof ConfigBundle>;
