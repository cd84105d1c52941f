import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uplinkHashInput, type HallConfig } from '@hall/contract';
import { FakeCentral } from '../testing/fake-central.ts';
import { FakeTimers, neverTimers } from '../testing/fake-timers.ts';
import { allDayHours, demoConfig, startTestServer, type TestServer } from '../testing/test-server.ts';
import { manualClock } from '../services/clock.ts';
import { backupNow, restoreBackup } from '../services/backup.ts';
import type { UplinkOptions } from './uplink-module.ts';

const PERSON = {
  name: '欧阳娜娜',
  idKind: 'resident_id',
  idNumber: '11010519491231002X',
  phone: '13812345678',
  address: '平安县城关镇人民路 88 号',
  fields: {},
};
const PAUSE_TEXT = '去医院看望住院的母亲';
const COMMENT = '工作人员态度很好，联系我 13900001111';

const FAST: UplinkOptions = {
  sender: { debounceMs: 5, heartbeatMs: 60_000, baseBackoffMs: 10, maxBackoffMs: 100, requestTimeoutMs: 2_000 },
  config: { timers: neverTimers },
};

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (stops.length) await stops.pop()?.();
});

async function setup(
  central: FakeCentral,
  opts: { uplink?: UplinkOptions; config?: HallConfig; clock?: ReturnType<typeof manualClock> } = {},
) {
  await central.start();
  stops.push(() => central.stop());
  const srv = await startTestServer({
    printers: new Map(),
    central: { url: central.url, hallId: 'county-1', key: central.key },
    modules: { uplink: opts.uplink ?? FAST },
    ...(opts.config ? { config: opts.config } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  stops.push(() => srv.stop());
  return srv;
}

/** Waits (on the sender's own signal) until the central acknowledged everything the hall logged. */
async function synced(srv: TestServer, timeoutMs = 10_000): Promise<void> {
  const sender = srv.uplink.sender!;
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    await sender.settled();
    const s = sender.status();
    if (s.ackSeq === s.lastSeq && s.state === 'ok') return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`not synced: ${JSON.stringify(srv.uplink.status())}`);
}

/** Issues one ticket and serves it to the end at a window that can take it. */
async function serveOne(srv: TestServer, kiosk: string, staff: string, form?: unknown) {
  const hall = (await srv.api('GET', '/hall')).body;
  const service = hall.services[0];
  const issued = await srv.api('POST', '/tickets', { token: kiosk, body: { serviceId: service.id, ...(form ? { form } : {}) } });
  expect(issued.status).toBe(201);
  const window = srv.config.windows.find((w) => w.skills.includes(service.categoryId))!;
  await srv.api('PUT', `/windows/${window.id}/allocation`, { token: staff, body: { categories: [service.categoryId] } });
  expect((await srv.api('POST', `/windows/${window.id}/call-next`, { token: staff })).status).toBe(200);
  expect((await srv.api('POST', `/windows/${window.id}/start`, { token: staff })).status).toBe(200);
  expect((await srv.api('POST', `/windows/${window.id}/finish`, { token: staff })).status).toBe(200);
  return { ticket: issued.body.ticket, window };
}

describe('uplink to the central server', () => {
  it('delivers every committed event in order, once, with nothing personal in any request', async () => {
    const central = new FakeCentral();
    const srv = await setup(central);
    const kiosk = await srv.kioskToken();
    const staff = await srv.login('supervisor');
    const { ticket, window } = await serveOne(srv, kiosk, staff, PERSON);
    expect((await srv.api('POST', '/ratings', { body: { token: ticket.token, level: 5, comment: COMMENT } })).status).toBe(201);
    for (let i = 0; i < 3; i++) await serveOne(srv, kiosk, staff);
    expect((await srv.api('POST', `/windows/${window.id}/sign-in`, { token: staff })).status).toBe(200);
    expect((await srv.api('POST', `/windows/${window.id}/pause`, { token: staff, body: { reason: PAUSE_TEXT } })).status).toBe(200);
    await synced(srv);

    const epoch = srv.uplink.status().epoch!;
    const last = srv.uplink.status().lastSeq;
    expect(last).toBeGreaterThan(15);
    expect(central.seqs(epoch)).toEqual(Array.from({ length: last }, (_, i) => i + 1));
    expect(central.conflicts).toBe(0);
    // Each batch ascending, and batches follow one another with no gap or overlap.
    let next = 1;
    for (const b of central.batches) {
      for (const e of b.events) expect(e.seq).toBe(next++);
      expect(b.hallId).toBe('county-1');
    }
    const all = central.batches.flatMap((b) => b.events);
    const issuedEvent = all.find((e) => e.type === 'ticket.issued')!;
    expect(issuedEvent.data.ticket).toMatchObject({ number: ticket.number, status: 'waiting' });
    for (const e of all) {
      const { hash, ...rest } = e;
      expect(hash).toBe(createHash('sha256').update(uplinkHashInput(rest)).digest('hex'));
    }
    expect(all.some((e) => e.type === 'rating.created')).toBe(true);
    expect(all.some((e) => e.type === 'window.paused')).toBe(true);
    const text = central.bodies.join('\n');
    for (const secret of [PERSON.name, PERSON.idNumber, PERSON.phone, PERSON.address, PAUSE_TEXT, COMMENT, '13900001111', ticket.token])
      expect(text).not.toContain(secret);
    // The live summary rides along.
    const live = central.batches.find((b) => b.live)?.live;
    expect(live?.hallName).toBe(srv.config.hall.name);
    expect(live?.queues.length).toBe(srv.config.categories.length);

    const health = (await srv.api('GET', '/health')).body.uplink;
    expect(health).toMatchObject({ state: 'ok', ackSeq: last, lastSeq: last, lag: { events: 0, seconds: 0 }, lastError: null });
    const metrics = (await srv.api('GET', '/metrics')).text;
    expect(metrics).toMatch(/^hall_uplink_lag_events 0$/m);
    expect(metrics).toMatch(/^hall_uplink_last_success_timestamp_seconds \d{10}/m);
  });

  it('resends a lost batch, survives 500s and stale acks, and stores each event exactly once', async () => {
    const central = new FakeCentral();
    const srv = await setup(central);
    const kiosk = await srv.kioskToken();
    const staff = await srv.login('supervisor');
    await serveOne(srv, kiosk, staff);
    await synced(srv);
    central.fault = 'lose';
    await serveOne(srv, kiosk, staff);
    await srv.uplink.sender!.settled();
    central.fault = 'http500';
    await serveOne(srv, kiosk, staff);
    // Wait for the sender's own verdict (it retries with backoff; a loaded machine may need a few rounds).
    for (const until = Date.now() + 10_000; srv.uplink.status().state !== 'down' && Date.now() < until;) {
      await srv.uplink.sender!.settled();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(srv.uplink.status().state).toBe('down');
    expect(srv.uplink.status().lastError).toMatch(/HTTP 500/);
    central.fault = 'stale-ack';
    const before = central.batches.length;
    await serveOne(srv, kiosk, staff);
    // Wait until the central has answered at least two batches with a stale ack (the hall then resends).
    for (const until = Date.now() + 10_000; central.batches.length < before + 2 && Date.now() < until;) {
      await srv.uplink.sender!.settled();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(central.batches.length).toBeGreaterThanOrEqual(before + 2);
    central.fault = 'none';
    await serveOne(srv, kiosk, staff);
    await synced(srv);
    const s = srv.uplink.status();
    expect(central.seqs(s.epoch!)).toEqual(Array.from({ length: s.lastSeq }, (_, i) => i + 1));
    expect(central.conflicts).toBe(0);
    // At least once: the stale acks made the hall send some events again; the central counted them as duplicates.
    expect(central.duplicates).toBeGreaterThan(0);
  });

  it('resends after a timeout when the central is slow, and the late delivery is only a duplicate', async () => {
    const central = new FakeCentral();
    const srv = await setup(central, {
      uplink: { ...FAST, sender: { ...FAST.sender, requestTimeoutMs: 150 } },
    });
    const kiosk = await srv.kioskToken();
    const staff = await srv.login('supervisor');
    await serveOne(srv, kiosk, staff);
    await synced(srv);
    central.delayMs = 400;
    await serveOne(srv, kiosk, staff);
    // Polled, not read after `settled()`: on a busy machine the debounced send may not have started yet.
    await expect.poll(() => srv.uplink.status().lastError, { timeout: 5_000 }).toBe('timeout');
    // The slow requests still reach the central after the hall gave up on them: the same events again,
    // counted as duplicates, never stored twice. (Waited for while the central is still slow: on a busy
    // machine a timed-out request may not have been delivered at all.)
    await expect.poll(() => central.duplicates, { timeout: 10_000 }).toBeGreaterThan(0);
    central.delayMs = 0;
    await synced(srv);
    const s = srv.uplink.status();
    expect(central.seqs(s.epoch!)).toEqual(Array.from({ length: s.lastSeq }, (_, i) => i + 1));
    expect(central.conflicts).toBe(0);
  });

  it('resends exactly the ranges the central reports missing', async () => {
    const central = new FakeCentral();
    const srv = await setup(central);
    const kiosk = await srv.kioskToken();
    const staff = await srv.login('supervisor');
    for (let i = 0; i < 3; i++) await serveOne(srv, kiosk, staff);
    await synced(srv);
    const epoch = srv.uplink.status().epoch!;
    central.forget(epoch, 4, 7);
    central.forget(epoch, 10, 10);
    const before = central.batches.length;
    const lastBefore = srv.uplink.status().lastSeq;
    await serveOne(srv, kiosk, staff);
    await synced(srv);
    const resent = central.batches
      .slice(before)
      .flatMap((b) => b.events.map((e) => e.seq))
      .filter((seq) => seq <= lastBefore);
    expect(resent.sort((a, b) => a - b)).toEqual([4, 5, 6, 7, 10]);
    expect(central.seqs(epoch).length).toBe(srv.uplink.status().lastSeq);
  });
});

describe('a 30-minute outage of the central (injected clock and timers)', () => {
  it('keeps issuing and calling, then catches up with 0 lost and 0 doubled', async () => {
    const clock = manualClock(Date.parse('2026-12-03T09:00:00+08:00'));
    const timers = new FakeTimers(clock);
    const config = demoConfig(allDayHours);
    const central = new FakeCentral();
    const srv = await setup(central, {
      clock,
      config,
      uplink: {
        sender: { timers, debounceMs: 50, heartbeatMs: 15_000, requestTimeoutMs: 2_000, random: () => 0.5 },
        config: { timers: neverTimers },
      },
    });
    timers.settle = () => srv.uplink.sender!.settled();
    const kiosk = await srv.kioskToken();
    const staff = await srv.login('supervisor');
    await serveOne(srv, kiosk, staff);
    await timers.advance(1_000);
    expect(srv.uplink.status()).toMatchObject({ state: 'ok', lag: { events: 0 } });
    const beforeOutage = srv.uplink.status().lastSeq;

    await central.stop();
    const tickets: string[] = [];
    for (let minute = 0; minute < 30; minute++) {
      const { ticket } = await serveOne(srv, kiosk, staff);
      tickets.push(ticket.number);
      await timers.advance(60_000);
    }
    const during = srv.uplink.status();
    expect(tickets.length).toBe(30);
    expect(new Set(tickets).size).toBe(30);
    expect(during.state).toBe('down');
    expect(during.ackSeq).toBe(beforeOutage);
    expect(during.lag.events).toBe(during.lastSeq - beforeOutage);
    expect(during.lag.seconds).toBeGreaterThanOrEqual(29 * 60);
    const health = (await srv.api('GET', '/health')).body.uplink;
    expect(health.state).toBe('down');
    expect(health.lastError).toMatch(/ECONNREFUSED/);
    // Backoff is capped: the next attempt is due within a minute.
    expect(timers.nextDueIn()).toBeLessThanOrEqual(60_000);

    await central.start();
    await timers.advance(60_000);
    await srv.uplink.sender!.settled();
    const after = srv.uplink.status();
    expect(after).toMatchObject({ state: 'ok', ackSeq: after.lastSeq, lag: { events: 0, seconds: 0 } });
    const seqs = central.seqs(after.epoch!);
    expect(seqs).toEqual(Array.from({ length: after.lastSeq }, (_, i) => i + 1));
    expect(central.conflicts).toBe(0);
    const issued = central.batches.flatMap((b) => b.events).filter((e) => e.type === 'ticket.issued');
    expect(new Set(issued.map((e) => (e.data.ticket as { number: string }).number)).size).toBe(31);
  });
});

describe('a hall restored from a backup', () => {
  async function hallOn(central: FakeCentral, dataDir: string) {
    const srv = await startTestServer({
      printers: new Map(),
      dataDir,
      central: { url: central.url, hallId: 'county-1', key: central.key },
      modules: { uplink: FAST },
    });
    return srv;
  }

  it('gets a new epoch from the restore tool, and the central keeps both streams apart', async () => {
    const central = new FakeCentral();
    await central.start();
    stops.push(() => central.stop());
    const dataDir = mkdtempSync(join(tmpdir(), 'hall-uplink-restore-'));
    stops.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    let srv = await hallOn(central, dataDir);
    await serveOne(srv, await srv.kioskToken(), await srv.login('supervisor'));
    await synced(srv);
    const file = await backupNow(srv.db, dataDir, Date.now());
    const atBackup = srv.uplink.status().lastSeq;
    await serveOne(srv, await srv.kioskToken(), await srv.login('supervisor'));
    await synced(srv);
    const old = srv.uplink.status();
    await srv.stop();

    const r = restoreBackup(dataDir, file, Date.now());
    expect(r.epoch).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(r.epoch).not.toBe(old.epoch);
    srv = await hallOn(central, dataDir);
    stops.push(() => srv.stop());
    await serveOne(srv, await srv.kioskToken(), await srv.login('supervisor'));
    await synced(srv);
    const now = srv.uplink.status();
    expect(now.epoch).toBe(r.epoch);
    // The restored log reuses seqs after the backup point: under the new epoch, never matched to the old ones.
    expect(now.lastSeq).toBeGreaterThan(atBackup);
    expect(central.seqs(now.epoch!)).toEqual(Array.from({ length: now.lastSeq }, (_, i) => i + 1));
    expect(central.seqs(old.epoch!)).toHaveLength(old.lastSeq);
    expect(central.conflicts).toBe(0);
    const oldStream = central.streams.get(old.epoch!)!;
    const newStream = central.streams.get(now.epoch!)!;
    expect(newStream.get(1)?.hash).toBe(oldStream.get(1)?.hash);
    expect(newStream.get(atBackup + 1)?.hash).not.toBe(oldStream.get(atBackup + 1)?.hash);
  });

  it('notices an older database put in place by hand (the central holds more of its epoch) and renews the epoch', async () => {
    const central = new FakeCentral();
    await central.start();
    stops.push(() => central.stop());
    const dataDir = mkdtempSync(join(tmpdir(), 'hall-uplink-copy-'));
    stops.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    let srv = await hallOn(central, dataDir);
    await serveOne(srv, await srv.kioskToken(), await srv.login('supervisor'));
    await synced(srv);
    const file = await backupNow(srv.db, dataDir, Date.now());
    await serveOne(srv, await srv.kioskToken(), await srv.login('supervisor'));
    await synced(srv);
    const old = srv.uplink.status();
    await srv.stop();
    for (const ext of ['', '-wal', '-shm']) rmSync(join(dataDir, `hall.sqlite${ext}`), { force: true });
    copyFileSync(file, join(dataDir, 'hall.sqlite'));

    srv = await hallOn(central, dataDir);
    stops.push(() => srv.stop());
    await serveOne(srv, await srv.kioskToken(), await srv.login('supervisor'));
    await synced(srv);
    const now = srv.uplink.status();
    expect(now.epoch).not.toBe(old.epoch);
    expect(central.seqs(now.epoch!)).toEqual(Array.from({ length: now.lastSeq }, (_, i) => i + 1));
    expect(central.conflicts).toBe(0);
  });
});
