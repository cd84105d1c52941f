/**
 * Socket.IO: the read-only hall stream, one namespace per client role (R6): /kiosk, /display, /counter,
 * /supervisor. Commands go through REST only (one command path, one set of checks); sockets carry what
 * happened.
 *
 * - Auth is namespace middleware: a bearer token in `handshake.auth.token`. Displays may connect without
 *   one (they only ever receive what the hall screen shows anyway).
 * - On connect each client gets `hall:snapshot` with the stream's sequence number; every committed change
 *   arrives as a `hall:changed` batch `{prev, seq, events}`; a client whose `seq` is not `prev` sends
 *   `hall:resync` and gets a fresh snapshot in the ack. Supervisors also receive alerts.
 * - Displays and kiosks get snapshots without the ticket list: they render windows, queues and calls only.
 */
import { Server, type Namespace, type Socket } from 'socket.io';
import type { Server as HttpServer } from 'node:http';
import { NAMESPACES, errorMessage, type AckResult, type ClientToServer, type HallSnapshot, type ServerToClient } from '@hall/contract';
import type { AuthService, Principal } from '../services/auth-service.ts';
import { hasRole } from '../services/auth-service.ts';
import type { HallService } from '../hall/hall-service.ts';
import type { TokenRole } from '../db/account-repository.ts';
import type { Logger } from '../log.ts';
import type { AlertService } from '../services/alert-service.ts';

interface SocketData {
  principal: Principal | null;
}

type HallSocket = Socket<ClientToServer, ServerToClient, Record<string, never>, SocketData>;
type HallNamespace = Namespace<ClientToServer, ServerToClient, Record<string, never>, SocketData>;

export interface RealtimeDeps {
  hall: HallService;
  auth: AuthService;
  alerts: AlertService;
  log: Logger;
}

const MAX_PAYLOAD_BYTES = 16 * 1024;

export function attachRealtime(httpServer: HttpServer, deps: RealtimeDeps): { io: Server; close: () => Promise<void> } {
  const io = new Server<ClientToServer, ServerToClient, Record<string, never>, SocketData>(httpServer, {
    maxHttpBufferSize: MAX_PAYLOAD_BYTES,
    cors: { origin: false },
    serveClient: false,
    // No connectionStateRecovery: it buffers every broadcast for minutes in memory, and our clients
    // recover from the snapshot + sequence numbers anyway (R9).
  });
  const { hall, auth, log } = deps;

  const withAuth = (nsp: HallNamespace, roles: readonly TokenRole[] | null) => {
    nsp.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (roles === null && (token === undefined || token === null || token === '')) {
        socket.data.principal = null;
        return next();
      }
      const r = auth.authenticate(typeof token === 'string' ? token : undefined);
      if (!r.ok) return next(Object.assign(new Error(r.code), { data: { code: r.code, message: errorMessage(r.code) } }));
      if (roles !== null && !hasRole(r.principal, roles))
        return next(Object.assign(new Error('FORBIDDEN'), { data: { code: 'FORBIDDEN', message: errorMessage('FORBIDDEN') } }));
      socket.data.principal = r.principal;
      return next();
    });
  };

  const stream = (socket: HallSocket, withTickets: boolean) => {
    socket.on('hall:resync', (_req: unknown, ack?: unknown) => {
      if (typeof ack !== 'function') return;
      let reply: AckResult<HallSnapshot>;
      try {
        reply = { ok: true, data: hall.snapshot({ withTickets }) };
      } catch (err) {
        log.error({ err: (err as Error).message }, 'snapshot failed');
        reply = { ok: false, code: 'INTERNAL', message: errorMessage('INTERNAL') };
      }
      (ack as (r: AckResult<HallSnapshot>) => void)(reply);
    });
    // Sockets carry no commands (REST does): anything else asked with an ack gets a clear refusal.
    socket.onAny((event: unknown, ...args: unknown[]) => {
      if (event === 'hall:resync') return;
      const ack = args[args.length - 1];
      if (typeof ack === 'function')
        (ack as (r: AckResult<never>) => void)({ ok: false, code: 'BAD_REQUEST', message: errorMessage('BAD_REQUEST') });
    });
    socket.emit('hall:snapshot', hall.snapshot({ withTickets }));
  };

  const kiosk = io.of(NAMESPACES.kiosk) as HallNamespace;
  withAuth(kiosk, ['kiosk', 'staff']);
  kiosk.on('connection', (socket) => stream(socket, false));

  const display = io.of(NAMESPACES.display) as HallNamespace;
  withAuth(display, null);
  display.on('connection', (socket) => stream(socket, false));

  const counter = io.of(NAMESPACES.counter) as HallNamespace;
  withAuth(counter, ['staff']);
  counter.on('connection', (socket) => stream(socket, true));

  const supervisor = io.of(NAMESPACES.supervisor) as HallNamespace;
  withAuth(supervisor, ['supervisor']);
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
        unsubscribe();
        unsubscribeAlerts();
        io.disconnectSockets(true);
        void io.close(() => resolve());
      }),
  };
}
