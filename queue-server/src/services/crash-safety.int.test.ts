import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess } from '../testing/server-process.ts';

async function post(url: string, path: string, token: string | null, body: unknown) {
  const res = await fetch(`${url}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
}

describe('crash safety', () => {
  it('every acknowledged issue, call and rating survives SIGKILL mid-burst, exactly once, and numbering continues', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hall-crash-'));
    try {
      const first = await startServerProcess(['--data', dataDir]);
      const pair = await post(first.url, '/devices/pair-local', null, { kind: 'kiosk', deviceId: 'KIOSK1', name: 'k' });
      const kiosk = pair.body.token as string;
      const hall = (await (await fetch(`${first.url}/api/v1/hall`)).json()) as { categories: Array<{ id: string; prefix: string }> };
      const acked: Array<{ id: string; number: string; token: string }> = [];
      const finished: Array<{ id: string; token: string }> = [];
      const ratedIds: string[] = [];
      const sup = (await post(first.url, '/auth/login', null, { username: 'supervisor', password: 'hall-demo-2026' })).body.token as string;
      let stop = false;
      // Counters: windows whose home is among the burst's categories call and finish as fast as they can.
      const busyWindows = ['W01', 'W06', 'W09'];
      const calls = busyWindows.map(async (w) => {
        while (!stop) {
          try {
            const c = await post(first.url, `/windows/${w}/call-next`, sup, {});
            if (c.status !== 200) {
              await new Promise((r) => setTimeout(r, 5));
              continue;
            }
            const f = await post(first.url, `/windows/${w}/finish`, sup, {});
            if (f.status === 200) finished.push({ id: f.body.ticket.id, token: acked.find((t) => t.id === f.body.ticket.id)?.token ?? '' });
          } catch {
            return;
          }
        }
      });
      // Citizens rate finished tickets from their phones.
      const ratings = (async () => {
        while (!stop) {
          const next = finished.find((t) => t.token && !ratedIds.includes(t.id));
          if (!next) {
            await new Promise((r) => setTimeout(r, 5));
            continue;
          }
          try {
            const r = await post(first.url, '/ratings', null, { token: next.token, level: 5 });
            if (r.status === 201) ratedIds.push(next.id);
            else ratedIds.push(`skip-${next.id}`);
          } catch {
            return;
          }
        }
      })();
      const loops = Array.from({ length: 6 }, async (_, c) => {
        for (let i = 0; !stop; i++) {
          try {
            const r = await post(first.url, '/tickets', kiosk, {
              categoryId: hall.categories[c % 3]!.id,
              idempotencyKey: `crash-${c}-${i}`,
            });
            if (r.status === 201) acked.push(r.body.ticket);
          } catch {
            return;
          }
        }
      });
      for (const w of busyWindows) {
        const home = (
          (await (await fetch(`${first.url}/api/v1/windows`, { headers: { authorization: `Bearer ${sup}` } })).json()) as {
            windows: Array<{ id: string; home: string }>;
          }
        ).windows.find((x) => x.id === w)!.home;
        await fetch(`${first.url}/api/v1/windows/${w}/allocation`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${sup}` },
          body: JSON.stringify({ categories: [home] }),
        });
      }
      while (acked.length < 150 || ratedIds.length < 5) await new Promise((r) => setTimeout(r, 5));
      first.child.kill('SIGKILL');
      stop = true;
      await Promise.all([...loops, ...calls, ratings]);
      const ex = await first.exited;
      expect(ex.signal).toBe('SIGKILL');

      const second = await startServerProcess(['--data', dataDir]);
      try {
        const login = await post(second.url, '/auth/login', null, { username: 'supervisor', password: 'hall-demo-2026' });
        const res = await fetch(`${second.url}/api/v1/tickets`, { headers: { authorization: `Bearer ${login.body.token}` } });
        const stored = ((await res.json()) as { tickets: Array<{ id: string; number: string; status: string }> }).tickets;
        const byId = new Map(stored.map((t) => [t.id, t]));
        for (const t of acked) expect(byId.get(t.id)?.number).toBe(t.number);
        // Every acknowledged finish is done; every acknowledged rating is stored exactly once.
        const statuses = new Map(stored.map((t) => [t.id, t.status]));
        for (const f of finished) expect(statuses.get(f.id)).toBe('done');
        const stored2 = (
          (await (await fetch(`${second.url}/api/v1/ratings`, { headers: { authorization: `Bearer ${login.body.token}` } })).json()) as {
            ratings: Array<{ ticketId: string }>;
          }
        ).ratings;
        const ratedOk = ratedIds.filter((x) => !x.startsWith('skip-'));
        expect(ratedOk.length).toBeGreaterThan(0);
        for (const id of ratedOk) expect(stored2.filter((r) => r.ticketId === id)).toHaveLength(1);
        expect(new Set(stored2.map((r) => r.ticketId)).size).toBe(stored2.length);
        // Each ticket was called at most once per acknowledged call: no call was doubled by the crash.
        const events = (
          (await (
            await fetch(`${second.url}/api/v1/events?type=ticket.called`, { headers: { authorization: `Bearer ${login.body.token}` } })
          ).json()) as { events: Array<{ ticketId: string }> }
        ).events;
        expect(new Set(events.map((e) => e.ticketId)).size).toBe(events.length);
        expect(new Set(stored.map((t) => t.number)).size).toBe(stored.length);
        for (const cat of hall.categories.slice(0, 3)) {
          const nums = stored
            .filter((t) => t.number.startsWith(cat.prefix))
            .map((t) => Number(t.number.slice(cat.prefix.length)))
            .sort((a, b) => a - b);
          expect(nums).toEqual(Array.from({ length: nums.length }, (_, i) => i + 1));
          const next = await post(second.url, '/tickets', kiosk, { categoryId: cat.id });
          expect(next.status).toBe(201);
          expect(next.body.ticket.number).toBe(`${cat.prefix}${String(nums.length + 1).padStart(3, '0')}`);
        }
      } finally {
        second.child.kill('SIGTERM');
        const ex2 = await second.exited;
        expect(ex2.code).toBe(0);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
