import { z } from 'zod';
import type { ErrorCode } from './errors.ts';
import type { CallAnnouncement, CategoryQueue, PublicTicket, Ticket, WindowState } from './ticket.ts';
import { IssueTicketRequest, TransferRequest, AllocationRequest } from './api.ts';

/**
 * The hall stream: every committed state change is broadcast as a numbered batch to every namespace.
 * A client keeps `seq` from the snapshot; a batch whose `prev` is not its `seq` means it missed something,
 * and it asks for `hall:resync`. Sequence numbers are event-log ids, so they survive a server restart.
 */
export type HallEvent =
  | { type: 'ticket'; ticket: PublicTicket }
  | { type: 'window'; window: WindowState }
  | { type: 'call'; call: CallAnnouncement }
  | { type: 'queues'; queues: CategoryQueue[] }
  | { type: 'notices'; notices: string[] }
  | { type: 'day'; businessDate: string };

export interface HallBatch {
  prev: number;
  seq: number;
  events: HallEvent[];
}

export interface HallSnapshot {
  seq: number;
  businessDate: string;
  serverTime: string;
  windows: WindowState[];
  /** Tickets that are not finished (waiting, called, serving, suspended); empty for displays and kiosks. */
  tickets: PublicTicket[];
  queues: CategoryQueue[];
  /** The latest calls, newest first. Displays show them but never announce them. */
  recentCalls: CallAnnouncement[];
  notices: string[];
}

export interface Alert {
  id: string;
  kind:
    | 'wait_threshold'
    | 'long_pause'
    | 'printer'
    | 'device_offline'
    | 'bad_rating'
    | 'rectification_overdue'
    | 'storage'
    | 'allocation_proposal';
  severity: 'info' | 'warning' | 'critical';
  message: string;
  subject: string | null;
  raisedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  /** Set when the condition went away; consoles drop cleared alerts from the open list. */
  clearedAt?: string | null;
}

export type AckResult<T> = { ok: true; data: T } | { ok: false; code: ErrorCode; message: string };
export type Ack<T> = (res: AckResult<T>) => void;

/** Events every namespace receives. */
export interface ServerToClient {
  'hall:snapshot': (s: HallSnapshot) => void;
  'hall:changed': (b: HallBatch) => void;
  'alert:raised': (a: Alert) => void;
  'alert:updated': (a: Alert) => void;
}

export interface CommonToServer {
  'hall:resync': (req: unknown, ack: Ack<HallSnapshot>) => void;
}

export const WindowCommand = z.object({ windowId: z.string().min(1).max(64) }).strict();
export const WindowPauseCommand = z.object({ windowId: z.string().min(1).max(64), reason: z.string().trim().min(1).max(100) }).strict();
export const WindowTransferCommand = z.object({ windowId: z.string().min(1).max(64), to: TransferRequest }).strict();
export const WindowAllocationCommand = z.object({ windowId: z.string().min(1).max(64), allocation: AllocationRequest }).strict();
export const CallSpecificCommand = z.object({ windowId: z.string().min(1).max(64), ticketId: z.string().min(1).max(64) }).strict();
export const RequeueCommand = z
  .object({
    windowId: z.string().min(1).max(64),
    ticketId: z.string().min(1).max(64),
    position: z.enum(['head', 'offset', 'tail']).optional(),
  })
  .strict();
export const AlertAckCommand = z.object({ alertId: z.string().min(1).max(64) }).strict();
export const KioskIssueCommand = IssueTicketRequest;

export interface KioskToServer extends CommonToServer {
  'ticket:issue': (req: z.input<typeof IssueTicketRequest>, ack: Ack<Ticket>) => void;
}

export type WindowAction =
  'call-next' | 'recall' | 'start' | 'finish' | 'no-show' | 'suspend' | 'resume' | 'pause' | 'unpause' | 'sign-in' | 'sign-out';

export interface CounterToServer extends CommonToServer {
  'window:sign-in': (req: z.input<typeof WindowCommand>, ack: Ack<WindowState>) => void;
  'window:sign-out': (req: z.input<typeof WindowCommand>, ack: Ack<WindowState>) => void;
  'ticket:call-next': (req: z.input<typeof WindowCommand>, ack: Ack<Ticket | null>) => void;
  'ticket:recall': (req: z.input<typeof WindowCommand>, ack: Ack<Ticket>) => void;
  'ticket:start': (req: z.input<typeof WindowCommand>, ack: Ack<Ticket>) => void;
  'ticket:finish': (req: z.input<typeof WindowCommand>, ack: Ack<Ticket>) => void;
  'ticket:no-show': (req: z.input<typeof WindowCommand>, ack: Ack<Ticket>) => void;
  'ticket:suspend': (req: z.input<typeof WindowCommand>, ack: Ack<Ticket>) => void;
  'ticket:resume': (req: z.input<typeof CallSpecificCommand>, ack: Ack<Ticket>) => void;
  'ticket:transfer': (req: z.input<typeof WindowTransferCommand>, ack: Ack<Ticket>) => void;
  'ticket:call-specific': (req: z.input<typeof CallSpecificCommand>, ack: Ack<Ticket>) => void;
  'ticket:requeue': (req: z.input<typeof RequeueCommand>, ack: Ack<Ticket>) => void;
  'window:pause': (req: z.input<typeof WindowPauseCommand>, ack: Ack<WindowState>) => void;
  'window:resume': (req: z.input<typeof WindowCommand>, ack: Ack<WindowState>) => void;
}

export interface SupervisorToServer extends CounterToServer {
  'window:set-allocation': (req: z.input<typeof WindowAllocationCommand>, ack: Ack<WindowState>) => void;
  'alert:acknowledge': (req: z.input<typeof AlertAckCommand>, ack: Ack<Alert>) => void;
}

export type DisplayToServer = CommonToServer;

export const NAMESPACES = { kiosk: '/kiosk', display: '/display', counter: '/counter', supervisor: '/supervisor' } as const;
