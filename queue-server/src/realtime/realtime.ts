/**
 * Socket.IO namespaces, one per client role (R6): /kiosk, /display, /counter, /supervisor.
 *
 * - Auth is namespace middleware: a bearer token in `handshake.auth.token`. Displays may connect without
 *   one (they only ever receive what the hall screen shows anyway).
 * - On connect each client gets `hall:snapshot` with the stream's sequence number; every committed change
 *   arrives as a `hall:changed` batch `{prev, seq, events}`; a client whose `seq` is not `prev` resyncs.
 * - Every client→server payload is parsed with its contract schema before the service sees it (R7); a bad
 *   payload gets an error ack, never an exception.
 */
import { Server, type Namespace, type Socket } from 'socket.io';
import type { Server as HttpServer } from 'node:http';
import type { z } from 'zod';
import {
  AlertAckCommand,
  CallSpecificCommand,
  ERRORS,
  KioskIssueCommand,
  NAMESPACES,
  RequeueCommand,
  WindowAllocationCommand,
  WindowCommand as WindowCmdSchema,
  WindowPauseCommand,
  WindowTransferCommand,
  type AckResult,
  type ErrorCode,
  type Failure,
} from '@hall/contract';
import type { AuthService, Principal } from '../services/auth-service.ts';
import { hasRole } from '../services/auth-service.ts';
import type { Actor, HallService, Result, WindowCommand } from '../services/hall-service.ts';
import type { TokenRole } from '../db/account-repository.ts';
import type { Logger } from '../log.ts';
import type { AlertService } from '../services/alert-service.ts';

interface SocketData {
  principal: Principal | null;
}

type AnySocket = Socket<
  Record<string, (...args: never[]) => void>,
  Record<string, (...args: never[]) => void>,
  Record<string, never>,
  SocketData
>;

export interface RealtimeDeps {
  hall: HallService;
  auth: AuthService;
  alerts: AlertService;
  log: Logger;
}

const MAX_PAYLOAD_BYTES = 64 * 1024;

function errorAck(code: ErrorCode, message?: string): AckResult<never> {
  return { ok: false, code, message: message ?? ERRORS[code].message };
}

