/**
 * Socket.IO: the read-only hall stream, one namespace per client role (R6): /kiosk, /display, /counter,
 * /supervisor. Commands go through REST only (one command path, one set of checks); sockets carry what
 * happened.
 *
 * - Auth is namespace middleware: a bearer token in `handshake.auth.token`. /display needs a display
 *   device token (or staff); only the demo hall (`trustLoopbackDevices`) lets a screen on this very machine
 *   (direct loopback, not through a proxy) connect without one.
 * - A session is one thing: every socket is tracked by its token. Logout, device revocation, a password
 *   reset or a disabled account end its sockets at once ({@link AuthService.onSessionEnded}); a sweep each
 *   `sweepMs` ends sockets whose token expired. Such a socket gets `session:ended`, then is disconnected.
 * - On connect each client gets `hall:snapshot` with the stream's sequence number; every committed change
 *   arrives as a `hall:changed` batch `{prev, seq, events}`; a client whose `seq` is not `prev` sends
 *   `hall:resync` and gets a fresh snapshot in the ack. Supervisors also receive alerts.
 * - Bounded work: `hall:resync` is rate-limited per socket and per address (token buckets), and answered
 *   from a snapshot cached per sequence number; a socket that keeps asking after `maxRefusals` refusals in a
 *   row is disconnected; sockets are capped per address and overall, and new connections per address are
 *   rate-limited (all refused at the handshake); an event's payload is capped by `maxHttpBufferSize`.
 * - Displays and kiosks get snapshots without the ticket list: they render windows, queues and calls only.
 */
import { Server, type Namespace, type Socket } from 'socket.io';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import proxyaddr from '@fastify/proxy-addr';
import { LRUCache } from 'lru-cache';
import {
  NAMESPACES,
  errorMessage,
  type AckResult,
  type ClientToServer,
  type ErrorCode,
  type HallSnapshot,
  type ServerToClient,
} from '@hall/contract';
import type { AuthService, Principal, SessionEnd } from '../services/auth-service.ts';
import { hasRole } from '../services/auth-service.ts';
import type { HallService } from '../hall/hall-service.ts';
import type { TokenRole } from '../db/account-repository.ts';
import type { Logger } from '../log.ts';
import type { AlertService } from '../services/alert-service.ts';
import { isDirectLoopback } from '../http/respond.ts';

interface SocketData {
  principal: Principal | null;
  address: string;
  bucket: Bucket;
  refused: number;
}

type HallSocket = Socket<ClientToServer, ServerToClient, Record<string, never>, SocketData>;
type HallNamespace = Namespace<ClientToServer, ServerToClient, Record<string, never>, SocketData>;

export interface RealtimeLimits {
  /** Engine connections (one per client, shared by its namespaces) in all. */
  maxSockets: number;
  /** Engine connections from one address. */
  maxSocketsPerAddress: number;
  /**
   * New connections from one address: burst, then per second. A reconnect loop (a broken or hostile
   * client opening and dropping sockets) is refused at the handshake before it costs a snapshot; honest
   * clients reconnect with backoff and a whole hall restarting fits in the burst.
   */
  connectBurst: number;
  connectPerSecond: number;
  /** `hall:resync` per socket: burst, then per second. */
  resyncBurst: number;
  resyncPerSecond: number;
  /** `hall:resync` per address (all its sockets together): burst, then per second. */
  addressResyncBurst: number;
  addressResyncPerSecond: number;
  /** Refused resyncs in a row after which the socket is disconnected (an honest client never gets there). */
  maxRefusals: number;
  /** Largest message a client may send, bytes. */
  maxPayloadBytes: number;
  /** How often expired sessions are looked for, ms. */
  sweepMs: number;
}

export const DEFAULT_LIMITS: RealtimeLimits = {
  maxSockets: 2000,
  maxSocketsPerAddress: 50,
  connectBurst: 60,
  connectPerSecond: 5,
  resyncBurst: 5,
  resyncPerSecond: 1,
  addressResyncBurst: 20,
  addressResyncPerSecond: 5,
  maxRefusals: 20,
  maxPayloadBytes: 16 * 1024,
  sweepMs: 1000,
};

export interface RealtimeDeps extends Partial<RealtimeLimits> {
  hall: HallService;
  auth: AuthService;
  alerts: AlertService;
  log: Logger;
}

/** A token bucket on the wall clock (rate limits are about this machine's work, not the hall's clock). */
class Bucket {
  private tokens: number;
  private at = performance.now();
  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
  ) {
    this.tokens = burst;
  }
  take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

const refusal = (code: ErrorCode) => Object.assign(new Error(code), { data: { code, message: errorMessage(code) } });

