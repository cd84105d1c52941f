import { z } from 'zod';

export const TICKET_STATUSES = ['waiting', 'called', 'serving', 'suspended', 'done', 'no_show', 'cancelled'] as const;
export const TicketStatus = z.enum(TICKET_STATUSES);
export type TicketStatus = z.infer<typeof TicketStatus>;

/** 绿色通道 (elderly, disabled, pregnant, military…) and appointments go ahead, under an interleave. */
export const Priority = z.enum(['normal', 'green', 'appointment']);
export type Priority = z.infer<typeof Priority>;

export const Channel = z.enum(['kiosk', 'counter', 'appointment', 'api', 'phone']);
export type Channel = z.infer<typeof Channel>;

/**
 * 绿色通道 groups a hall recognises (configurable, `settings.priorityGroups`): the ticket records the group,
 * never the proof document or its number.
 */
export const PriorityGroupId = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/);

/** 一事一次办: the status of one matter of a visit, set by the window that handles it. */
export const MATTER_STATUSES = ['pending', 'accepted', 'done', 'transferred', 'needs_documents'] as const;
export const MatterStatus = z.enum(MATTER_STATUSES);
export type MatterStatus = z.infer<typeof MatterStatus>;

/** One matter of a ticket's visit. */
export interface TicketMatter {
  serviceId: string;
  categoryId: string;
  status: MatterStatus;
  /** The window that last set the status. */
  windowId: string | null;
  updatedAt: string | null;
}

/** What kind of proof the citizen showed at the kiosk; never the document number itself for priority. */
export const IdKind = z.enum(['resident_id', 'passport', 'hk_macao_permit', 'taiwan_permit', 'other', 'none']);
export type IdKind = z.infer<typeof IdKind>;

/** A service's form has a handful of extra fields; more is not a form but a payload (issue 14). */
export const MAX_FORM_FIELDS = 40;

/** 一表申请: the self-service form filled once at the kiosk. Personal data; never logged, never broadcast. */
export const TicketForm = z.object({
  name: z.string().trim().max(40).optional(),
  idKind: IdKind.default('none'),
  idNumber: z.string().trim().max(40).optional(),
  phone: z.string().trim().max(20).optional(),
  address: z.string().trim().max(120).optional(),
  fields: z
    .record(z.string().max(32), z.string().max(500))
    .refine((f) => Object.keys(f).length <= MAX_FORM_FIELDS, { message: `at most ${MAX_FORM_FIELDS} fields` })
    .default({}),
});
export type TicketForm = z.infer<typeof TicketForm>;

/** Why a wait estimate is not a plain number. */
export const WAIT_NOTES = ['NO_OPEN_WINDOW', 'AFTER_CLOSE'] as const;
export type WaitNote = (typeof WAIT_NOTES)[number];

/**
 * A wait estimate: the point estimate with an honest range. The range is meant to hold the wait about 8
 * times in 10; the server widens it as far as its own record of past estimates says it must. `minutes` is
 * null (and `note` NO_OPEN_WINDOW) when no open window may serve the ticket; `note` AFTER_CLOSE when it
 * will probably not be called today.
 */
export interface WaitEstimate {
  minutes: number | null;
  low: number;
  high: number;
  note?: WaitNote;
}

/**
 * How a ticket that did not end `done` ended, when it is not plain from its status: `day_closed` (the
 * hall closed with the ticket still open; its times stay as they were), `auto_no_show` (过号 by the hall's
 * rule after the configured calls and minutes, not by staff).
 */
export type TicketOutcome = 'day_closed' | 'auto_no_show';

/**
 * A ticket as the REST API and staff-facing consoles see it. It never carries the citizen's rating token
 * (背靠背评价): only the reply to whoever issued the ticket does (`IssuedTicket`).
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
  /** The 绿色通道 group (elderly, disabled…) when the priority is `green`; never the proof document. */
  priorityGroup: string | null;
  /** The 一事一次办 bundle this visit was issued for. */
  bundleId: string | null;
  /** Every matter of the visit with its status (one row for a single matter). */
  matters: TicketMatter[];
  /** An early appointment arrival waits unlisted until this time (its slot start), then joins with priority. */
  heldUntil: string | null;
  channel: Channel;
  issuedAt: string;
  businessDate: string;
  ahead: number;
  /** At issue time; null when no open window could serve the ticket then. */
  estimatedWaitMinutes: number | null;
  waitEstimate: WaitEstimate;
  windowId: string | null;
  /** Set when the ticket was transferred to one window specifically. */
  targetWindowId: string | null;
  calledAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  callCount: number;
  transferCount: number;
  outcome: TicketOutcome | null;
  note: string | null;
  hasForm: boolean;
}

/** The reply to whoever issued a ticket: the ticket plus its token, which opens `/t/<token>`. */
export interface IssuedTicket extends Ticket {
  /** Random, unguessable, never derived from identity; the citizen's alone. */
  token: string;
  /** The slip's 评价校验码 (4 digits): with the number, proof of holding the ticket at a kiosk. */
  checkCode?: string;
}

/** The public face of a ticket (displays, kiosks, the hall stream): no note, nothing personal. */
export type PublicTicket = Omit<Ticket, 'note' | 'hasForm'>;

export function toPublicTicket(t: Ticket): PublicTicket {
  const { note: _note, hasForm: _hasForm, ...rest } = t;
  if ('token' in rest) delete (rest as { token?: string }).token;
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
  /** Set on a display's own 过号 announcement ("A012 已过号", `voice.noShowTemplate`); absent for calls. */
  kind?: 'no_show';
}

export interface CategoryQueue {
  categoryId: string;
  waiting: number;
  longestWaitMinutes: number;
  /** The point figure of `waitEstimate` (0 when there is none); kept for screens that show one number. */
  estimatedWaitMinutes: number;
  waitEstimate: WaitEstimate;
  /** Arrivals over the last hour. */
  arrivalsPerHour: number;
  servingWindows: number;
}

export const RatingLevel = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);
export type RatingLevel = z.infer<typeof RatingLevel>;
export const RATING_LABELS: Record<RatingLevel, string> = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' };
