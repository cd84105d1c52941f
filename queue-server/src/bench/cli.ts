/**
 * `npm run -s bench -- --json`: every benchmark of `docs/benchmarks.md`, each next to its baseline in
 * the same run. Compare ratios, not absolute numbers: these machines are shared.
 *
 * - realtime: the real server process with its real database; 100 windows, 40 display sockets, 10 kiosk
 *   sockets, all real Socket.IO clients in other processes on loopback. callToDisplayMs is, per call, the
 *   time from the counter client's call-next to the moment the LAST display socket received the call.
 *   bareRelayMs is the same fan-out through a relay-only Socket.IO server (relay-server.ts).
 * - ticketIssueMs: kiosk sockets issuing at 20/s in total, request to acknowledgement.
 * - durableIssuesPerSec: tickets issued back-to-back through the hall service (each committed with the
 *   production settings, WAL + synchronous=FULL, before its promise resolves); bareSqliteInsertsPerSec:
 *   single-row inserts, each its own transaction, same settings. Both in this process, same disk.
 *   `durableIssuesPerSecOverRest` adds the HTTP round trip (one kiosk, back-to-back).
 * - serverRssMB: the server process's peak resident memory (VmHWM) over the realtime run.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { benchHallConfig } from './bench-config.ts';
import { createQueueServer } from '../server.ts';
import { percentile } from '@hall/contract';

const ROOT = resolve(import.meta.dirname, '../../..');
const WORKER = join(import.meta.dirname, 'client-worker.ts');

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    calls: { type: 'string', default: '5000' },
    windows: { type: 'string', default: '100' },
    displays: { type: 'string', default: '40' },
    kiosks: { type: 'string', default: '10' },
    issues: { type: 'string', default: '300' },
  },
  strict: true,
});
const CALLS = Number(args.calls);
const WINDOWS = Number(args.windows);
const DISPLAYS = Number(args.displays);
const KIOSKS = Number(args.kiosks);
const log = (msg: string) => {
  if (!args.json) process.stderr.write(`${msg}\n`);
  else process.stderr.write(`[bench] ${msg}\n`);
};
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const dist = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: round(percentile(s, 50)), p99: round(percentile(s, 99)) };
};

function waitListening(child: ChildProcess): Promise<string> {
  return new Promise((res, rej) => {
    let out = '';
    const t = setTimeout(() => rej(new Error(`no listening line:\n${out}`)), 60_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(t);
        res(m[1]);
      }
    });
    child.stderr?.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(t);
      rej(new Error(`exited ${code}:\n${out}`));
    });
  });
}

function worker(role: string, url: string, count: number, extra: string, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = fork(WORKER, [role, url, String(count), extra], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((res, rej) => {
    child.once('message', (m: { type: string }) => (m.type === 'ready' ? res(child) : rej(new Error('bad worker'))));
    child.once('exit', (code) => rej(new Error(`${role} worker exited ${code}`)));
  });
}

function ask<T>(child: ChildProcess, msg: object, type: string): Promise<T> {
  return new Promise((res) => {
    const on = (m: { type: string }) => {
      if (m.type === type) {
        child.off('message', on);
        res(m as T);
      }
    };
    child.on('message', on);
    child.send(msg);
  });
}

async function fanOut(url: string, relay: boolean, token: string): Promise<number[]> {
  const env: Record<string, string> = { BENCH_RELAY: relay ? '1' : '0', BENCH_TOKEN: token };
  const perWorker = Math.ceil(DISPLAYS / 4);
  const displays = await Promise.all(
    [0, 1, 2, 3].map((i) => worker('display', url, Math.min(perWorker, DISPLAYS - i * perWorker), '', env)),
  );
  const counter = await worker('counter', url, CALLS, String(WINDOWS), env);
  const { sent } = await ask<{ sent: Record<string, number> }>(counter, { type: 'go' }, 'done');
  await new Promise((r) => setTimeout(r, 500));
  const reports = await Promise.all(displays.map((d) => ask<{ received: Record<string, number> }>(d, { type: 'report' }, 'report')));
  const latencies: number[] = [];
  let missing = 0;
  for (const [key, t0] of Object.entries(sent)) {
    const times = reports.map((r) => r.received[key]);
    if (times.some((t) => t === undefined)) {
      missing += 1;
      continue;
    }
    latencies.push(Math.max(...(times as number[])) - t0);
  }
  if (missing > 0) log(`${missing} ${relay ? 'relays' : 'calls'} did not reach every display`);
  for (const c of [...displays, counter]) c.kill('SIGTERM');
  return latencies;
}

async function api(url: string, path: string, body: unknown, token?: string): Promise<any> {
  const res = await fetch(`${url}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

function bareSqliteInsertsPerSec(dir: string, seconds = 2): number {
  const db = new Database(join(dir, 'bare.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  const ins = db.prepare('INSERT INTO t (v) VALUES (?)');
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < seconds * 1000) {
    ins.run(`row-${n}`);
    n += 1;
  }
  const perSec = n / ((performance.now() - start) / 1000);
  db.close();
  return perSec;
}

async function durableIssuesPerSec(dir: string, seconds = 2): Promise<number> {
  const config = benchHallConfig(16);
  // Production settings: the same database pragmas and the same scheduler (which keeps wait estimates warm).
  const srv = await createQueueServer({
    config: { ...config, staff: [] },
    port: 0,
    dataDir: join(dir, 'durable'),
    adminPassword: 'bench-admin-password',
    printers: new Map(),
    backupKeep: 0,
  });
  const actor = { kind: 'device' as const, id: 'bench-kiosk', role: 'kiosk' as const, source: 'bench' };
  const cats = config.categories.map((c) => c.id);
  for (let i = 0; i < 50; i++) await srv.hall.issueTicket(actor, { categoryId: cats[i % cats.length] as string });
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < seconds * 1000) {
    const r = await srv.hall.issueTicket(actor, { categoryId: cats[n % cats.length] as string });
    if (!r.ok) throw new Error(r.code);
    n += 1;
  }
  const perSec = n / ((performance.now() - start) / 1000);
  await srv.close();
  return perSec;
}

function peakRssMB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return round(kb / 1024, 1);
  } catch {
    return 0;
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hall-bench-'));
  const procs: ChildProcess[] = [];
  try {
    log('bare SQLite inserts …');
    const bare = bareSqliteInsertsPerSec(dir);
    log('durable issues …');
    const durable = await durableIssuesPerSec(dir);

    log('relay floor …');
    const relay = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'relay-server.ts')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    procs.push(relay);
    const relayUrl = await waitListening(relay);
    const relayLat = await fanOut(relayUrl, true, '');
    relay.kill('SIGTERM');

    log('real server (the production bundle, dist/server/main.js) …');
    await new Promise<void>((res, rej) =>
      spawn(process.execPath, ['scripts/build-server.mjs'], { cwd: ROOT, stdio: 'inherit' }).once('exit', (c) =>
        c === 0 ? res() : rej(new Error('server build failed')),
      ),
    );
    const configFile = join(dir, 'bench-hall.json');
    writeFileSync(configFile, JSON.stringify(benchHallConfig(WINDOWS)));
    const serverArgs = ['dist/server/main.js', '--port', '0', '--data', join(dir, 'data'), '--config', configFile];
    const serverEnv = { ...process.env, HALL_ADMIN_PASSWORD: 'bench-admin-password', LOG_LEVEL: 'error' };
    // First start seeds the accounts (scrypt hashing is memory-hungry); the measured run is a normal start.
    const seed = spawn(process.execPath, serverArgs, { cwd: ROOT, env: serverEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    await waitListening(seed);
    await new Promise((res) => {
      seed.once('exit', res);
      seed.kill('SIGTERM');
    });
    const server = spawn(process.execPath, serverArgs, { cwd: ROOT, env: serverEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    procs.push(server);
    const url = await waitListening(server);
    const sup = (await api(url, '/auth/login', { username: 'admin', password: 'bench-admin-password' })).token as string;
    const kiosk = (await api(url, '/devices/pair-local', { kind: 'kiosk', deviceId: 'BENCH', name: 'bench' })).token as string;
    const cats = benchHallConfig(1).categories.map((c) => c.id);
    log(`issuing ${CALLS} tickets for the calls …`);
    for (let i = 0; i < CALLS; i += 10) {
      await Promise.all(
        Array.from({ length: Math.min(10, CALLS - i) }, (_, j) => api(url, '/tickets', { categoryId: cats[(i + j) % cats.length] }, kiosk)),
      );
    }
    log('call → display fan-out …');
    const callLat = await fanOut(url, false, sup);
    log('kiosk issuing at 20/s …');
    const kioskWorker = await worker('kiosk', url, KIOSKS, `20:${args.issues}:${cats.join(',')}`, { BENCH_TOKEN: kiosk });
    const { latencies: issueLat } = await ask<{ latencies: number[] }>(kioskWorker, { type: 'go' }, 'done');
    kioskWorker.kill('SIGTERM');
    const rss = peakRssMB(server.pid as number);
    const socketWorker = await worker('kiosk', url, 1, `0:2:${cats.join(',')}`, { BENCH_TOKEN: kiosk });
    const { perSec: overRest } = await ask<{ perSec: number }>(socketWorker, { type: 'go', mode: 'durable' }, 'done');
    socketWorker.kill('SIGTERM');
    server.kill('SIGTERM');

    const callToDisplayMs = dist(callLat);
    const bareRelayMs = dist(relayLat);
    const result = {
      realtime: {
        windows: WINDOWS,
        displays: DISPLAYS,
        kiosks: KIOSKS,
        calls: callLat.length,
        callToDisplayMs,
        bareRelayMs,
        ticketIssueMs: dist(issueLat),
      },
      durableIssuesPerSec: Math.round(durable),
      bareSqliteInsertsPerSec: Math.round(bare),
      serverRssMB: rss,
      durableIssuesPerSecOverRest: Math.round(overRest),
      targets: {
        callToDisplayP99WithinBound: callToDisplayMs.p99 <= 2 * bareRelayMs.p99 + 5,
        callToDisplayBoundMs: round(2 * bareRelayMs.p99 + 5),
        durableRatio: round(durable / bare, 3),
        durableRatioMet: durable >= 0.5 * bare,
        rssMet: rss <= 200,
      },
    };
    process.stdout.write(`${JSON.stringify(result, null, args.json ? 0 : 2)}\n`);
  } finally {
    for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
