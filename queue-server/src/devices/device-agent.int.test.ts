/**
 * The device agent against a real hall server:
 * 1. with a scripted hub (every path of the agent, no hardware);
 * 2. over a socat pty pair with the devices workspace's simulator on the far end: a caller keypad, an LED strip
 *    and a rating keypad on one bus, a lost reply and a lost EVENT_ACK, each key taking effect exactly once.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Cmd, DeviceSimulator, openSerialBusPort, type DeviceHub, type DeviceHubEvents, type KeyAction } from '@hall/devices';
import { hasSocat, openPtyPair, type PtyPair } from '@hall/devices/src/sim/pty-pair.ts';
import type { AuditEventType, DevicesConfig } from '@hall/contract';
import { demoConfig, startTestServer, type TestServer } from '../testing/test-server.ts';
import type { DeviceAgentOptions } from './device-agent.ts';
import { toolMissing } from '../../../scripts/testing/tool-gate.ts';

/** Polls until `condition` holds (every 10 ms), failing with `what` after `timeoutMs`. */
async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** What the hall's rating service recorded today, as [window, ticket, level, reason ids, channel]. */
const ratedOf = (srv: TestServer) =>
  srv.ratings.service.list(srv.hall.today()).map((r) => [r.windowId, r.ticketNumber, r.level, r.reasons, r.channel]);

function withDevices(devices: Partial<DevicesConfig>) {
  return demoConfig((c) => {
    c.devices = { ...c.devices, ...devices, printers: [] };
  });
}

const keypadEvents = (srv: TestServer, type?: AuditEventType) =>
  srv.hall.queries.auditOfDay(srv.hall.today(), type).filter((e) => e.source.startsWith('keypad '));

// ───────────────────────────── 1. scripted hub ─────────────────────────────

class ScriptedHub implements DeviceHub {
  readonly strip: Array<[string, string | null]> = [];
  readonly caller: Array<[string, string]> = [];
  readonly requests: Array<[string, string]> = [];
  readonly cancels: string[] = [];
  private readonly handlers: { [K in keyof DeviceHubEvents]?: Array<DeviceHubEvents[K]> } = {};
  isStarted = false;
  async start() {
    this.isStarted = true;
  }
  async stop() {
    this.isStarted = false;
  }
  on<E extends keyof DeviceHubEvents>(e: E, cb: DeviceHubEvents[E]) {
    ((this.handlers[e] ??= []) as Array<DeviceHubEvents[E]>).push(cb);
  }
  emit<E extends keyof DeviceHubEvents>(e: E, arg: Parameters<DeviceHubEvents[E]>[0]) {
    for (const cb of (this.handlers[e] ?? []) as Array<(a: typeof arg) => void>) cb(arg);
  }
  showOnStrip(w: string, text: string | null) {
    this.strip.push([w, text]);
  }
  showOnCaller(w: string, text: string) {
    this.caller.push([w, text]);
  }
  requestRating(w: string, n: string) {
    this.requests.push([w, n]);
  }
  cancelRating(w: string) {
    this.cancels.push(w);
  }
  status() {
    return [{ device: 'bus1:205', kind: 'caller-keypad', windowId: 'W05', online: true }];
  }
  lastStrip(w: string) {
    return [...this.strip].reverse().find(([x]) => x === w)?.[1];
  }
  lastCaller(w: string) {
    return [...this.caller].reverse().find(([x]) => x === w)?.[1];
  }
  key(action: KeyAction, arg = 0) {
    this.emit('key', { windowId: 'W05', action, arg, device: 'bus1:205' });
  }
}

