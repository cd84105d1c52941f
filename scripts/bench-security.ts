/**
 * Security benchmark: can an unauthenticated client exhaust the hall, and do logins stall it?
 *
 *   npm run -s bench:security        (a table on stderr, JSON on stdout)
 *
 * Runs the real server as a child process (`main.ts`, the demo hall open all day, its own data folder) and
 * measures, from this process:
 *
 * - floor: `/health` latency with nothing else going on (p50/p99), and the server's resident memory;
 * - flood: 6 sockets on /display with no token (the demo's one-machine screen) send 60,000 `hall:resync`
 *   between them as fast as they can; the server's peak RSS (sampled from /proc every 50 ms) and `/health`
 *   p99 meanwhile, and how many resyncs were answered with a snapshot or RATE_LIMITED;
 * - logins: rounds of 16 concurrent good logins; `/health` p99 meanwhile.
 *
 * `/health` is probed every 10 ms, one request at a time, from this thread; the flood runs in a worker thread
 * of its own, so the attacker's work does not stall the probe's event loop. Every figure is printed beside the floor measured
 * in the same run, on the same machine.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';
import { startServerProcess } from '../queue-server/src/testing/server-process.ts';

const SOCKETS = 6;
const RESYNCS = 60_000;
const LOGINS = 16;
const LOGIN_ROUNDS = 6;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rssMb(pid: number): { rss: number; hwm: number } {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

function pct(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
}

/** Probes /health every `everyMs` until stopped; returns the latencies in ms. */
function probe(url: string, everyMs = 10): { stop: () => Promise<number[]> } {
  const lat: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      try {
        const r = await fetch(`${url}/api/v1/health`);
        await r.arrayBuffer();
      } catch {
        /* counted as its latency anyway */
      }
      lat.push(performance.now() - t0);
      await sleep(everyMs);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return lat;
    },
  };
}

