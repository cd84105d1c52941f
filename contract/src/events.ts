import type { ErrorCode } from './errors.ts';
import type { CallAnnouncement, CategoryQueue, PublicTicket, WindowState } from './ticket.ts';

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
    | 'rating_appeal'
    | 'calendar_missing'
    | 'storage'
    | 'allocation_proposal'
    | 'config_refused';
  severity: 'info' | 'warning' | 'critical';
  /** Chinese text (older readers, and alerts raised without a code). Consoles word an alert by `code`. */
  message: string;
  /** The alert's text as a code and parameters (`alertText` words it in zh or en); null on older rows. */
  code?: string | null;
  params?: Record<string, string | number> | null;
  subject: string | null;
  raisedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  /** Set when the condition went away; consoles drop cleared alerts from the open list. */
  clearedAt?: string | null;
}

export type AckResult<T> = { ok: true; data: T } | { ok: false; code: ErrorCode; message: string };
export type Ack<T> = (res: AckResult<T>) => void;

/** Events every namespace receives. Sockets only carry what happened; commands go through REST. */
export interface ServerToClient {
  'hall:snapshot': (s: HallSnapshot) => void;
  'hall:changed': (b: HallBatch) => void;
  'alert:raised': (a: Alert) => void;
  'alert:updated': (a: Alert) => void;
  /** The socket's session ended (logout, revocation, expiry, a disabled account): it is disconnected next. */
  'session:ended': (e: { code: 'UNAUTHENTICATED' | 'TOKEN_EXPIRED' }) => void;
}

/** The one thing a client asks over a socket: a fresh snapshot after a gap. */
export interface ClientToServer {
  'hall:resync': (req: Record<string, never>, ack: Ack<HallSnapshot>) => void;
}

export const NAMESPACES = { kiosk: '/kiosk', display: '/display', counter: '/counter', supervisor: '/supervisor' } as const;
