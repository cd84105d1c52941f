/**
 * The forgeries of issue 15, each refused: staff can read no ticket token from any listing; a kiosk rating
 * by the public number alone is refused; guessing the check code is limited per kiosk and per ticket; a
 * burst of 差评 from one kiosk is limited; a ticket not finished or already rated is refused on the kiosk's
 * first screen (the check), before any level is chosen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTimeToEpoch } from '@hall/contract';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { manualClock } from '../services/clock.ts';

const TZ = 'Asia/Shanghai';
const START = localTimeToEpoch('2026-09-30', '10:00', TZ);

interface Issued {
  id: string;
  number: string;
  token: string;
  checkCode: string;
}

describe('kiosk rating needs proof of holding the ticket (issue 15)', () => {
  let srv: TestServer;
  let kiosk: string;
  let staff: string;
  let supervisor: string;
  let admin: string;
  const clock = manualClock(START);
  const issued: Issued[] = [];

  const issue = async (): Promise<Issued> => {
    const t = (await srv.api('POST', '/tickets', { token: kiosk, body: { serviceId: 'company-setup' } })).body.ticket as Issued;
    issued.push(t);
    return t;
  };
  const serve = async (): Promise<Issued> => {
    const t = await issue();
    expect((await srv.api('POST', '/windows/W01/call-next', { token: staff })).body.ticket.id).toBe(t.id);
    expect((await srv.api('POST', '/windows/W01/start', { token: staff })).status).toBe(200);
    expect((await srv.api('POST', '/windows/W01/finish', { token: staff })).status).toBe(200);
    return t;
  };
  const count = (sql: string): number => (srv.db.prepare(sql).get() as { n: number }).n;
  const pairKiosk = async (deviceId: string) =>
    (await srv.api('POST', '/devices/pair-local', { body: { kind: 'kiosk', deviceId, name: deviceId } })).body.token as string;

  beforeAll(async () => {
    srv = await startTestServer({ printers: new Map(), clock, tickMs: 0 });
    kiosk = await srv.kioskToken();
    staff = await srv.login('zhangwei');
    supervisor = await srv.login('supervisor');
    admin = await srv.login('admin');
    expect((await srv.api('POST', '/windows/W01/sign-in', { token: staff, body: {} })).status).toBe(200);
  });
  afterAll(async () => {
    await srv.stop();
  });

  it('the issuing reply carries the token and a 4-digit check code; the phone page shows the same code', async () => {
    const t = await serve();
    expect(t.token.length).toBeGreaterThanOrEqual(20);
    expect(t.checkCode).toMatch(/^\d{4}$/);
    const status = await srv.api('GET', `/public/ratings/${t.token}`);
    expect(status.body.checkCode).toBe(t.checkCode);
  });

  it('no staff, supervisor or admin listing route carries any ticket token', async () => {
    const waiting = await issue(); // one waiting, one being served, several done
    await issue();
    expect((await srv.api('POST', '/windows/W01/call-next', { token: staff })).status).toBe(200);
    const paths = (await srv.api('GET', '/openapi.json')).body.paths as Record<string, Record<string, unknown>>;
    const caseId = null as string | null;
    const fill = (path: string): string =>
      path
        .replace('/tickets/{id}', `/tickets/${waiting.id}`)
        .replace('/windows/{id}', '/windows/W01')
        .replace('/rectifications/{id}', `/rectifications/${caseId ?? 'RC-none'}`)
        .replace(/\{[a-z]+\}/gi, 'x');
    const gets = Object.entries(paths)
      .filter(([path, ops]) => 'get' in ops && !path.startsWith('/public/'))
      .map(([path]) => fill(path));
    expect(gets).toContain(`/tickets/${waiting.id}`);
    expect(gets).toContain('/tickets');
    let answered = 0;
    for (const who of [staff, supervisor, admin]) {
      for (const path of gets) {
        const r = await srv.api('GET', path, { token: who });
        if (r.status === 200) answered += 1;
        for (const t of issued) {
          expect(r.text.includes(t.token), `${path} carries a token`).toBe(false);
          expect(r.text.includes(t.checkCode) && r.text.includes(`"checkCode"`), `${path} carries a check code`).toBe(false);
        }
      }
    }
    // The listings did answer (a route failing for everyone would prove nothing).
    expect(answered).toBeGreaterThan(gets.length);
    const one = await srv.api('GET', `/tickets/${waiting.id}`, { token: supervisor });
    expect(one.status).toBe(200);
    expect(one.body.ticket).not.toHaveProperty('token');
    // Finish the ticket being served so later tests start from an idle window.
    expect((await srv.api('POST', '/windows/W01/start', { token: staff })).status).toBe(200);
    expect((await srv.api('POST', '/windows/W01/finish', { token: staff })).status).toBe(200);
    expect((await srv.api('POST', '/windows/W01/call-next', { token: staff })).status).toBe(200);
    expect((await srv.api('POST', '/windows/W01/start', { token: staff })).status).toBe(200);
    expect((await srv.api('POST', '/windows/W01/finish', { token: staff })).status).toBe(200);
  });

  it('the number alone (shown on the hall screen, read out by the voice) is refused and stores nothing', async () => {
    const t = await serve();
    const k2 = await pairKiosk('KIOSK-NUMBER');
    const check = await srv.api('POST', '/ratings/kiosk/check', { token: k2, body: { number: t.number } });
    expect([check.status, check.body.error.code]).toEqual([400, 'CHECK_CODE_REQUIRED']);
    const rate = await srv.api('POST', '/ratings/kiosk', { token: k2, body: { number: t.number, level: 1, reasons: [0] } });
    expect([rate.status, rate.body.error.code]).toEqual([400, 'CHECK_CODE_REQUIRED']);
    expect(count(`SELECT COUNT(*) AS n FROM rating WHERE ticket_id = '${t.id}'`)).toBe(0);
    // The real citizen still rates, with the slip.
    const real = await srv.api('POST', '/ratings/kiosk', { token: k2, body: { number: t.number, checkCode: t.checkCode, level: 5 } });
    expect(real.status).toBe(201);
  });

  it('a wrong code is refused; guessing stops after 5 failures per kiosk, and per ticket across kiosks', async () => {
    const t = await serve();
    const wrong = String((Number(t.checkCode) + 1) % 10_000).padStart(4, '0');
    const k3 = await pairKiosk('KIOSK-GUESS');
    for (let i = 0; i < 5; i++) {
      const r = await srv.api('POST', '/ratings/kiosk/check', { token: k3, body: { number: t.number, checkCode: wrong } });
      expect([r.status, r.body.error.code]).toEqual([403, 'CHECK_CODE_WRONG']);
    }
    // Now even the right code is refused at this kiosk for a while…
    const blocked = await srv.api('POST', '/ratings/kiosk/check', { token: k3, body: { number: t.number, checkCode: t.checkCode } });
    expect([blocked.status, blocked.body.error.code]).toEqual([429, 'TOO_MANY_ATTEMPTS']);
    // …and for this ticket number on every kiosk (guessing cannot be spread over kiosks) — a scan still works.
    const k4 = await pairKiosk('KIOSK-OTHER');
    const elsewhere = await srv.api('POST', '/ratings/kiosk/check', { token: k4, body: { number: t.number, checkCode: t.checkCode } });
    expect([elsewhere.status, elsewhere.body.error.code]).toEqual([429, 'TOO_MANY_ATTEMPTS']);
    const scanned = await srv.api('POST', '/ratings/kiosk/check', { token: k4, body: { token: t.token } });
    expect(scanned.status).toBe(200);
    expect(scanned.body.ticket).toMatchObject({ number: t.number, window: { name: expect.any(String) } });
    // An unknown number answers like a wrong code, so trying numbers reveals nothing.
    const k5 = await pairKiosk('KIOSK-UNKNOWN');
    const unknown = await srv.api('POST', '/ratings/kiosk/check', { token: k5, body: { number: 'A999', checkCode: '1234' } });
    expect([unknown.status, unknown.body.error.code]).toEqual([403, 'CHECK_CODE_WRONG']);
    // The kiosk's window of failures passes with time (the hall clock).
    clock.advance(11 * 60_000);
    const t2 = await serve();
    const later = await srv.api('POST', '/ratings/kiosk/check', { token: k3, body: { number: t2.number, checkCode: t2.checkCode } });
    expect(later.status).toBe(200);
  });

  it('the first screen refuses a ticket not finished, or already rated, before any level is chosen', async () => {
    const k6 = await pairKiosk('KIOSK-FIRST');
    const waiting = await issue();
    const notDone = await srv.api('POST', '/ratings/kiosk/check', {
      token: k6,
      body: { number: waiting.number, checkCode: waiting.checkCode },
    });
    expect([notDone.status, notDone.body.error.code]).toEqual([409, 'NOT_RATEABLE']);
    expect((await srv.api('POST', '/windows/W01/call-next', { token: staff })).body.ticket.id).toBe(waiting.id);
    expect((await srv.api('POST', '/windows/W01/start', { token: staff })).status).toBe(200);
    expect((await srv.api('POST', '/windows/W01/finish', { token: staff })).status).toBe(200);
    const ok = await srv.api('POST', '/ratings/kiosk/check', { token: k6, body: { token: waiting.token } });
    expect(ok.status).toBe(200);
    expect(ok.body.ticket).not.toHaveProperty('staffId');
    expect((await srv.api('POST', '/ratings', { body: { token: waiting.token, level: 4 } })).status).toBe(201);
    const rated = await srv.api('POST', '/ratings/kiosk/check', {
      token: k6,
      body: { number: waiting.number, checkCode: waiting.checkCode },
    });
    expect([rated.status, rated.body.error.code]).toEqual([409, 'ALREADY_RATED']);
  });

  it('a burst of 40 差评 from one kiosk, each with a real slip, takes 4 and opens 4 cases', async () => {
    const slips: Issued[] = [];
    for (let i = 0; i < 40; i++) slips.push(await serve());
    const k7 = await pairKiosk('KIOSK-BURST');
    const casesBefore = count('SELECT COUNT(*) AS n FROM rectification_case');
    const codes: string[] = [];
    for (const t of slips) {
      const r = await srv.api('POST', '/ratings/kiosk', {
        token: k7,
        body: { number: t.number, checkCode: t.checkCode, level: 1, reasons: [0] },
      });
      codes.push(r.status === 201 ? 'ok' : r.body.error.code);
    }
    expect(codes.filter((c) => c === 'ok')).toHaveLength(4);
    expect(codes.slice(4).every((c) => c === 'KIOSK_RATING_LIMIT')).toBe(true);
    expect(count('SELECT COUNT(*) AS n FROM rectification_case') - casesBefore).toBe(4);
    // The refused citizens can still rate from their phones (the limit is per kiosk, not per ticket).
    expect((await srv.api('POST', '/ratings', { body: { token: slips[10]!.token, level: 3 } })).status).toBe(201);
    // Two minutes later the kiosk takes ratings again.
    clock.advance(2 * 60_000 + 1);
    const again = await srv.api('POST', '/ratings/kiosk', {
      token: k7,
      body: { number: slips[20]!.number, checkCode: slips[20]!.checkCode, level: 4 },
    });
    expect(again.status).toBe(201);
  });
});
