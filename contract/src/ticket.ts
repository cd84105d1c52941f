import { z } from 'zod';

export const TICKET_STATUSES = ['waiting', 'called', 'serving', 'suspended', 'done', 'no_show', 'cancelled'] as const;
export const TicketStatus = z.enum(TICKET_STATUSES);
export type TicketStatus = z.infer<typeof TicketStatus>;

/** 绿色通道 (elderly, disabled, pregnant, military…) and appointments go ahead, under an interleave. */
export const Priority = z.enum(['normal', 'green', 'appointment']);
export type Priority = z.infer<typeof Priority>;

export const Channel = z.enum(['kiosk', 'counter', 'appointment', 'api', 'phone']);
export type Channel = z.infer<typeof Channel>;

/** What kind of proof the citizen showed at the kiosk; never the document number itself for priority. */
export const IdKind = z.enum(['resident_id', 'passport', 'hk_macao_permit', 'taiwan_permit', 'other', 'none']);
export type IdKind = z.infer<typeof IdKind>;

/** 一表申请: the self-service form filled once at the kiosk. Personal data; never logged, never broadcast. */
export const TicketForm = z.object({
  name: z.string().trim().max(40).optional(),
  idKind: IdKind.default('none'),
  idNumber: z.string().trim().max(40).optional(),
  phone: z.string().trim().max(20).optional(),
  address: z.string().trim().max(120).optional(),
  fields: z.record(z.string().max(32), z.string().max(500)).default({}),
});
export type TicketForm = z.infer<typeof TicketForm>;

/**
 * A ticket as the REST API and staff-facing sockets see it. `token` opens `/t/<token>`; it is random and
 * never derived from identity.
 */
export interface Ticket {
  id: string;
  number: string;
  categoryId: string;
  serviceId: string | null;
  /** Every matter of the visit (一事一次办 bundles hold several). */
  serviceIds: string[];
  status: TicketStatus;
  priority: Priority;
  channel: Channel;
  issuedAt: string;
  businessDate: string;
  ahead: number;
  estimatedWaitMinutes: number;
  windowId: string | null;
  /** Set when the ticket was transferred to one window specifically. */
  targetWindowId: string | null;
  token: string;
  calledAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  callCount: number;
  transferCount: number;
  note: string | null;
  hasForm: boolean;
}

/** The public face of a ticket (displays, kiosks, the hall stream): no token, no personal data. */
export type PublicTicket = Omit<Ticket, 'token' | 'note' | 'hasForm'>;

export function toPublicTicket(t: Ticket): PublicTicket {
  const { token: _token, note: _note, hasForm: _hasForm, ...rest } = t;
  return rest;
}

export const WINDOW_STATUSES = ['closed', 'open', 'paused'] as const;
export type WindowStatus = (typeof WINDOW_STATUSES)[number];

export interface WindowState {
  id: string;
  name: string;
  number: number;
  status: WindowStatus;
  skills: string[];
  home: string;
  /** Categories served now (a subset of skills). */
  allocation: string[];
  allocationUntil: string | null;
  allocationPinned: boolean;
  staff: { username: string; displayName: string } | null;
  pauseReason: string | null;
  currentTicket: PublicTicket | null;
  zone: string | null;
}

export interface CallAnnouncement {
  /** The hall-stream sequence number of the call: displays announce each id at most once. */
  id: number;
  ticketId: string;
  number: string;
  windowId: string;
  windowName: string;
  windowNumber: number;
  at: string;
  isRecall: boolean;
}

export interface CategoryQueue {
  categoryId: string;
  waiting: number;
  longestWaitMinutes: number;
  estimatedWaitMinutes: number;
  /** Arrivals over the last hour. */
  arrivalsPerHour: number;
  servingWindows: number;
}

export const RatingLevel = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);
export type RatingLevel = z.infer<typeof RatingLevel>;
export const RATING_LABELS: Record<RatingLevel, string> = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' };
