/** Test helpers: a real server on port 0 with real SQLite, and real Socket.IO clients (R15). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as ioClient, type Socket } from 'socket.io-client';
import { businessDate, localTimeToEpoch, type HallConfig } from '@hall/contract';
import { loadHallConfig } from '../config/load-config.ts';
import { createQueueServer, type QueueServer, type ServerOptions } from '../server.ts';
import { systemClock, type Clock } from '../services/clock.ts';

export const ADMIN_PASSWORD = 'test-admin-password';
export const DEMO_PASSWORD = 'hall-demo-2026';

export interface TestServer extends QueueServer {
  dataDir: string;
  /** The server's clock (a test compares server times with this, never with `Date.now()`). */
  clock: Clock;
  login(username: string, password?: string): Promise<string>;
  kioskToken(): Promise<string>;
  api(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; text: string }>;
  /** `setup` runs before connecting, so listeners catch the snapshot sent on connect. */
  socket(nsp: string, token?: string, setup?: (s: Socket) => void): Promise<Socket>;
  stop(): Promise<void>;
}

/** Opening hours under which the hall is open all day, every day (for tests on the wall clock). */
export function allDayHours(c: HallConfig): void {
  const day = [{ open: '00:00', close: '23:59' }];
  c.hours = { ...c.hours, weekdays: day, saturday: day, sunday: day, holidays: [], workdays: [], lastTicketMinutesBeforeClose: 0 };
}

/**
 * The wall clock moved to 10:00 of today in the hall's zone, running at real speed. A test on the wall clock
 * then never meets the hall's closing time or midnight's end-of-day run, whatever hour the suite runs at (a
 * CI run at 23:42 Beijing time once saw every wait read 今日可能办不完). The pages follow: they read the
 * server's clock through the skew the hall stream measures.
 */
export function daytimeClock(timeZone: string): Clock {
  let shift = SHIFTS.get(timeZone);
  if (shift === undefined) {
    const startedAt = systemClock.now();
    shift = localTimeToEpoch(businessDate(startedAt, timeZone), '10:00', timeZone) - startedAt;
    SHIFTS.set(timeZone, shift);
  }
  const by = shift;
  return { now: () => systemClock.now() + by };
}
/** One shift per zone and test file: a hall restarted in the same test never sees its time go back. */
const SHIFTS = new Map<string, number>();

export function demoConfig(patch?: (c: HallConfig) => void): HallConfig {
  const c = loadHallConfig();
  patch?.(c);
  return c;
}

/**
 * A real hall with every module, on port 0, no scheduler (tests tick it), the ratings outbox off. With no
 * `clock` given the hall runs on `daytimeClock` and is open all day, so no test depends on the hour it runs
 * at; a test about opening hours injects a clock and keeps its configuration's hours.
 */
export async function startTestServer(opts: Partial<ServerOptions> & { clock?: Clock } = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'hall-test-'));
  const config = opts.config ?? demoConfig();
  if (!opts.clock) allDayHours(config);
  const clock = opts.clock ?? daytimeClock(config.hall.timeZone);
  const server = await createQueueServer({
    port: 0,
    dataDir,
    adminPassword: ADMIN_PASSWORD,
    tickMs: 0,
    ...opts,
    clock,
    config,
    modules: { ratings: { outbox: { kind: 'off' } }, ...opts.modules },
  });
  const sockets: Socket[] = [];
  const api: TestServer['api'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | undefined;
    if (o.raw !== undefined) body = o.raw;
    else if (o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetch(`${server.url}/api/v1${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    return { status: res.status, body: parsed, text };
  };
  return {
    ...server,
    dataDir,
    clock,
    api,
    async login(username, password) {
      const r = await api('POST', '/auth/login', {
        body: { username, password: password ?? (username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD) },
      });
      if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${r.text}`);
      return r.body.token as string;
    },
    async kioskToken() {
      const r = await api('POST', '/devices/pair-local', { body: { kind: 'kiosk', deviceId: 'KIOSK1', name: 'test kiosk' } });
      if (r.status !== 200) throw new Error(`pair failed ${r.text}`);
      return r.body.token as string;
    },
    socket(nsp, token, setup) {
      const s = ioClient(`${server.url}${nsp}`, {
        auth: token ? { token } : {},
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        autoConnect: false,
      });
      sockets.push(s);
      setup?.(s);
      s.connect();
      return new Promise((resolve, reject) => {
        s.once('connect', () => resolve(s));
        s.once('connect_error', (e) => reject(e));
      });
    },
    async stop() {
      for (const s of sockets) s.disconnect();
      await server.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
