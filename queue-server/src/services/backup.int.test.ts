import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer } from '../testing/test-server.ts';
import { backupNow, listBackups, restoreBackup, RestoreError, validateBackup } from './backup.ts';

describe('backups', () => {
  it('takes an online backup while the hall runs, keeps the newest N, and restores it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hall-backup-'));
    try {
      const srv = await startTestServer({ printers: new Map(), dataDir });
      const kiosk = await srv.kioskToken();
      const cat = srv.config.categories[0]!.id;
      for (let i = 0; i < 5; i++) await srv.api('POST', '/tickets', { token: kiosk, body: { categoryId: cat } });
      const file = await backupNow(srv.db, dataDir, Date.parse('2026-11-21T02:00:00Z'), 2);
      await backupNow(srv.db, dataDir, Date.parse('2026-11-22T02:00:00Z'), 2);
      await backupNow(srv.db, dataDir, Date.parse('2026-11-23T02:00:00Z'), 2);
      expect(listBackups(dataDir)).toHaveLength(2);
      expect(existsSync(file)).toBe(false);
      const newest = listBackups(dataDir).at(-1)!;
      expect(validateBackup(newest).tickets).toBe(5);
      // More tickets after the backup, then a restore brings the hall back to the backup's state.
      for (let i = 0; i < 3; i++) await srv.api('POST', '/tickets', { token: kiosk, body: { categoryId: cat } });
      await srv.stop();
      const r = restoreBackup(dataDir, newest, Date.now());
      expect(r.tickets).toBe(5);
      expect(r.keptOld && existsSync(r.keptOld)).toBe(true);
      const again = await startTestServer({ printers: new Map(), dataDir });
      const sup = await again.login('supervisor');
      expect((await again.api('GET', '/tickets', { token: sup })).body.tickets).toHaveLength(5);
      const next = await again.api('POST', '/tickets', { token: await again.kioskToken(), body: { categoryId: cat } });
      expect(next.body.ticket.number.endsWith('006')).toBe(true);
      await again.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to restore something that is not a healthy hall database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hall-restore-'));
    try {
      const junk = join(dir, 'junk.sqlite');
      writeFileSync(junk, 'this is not sqlite at all, just some bytes that pretend');
      expect(() => restoreBackup(dir, junk, Date.now())).toThrow(RestoreError);
      expect(() => restoreBackup(dir, join(dir, 'missing.sqlite'), Date.now())).toThrow(RestoreError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