function sampleRss(pid: number): { stop: () => number } {
  let peak = 0;
  const t = setInterval(() => {
    try {
      peak = Math.max(peak, rssMb(pid).rss);
    } catch {
      /* process gone */
    }
  }, 50);
  return {
    stop: () => {
      clearInterval(t);
      return peak;
    },
  };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hall-bench-sec-'));
  const server = await startServerProcess(['--data', dataDir]);
  const pid = server.child.pid as number;
  const url = server.url;
  try {
    // warm up: pages of code paths, the first snapshot, the first hash
    for (let i = 0; i < 50; i++) await fetch(`${url}/api/v1/health`).then((r) => r.arrayBuffer());
    await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'supervisor', password: 'hall-demo-2026' }),
    });
    await sleep(500);

    // ── floor ──
    const idleRss = rssMb(pid).rss;
    const idle = probe(url);
    await sleep(4000);
    const floor = await idle.stop();

    // ── flood ──
    const rss = sampleRss(pid);
    const floodProbe = probe(url);
    const t0 = performance.now();
    // The worker loads this same file through tsx's loader (a worker does not inherit the main thread's hooks).
    const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
    const worker = new Worker(boot, { eval: true, workerData: { url } });
    const f = await new Promise<FloodResult>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    const floodMs = performance.now() - t0;
    const flood = await floodProbe.stop();
    const floodPeak = rss.stop();
    await sleep(500);

    // ── logins ──
    const users = ['supervisor', 'wangke', 'supervisor', 'wangke'];
    const loginProbe = probe(url);
    const loginMs: number[] = [];
    let loginOk = 0;
    for (let round = 0; round < LOGIN_ROUNDS; round++) {
      await Promise.all(
        Array.from({ length: LOGINS }, async (_, i) => {
          const t = performance.now();
          const r = await fetch(`${url}/api/v1/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: users[i % users.length], password: 'hall-demo-2026' }),
          });
          await r.arrayBuffer();
          if (r.status === 200) loginOk += 1;
          loginMs.push(performance.now() - t);
        }),
      );
      await sleep(200);
    }
    const logins = await loginProbe.stop();

    const r1 = (x: number) => Math.round(x * 10) / 10;
    const result = {
      floor: { healthP50Ms: r1(pct(floor, 50)), healthP99Ms: r1(pct(floor, 99)), samples: floor.length, rssMb: r1(idleRss) },
      flood: {
        resyncs: RESYNCS,
        sockets: SOCKETS,
        seconds: r1(floodMs / 1000),
        answeredWithSnapshot: f.snapshots,
        rateLimited: f.limited,
        otherAnswers: f.other,
        unansweredOnDisconnectedSockets: f.unanswered,
        connectionsOpened: f.reconnects,
        connectionsRefused: f.refusedConnections,
        peakRssMb: r1(floodPeak),
        healthP50Ms: r1(pct(flood, 50)),
        healthP99Ms: r1(pct(flood, 99)),
        samples: flood.length,
      },
      logins: {
        concurrent: LOGINS,
        rounds: LOGIN_ROUNDS,
        ok: loginOk,
        loginP50Ms: r1(pct(loginMs, 50)),
        healthP50Ms: r1(pct(logins, 50)),
        healthP99Ms: r1(pct(logins, 99)),
        samples: logins.length,
      },
      targets: { floodPeakRssMb: 250, floodHealthP99Ms: 200, loginHealthP99Ms: 100 },
      serverPeakRssMbWholeRun: r1(rssMb(pid).hwm),
    };
    const line = (what: string, v: number, floorV: number, unit: string, target: number) =>
      `${what.padEnd(34)} ${String(v).padStart(8)} ${unit}   floor ${String(floorV).padStart(6)} ${unit}   target < ${target} ${unit}`;
    process.stderr.write(
      [
        `security benchmark (${SOCKETS} sockets × ${RESYNCS / SOCKETS} resyncs; ${LOGIN_ROUNDS} rounds × ${LOGINS} logins)`,
        line('flood: server peak RSS', result.flood.peakRssMb, result.floor.rssMb, 'MB', 250),
        line('flood: /health p99', result.flood.healthP99Ms, result.floor.healthP99Ms, 'ms', 200),
        line('16 concurrent logins: /health p99', result.logins.healthP99Ms, result.floor.healthP99Ms, 'ms', 100),
        `flood: ${f.snapshots} snapshots, ${f.limited} RATE_LIMITED, ${f.unanswered} dropped with their socket, ${f.other} other; ` +
          `${f.reconnects} connections opened, ${f.refusedConnections} refused; ${result.flood.seconds} s`,
        '',
      ].join('\n'),
    );
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The attacker, in a worker thread: 6 tokenless /display sockets send 60,000 resyncs between them as fast as
 * they go. The server disconnects a socket that keeps asking after being refused; the attacker then
 * reconnects at once and goes on, until all 60,000 are sent.
 */
async function flood(url: string): Promise<FloodResult> {
  const r: FloodResult = { snapshots: 0, limited: 0, other: 0, unanswered: 0, reconnects: 0, refusedConnections: 0 };
  const per = RESYNCS / SOCKETS;
  const attacker = async () => {
    let sent = 0;
    while (sent < per) {
      let s: Socket;
      try {
        s = await new Promise<Socket>((resolve, reject) => {
          const x = io(`${url}/display`, { transports: ['websocket'], reconnection: false, forceNew: true });
          x.once('connect', () => resolve(x));
          x.once('connect_error', (e) => {
            x.close();
            reject(e);
          });
        });
      } catch {
        r.refusedConnections += 1;
        await sleep(5);
        continue;
      }
      r.reconnects += 1;
      await new Promise<void>((resolve) => {
        let pending = 0;
        let closed = false;
        const finish = () => {
          if (!closed && sent >= per && pending === 0) {
            closed = true;
            s.disconnect();
            resolve();
          }
        };
        s.once('disconnect', () => {
          r.unanswered += pending;
          pending = 0;
          if (!closed) {
            closed = true;
            resolve();
          }
        });
        const onAck = (a: { ok: boolean; code?: string }) => {
          pending -= 1;
          if (a.ok) r.snapshots += 1;
          else if (a.code === 'RATE_LIMITED') r.limited += 1;
          else r.other += 1;
          finish();
        };
        // As fast as the client can: slices of 500 per turn of this thread's loop, so it reads answers too.
        const burst = () => {
          if (closed || !s.connected) return;
          for (let i = 0; i < 500 && sent < per; i++, sent++, pending++) s.emit('hall:resync', {}, onAck);
          if (sent < per) setImmediate(burst);
          else finish();
        };
        burst();
      });
    }
  };
  await Promise.all(Array.from({ length: SOCKETS }, attacker));
  return r;
}

interface FloodResult {
  snapshots: number;
  limited: number;
  other: number;
  /** Sent on a socket the server then disconnected, never answered. */
  unanswered: number;
  /** Connections the attacker opened (the first included). */
  reconnects: number;
  refusedConnections: number;
}

if (isMainThread) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
} else {
  void flood((workerData as { url: string }).url).then((r) => parentPort?.postMessage(r));
}