export function attachRealtime(httpServer: HttpServer, deps: RealtimeDeps): { io: Server; close: () => Promise<void> } {
  const io = new Server(httpServer, {
    maxHttpBufferSize: MAX_PAYLOAD_BYTES,
    cors: { origin: false },
    serveClient: false,
    // No connectionStateRecovery: it buffers every broadcast for minutes in memory, and our clients
    // recover from the snapshot + sequence numbers anyway (R9).
  });
  const { hall, auth, log } = deps;

  const withAuth = (nsp: Namespace, roles: readonly TokenRole[] | null) => {
    nsp.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (roles === null && (token === undefined || token === null || token === '')) {
        (socket.data as SocketData).principal = null;
        return next();
      }
      const r = auth.authenticate(typeof token === 'string' ? token : undefined);
      if (!r.ok) return next(Object.assign(new Error(r.code), { data: { code: r.code, message: r.message } }));
      if (roles !== null && !hasRole(r.principal, roles))
        return next(Object.assign(new Error('FORBIDDEN'), { data: { code: 'FORBIDDEN', message: ERRORS.FORBIDDEN.message } }));
      (socket.data as SocketData).principal = r.principal;
      return next();
    });
  };

  const actorOf = (socket: AnySocket, nsp: string): Actor => {
    const p = (socket.data as SocketData).principal;
    return p
      ? { kind: p.kind, id: p.id, role: p.role, source: `socket ${nsp} ${socket.handshake.address}` }
      : { kind: 'device', id: 'anonymous', role: 'display', source: `socket ${nsp}` };
  };

  /** Binds one event: parse the payload, run it, ack the result. Never throws into Socket.IO. */
  function on<S extends z.ZodType, T>(
    socket: AnySocket,
    event: string,
    schema: S | null,
    handler: (req: z.infer<S>) => Result<T> | Promise<Result<T>>,
  ) {
    (socket as unknown as Socket).on(event, async (raw: unknown, ack: unknown) => {
      const reply = typeof ack === 'function' ? (ack as (r: AckResult<unknown>) => void) : () => undefined;
      try {
        let req: z.infer<S> = raw as z.infer<S>;
        if (schema) {
          const r = schema.safeParse(raw ?? {});
          if (!r.success)
            return reply(
              errorAck(
                'VALIDATION_FAILED',
                `输入内容有误 / Invalid input: ${r.error.issues
                  .slice(0, 3)
                  .map((i) => `${i.path.join('.') || 'payload'} ${i.message}`)
                  .join('; ')}`,
              ),
            );
          req = r.data;
        }
        const result = await handler(req);
        reply(result.ok ? { ok: true, data: result.value } : errorAck(result.code, result.message));
      } catch (err) {
        log.error({ err, event }, 'socket handler failed');
        reply(errorAck('BAD_REQUEST', '服务器无法处理该请求 / The server could not handle this request'));
      }
    });
  }

  const commonHandlers = (socket: AnySocket, withTickets = true) => {
    on(socket, 'hall:resync', null, () => ({ ok: true, value: hall.snapshot({ withTickets }) }));
    (socket as unknown as Socket).emit('hall:snapshot', hall.snapshot({ withTickets }));
  };

  const windowHandlers = (socket: AnySocket, nsp: string) => {
    const act =
      (cmd: (req: never) => WindowCommand) =>
      (req: { windowId: string }): Result<unknown> => {
        const r = hall.windowCommand(actorOf(socket, nsp), req.windowId, cmd(req as never));
        return r.ok ? { ok: true, value: r.value.ticket } : r;
      };
    on(socket, 'window:sign-in', WindowCmdSchema, (req) => hall.signIn(actorOf(socket, nsp), req.windowId));
    on(socket, 'window:sign-out', WindowCmdSchema, (req) => hall.signOut(actorOf(socket, nsp), req.windowId));
    on(
      socket,
      'ticket:call-next',
      WindowCmdSchema,
      act(() => ({ type: 'call-next' })),
    );
    on(
      socket,
      'ticket:recall',
      WindowCmdSchema,
      act(() => ({ type: 'recall' })),
    );
    on(
      socket,
      'ticket:start',
      WindowCmdSchema,
      act(() => ({ type: 'start' })),
    );
    on(
      socket,
      'ticket:finish',
      WindowCmdSchema,
      act(() => ({ type: 'finish' })),
    );
    on(
      socket,
      'ticket:no-show',
      WindowCmdSchema,
      act(() => ({ type: 'no-show' })),
    );
    on(
      socket,
      'ticket:suspend',
      WindowCmdSchema,
      act(() => ({ type: 'suspend' })),
    );
    on(
      socket,
      'ticket:resume',
      CallSpecificCommand,
      act((r: z.infer<typeof CallSpecificCommand>) => ({ type: 'resume-ticket', ticketId: r.ticketId })),
    );
    on(
      socket,
      'ticket:call-specific',
      CallSpecificCommand,
      act((r: z.infer<typeof CallSpecificCommand>) => ({ type: 'call-specific', ticketId: r.ticketId })),
    );
    on(
      socket,
      'ticket:requeue',
      RequeueCommand,
      act((r: z.infer<typeof RequeueCommand>) => ({ type: 'requeue', ticketId: r.ticketId, position: r.position })),
    );
    on(
      socket,
      'ticket:transfer',
      WindowTransferCommand,
      act((r: z.infer<typeof WindowTransferCommand>) => ({
        type: 'transfer',
        categoryId: r.to.categoryId,
        windowId: r.to.windowId,
        note: r.to.note,
      })),
    );
    on(socket, 'window:pause', WindowPauseCommand, (req) => {
      const r = hall.windowCommand(actorOf(socket, nsp), req.windowId, { type: 'pause', reason: req.reason });
      return r.ok ? { ok: true, value: r.value.window } : r;
    });
    on(socket, 'window:resume', WindowCmdSchema, (req) => {
      const r = hall.windowCommand(actorOf(socket, nsp), req.windowId, { type: 'unpause' });
      return r.ok ? { ok: true, value: r.value.window } : r;
    });
  };

  const kiosk = io.of(NAMESPACES.kiosk);
  withAuth(kiosk, ['kiosk', 'staff']);
  kiosk.on('connection', (socket) => {
    commonHandlers(socket as AnySocket, false);
    on(socket as AnySocket, 'ticket:issue', KioskIssueCommand, (req) =>
      hall.issueTicket(actorOf(socket as AnySocket, NAMESPACES.kiosk), req),
    );
  });

  const display = io.of(NAMESPACES.display);
  withAuth(display, null);
  display.on('connection', (socket) => commonHandlers(socket as AnySocket, false));

  const counter = io.of(NAMESPACES.counter);
  withAuth(counter, ['staff']);
  counter.on('connection', (socket) => {
    commonHandlers(socket as AnySocket);
    windowHandlers(socket as AnySocket, NAMESPACES.counter);
  });

  const supervisor = io.of(NAMESPACES.supervisor);
  withAuth(supervisor, ['supervisor']);
  supervisor.on('connection', (socket) => {
    commonHandlers(socket as AnySocket);
    windowHandlers(socket as AnySocket, NAMESPACES.supervisor);
    on(socket as AnySocket, 'window:set-allocation', WindowAllocationCommand, (req) =>
      hall.setAllocation(actorOf(socket as AnySocket, NAMESPACES.supervisor), req.windowId, {
        categories: req.allocation.categories,
        until: req.allocation.until ? Date.parse(req.allocation.until) : undefined,
        pinned: req.allocation.pinned,
      }),
    );
    on(socket as AnySocket, 'alert:acknowledge', AlertAckCommand, (req) =>
      deps.alerts.acknowledge(req.alertId, actorOf(socket as AnySocket, NAMESPACES.supervisor)),
    );
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

export type { Failure };
