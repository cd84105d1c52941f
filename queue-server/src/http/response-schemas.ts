/**
 * zod schemas of the main REST replies, for the OpenAPI document only (replies are built by the hall
 * service and typed by the contract's interfaces). Each is annotated with the contract type it describes,
 * so the compiler refuses a schema that drifts from the interface.
 */
import { z } from 'zod';
import { Channel, MatterStatus, Priority, TICKET_STATUSES, WAIT_NOTES, WINDOW_STATUSES } from '@hall/contract';
import type { IssuedTicket, PublicTicket, Ticket, WaitEstimate, WindowState } from '@hall/contract';

const Iso = z.string().describe('ISO 8601 time with offset, e.g. 2026-12-03T09:30:00.000+08:00');
const IsoOrNull = Iso.nullable();

export const WaitEstimateSchema: z.ZodType<WaitEstimate> = z.object({
  minutes: z.number().nullable(),
  low: z.number(),
  high: z.number(),
  note: z.enum(WAIT_NOTES).optional(),
});

const ticketShape = {
  id: z.string(),
  number: z.string().describe('The number on the slip, e.g. A012'),
  categoryId: z.string(),
  serviceId: z.string().nullable(),
  serviceIds: z.array(z.string()),
  status: z.enum(TICKET_STATUSES),
  priority: Priority,
  priorityGroup: z.string().nullable().describe('绿色通道 group (elderly, disabled…), never the proof document'),
  bundleId: z.string().nullable().describe('一事一次办: the bundle this visit was issued for'),
  matters: z.array(
    z.object({
      serviceId: z.string(),
      categoryId: z.string(),
      status: MatterStatus,
      windowId: z.string().nullable(),
      updatedAt: IsoOrNull,
    }),
  ),
  heldUntil: IsoOrNull.describe('An early appointment arrival waits unlisted until its slot start'),
  channel: Channel,
  issuedAt: Iso,
  businessDate: z.string(),
  ahead: z.number().int(),
  estimatedWaitMinutes: z.number().nullable(),
  waitEstimate: WaitEstimateSchema,
  windowId: z.string().nullable(),
  targetWindowId: z.string().nullable(),
  calledAt: IsoOrNull,
  startedAt: IsoOrNull,
  finishedAt: IsoOrNull,
  callCount: z.number().int(),
  transferCount: z.number().int(),
  outcome: z.literal('day_closed').nullable(),
};

export const TicketSchema: z.ZodType<Ticket> = z.object({ ...ticketShape, note: z.string().nullable(), hasForm: z.boolean() });
export const IssuedTicketSchema: z.ZodType<IssuedTicket> = z.object({
  ...ticketShape,
  note: z.string().nullable(),
  hasForm: z.boolean(),
  token: z.string().describe('Opens /t/<token> (the QR on the slip); only in the reply to the issuer'),
});
export const PublicTicketSchema: z.ZodType<PublicTicket> = z.object(ticketShape);

export const WindowStateSchema: z.ZodType<WindowState> = z.object({
  id: z.string(),
  name: z.string(),
  number: z.number().int(),
  status: z.enum(WINDOW_STATUSES),
  skills: z.array(z.string()),
  home: z.string(),
  allocation: z.array(z.string()),
  allocationUntil: IsoOrNull,
  allocationPinned: z.boolean(),
  staff: z.object({ username: z.string(), displayName: z.string() }).nullable(),
  pauseReason: z.string().nullable(),
  currentTicket: PublicTicketSchema.nullable(),
  zone: z.string().nullable(),
});

export const Schemas = {
  TicketReply: z.object({ ticket: TicketSchema }),
  IssuedTicketReply: z.object({ ticket: IssuedTicketSchema }),
  TicketList: z.object({ tickets: z.array(TicketSchema) }),
  WindowList: z.object({ windows: z.array(WindowStateSchema) }),
  WindowReply: z.object({ window: WindowStateSchema }),
  WindowActionReply: z.object({ ticket: TicketSchema.nullable().optional(), window: WindowStateSchema.optional() }),
  Health: z.looseObject({ ok: z.boolean(), time: Iso, businessDate: z.string(), seq: z.number().int() }),
  Login: z.looseObject({ token: z.string(), role: z.string(), expiresAt: Iso.optional() }),
  HandOverReply: z.object({
    window: WindowStateSchema,
    token: z.string().describe('The colleague’s new session token'),
    role: z.string(),
    displayName: z.string(),
    mustChangePassword: z.literal(false).describe('Always false: a hand-over never hands the window to a session that cannot work it'),
  }),
  Me: z.looseObject({ id: z.string(), role: z.string() }),
  Hall: z.looseObject({
    name: z.string(),
    timeZone: z.string(),
    businessDate: z.string(),
    categories: z.array(z.looseObject({ id: z.string(), name: z.string(), prefix: z.string() })),
    services: z.array(z.looseObject({ id: z.string(), name: z.string(), categoryId: z.string() })),
    windows: z.array(z.looseObject({ id: z.string(), name: z.string(), number: z.number().int() })),
  }),
  PairingCode: z.object({ code: z.string(), deviceId: z.string(), expiresAt: Iso }),
  DeviceToken: z.looseObject({ token: z.string(), deviceId: z.string(), kind: z.enum(['kiosk', 'display']) }),
  BusinessDate: z.object({ businessDate: z.string() }),
  DeviceList: z.object({
    devices: z.array(
      z.object({ id: z.string(), kind: z.enum(['kiosk', 'display']), name: z.string(), createdAt: Iso, revokedAt: IsoOrNull }),
    ),
  }),
  /** Any JSON object (replies whose full shape is described in the module's doc). */
  Object: z.looseObject({}),
};
