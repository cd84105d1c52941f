/**
 * A serial rating keypad end to end: the hall server with the device agent and the ratings extension, the real
 * `serialport` binding on a socat pty pair, and the device simulator on the far end playing the keypad.
 * A pty pair does not reproduce UART timing; what is under test is that faults on the wire can neither lose
 * nor double a rating (serial-protocol.md: the host acts on each (device, seq) once).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cmd, DeviceSimulator, SerialBusPort } from '@hall/devices';
import { DevicesConfig } from '@hall/contract';
import { hasSocat, openPtyPair, type PtyPair } from '../devices/src/sim/pty-pair.ts';
import { demoConfig, startTestServer, type TestServer } from '../queue-server/src/testing/test-server.ts';
import { toolMissing } from '../scripts/testing/tool-gate.ts';

const KEYPAD = 5;

async function waitFor(probe: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.skipIf(toolMissing('socat (serial pty pairs)', hasSocat))(
  'a serial rating keypad over a socat pty pair, through the device agent',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'hall-keypad-'));
    const hostLink = join(dir, 'ttyHALL0');
    const deviceLink = join(dir, 'ttyKEYPAD0');
    let pty: PtyPair;
    let devicePort: SerialBusPort;
    let sim: DeviceSimulator;
    let srv: TestServer;
    let staff = '';
    let kiosk = '';
    let supervisor = '';
    /** The rating token of the ticket the first test served: the citizen's, from the kiosk's issue reply. */
    let citizenToken = '';
    /** Every call the device agent makes to the rating service, with its result code (a spy on the real service). */
    const calls: Array<{ windowId: string; level: number; reasons: number; result: string }> = [];

    /** The keypad's event was acknowledged and the master is back to plain polling (no retry in flight). */
    async function settled(): Promise<void> {
      await waitFor(() => sim.view(KEYPAD).pendingEvents.length === 0, 'the keypad event to be acknowledged');
      const polls = sim.framesFor(KEYPAD, Cmd.POLL).length;
      await waitFor(
        () => sim.framesFor(KEYPAD, Cmd.POLL).length >= polls + 3 && sim.framesFor(KEYPAD).at(-1)?.cmd === Cmd.POLL,
        'polling to resume',
      );
    }

    async function serveAtW05(): Promise<{ id: string; number: string; token: string }> {
      const t = (await srv.api('POST', '/tickets', { token: kiosk, body: { serviceId: 'company-setup' } })).body.ticket;
      for (const action of ['call-next', 'start', 'finish']) {
        const r = await srv.api('POST', `/windows/W05/${action}`, { token: staff });
        expect(r.status, `${action}: ${r.text}`).toBe(200);
      }
      return t;
    }

    beforeAll(async () => {
      pty = await openPtyPair({ links: [hostLink, deviceLink] });
      devicePort = new SerialBusPort({ path: deviceLink });
      await devicePort.opened;
      sim = new DeviceSimulator(devicePort, [{ addr: KEYPAD, kind: 'rating-keypad' }]);
      const config = demoConfig((c) => {
        c.devices = DevicesConfig.parse({
          buses: [{ id: 'bus1', path: hostLink, baudRate: 9600 }],
          ratingKeypads: [{ windowId: 'W05', bus: 'bus1', address: KEYPAD }],
        });
      });
      srv = await startTestServer({ config, printers: new Map() });
      const service = srv.ratings.service;
      const inner = service.rateLastFinished.bind(service);
      service.rateLastFinished = (windowId, level, reasons, channel, device) => {
        const r = inner(windowId, level, reasons, channel, device);
        calls.push({ windowId, level, reasons, result: r.ok ? 'ok' : r.code });
        return r;
      };
      kiosk = await srv.kioskToken();
      staff = await srv.login('chenjing');
      supervisor = await srv.login('supervisor');
      expect((await srv.api('POST', '/windows/W05/sign-in', { token: staff, body: {} })).status).toBe(200);
      expect((await srv.api('PUT', '/windows/W05/allocation', { token: supervisor, body: { categories: ['enterprise'] } })).status).toBe(
        200,
      );
      await waitFor(
        async () =>
          (await srv.api('GET', '/health')).body.devices?.some(
            (d: { device: string; online: boolean }) => d.device === 'bus1:5' && d.online,
          ) === true,
        'the keypad to come online',
      );
    });

    afterAll(async () => {
      await srv?.stop();
      await sim?.close();
      await pty?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('stores exactly one rating despite a garbled frame, a lost reply and a lost EVENT_ACK', async () => {
      const t = await serveAtW05();
      citizenToken = t.token;
      await waitFor(() => sim.view(KEYPAD).ratingRequest === t.number, 'the keypad to light up for the finished ticket');

      sim.garbleNextReply(KEYPAD, Cmd.POLL); // the RATING reply arrives with a bad CRC
      sim.dropNextReply(KEYPAD, Cmd.POLL); // the repeated RATING reply is lost
      sim.loseNextFrame(KEYPAD, Cmd.EVENT_ACK); // the host's EVENT_ACK never reaches the keypad
      sim.dropNextReply(KEYPAD, Cmd.EVENT_ACK); // the keypad's ACK of the repeated EVENT_ACK is lost
      sim.pressRating(KEYPAD, 2, 0b0000_0110); // 不满意: 等候太久 + 办事效率低
      await settled();
      // The faults happened: the event went out more than once and EVENT_ACK was sent more than once.
      expect(sim.framesFor(KEYPAD, Cmd.EVENT_ACK).length).toBeGreaterThanOrEqual(2);

      // The agent handed the press over once (bus de-duplication), and it was stored once (一次一评).
      expect(calls).toEqual([{ windowId: 'W05', level: 2, reasons: 0b110, result: 'ok' }]);
      const rows = srv.db.prepare('SELECT channel, device, level, reasons FROM rating WHERE ticket_id = ?').all(t.id);
      expect(rows).toEqual([{ channel: 'keypad', device: 'bus1:5', level: 2, reasons: 0b110 }]);
      const list = (await srv.api('GET', `/ratings?date=${srv.hall.today()}`, { token: supervisor })).body.ratings;
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({
        ticketId: t.id,
        ticketNumber: t.number,
        windowId: 'W05',
        staffId: 'chenjing',
        level: 2,
        channel: 'keypad',
        reasons: [1, 2],
        reasonLabels: ['等候太久', '办事效率低'],
      });
      // The 差评 opened its case and alerted the supervisors.
      const cases = (await srv.api('GET', '/rectifications?status=open', { token: supervisor })).body.cases;
      expect(cases.map((c: { ticketId: string }) => c.ticketId)).toEqual([t.id]);
      expect(srv.alerts.open().some((a) => a.kind === 'bad_rating' && a.subject === cases[0].id)).toBe(true);
    });

    it('a second press for the same ticket, and the phone afterwards, add nothing', async () => {
      const t = (await srv.api('GET', `/ratings?date=${srv.hall.today()}`, { token: supervisor })).body.ratings[0];
      sim.pressRating(KEYPAD, 5, 0);
      await settled();
      expect(calls.map((c) => c.result)).toEqual(['ok', 'ALREADY_RATED']);
      expect(srv.db.prepare('SELECT COUNT(*) AS n FROM rating').get()).toEqual({ n: 1 });
      expect((await srv.api('GET', `/tickets/${t.ticketId}`, { token: supervisor })).body.ticket.token).toBeUndefined();
      const phone = await srv.api('POST', '/ratings', { body: { token: citizenToken, level: 5 } });
      expect([phone.status, phone.body.error.code]).toEqual([409, 'ALREADY_RATED']);
    });
  },
);
