/**
 * Socket.IO for city dashboards, read-only. Namespace `/city`: a signed-in central account connects with
 * `auth: {token}` and receives `hall:update` `{hallId, ackSeq, lastSeenAt, live}` whenever an uplink to
 * ANY central node stored something. Nodes share their broadcasts through `@socket.io/postgres-adapter`
 * (PostgreSQL LISTEN/NOTIFY on the central's own database), so no extra bus is needed.
 */
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/postgres-adapter';
import type { Db } from '../db/pool.ts';
import type { AuthService } from '../accounts/auth-service.ts';
import type { Logger } from '../log.ts';

export interface HallUpdate {
  hallId: string;
  ackSeq: number;
  lastSeenAt: string;
  waiting: number | null;
}

export interface Realtime {
  hallUpdated(u: HallUpdate): void;
  close(): Promise<void>;
}

/** Created by migration 003 (under the migrations' lock: nodes may start together). */
const ADAPTER_TABLE = 'socket_io_attachments';

export async function createRealtime(http: HttpServer, db: Db, auth: AuthService, log: Logger): Promise<Realtime> {
  const io = new Server(http, { path: '/socket.io', serveClient: false, cors: { origin: false } });
  io.adapter(
    createAdapter(db, { tableName: ADAPTER_TABLE, errorHandler: (err: Error) => log.warn({ err: err.message }, 'socket.io adapter') }),
  );
  const city = io.of('/city');
  city.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown }).token;
    if (typeof token !== 'string') return next(new Error('UNAUTHENTICATED'));
    auth.authenticate(token).then(
      (p) => ('ok' in p ? next(new Error(p.code)) : next()),
      () => next(new Error('STORAGE_UNAVAILABLE')),
    );
  });
  city.on('connection', (socket) => {
    // Sockets carry no commands: anything a dashboard sends is ignored.
    socket.onAny(() => socket.emit('error', { code: 'BAD_REQUEST' }));
  });
  return {
    hallUpdated(u) {
      city.emit('hall:update', u);
    },
    /** Disconnects dashboards and stops the adapter; the HTTP server is closed by its owner. */
    async close() {
      io.disconnectSockets(true);
      city.disconnectSockets(true);
      for (const nsp of [io.of('/'), city]) await Promise.resolve(nsp.adapter.close()).catch(() => undefined);
    },
  };
}
