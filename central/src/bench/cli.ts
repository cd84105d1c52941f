/**
 * `npm run -s bench:central [-- --json] [--real-seconds 60] [--concurrency 8] [--flush-ms 100]`: the central server under a
 * city's load. 108 halls (1 city, 7 county, 100 township), each with one simulated day a day (`day-streams.ts`:
 * the project's simulator on the shipped scenarios, projected into uplink events by the hall's own code).
 *
 * - ingestEventsPerSec: every hall's whole day replayed as fast as possible into one central process
 *   (`npm run central`, a child process) in 500-event uplinks, `concurrency` halls at a time;
 *   bareInsertEventsPerSec: the same batches as multi-row INSERTs into a bare table (primary key only) of
 *   the same PostgreSQL, same concurrency: the floor.
 * - peakHourIngestSec: the city's busiest hour of events divided by the measured ingest rate.
 * - lagMs: at the real rate (the next day's peak hour, played on the wall clock for `real-seconds`), each
 *   hall's sender sends its due events `flush-ms` (default 100, the hall sender's debounce) after the first
 *   of them, one request at a time; lag = ack received − the event's time.
 * - dashboardMs: from sending an uplink to a `/city` dashboard socket receiving its `hall:update`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { io } from 'socket.io-client';
import { percentile, type UplinkAck } from '@hall/contract';
import { startPgCluster } from '../testing/pg-cluster.ts';
import { cityDays, type HallDay, type Tier } from './day-streams.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    'real-seconds': { type: 'string', default: '60' },
    concurrency: { type: 'string', default: '8' },
    'flush-ms': { type: 'string', default: '100' },
  },
  strict: true,
});
const REAL_SECONDS = Number(args['real-seconds']);
const CONCURRENCY = Number(args.concurrency);
/** The hall sender's debounce after a commit (uplink-sender.ts `debounceMs`, 100 by default). */
const FLUSH_MS = Number(args['flush-ms']);
const PASSWORD = 'bench-admin-password';
const log = (m: string) => process.stderr.write(`[bench:central] ${m}\n`);
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const dist = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: round(percentile(s, 50)), p99: round(percentile(s, 99)), n: s.length };
};

function startCentralProcess(database: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'central/src/main.ts', '--port', '0', '--database', database], {
    cwd: ROOT,
    env: { ...process.env, CENTRAL_ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m?.[1]) resolve({ child, url: m[1] });
    });
    child.once('exit', (c) => reject(new Error(`central exited ${c}`)));
  });
}

