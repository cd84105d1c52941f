/**
 * Storage hardening against real files: after retention no pseudonymised value is left anywhere in the
 * database file or its WAL; a file damaged mid-way is refused at start with the restore command; a second
 * server on the same data folder refuses to start, and a lock left by a dead process does not block.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, allDayHours, demoConfig } from '../testing/test-server.ts';
import { manualClock } from '../services/clock.ts';
import { DatabaseDamagedError } from './database.ts';
import { DataDirLockedError, LOCK_FILE } from '../services/data-lock.ts';

const PEOPLE = [
  { name: '欧阳娜娜', idKind: 'resident_id', idNumber: '11010519491231002X', phone: '13812345678', address: '平安县城关镇人民路88号' },
  { name: '司马相如', idKind: 'resident_id', idNumber: '440524198001010013', phone: '13998765432', address: '平安县东门街17号' },
];

function rawBytes(dataDir: string): Buffer {
  const parts = ['hall.sqlite', 'hall.sqlite-wal'].map((f) => join(dataDir, f)).filter((f) => existsSync(f));
  return Buffer.concat(parts.map((f) => readFileSync(f)));
}

describe('storage hardening', () => {
  it('after retention the raw database file and WAL hold none of the pseudonymised values', async () => {
    const clock = manualClock(Date.parse('2026-11-23T01:00:00Z'));
    const dataDir = mkdtempSync(join(tmpdir(), 'hall-secdel-'));
    const srv = await startTestServer({ printers: new Map(), clock, dataDir, config: demoConfig(allDayHours) });
    try {
      const kiosk = await srv.kioskToken();
      const sup = await srv.login('supervisor');
      const cat = srv.config.windows[0]!.home;
      await srv.api('PUT', '/windows/W01/allocation', { token: sup, body: { categories: [cat] } });
      for (const p of PEOPLE) {
        const t = await srv.api('POST', '/tickets', { token: kiosk, body: { categoryId: cat, form: { ...p, fields: {} } } });
        expect(t.status).toBe(201);
        expect((await srv.api('POST', '/windows/W01/call-next', { token: sup, body: {} })).status).toBe(200);
        expect((await srv.api('POST', '/windows/W01/finish', { token: sup, body: {} })).status).toBe(200);
      }
      // Before retention the values are in the file (the test can see them, so its search works).
      const before = rawBytes(dataDir);
      expect(before.includes(Buffer.from(PEOPLE[0]!.idNumber))).toBe(true);
      clock.advance((srv.config.settings.retentionDays + 1) * 24 * 3600_000);
      expect(srv.hall.applyRetention()).toBe(PEOPLE.length);
      const after = rawBytes(dataDir);
      for (const p of PEOPLE)
        for (const v of [p.name, p.idNumber, p.phone, p.address, p.idNumber.slice(-8), p.phone.slice(3)])
          expect(after.includes(Buffer.from(v, 'utf8')), v).toBe(false);
    } finally {
      await srv.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a database damaged mid-file is refused at start, naming the restore command', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hall-corrupt-'));
    try {
      const srv = await startTestServer({ printers: new Map(), dataDir });
      const kiosk = await srv.kioskToken();
      for (let i = 0; i < 40; i++) await srv.api('POST', '/tickets', { token: kiosk, body: { categoryId: srv.config.categories[0]!.id } });
      srv.db.pragma('wal_checkpoint(TRUNCATE)');
      await srv.stop();
      const file = join(dataDir, 'hall.sqlite');
      const size = statSync(file).size;
      expect(size).toBeGreaterThan(8 * 4096);
      // Overwrite pages in the middle of the file (not the header) with garbage.
      const fd = openSync(file, 'r+');
      writeSync(fd, Buffer.alloc(3 * 4096, 0xa5), 0, 3 * 4096, Math.floor(size / 4096 / 2) * 4096);
      closeSync(fd);
      const refused = await startTestServer({ printers: new Map(), dataDir }).then(
        (s) => s.stop().then(() => null),
        (err: unknown) => err,
      );
      expect(refused).toBeInstanceOf(DatabaseDamagedError);
      expect((refused as Error).message).toContain('npm run restore -- --data');
      // The refusal released the folder's lock.
      expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a second server on the same data folder refuses to start; a lock left by a dead process does not block', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hall-lock-'));
    try {
      const first = await startTestServer({ printers: new Map(), dataDir });
      const second = await startTestServer({ printers: new Map(), dataDir }).then(
        (s) => s.stop().then(() => null),
        (err: unknown) => err,
      );
      expect(second).toBeInstanceOf(DataDirLockedError);
      expect((second as Error).message).toContain(String(process.pid));
      // The first keeps working.
      expect((await first.api('GET', '/health')).body.ok).toBe(true);
      await first.stop();
      // A crashed server's lock: a pid that no longer runs.
      writeFileSync(join(dataDir, LOCK_FILE), '2147480000\n');
      const third = await startTestServer({ printers: new Map(), dataDir });
      expect((await third.api('GET', '/health')).status).toBe(200);
      await third.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
