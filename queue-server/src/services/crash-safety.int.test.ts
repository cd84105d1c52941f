import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess } from '../testing/server-process.ts';

async function post(url: string, path: string, token: string | null, body: unknown) {
  const res = await fetch(`${url}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
}

describe('crash safety', () => {
  it('every acknowledged ticket survives SIGKILL mid-burst, exactly once, and numbering continues', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hall-crash-'));
    try {
      const first = await startServerProcess(['--data', dataDir]);
      const pair = await post(first.url, '/devices/pair-local', null, { kind: 'kiosk', deviceId: 'KIOSK1', name: 'k' });
      const kiosk = pair.body.token as string;
      const hall = await (await fetch(`${first.url}/api/v1/hall`)).json() as { categories: Array<{ id: string; prefix: string }> };
      const acked: Array<{ id: string; number: string }> = [];
      let stop = false;
      const loops = Array.from({ length: 6 }, async (_, c) => {
        for (let i = 0; !stop; i++) {
          try {
            const r = await post(first.url, '/tickets', kiosk, { categoryId: hall.categories[c % 3]!.id, idempotencyKey: `crash-${c}-${i}` });
            if (r.status === 201) acked.push(r.body.ticket);
          } catch { return; }
        }
      });
      while (acked.length < 120) await new Promise((r) => setTimeout(r, 5));
      first.child.kill('SIGKILL');
      stop = true;
      await Promise.all(loops);
      const ex = await first.exited;
      expect(ex.signal).toBe('SIGKILL');

      const second = await startServerProcess(['--data', dataDir]);
      try {
        const login = await post(second.url, '/auth/login', null, { username: 'supervisor', password: 'hall-demo-2026' });
        const res = await fetch(`${second.url}/api/v1/tickets`, { headers: { authorization: `Bearer ${login.body.token}` } });
        const stored = (await res.json() as { tickets: Array<{ id: string; number: string }> }).tickets;
        const byId = new Map(stored.map((t) => [t.id, t]));
        for (const t of acked) expect(byId.get(t.id)?.number).toBe(t.number);
        expect(new Set(stored.map((t) => t.number)).size).toBe(stored.length);
        for (const cat of hall.categories.slice(0, 3)) {
          const nums = stored.filter((t) => t.number.startsWith(cat.prefix)).map((t) => Number(t.number.slice(cat.prefix.length))).sort((a, b) => a - b);
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
