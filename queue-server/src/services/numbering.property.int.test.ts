import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createQueueServer } from '../server.ts';
import { demoConfig } from '../testing/test-server.ts';
import { manualClock } from './clock.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('ticket numbering (property)', () => {
  it('any interleaving of issues across categories and local days gives 001…n per prefix and day', async () => {
    const config = demoConfig();
    const cats = config.categories.slice(0, 3).map((c) => c.id);
    const dir = mkdtempSync(join(tmpdir(), 'hall-prop-'));
    const clock = manualClock(Date.parse('2026-11-21T12:00:00Z'));
    const srv = await createQueueServer({
      config: { ...config, staff: [] },
      port: 0,
      dataDir: dir,
      dbFile: ':memory:',
      clock,
      adminPassword: 'x-admin-password',
      tickMs: 0,
      printers: new Map(),
    });
    const actor = { kind: 'system' as const, id: 'prop', role: 'system' as const, source: 'test' };
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 6 * 3600_000 })), { minLength: 1, maxLength: 40 }),
          async (steps) => {
            // Issues may interleave: several are in flight at once, as from several kiosks.
            const inFlight: Array<Promise<unknown>> = [];
            for (const [c, dt] of steps) {
              if (dt % 3 === 0) {
                await Promise.all(inFlight);
                inFlight.length = 0;
              }
              clock.advance(dt);
              inFlight.push(
                srv.hall.issueTicket(actor, { categoryId: cats[c] as string }).then((r) => {
                  if (!r.ok) throw new Error(r.code);
                }),
              );
            }
            await Promise.all(inFlight);
            // Over the whole history so far: every (prefix, local day) is numbered 1…n with no gap or repeat.
            const rows = srv.db
              .prepare('SELECT prefix, business_date, seq, number FROM ticket ORDER BY prefix, business_date, seq')
              .all() as Array<{ prefix: string; business_date: string; seq: number; number: string }>;
            const groups = new Map<string, number[]>();
            for (const r of rows) {
              expect(r.number).toBe(`${r.prefix}${String(r.seq).padStart(3, '0')}`);
              const key = `${r.prefix}|${r.business_date}`;
              groups.set(key, [...(groups.get(key) ?? []), r.seq]);
            }
            for (const nums of groups.values()) expect(nums).toEqual(nums.map((_, i) => i + 1));
          },
        ),
        { numRuns: 40 },
      );
    } finally {
      await srv.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