export function attachRealtime(httpServer: HttpServer, deps: RealtimeDeps): { io: Server; close: () => Promise<void> } {
  const limits: RealtimeLimits = { ...DEFAULT_LIMITS };
  for (const k of Object.keys(DEFAULT_LIMITS) as Array<keyof RealtimeLimits>) if (deps[k] !== undefined) limits[k] = deps[k];
  const { hall, auth, log } = deps;
  const trust = hall.config.settings.trustProxy;
  const trustFn =
    trust === false
      ? null
      : trust === true
        ? () => true
        : typeof trust === 'number'
          ? (_a: string, i: number) => i < trust
          : proxyaddr.compile(trust);
  /** The client's address, through trusted proxies exactly as REST sees it. */
  const addressOf = (req: IncomingMessage): string => (trustFn ? proxyaddr(req, trustFn) : (req.socket.remoteAddress ?? ''));

  const perAddress = new Map<string, number>();
  const addressBuckets = new LRUCache<string, Bucket>({ max: 10_000 });
  const connectBuckets = new LRUCache<string, Bucket>({ max: 10_000 });
  const mayConnect = (address: string): boolean => {
    let b = connectBuckets.get(address);
    if (!b) connectBuckets.set(address, (b = new Bucket(limits.connectBurst, limits.connectPerSecond)));
    return b.take();
  };

  const io = new Server<ClientToServer, ServerToClient, Record<string, never>, SocketData>(httpServer, {
    maxHttpBufferSize: limits.maxPayloadBytes,
    cors: { origin: false },
    serveClient: false,
    // Refused at the handshake, before any namespace or snapshot work.
    allowRequest: (req, cb) => {
      if (io.engine.clientsCount >= limits.maxSockets) return cb('TOO_MANY_CONNECTIONS', false);
      const address = addressOf(req);
      if ((perAddress.get(address) ?? 0) >= limits.maxSocketsPerAddress) return cb('TOO_MANY_CONNECTIONS', false);
      if (!mayConnect(address)) {
        log.warn({ address }, 'reconnect flood: handshake refused');
        return cb('TOO_MANY_CONNECTIONS', false);
      }
      cb(null, true);
    },
    // No connectionStateRecovery: it buffers every broadcast for minutes in memory, and our clients
    // recover from the snapshot + sequence numbers anyway (R9).
  });
  io.engine.on('connection', (raw: { request: IncomingMessage; once: (e: string, f: () => void) => void }) => {
    const a = addressOf(raw.request);
    perAddress.set(a, (perAddress.get(a) ?? 0) + 1);
    raw.once('close', () => {
      const n = (perAddress.get(a) ?? 1) - 1;
      if (n <= 0) perAddress.delete(a);
      else perAddress.set(a, n);
    });
  });

  // ── sessions: every socket by its token ──
  const byToken = new Map<string, Set<HallSocket>>();
  const track = (s: HallSocket) => {
    const p = s.data.principal;
    if (!p) return;
    let set = byToken.get(p.tokenHash);
    if (!set) byToken.set(p.tokenHash, (set = new Set()));
    set.add(s);
    s.once('disconnect', () => {
      set.delete(s);
      if (set.size === 0 && byToken.get(p.tokenHash) === set) byToken.delete(p.tokenHash);
    });
  };
  const end = (s: HallSocket, code: 'UNAUTHENTICATED' | 'TOKEN_EXPIRED') => {
    s.data.principal = null;
    s.emit('session:ended', { code });
    s.disconnect(true);
  };
  const endSessions = (e: SessionEnd) => {
    if ('tokenHash' in e) {
      for (const s of [...(byToken.get(e.tokenHash) ?? [])]) end(s, 'UNAUTHENTICATED');
      return;
    }
    for (const [hash, set] of [...byToken]) {
      if (hash === e.except) continue;
      for (const s of [...set]) {
        const p = s.data.principal;
        if (p && p.kind === e.subjectKind && p.id === e.subject) end(s, 'UNAUTHENTICATED');
      }
    }
  };
  const unsubscribeSessions = auth.onSessionEnded(endSessions);
  const sweep = setInterval(() => {
    const now = auth.now();
    for (const set of [...byToken.values()])
      for (const s of [...set]) if (s.data.principal && s.data.principal.expiresAt <= now) end(s, 'TOKEN_EXPIRED');
  }, limits.sweepMs);
  sweep.unref();

  const withAuth = (nsp: HallNamespace, roles: readonly TokenRole[], demoWithoutToken: boolean) => {
    nsp.use((socket, next) => {
      socket.data.address = addressOf(socket.request);
      socket.data.bucket = new Bucket(limits.resyncBurst, limits.resyncPerSecond);
      socket.data.refused = 0;
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (token === undefined || token === null || token === '') {
        // The demo's one-machine hall: a screen on this very machine, never one through a proxy or the LAN.
        const local =
          demoWithoutToken &&
          hall.config.settings.trustLoopbackDevices &&
          isDirectLoopback(socket.request.socket.remoteAddress, socket.request.headers);
        if (local) {
          socket.data.principal = null;
          return next();
        }
        return next(refusal(demoWithoutToken ? 'DISPLAY_TOKEN_REQUIRED' : 'UNAUTHENTICATED'));
      }
      const r = auth.authenticate(typeof token === 'string' ? token : undefined);
      if (!r.ok) return next(refusal(r.code));
      if (r.principal.mustChangePassword) return next(refusal('PASSWORD_CHANGE_REQUIRED'));
      if (!hasRole(r.principal, roles)) return next(refusal('FORBIDDEN'));
      socket.data.principal = r.principal;
      return next();
    });
  };

  // One snapshot per (sequence number, view), rebuilt at most every 250 ms for figures that move with time.
  const cache = new Map<string, { seq: number; at: number; snapshot: HallSnapshot }>();
  const snapshotFor = (withTickets: boolean): HallSnapshot => {
    const key = withTickets ? 'full' : 'public';
    const now = performance.now();
    const hit = cache.get(key);
    if (hit && hit.seq === hall.seq && now - hit.at < 250) return hit.snapshot;
    const snapshot = hall.snapshot({ withTickets });
    cache.set(key, { seq: hall.seq, at: now, snapshot });
    return snapshot;
  };

  const stream = (socket: HallSocket, withTickets: boolean) => {
    track(socket);
    socket.on('hall:resync', (...args: unknown[]) => {
      // The ack is the last argument, whether or not a request object came before it.
      const ack = args[args.length - 1];
      if (typeof ack !== 'function') return;
      const answer = ack as (r: AckResult<HallSnapshot>) => void;
      const p = socket.data.principal;
      if (p && p.expiresAt <= auth.now()) return end(socket, 'TOKEN_EXPIRED');
      let addressBucket = addressBuckets.get(socket.data.address);
      if (!addressBucket)
        addressBuckets.set(socket.data.address, (addressBucket = new Bucket(limits.addressResyncBurst, limits.addressResyncPerSecond)));
      if (!socket.data.bucket.take() || !addressBucket.take()) {
        socket.data.refused += 1;
        if (socket.data.refused > limits.maxRefusals) {
          log.warn({ address: socket.data.address, nsp: socket.nsp.name }, 'resync flood: socket disconnected');
          socket.disconnect(true);
          return;
        }
        return answer({ ok: false, code: 'RATE_LIMITED', message: errorMessage('RATE_LIMITED') });
      }
      socket.data.refused = 0;
      let reply: AckResult<HallSnapshot>;
      try {
        reply = { ok: true, data: snapshotFor(withTickets) };
      } catch (err) {
        log.error({ err: (err as Error).message }, 'snapshot failed');
        reply = { ok: false, code: 'INTERNAL', message: errorMessage('INTERNAL') };
      }
      answer(reply);
    });
    // Sockets carry no commands (REST does): anything else asked with an ack gets a clear refusal.
    socket.onAny((event: unknown, ...args: unknown[]) => {
      if (event === 'hall:resync') return;
      const ack = args[args.length - 1];
      if (typeof ack === 'function')
        (ack as (r: AckResult<never>) => void)({ ok: false, code: 'BAD_REQUEST', message: errorMessage('BAD_REQUEST') });
    });
    socket.emit('hall:snapshot', snapshotFor(withTickets));
  };

  const kiosk = io.of(NAMESPACES.kiosk) as HallNamespace;
  withAuth(kiosk, ['kiosk', 'staff'], false);
  kiosk.on('connection', (socket) => stream(socket, false));

  const display = io.of(NAMESPACES.display) as HallNamespace;
  withAuth(display, ['display', 'staff'], true);
  display.on('connection', (socket) => stream(socket, false));

  const counter = io.of(NAMESPACES.counter) as HallNamespace;
  withAuth(counter, ['staff'], false);
  counter.on('connection', (socket) => stream(socket, true));

  const supervisor = io.of(NAMESPACES.supervisor) as HallNamespace;
  withAuth(supervisor, ['supervisor'], false);
  supervisor.on('connection', (socket) => {
    stream(socket, true);
    for (const a of deps.alerts.open()) socket.emit('alert:raised', a);
  });

  const unsubscribe = hall.onBatch((batch) => {
    for (const nsp of [kiosk, display, counter, supervisor]) if (nsp.sockets.size > 0) nsp.emit('hall:changed', batch);
  });
  const unsubscribeAlerts = deps.alerts.onChange((alert, isNew) => supervisor.emit(isNew ? 'alert:raised' : 'alert:updated', alert));

  return {
    io,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(sweep);
        unsubscribe();
        unsubscribeAlerts();
        unsubscribeSessions();
        io.disconnectSockets(true);
        void io.close(() => resolve());
      }),
  };
}