async function post<T>(url: string, path: string, token: string | null, body: unknown): Promise<{ status: number; body: T }> {
  const r = await fetch(`${url}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as T };
}

async function pool<T>(items: readonly T[], n: number, fn: (x: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (i < items.length) await fn(items[i++] as T);
    }),
  );
}

const strip = (e: HallDay['events'][number]) => {
  const { due: _due, ...rest } = e;
  return rest;
};

/** Halls, simulated tickets and uplink events per tier, for the report. */
function tierCounts(days: readonly HallDay[]): Record<Tier, { halls: number; scenario: string; tickets: number; events: number }> {
  const out = {} as Record<Tier, { halls: number; scenario: string; tickets: number; events: number }>;
  for (const h of days) {
    const t = (out[h.tier] ??= { halls: 0, scenario: h.scenario, tickets: 0, events: 0 });
    t.halls += 1;
    t.tickets += h.tickets;
    t.events += h.events.length;
  }
  return out;
}

async function main(): Promise<void> {
  const cluster = await startPgCluster();
  let central: ChildProcess | undefined;
  try {
    const db = await cluster.createDatabase('central_bench');
    const bareDb = await cluster.createDatabase('bare_bench');
    const c = await startCentralProcess(db);
    central = c.child;
    const token = (await post<{ token: string }>(c.url, '/auth/login', null, { username: 'admin', password: PASSWORD })).body.token;
    const g0 = performance.now();
    const day1 = cityDays('2026-12-01', 0);
    log(`simulated day 1 in ${round((performance.now() - g0) / 1000)} s`);
    const keys = new Map<string, string>();
    for (const h of day1)
      keys.set(h.hallId, (await post<{ key: string }>(c.url, '/halls', token, { id: h.hallId, name: h.hallId })).body.key);
    const total = day1.reduce((a, h) => a + h.events.length, 0);
    const tiers = tierCounts(day1);
    log(`${day1.length} halls, ${total} events in the day: ${JSON.stringify(tiers)}`);

    // Dashboard socket: receipt times of hall:update, matched to sends by hall and ackSeq.
    const sent = new Map<string, number>();
    const dashboard: number[] = [];
    const socket = io(`${c.url}/city`, { auth: { token }, transports: ['websocket'] });
    await new Promise<void>((res, rej) => {
      socket.once('connect', () => res());
      socket.once('connect_error', rej);
    });
    socket.on('hall:update', (u: { hallId: string; ackSeq: number }) => {
      const t = sent.get(`${u.hallId}:${u.ackSeq}`);
      if (t !== undefined) dashboard.push(performance.now() - t);
    });

    // 1. Whole day, as fast as possible.
    const batches = day1.map((h) => {
      const out = [];
      for (let i = 0; i < h.events.length; i += 500) out.push(h.events.slice(i, i + 500).map(strip));
      return { h, out };
    });
    const t0 = performance.now();
    await pool(batches, CONCURRENCY, async ({ h, out }) => {
      for (const events of out) {
        const r = await post<UplinkAck>(c.url, '/uplink', keys.get(h.hallId) as string, {
          hallId: h.hallId,
          epoch: 'bench-epoch-1',
          events,
        });
        if (r.status !== 200) throw new Error(`uplink ${r.status} ${JSON.stringify(r.body)}`);
      }
    });
    const ingestSec = (performance.now() - t0) / 1000;
    const ingestRate = total / ingestSec;
    log(`ingest: ${total} events in ${round(ingestSec, 2)} s = ${Math.round(ingestRate)} events/s`);

    // 2. The floor: a bare table, the same batches.
    const bare = new pg.Pool({ connectionString: bareDb, max: CONCURRENCY });
    await bare.query('CREATE TABLE bare_event (hall_id text, seq bigint, data jsonb, PRIMARY KEY (hall_id, seq))');
    const t1 = performance.now();
    await pool(batches, CONCURRENCY, async ({ h, out }) => {
      for (const events of out) {
        const params: unknown[] = [];
        const tuples = events.map((e, k) => {
          params.push(h.hallId, e.seq, JSON.stringify(e));
          return `($${k * 3 + 1}, $${k * 3 + 2}, $${k * 3 + 3})`;
        });
        await bare.query(`INSERT INTO bare_event VALUES ${tuples.join(', ')}`, params);
      }
    });
    const bareSec = (performance.now() - t1) / 1000;
    const bareRate = total / bareSec;
    await bare.end();
    log(`bare insert: ${Math.round(bareRate)} rows/s`);

    // 3. The busiest hour of the city.
    const byHour = new Map<number, number>();
    for (const h of day1)
      for (const e of h.events) byHour.set(Math.floor(e.due / 3600_000), (byHour.get(Math.floor(e.due / 3600_000)) ?? 0) + 1);
    const peakEvents = Math.max(...byHour.values());
    const peakHourStart = [...byHour.entries()].find(([, n]) => n === peakEvents)?.[0] ?? 0;

    // 4. Real rate: day 2's peak hour on the wall clock for REAL_SECONDS.
    const nextSeq = new Map(day1.map((h) => [h.hallId, h.events.length + 1]));
    const day2 = cityDays('2026-12-02', 1, (id) => nextSeq.get(id) ?? 1);
    const offset = peakHourStart * 3600_000 + 86_400_000; // same clock hour on day 2
    const lag: number[] = [];
    const cursor = new Map<string, number>();
    // The morning before the peak hour, sent at once (the halls were online all morning).
    for (const h of day2) {
      const start = h.events.findIndex((e) => e.due >= offset);
      const before = h.events.slice(0, start < 0 ? h.events.length : start).map(strip);
      for (let k = 0; k < before.length; k += 500)
        await post<UplinkAck>(c.url, '/uplink', keys.get(h.hallId) as string, {
          hallId: h.hallId,
          epoch: 'bench-epoch-1',
          events: before.slice(k, k + 500),
        });
      cursor.set(h.hallId, start);
    }
    const wall0 = Date.now();
    let realEvents = 0;
    type Ev = HallDay['events'][number];
    const endAt = wall0 + REAL_SECONDS * 1000;
    const wallOf = (e: Ev) => wall0 + (e.due - offset);
    const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));
    /**
     * One hall's uplink sender as queue-server/src/uplink/uplink-sender.ts runs it: kicked by a commit,
     * it waits FLUSH_MS (its debounce) so a burst travels in one batch, sends what is due, one request at
     * a time, and waits for the ack before the next.
     */
    const sender = async (h: HallDay): Promise<void> => {
      let i = cursor.get(h.hallId) ?? -1;
      if (i < 0) return;
      while (i < h.events.length) {
        const wake = wallOf(h.events[i] as Ev) + FLUSH_MS;
        if (wake >= endAt) return;
        await sleepUntil(wake);
        const due: Ev[] = [];
        while (i < h.events.length && due.length < 500 && wallOf(h.events[i] as Ev) <= Date.now()) due.push(h.events[i++] as Ev);
        sent.set(`${h.hallId}:${(due.at(-1) as Ev).seq}`, performance.now());
        const r = await post<UplinkAck>(c.url, '/uplink', keys.get(h.hallId) as string, {
          hallId: h.hallId,
          epoch: 'bench-epoch-1',
          events: due.map(strip),
        });
        if (r.status !== 200) throw new Error(`uplink ${r.status} ${JSON.stringify(r.body)}`);
        const acked = Date.now();
        for (const e of due) lag.push(acked - wallOf(e));
        realEvents += due.length;
      }
    };
    dashboard.length = 0;
    await Promise.all(day2.map(sender));
    await sleepUntil(endAt);
    socket.disconnect();
    const result = {
      halls: day1.length,
      dayEvents: total,
      tiers,
      ingestEventsPerSec: Math.round(ingestRate),
      bareInsertEventsPerSec: Math.round(bareRate),
      ingestVsBare: round(ingestRate / bareRate, 2),
      peakHourEvents: peakEvents,
      peakHourIngestSec: round(peakEvents / ingestRate, 1),
      realRate: { seconds: REAL_SECONDS, events: realEvents, flushIntervalMs: FLUSH_MS, lagMs: dist(lag) },
      dashboardMs: dist(dashboard),
    };
    if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    if (central && central.exitCode === null) {
      const exited = new Promise((r) => central?.once('exit', r));
      central.kill('SIGTERM');
      await exited;
    }
    await cluster.stop();
  }
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
