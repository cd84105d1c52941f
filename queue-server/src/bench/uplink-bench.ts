/**
 * `node --import tsx queue-server/src/bench/uplink-bench.ts [--json]`: what the uplink costs the hall, and
 * how fast a backlog drains, each beside its floor measured in the same run.
 *
 * - issuesPerSec.{off,centralDown,centralUp}: tickets issued back-to-back through the hall service with
 *   production database settings, with the uplink off, on with the central stopped, and on with it running
 *   (the three phases alternate three times; the median of each is reported). The uplink must not slow
 *   commands.
 * - catchUpEventsPerSec: the events of `--backlog` tickets (2,000) issued while the central was down, drained
 *   once it is back (from the first attempt after the central's start to the last acknowledgement).
 *   bareBatchEventsPerSec: the same number of events, pre-serialised in batches of 500, posted straight
 *   to the same central: the floor of transport + central, without reading, projecting or hashing.
 *   The central (testing/fake-central.ts) runs in its own process, so its work does not count as the hall's.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { UPLINK_MAX_EVENTS, type UplinkBatch } from '@hall/contract';
import { benchHallConfig } from './bench-config.ts';
import { createQueueServer, type QueueServer } from '../server.ts';
import { allDayHours } from '../testing/test-server.ts';
import { toUplinkEvent } from '../uplink/projection.ts';

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '2' },
    backlog: { type: 'string', default: '2000' },
  },
});
const SECONDS = Number(args.seconds);
const BACKLOG = Number(args.backlog);
const log = (m: string) => process.stderr.write(`[uplink-bench] ${m}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const actor = { kind: 'device' as const, id: 'bench-kiosk', role: 'kiosk' as const, source: 'bench' };

async function issueFor(srv: QueueServer, seconds: number): Promise<number> {
  const cats = srv.config.categories.map((c) => c.id);
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < seconds * 1000) {
    const r = await srv.hall.issueTicket(actor, { categoryId: cats[n % cats.length] as string });
    if (!r.ok) throw new Error(r.code);
    n += 1;
  }
  return n / ((performance.now() - start) / 1000);
}

const KEY = 'bench-hall-key-0001';

/** The central in a child process (see central-process.ts). */
async function centralProcess(): Promise<{ url: string; send(op: 'stop' | 'start'): Promise<void>; child: ChildProcess }> {
  const child = fork(join(import.meta.dirname, 'central-process.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, CENTRAL_KEY: KEY },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve((m as { port: number }).port)));
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    send: (op) =>
      new Promise((resolve) => {
        child.once('message', () => resolve());
        child.send(op);
      }),
  };
}

async function hall(dir: string, central?: { url: string }): Promise<QueueServer> {
  const config = benchHallConfig(16);
  allDayHours(config); // measured at any hour of the day
  return createQueueServer({
    config: { ...config, staff: [] },
    port: 0,
    dataDir: dir,
    adminPassword: 'bench-admin-password',
    printers: new Map(),
    backupKeep: 0,
    ...(central ? { central: { url: central.url, hallId: 'bench', key: KEY } } : {}),
    modules: { uplink: { sender: { maxBackoffMs: 200, baseBackoffMs: 50 } } },
  });
}

async function waitSynced(srv: QueueServer): Promise<void> {
  for (;;) {
    const s = srv.uplink.status();
    if (s.state === 'ok' && s.ackSeq === s.lastSeq) return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hall-uplink-bench-'));
  try {
    const off = await hall(join(dir, 'off'));
    const central = await centralProcess();
    const on = await hall(join(dir, 'on'), central);
    await issueFor(off, 0.3);
    await issueFor(on, 0.3);
    const runs = { off: [] as number[], centralDown: [] as number[], centralUp: [] as number[] };
    for (let round = 0; round < 3; round++) {
      await waitSynced(on);
      runs.centralUp.push(await issueFor(on, SECONDS));
      runs.off.push(await issueFor(off, SECONDS));
      await waitSynced(on);
      await central.send('stop');
      runs.centralDown.push(await issueFor(on, SECONDS));
      await central.send('start');
      on.uplink.sender?.start();
      log(`round ${round + 1} done`);
    }
    // The drain: a backlog of BACKLOG tickets' events logged while the central is down.
    await waitSynced(on);
    await central.send('stop');
    const cats = on.config.categories.map((c) => c.id);
    for (let i = 0; i < BACKLOG; i++) {
      const r = await on.hall.issueTicket(actor, { categoryId: cats[i % cats.length] as string });
      if (!r.ok) throw new Error(r.code);
    }
    const s0 = on.uplink.status();
    const backlog = s0.lastSeq - s0.ackSeq;
    await central.send('start');
    const t0 = performance.now();
    on.uplink.sender?.start(); // try now instead of at the next retry: measure the drain, not the backoff
    await waitSynced(on);
    const catchUp = backlog / ((performance.now() - t0) / 1000);
    log(`backlog ${backlog} events drained at ${Math.round(catchUp)}/s`);
    const last = on.uplink.status().lastSeq;
    const events = on.hall.queries.auditRange(last - backlog + 1, last, backlog).map(toUplinkEvent);
    await on.close();
    await off.close();

    const bodies: string[] = [];
    for (let i = 0; i < events.length; i += UPLINK_MAX_EVENTS) {
      const b: UplinkBatch = { hallId: 'bench', epoch: 'bench-floor-epoch', events: events.slice(i, i + UPLINK_MAX_EVENTS) };
      bodies.push(JSON.stringify(b));
    }
    const t1 = performance.now();
    for (const body of bodies) {
      const r = await fetch(`${central.url}/api/v1/uplink`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
        body,
      });
      await r.json();
    }
    const bare = events.length / ((performance.now() - t1) / 1000);
    central.child.disconnect();

    const out = {
      issuesPerSec: {
        off: Math.round(median(runs.off)),
        centralDown: Math.round(median(runs.centralDown)),
        centralUp: Math.round(median(runs.centralUp)),
      },
      ratioCentralDownToOff: Math.round((median(runs.centralDown) / median(runs.off)) * 100) / 100,
      ratioCentralUpToOff: Math.round((median(runs.centralUp) / median(runs.off)) * 100) / 100,
      backlogEvents: backlog,
      catchUpEventsPerSec: Math.round(catchUp),
      bareBatchEventsPerSec: Math.round(bare),
    };
    process.stdout.write(`${args.json ? JSON.stringify(out) : JSON.stringify(out, null, 2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