describe('device agent (scripted hub)', () => {
  let srv: TestServer;
  let hub: ScriptedHub;
  let kiosk: string;

  beforeEach(async () => {
    hub = new ScriptedHub();
    const devices: DeviceAgentOptions = { createHub: () => hub, ratingTimeoutMs: 300, keyErrorMs: 100 };
    srv = await startTestServer({
      printers: new Map(),
      config: withDevices({
        buses: [{ id: 'bus1', path: '/dev/ttyHALL-none', baudRate: 9600 }],
        windowDisplays: [{ windowId: 'W05', bus: 'bus1', address: 105 }],
        callerKeypads: [{ windowId: 'W05', bus: 'bus1', address: 205 }],
        ratingKeypads: [{ windowId: 'W05', bus: 'bus1', address: 5 }],
        hidRatingKeypads: [{ windowId: 'W06', vendorId: 0x0483, productId: 0x5750, levelByte: 1 }],
      }),
      modules: { devices },
    });
    kiosk = await srv.kioskToken();
    const staff = await srv.login('chenjing');
    expect((await srv.api('POST', '/windows/W05/sign-in', { token: staff })).status).toBe(200);
  });
  afterEach(async () => {
    await srv.stop();
  });

  const issue = async (n: number) => {
    for (let i = 0; i < n; i++)
      expect((await srv.api('POST', '/tickets', { token: kiosk, body: { categoryId: 'enterprise' } })).status).toBe(201);
  };

  it('starts the hub, registers itself and shows every strip and caller text at start', () => {
    expect(hub.isStarted).toBe(true);
    expect(srv.app.hasRoute({ method: 'GET', url: '/api/v1/health' })).toBe(true);
    expect(hub.strip[0]).toEqual(['W05', null]);
    expect(hub.lastCaller('W05')).toBe('空闲 等候0人');
  });

  it('maps each key to the window command, as a keypad actor recorded against the signed-in staff', async () => {
    await issue(2);
    expect(hub.lastCaller('W05')).toBe('空闲 等候2人');
    hub.key('call-next');
    expect(hub.lastStrip('W05')).toBe('A001 请到5号窗口');
    expect(hub.lastCaller('W05')).toBe('A001 等候1人');
    hub.key('recall');
    hub.key('start');
    hub.key('finish');
    expect(hub.lastStrip('W05')).toBe(null);
    expect(hub.requests).toEqual([['W05', 'A001']]);
    const types = keypadEvents(srv).map((e) => e.type);
    expect(types).toEqual(['ticket.called', 'ticket.recalled', 'ticket.started', 'ticket.finished']);
    expect(keypadEvents(srv).every((e) => e.actor === 'keypad:bus1/205' && e.source === 'keypad bus1/205')).toBe(true);
    expect(srv.hall.queries.ticketByNumber(srv.hall.today(), 'A001')?.servedBy).toBe('chenjing');

    hub.key('pause');
    expect(hub.lastStrip('W05')).toBe('暂停服务');
    expect(srv.hall.queries.windowRecord('W05')?.pauseReason).toBe('临时离开（呼叫器）');
    hub.key('resume');
    expect(srv.hall.queries.windowRecord('W05')?.status).toBe('open');

    // A transfer to a window goes only to an open one whose staff may serve the ticket.
    hub.key('call-next');
    hub.key('transfer', 6);
    expect(hub.lastCaller('W05')).toBe('目标窗口未开');
    const liu = await srv.login('liuyang');
    expect((await srv.api('POST', '/windows/W06/sign-in', { token: liu })).status).toBe(200);
    expect(srv.hall.queries.windowRecord('W06')?.status).toBe('open');
    hub.key('transfer', 6);
    expect(hub.lastCaller('W05')).toBe('目标窗口无资质');
    const wang = await srv.login('wangfang');
    expect((await srv.api('POST', '/windows/W02/sign-in', { token: wang })).status).toBe(200);
    hub.key('transfer', 2);
    const moved = srv.hall.queries.ticketByNumber(srv.hall.today(), 'A002');
    expect(moved).toMatchObject({ status: 'waiting', targetWindowId: 'W02' });
    hub.key('call-next');
    hub.key('suspend');
    expect(keypadEvents(srv, 'ticket.suspended')).toHaveLength(0); // nothing was current: refused, not acted
  });

  it('refuses a key the state does not allow, flashes why on the caller, then restores its text', async () => {
    hub.key('no-show');
    expect(hub.lastCaller('W05')).toBe('无当前号');
    await until(() => hub.lastCaller('W05') === '空闲 等候0人', 'caller text restored');
    hub.key('transfer', 99);
    expect(hub.lastCaller('W05')).toBe('无此窗口');
    expect(keypadEvents(srv)).toEqual([]);
    // A double press of "call next" never closes the citizen's ticket: the second is refused.
    await issue(2);
    hub.key('call-next');
    hub.key('call-next');
    expect(hub.lastCaller('W05')).toBe('请先开始办理');
    expect(srv.hall.queries.ticketByNumber(srv.hall.today(), 'A001')?.status).toBe('called');
    expect(keypadEvents(srv).map((e) => e.type)).toEqual(['ticket.called']);
  });

  it('forwards a keypad rating to the ratings extension and records rating.not_rated after the timeout', async () => {
    await issue(2);
    hub.key('call-next');
    hub.key('finish');
    hub.emit('rating', { windowId: 'W05', level: 2, reasons: 0b101, channel: 'keypad', device: 'bus1:5' });
    expect(ratedOf(srv)).toEqual([['W05', 'A001', 2, [0, 2], 'keypad']]);
    hub.key('call-next');
    hub.key('finish');
    await until(() => srv.hall.queries.auditOfDay(srv.hall.today(), 'rating.not_rated').length === 1, 'rating.not_rated');
    const nr = srv.hall.queries.auditOfDay(srv.hall.today(), 'rating.not_rated')[0];
    expect(nr).toMatchObject({ windowId: 'W05', data: { number: 'A002', reason: 'timeout' } });
    expect(hub.cancels).toEqual(['W05']);
  });

  it('keeps HID rating keypads without a request command (timeout only) and rates through the extension', async () => {
    const staff = await srv.login('liuyang');
    expect((await srv.api('POST', '/windows/W06/sign-in', { token: staff })).status).toBe(200);
    expect((await srv.api('POST', '/tickets', { token: kiosk, body: { categoryId: 'insurance' } })).status).toBe(201);
    expect((await srv.api('POST', '/windows/W06/call-next', { token: staff })).status).toBe(200);
    expect((await srv.api('POST', '/windows/W06/finish', { token: staff })).status).toBe(200);
    expect(hub.requests).toEqual([]);
    hub.emit('rating', { windowId: 'W06', level: 5, reasons: 0, channel: 'hid', device: 'hid:0483:5750' });
    expect(ratedOf(srv)).toEqual([['W06', 'F001', 5, [], 'hid']]);
  });

  it('raises device_offline alerts and clears them when the device answers again', async () => {
    hub.emit('deviceStatus', { device: 'bus1:105', kind: 'window-display', windowId: 'W05', online: false, detail: 'no answer' });
    expect(srv.alerts.open()).toEqual([expect.objectContaining({ kind: 'device_offline', subject: 'bus1:105', severity: 'warning' })]);
    expect(srv.alerts.open()[0]?.message).toContain('5号窗口 窗口屏 bus1:105 离线');
    hub.emit('deviceStatus', { device: 'bus1:105', kind: 'window-display', windowId: 'W05', online: true });
    expect(srv.alerts.open()).toEqual([]);
    const health = await srv.api('GET', '/health');
    expect(health.body.devices).toEqual([{ device: 'bus1:205', kind: 'caller-keypad', windowId: 'W05', online: true }]);
  });
});

