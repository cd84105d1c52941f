/**
 * Six windows press "call next" at the same moment, again and again, until 300 tickets are gone. No ticket
 * may be called twice or skipped: each is called exactly once, by one window, and finishes. Each window
 * starts what it called, so its next "call next" finishes it (the caller-keypad rule: a ticket being served
 * is finished before the next call; a ticket only called is never closed by a second press).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '@hall/contract';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

const TICKETS = 300;
const WINDOWS = [
  { id: 'W05', staff: 'chenjing' },
  { id: 'W06', staff: 'liuyang' },
  { id: 'W07', staff: 'yangli' },
  { id: 'W08', staff: 'huangxin' },
  { id: 'W10', staff: 'wuxia' },
  { id: 'W11', staff: 'xujun' },
] as const;

interface Presser {
  windowId: string;
  callNext(): Promise<Ticket | null>;
}

describe('concurrent "call next" from six windows', () => {
  let srv: TestServer;
  const pressers: Presser[] = [];
  const issued: string[] = [];

  beforeAll(async () => {
    srv = await startTestServer({ printers: new Map() });
    const supervisor = await srv.login('supervisor');
    const kiosk = await srv.kioskToken();
    for (const w of WINDOWS) {
      const token = await srv.login(w.staff);
      expect((await srv.api('POST', `/windows/${w.id}/sign-in`, { token })).status).toBe(200);
      expect((await srv.api('PUT', `/windows/${w.id}/allocation`, { token: supervisor, body: { categories: ['social'] } })).status).toBe(
        200,
      );
      pressers.push({
        windowId: w.id,
        async callNext() {
          const r = await srv.api('POST', `/windows/${w.id}/call-next`, { token });
          if (r.status === 204) return null;
          if (r.status !== 200) throw new Error(`${w.id}: ${r.status} ${r.text}`);
          const start = await srv.api('POST', `/windows/${w.id}/start`, { token });
          if (start.status !== 200) throw new Error(`${w.id} start: ${start.status} ${start.text}`);
          return r.body.ticket as Ticket;
        },
      });
    }
    // Issued in parallel batches too: numbering must stay gap-free while calls are not yet running.
    for (let i = 0; i < TICKETS; i += 25) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(25, TICKETS - i) }, () =>
          srv.api('POST', '/tickets', { token: kiosk, body: { categoryId: 'social' } }),
        ),
      );
      for (const r of batch) {
        expect(r.status).toBe(201);
        issued.push(r.body.ticket.id as string);
      }
    }
  }, 120_000);

  afterAll(async () => {
    await srv?.stop();
  });

  it('never gives one ticket to two windows; every ticket is called exactly once', async () => {
    const calledBy = new Map<string, string[]>();
    const record = (windowId: string, t: Ticket | null) => {
      if (!t) return false;
      calledBy.set(t.id, [...(calledBy.get(t.id) ?? []), windowId]);
      return true;
    };

    // Phase 1: lock-step rounds: all six windows press in the same tick, 25 times. A press may find nothing
    // for its window (the dispatcher leaves a cross-skill ticket to a faster idle window), never a taken one.
    for (let round = 0; round < 25; round++) {
      const results = await Promise.all(pressers.map((p) => p.callNext().then((t) => ({ p, t }))));
      for (const { p, t } of results) record(p.windowId, t);
    }
    expect(calledBy.size).toBeGreaterThan(100);
    // Phase 2: free-running: each window presses again as soon as its last press is answered.
    await Promise.all(
      pressers.map(async (p) => {
        for (let presses = 0; calledBy.size < TICKETS && presses < 5 * TICKETS; presses++) {
          if (!record(p.windowId, await p.callNext())) await new Promise((r) => setTimeout(r, 2));
        }
      }),
    );
    // A last press everywhere: nobody is waiting, and it finishes each window's last ticket.
    expect(await Promise.all(pressers.map((p) => p.callNext()))).toEqual(pressers.map(() => null));

    const twice = [...calledBy].filter(([, ws]) => ws.length > 1);
    expect(twice).toEqual([]);
    expect(calledBy.size).toBe(TICKETS);
    expect(new Set(calledBy.keys())).toEqual(new Set(issued));

    // The audit log agrees: one ticket.called per ticket, at the window that got it.
    const events = srv.hall.queries.auditOfDay(srv.hall.today(), 'ticket.called');
    expect(events).toHaveLength(TICKETS);
    expect(new Set(events.map((e) => e.ticketId)).size).toBe(TICKETS);
    for (const e of events) expect(calledBy.get(e.ticketId as string)).toEqual([e.windowId]);

    const tickets = srv.hall.queries.ticketsOfDay(srv.hall.today());
    expect(tickets.filter((t) => t.status !== 'done')).toEqual([]);
    expect(tickets.every((t) => t.callCount === 1)).toBe(true);
    for (const w of WINDOWS) expect([...calledBy.values()].filter((ws) => ws[0] === w.id).length).toBeGreaterThan(0);
  }, 120_000);
});
