import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeEscPos, paperText } from '@hall/printer';
import { localTimeToEpoch } from '@hall/contract';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { DEMO_ID_NUMBERS } from './kiosk-routes.ts';

const statusFile = (srv: TestServer) => join(srv.dataDir, 'virtual-printer', 'K1', 'status');
const setPrinter = (srv: TestServer, status: string) => {
  mkdirSync(join(srv.dataDir, 'virtual-printer', 'K1'), { recursive: true });
  writeFileSync(statusFile(srv), status);
};
const jobs = (srv: TestServer) => {
  try {
    return readdirSync(join(srv.dataDir, 'virtual-printer', 'K1'))
      .filter((f) => f.endsWith('.escpos'))
      .sort();
  } catch {
    return [];
  }
};

describe('kiosk routes', () => {
  let srv: TestServer;
  let kiosk: string;
  beforeAll(async () => {
    srv = await startTestServer({});
    kiosk = await srv.kioskToken();
  });
  afterAll(async () => {
    await srv.stop();
  });

  it('config names the kiosk printer from the hall config', async () => {
    const r = await srv.api('GET', '/kiosk/config', { token: kiosk });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ kioskId: 'KIOSK1', printerId: 'K1' });
  });

  it('kiosk routes refuse callers without a kiosk token', async () => {
    expect((await srv.api('GET', '/kiosk/config')).status).toBe(401);
    const staff = await srv.login('supervisor');
    expect((await srv.api('POST', '/kiosk/print-guide', { token: staff, body: { serviceId: 'company-setup' } })).status).toBe(403);
  });

  it('print-guide prints the checklist of a matter on the kiosk printer', async () => {
    setPrinter(srv, 'ok');
    const before = jobs(srv).length;
    const r = await srv.api('POST', '/kiosk/print-guide', { token: kiosk, body: { serviceId: 'company-setup' } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ printed: 1, printerId: 'K1' });
    const files = jobs(srv);
    expect(files.length).toBe(before + 1);
    const last = files[files.length - 1] as string;
    expect(last).toMatch(/-guide\.escpos$/);
    const text = paperText(decodeEscPos(readFileSync(join(srv.dataDir, 'virtual-printer', 'K1', last))));
    expect(text).toContain('企业设立登记');
    expect(text).toContain('公司章程');
  });

  it('print-guide of a bundle prints one checklist per matter', async () => {
    setPrinter(srv, 'ok');
    const before = jobs(srv).length;
    const r = await srv.api('POST', '/kiosk/print-guide', { token: kiosk, body: { bundleId: 'open-restaurant' } });
    expect(r.status).toBe(200);
    expect(r.body.printed).toBe(4);
    expect(jobs(srv).length).toBe(before + 4);
  });

  it('print-guide answers 503 PRINTER_UNAVAILABLE and prints nothing when the printer is out of paper', async () => {
    setPrinter(srv, 'paper-out');
    const before = jobs(srv).length;
    const r = await srv.api('POST', '/kiosk/print-guide', { token: kiosk, body: { serviceId: 'company-setup' } });
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('PRINTER_UNAVAILABLE');
    expect(jobs(srv).length).toBe(before);
    const st = await srv.api('GET', '/kiosk/printer-status', { token: kiosk });
    expect(st.body).toEqual({ printerId: 'K1', status: 'paper-out', canPrint: false });
    setPrinter(srv, 'ok');
  });

  it('print-guide rejects unknown matters and ambiguous bodies', async () => {
    expect((await srv.api('POST', '/kiosk/print-guide', { token: kiosk, body: { serviceId: 'nope' } })).body.error.code).toBe(
      'UNKNOWN_SERVICE',
    );
    expect((await srv.api('POST', '/kiosk/print-guide', { token: kiosk, body: {} })).status).toBe(400);
    expect(
      (await srv.api('POST', '/kiosk/print-guide', { token: kiosk, body: { serviceId: 'company-setup', bundleId: 'open-restaurant' } }))
        .status,
    ).toBe(400);
  });

  it("seeds today's demo appointments once, and check-in by code and by ID number works", async () => {
    const today = srv.hall.today();
    const mmdd = today.slice(5, 7) + today.slice(8, 10);
    const n = srv.db.prepare('SELECT COUNT(*) AS n FROM appointment WHERE business_date = ?').get(today) as { n: number };
    expect(n.n).toBe(5);
    const byCode = await srv.api('POST', '/appointments/check-in', {
      token: kiosk,
      body: { code: `${mmdd}03`, idempotencyKey: 'kiosk-test-0001' },
    });
    expect(byCode.status).toBe(201);
    // On the wall clock the demo slot may be ahead, current or past: early waits held (joins with priority at
    // the slot), up to the slot end + 15 minutes' grace it has priority, later it is a normal ticket.
    const slot = srv.db.prepare('SELECT slot_start, slot_end FROM appointment WHERE code = ?').get(`${mmdd}03`) as {
      slot_start: string;
      slot_end: string;
    };
    const now = srv.hall.now();
    const start = localTimeToEpoch(today, slot.slot_start, srv.hall.timeZone);
    const end = localTimeToEpoch(today, slot.slot_end, srv.hall.timeZone);
    const expected = now < start ? ['normal', true] : now < end + 15 * 60_000 ? ['appointment', false] : ['normal', false];
    expect([byCode.body.ticket.priority, byCode.body.ticket.heldUntil !== null]).toEqual(expected);
    const byId = await srv.api('POST', '/appointments/check-in', {
      token: kiosk,
      body: { idNumber: DEMO_ID_NUMBERS[0], idempotencyKey: 'kiosk-test-0002' },
    });
    expect(byId.status).toBe(201);
    const again = await srv.api('POST', '/appointments/check-in', {
      token: kiosk,
      body: { code: `${mmdd}03`, idempotencyKey: 'kiosk-test-0003' },
    });
    expect(again.body.error.code).toBe('APPOINTMENT_USED');
  });

  it("looks up today's ticket by number with public fields only", async () => {
    const issued = await srv.api('POST', '/tickets', {
      token: kiosk,
      body: { serviceId: 'company-setup', form: { idKind: 'none', name: '张三' } },
    });
    expect(issued.status).toBe(201);
    const r = await srv.api('GET', `/kiosk/tickets/${issued.body.ticket.number.toLowerCase()}`, { token: kiosk });
    expect(r.status).toBe(200);
    expect(r.body.ticket).toMatchObject({ number: issued.body.ticket.number, status: 'waiting', serviceIds: ['company-setup'] });
    expect(JSON.stringify(r.body)).not.toContain('张三');
    expect(r.body.ticket.token).toBeUndefined();
    expect((await srv.api('GET', '/kiosk/tickets/Z999', { token: kiosk })).status).toBe(404);
  });
});

describe('kiosk extension in a real (non-demo) hall', () => {
  it('seeds no appointments when loopback devices are not trusted', async () => {
    const { demoConfig } = await import('../testing/test-server.ts');
    const srv = await startTestServer({
      config: demoConfig((c) => {
        c.settings.trustLoopbackDevices = false;
      }),
    });
    try {
      const n = srv.db.prepare('SELECT COUNT(*) AS n FROM appointment').get() as { n: number };
      expect(n.n).toBe(0);
    } finally {
      await srv.stop();
    }
  });
});