describe('device agent without hardware', () => {
  it('stays inert: no hub, empty device list in health', async () => {
    const srv = await startTestServer({
      printers: new Map(),
      modules: {
        devices: {
          createHub: () => {
            throw new Error('must not start');
          },
        },
      },
    });
    try {
      expect((await srv.api('GET', '/health')).body.devices).toEqual([]);
    } finally {
      await srv.stop();
    }
  });
});

// ───────────────────────────── 2. socat pty pair ─────────────────────────────

const SOCAT_TITLE = hasSocat
  ? 'device agent over a socat pty pair (caller keypad, strip, rating keypad)'
  : 'device agent over a socat pty pair — SKIPPED: socat is not installed (apt-get install socat)';
describe.skipIf(toolMissing('socat (serial pty pairs)', hasSocat))(SOCAT_TITLE, () => {
  let pty: PtyPair;
  let sim: DeviceSimulator;
  let srv: TestServer;
  let staff: string;
  let kiosk: string;
  const STRIP = 105;
  const CALLER = 205;
  const RATER = 5;

  beforeAll(async () => {
    pty = await openPtyPair();
    sim = new DeviceSimulator(openSerialBusPort(pty.devicePath, 9600), [
      { addr: STRIP, kind: 'strip' },
      { addr: CALLER, kind: 'caller-keypad' },
      { addr: RATER, kind: 'rating-keypad' },
    ]);
    srv = await startTestServer({
      printers: new Map(),
      config: withDevices({
        buses: [{ id: 'bus1', path: pty.hostPath, baudRate: 9600 }],
        windowDisplays: [{ windowId: 'W05', bus: 'bus1', address: STRIP }],
        callerKeypads: [{ windowId: 'W05', bus: 'bus1', address: CALLER }],
        ratingKeypads: [{ windowId: 'W05', bus: 'bus1', address: RATER }],
      }),
      modules: { devices: { ratingTimeoutMs: 5000, hub: { timing: { idleCheckIntervalMs: 300 } } } },
    });
    staff = await srv.login('chenjing');
    kiosk = await srv.kioskToken();
    expect((await srv.api('POST', '/windows/W05/sign-in', { token: staff })).status).toBe(200);
    expect((await srv.api('POST', '/windows/W02/sign-in', { token: await srv.login('wangfang') })).status).toBe(200);
    for (let i = 0; i < 3; i++)
      expect((await srv.api('POST', '/tickets', { token: kiosk, body: { categoryId: 'enterprise' } })).status).toBe(201);
  }, 30_000);

  afterAll(async () => {
    await srv?.stop();
    await sim?.close();
    await pty?.close();
  });

  /** Presses a key and waits until the keypad's queue is empty and it has been polled a few more times. */
  const pressAndSettle = async (key: number, arg = 0) => {
    sim.pressKey(CALLER, key, arg);
    await until(() => sim.view(CALLER).pendingEvents.length === 0, `key 0x${key.toString(16)} acknowledged`);
    const polls = sim.framesFor(CALLER, Cmd.POLL).length;
    await until(() => sim.framesFor(CALLER, Cmd.POLL).length >= polls + 3, 'three more polls');
  };

  it('shows the window on the strip and the queue on the caller display', async () => {
    await until(() => sim.view(CALLER).text === '空闲 等候3人', 'caller shows the waiting count');
    expect(sim.view(STRIP).text).toBe('');
  });

  it('acts once on a key whose reply (the KEY frame) was lost on the way back', async () => {
    sim.dropNextReply(CALLER, Cmd.POLL);
    sim.pressKey(CALLER, 0x01); // call next
    // The first poll's reply is lost; the keypad repeats the event on the next poll.
    await until(() => sim.view(CALLER).pendingEvents.length === 0, 'call-next acknowledged');
    await until(() => sim.view(STRIP).text === 'A001 请到5号窗口', 'strip shows the called number');
    const polls = sim.framesFor(CALLER, Cmd.POLL).length;
    await until(() => sim.framesFor(CALLER, Cmd.POLL).length >= polls + 3, 'more polls');
    expect(keypadEvents(srv, 'ticket.called')).toHaveLength(1);
    await until(() => sim.view(CALLER).text === 'A001 等候2人', 'caller shows the current number');
  });

  it('acts once on a key whose EVENT_ACK was lost (the keypad repeats the same seq)', async () => {
    sim.loseNextFrame(CALLER, Cmd.EVENT_ACK);
    const seq = sim.view(CALLER).nextSeq;
    await pressAndSettle(0x02); // recall
    // The first EVENT_ACK for this seq was lost (the keypad kept repeating the event); the host acknowledged again.
    expect(sim.framesFor(CALLER, Cmd.EVENT_ACK).filter((f) => f.data[0] === seq).length).toBeGreaterThanOrEqual(2);
    expect(sim.framesFor(CALLER, Cmd.POLL).length).toBeGreaterThan(0);
    expect(keypadEvents(srv, 'ticket.recalled')).toHaveLength(1);
    expect(srv.hall.queries.ticketByNumber(srv.hall.today(), 'A001')?.callCount).toBe(2);
  });

  it('starts and finishes; the finish lights the rating keypad, and one press rates once despite a lost reply', async () => {
    await pressAndSettle(0x03);
    await pressAndSettle(0x04);
    expect(keypadEvents(srv, 'ticket.started')).toHaveLength(1);
    expect(keypadEvents(srv, 'ticket.finished')).toHaveLength(1);
    const a001 = srv.hall.queries.ticketByNumber(srv.hall.today(), 'A001');
    expect(a001).toMatchObject({ status: 'done', servedBy: 'chenjing' });
    await until(() => sim.view(RATER).ratingRequest === 'A001', 'rating keypad lit for A001');
    await until(() => sim.view(STRIP).text === '', 'strip blank when idle');
    sim.dropNextReply(RATER, Cmd.POLL);
    sim.pressRating(RATER, 4, 0b10);
    await until(() => sim.view(RATER).pendingEvents.length === 0, 'rating acknowledged');
    const polls = sim.framesFor(RATER, Cmd.POLL).length;
    await until(() => sim.framesFor(RATER, Cmd.POLL).length >= polls + 3, 'more polls');
    expect(ratedOf(srv)).toEqual([['W05', 'A001', 4, [], 'keypad']]);
  });

  it('pauses (暂停服务 on the strip) and resumes from the keypad', async () => {
    await pressAndSettle(0x06);
    await until(() => sim.view(STRIP).text === '暂停服务', 'strip shows 暂停服务');
    expect(srv.hall.queries.windowRecord('W05')).toMatchObject({ status: 'paused', pauseReason: '临时离开（呼叫器）' });
    await until(() => sim.view(CALLER).text === '暂停 等候2人', 'caller shows paused');
    await pressAndSettle(0x07);
    expect(srv.hall.queries.windowRecord('W05')?.status).toBe('open');
    await until(() => sim.view(STRIP).text === '', 'strip blank again');
    expect(keypadEvents(srv, 'window.paused')).toHaveLength(1);
    expect(keypadEvents(srv, 'window.resumed')).toHaveLength(1);
  });

  it('transfers to a window by its number (0x09, arg 2 → W02, open and certified for the ticket)', async () => {
    await pressAndSettle(0x01);
    await until(() => sim.view(STRIP).text === 'A002 请到5号窗口', 'strip shows A002');
    await pressAndSettle(0x09, 2);
    expect(srv.hall.queries.ticketByNumber(srv.hall.today(), 'A002')).toMatchObject({ status: 'waiting', targetWindowId: 'W02' });
    expect(keypadEvents(srv, 'ticket.transferred')[0]?.data).toMatchObject({ toWindow: 'W02', fromWindow: 'W05' });
    await until(() => sim.view(STRIP).text === '', 'strip blank after the transfer');
  });

  it('did each key exactly once, in order, in the audit log', () => {
    expect(keypadEvents(srv).map((e) => e.type)).toEqual([
      'ticket.called',
      'ticket.recalled',
      'ticket.started',
      'ticket.finished',
      'window.paused',
      'window.resumed',
      'ticket.called',
      'ticket.transferred',
    ]);
  });

  it('raises device_offline when the strip stops answering, clears it and re-sends its text when it returns', async () => {
    await pressAndSettle(0x01); // A003
    await until(() => sim.view(STRIP).text === 'A003 请到5号窗口', 'strip shows A003');
    sim.setOffline(STRIP, true);
    await until(() => srv.alerts.open().some((a) => a.kind === 'device_offline' && a.subject === 'bus1:105'), 'offline alert', 20_000);
    const shownBefore = sim.view(STRIP).history.length;
    sim.setOffline(STRIP, false);
    await until(() => !srv.alerts.open().some((a) => a.subject === 'bus1:105'), 'alert cleared', 20_000);
    await until(() => sim.view(STRIP).history.length > shownBefore && sim.view(STRIP).text === 'A003 请到5号窗口', 'text re-sent');
    const health = await srv.api('GET', '/health');
    expect(health.body.devices).toEqual(
      expect.arrayContaining([
        { device: 'bus1', kind: 'bus', windowId: null, online: true },
        { device: 'bus1:105', kind: 'window-display', windowId: 'W05', online: true },
      ]),
    );
  }, 45_000);
});
