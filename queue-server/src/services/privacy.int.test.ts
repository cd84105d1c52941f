import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess } from '../testing/server-process.ts';
import { startTestServer } from '../testing/test-server.ts';
import { manualClock } from './clock.ts';

const PERSON = {
  name: '欧阳娜娜',
  idKind: 'resident_id',
  idNumber: '11010519491231002X',
  phone: '13812345678',
  address: '平安县城关镇人民路 88 号',
  fields: {},
};

describe('personal information', () => {
  it('never reaches the logs, the audit log or the public stream, even at debug level', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hall-pii-'));
    const logFile = join(dataDir, 'server.log');
    const proc = await startServerProcess(['--data', dataDir], { LOG_LEVEL: 'trace', HALL_LOG_FILE: logFile });
    try {
      const post = async (path: string, body: unknown, token?: string) => {
        const r = await fetch(`${proc.url}/api/v1${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(body),
        });
        return { status: r.status, body: (await r.json().catch(() => null)) as any };
      };
      const kiosk = (await post('/devices/pair-local', { kind: 'kiosk', deviceId: 'K', name: 'k' })).body.token;
      const hall = (await (await fetch(`${proc.url}/api/v1/hall`)).json()) as { services: Array<{ id: string }> };
      const issued = await post('/tickets', { serviceId: hall.services[0]!.id, form: PERSON }, kiosk);
      expect(issued.status).toBe(201);
      // A bad ID number is refused without echoing it back.
      const bad = await post('/tickets', { serviceId: hall.services[0]!.id, form: { ...PERSON, idNumber: '110105194912310021' } }, kiosk);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).not.toContain('110105194912310021');
      const sup = (await post('/auth/login', { username: 'supervisor', password: 'hall-demo-2026' })).body.token;
      await post('/auth/login', { username: 'supervisor', password: 'wrong-password!' });
      const events = await (await fetch(`${proc.url}/api/v1/events`, { headers: { authorization: `Bearer ${sup}` } })).text();
      const pub = await (await fetch(`${proc.url}/api/v1/public/tickets/${issued.body.ticket.token}`)).text();
      proc.child.kill('SIGTERM');
      await proc.exited;
      const log = readFileSync(logFile, 'utf8');
      expect(log.length).toBeGreaterThan(0);
      for (const secret of [
        PERSON.idNumber,
        PERSON.phone,
        PERSON.name,
        PERSON.address,
        'hall-demo-2026',
        'wrong-password!',
        '110105194912310021',
      ]) {
        expect(log).not.toContain(secret);
        expect(events).not.toContain(secret);
        expect(pub).not.toContain(secret);
      }
    } finally {
      if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('the ticket QR token is random: it reveals nothing and differs for the same person', async () => {
    const srv = await startTestServer({ printers: new Map() });
    try {
      const kiosk = await srv.kioskToken();
      const a = (await srv.api('POST', '/tickets', { token: kiosk, body: { categoryId: srv.config.categories[0]!.id, form: PERSON } })).body
        .ticket;
      const b = (await srv.api('POST', '/tickets', { token: kiosk, body: { categoryId: srv.config.categories[0]!.id, form: PERSON } })).body
        .ticket;
      expect(a.token).not.toBe(b.token);
      expect(a.token.length).toBeGreaterThanOrEqual(24);
      for (const t of [a.token, b.token]) {
        expect(t).not.toContain('002X');
        expect(t).not.toContain(a.number);
        expect(Buffer.from(t, 'base64url').toString('latin1')).not.toMatch(/1101|1381|欧阳/);
      }
      const staff = await srv.login('supervisor');
      // The window sees the ID masked to the last 4 digits and the phone masked.
      const form = (await srv.api('GET', `/tickets/${a.id}/form`, { token: staff })).body.form;
      expect(form.idNumber).toBe('**************002X');
      expect(form.phone).toBe('138****5678');
    } finally {
      await srv.stop();
    }
  });

  it('personal fields of closed tickets are pseudonymised after the retention period', async () => {
    const clock = manualClock(Date.parse('2026-11-21T02:00:00Z'));
    const srv = await startTestServer({ printers: new Map(), clock });
    try {
      const kiosk = await srv.kioskToken();
      const sup = await srv.login('supervisor');
      const cat = srv.config.windows[0]!.home;
      const t = (await srv.api('POST', '/tickets', { token: kiosk, body: { categoryId: cat, form: PERSON } })).body.ticket;
      await srv.api('PUT', '/windows/W01/allocation', { token: sup, body: { categories: [cat] } });
      await srv.api('POST', '/windows/W01/call-next', { token: sup, body: {} });
      await srv.api('POST', '/windows/W01/finish', { token: sup, body: {} });
      expect(srv.hall.applyRetention()).toBe(0);
      clock.advance((srv.config.settings.retentionDays + 1) * 24 * 3600_000);
      expect(srv.hall.applyRetention()).toBe(1);
      const row = srv.db.prepare('SELECT form, pseudonymised_at FROM ticket WHERE id = ?').get(t.id) as {
        form: string | null;
        pseudonymised_at: number | null;
      };
      expect(row.form).toBeNull();
      expect(row.pseudonymised_at).not.toBeNull();
      // The statistics survive: the ticket itself is still there.
      expect((await srv.api('GET', `/tickets/${t.id}`, { token: await srv.login('supervisor') })).body.ticket.status).toBe('done');
    } finally {
      await srv.stop();
    }
  });
});
