import { describe, expect, it } from 'vitest';
import type { UplinkBatch } from '@hall/contract';
import { openDatabase } from '../db/database.ts';
import { UplinkRepository } from '../db/uplink-repository.ts';
import type { EventRow } from '../db/event-log.ts';
import { manualClock } from '../services/clock.ts';
import { FakeTimers } from '../testing/fake-timers.ts';
import { createLogger } from '../log.ts';
import { backoffMs } from './timers.ts';
import { UplinkSender } from './uplink-sender.ts';

describe('backoff', () => {
  it('doubles from the base, stays in the upper half of each step, and stops at the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 1000, 60_000, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 1000, 60_000, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffMs(40, 1000, 60_000, () => 1)).toBe(60_000);
    expect(backoffMs(40, 1000, 60_000, () => 0)).toBe(30_000);
  });
});

describe('uplink state', () => {
  function rig() {
    const clock = manualClock(Date.parse('2026-12-03T09:00:00+08:00'));
    const timers = new FakeTimers(clock);
    const rows: EventRow[] = [];
    const log = (n: number) => {
      for (let i = 0; i < n; i++)
        rows.push({
          id: rows.length + 1,
          at: clock.now(),
          type: 'ticket.issued',
          actor: 'K1',
          source: 'kiosk',
          ticketId: `t${rows.length + 1}`,
          windowId: null,
          businessDate: '2026-12-03',
          data: {},
        });
    };
    const answers: Array<'ok' | 'fail'> = [];
    const sent: UplinkBatch[] = [];
    const fetchStub = (async (_url: string, init: RequestInit) => {
      const b = JSON.parse(String(init.body)) as UplinkBatch;
      sent.push(b);
      if (answers.shift() === 'fail') return new Response('{"error":{"code":"INTERNAL"}}', { status: 503 });
      const top = b.events.at(-1)?.seq ?? sender.status().ackSeq;
      return Response.json({ ackSeq: top, epoch: b.epoch, stored: b.events.length, duplicates: 0, missing: [] });
    }) as typeof fetch;
    const sender: UplinkSender = new UplinkSender(
      {
        target: { url: 'http://central.test', hallId: 'h', key: 'k'.repeat(16) },
        now: () => clock.now(),
        events: {
          auditRange: (from, to, limit) => rows.filter((r) => r.id >= from && r.id <= to).slice(0, limit),
          lastAuditId: () => rows.length,
          auditAt: (id) => rows[id - 1]?.at ?? null,
        },
        repo: new UplinkRepository(openDatabase(':memory:')),
        live: () => ({ at: clock.now(), businessDate: '2026-12-03', hallName: 'h', categories: [], windows: [], queues: [], alerts: [] }),
        log: createLogger('test:uplink'),
      },
      { timers, fetch: fetchStub, random: () => 1, heartbeatMs: 15_000, debounceMs: 100 },
    );
    timers.settle = () => sender.settled();
    return { clock, timers, log, answers, sent, sender };
  }

  it('is ok when acknowledged, behind when unsent events are 10 s old, down after a failure', async () => {
    const { timers, log, answers, sender, sent } = rig();
    sender.start();
    await timers.advance(0);
    expect(sender.status()).toMatchObject({ state: 'ok', ackSeq: 0, lastSeq: 0 });
    expect(sent[0]?.events).toEqual([]); // the first heartbeat
    expect(sent[0]?.live).toBeDefined();

    log(3);
    expect(sender.status()).toMatchObject({ state: 'ok', lag: { events: 3, seconds: 0 } }); // not yet sent, but fresh
    answers.push('fail');
    sender.kick();
    await timers.advance(100);
    expect(sender.status()).toMatchObject({ state: 'down', failures: 1, lastError: 'HTTP 503 INTERNAL', lag: { events: 3 } });
    // While backing off, new commits do not bring the retry forward: 1 s after the failure.
    log(1);
    sender.kick();
    expect(timers.nextDueIn()).toBe(1000);
    answers.push('fail');
    await timers.advance(1000);
    expect(sender.status().failures).toBe(2);
    expect(timers.nextDueIn()).toBe(2000);
    await timers.advance(2000);
    expect(sender.status()).toMatchObject({ state: 'ok', ackSeq: 4, lag: { events: 0, seconds: 0 }, lastError: null });

    // Events logged without a kick wait for the next heartbeat (15 s): after 10 s the link reads as behind.
    log(2);
    await timers.advance(12_000);
    expect(sender.status()).toMatchObject({ state: 'behind', lag: { events: 2, seconds: 12 } });
    await timers.advance(3_000);
    expect(sender.status()).toMatchObject({ state: 'ok', ackSeq: 6 });
    await sender.close();
  });
});
