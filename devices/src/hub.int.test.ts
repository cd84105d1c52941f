/**
 * The hub over the real `serialport` binding and a socat pty pair, with the device simulator on the far end.
 * A pty pair does not reproduce UART timing or RS-485 turnaround; the protocol logic is what is under test.
 */
import { DevicesConfig } from '@hall/contract';
import iconv from 'iconv-lite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cmd, encodeFrame } from './bus/frame.ts';
import { SerialBusPort } from './bus/serial-port.ts';
import { MockHidTransport } from './hid/mock-hid-transport.ts';
import { createDeviceHub, type DeviceHub, type DeviceHubEvents } from './hub.ts';
import { DeviceSimulator } from './sim/device-simulator.ts';
import { hasSocat, openPtyPair, type PtyPair } from './sim/pty-pair.ts';
import { waitFor } from './sim/wait-for.ts';
import { toolMissing } from '../../scripts/testing/tool-gate.ts';

type Ev<K extends keyof DeviceHubEvents> = Parameters<DeviceHubEvents[K]>[0];

const STRIP = 105;
const CALLER = 205;
const RATER = 5;

function config(path: string) {
  return DevicesConfig.parse({
    buses: [{ id: 'bus1', path, baudRate: 9600 }],
    ratingKeypads: [{ windowId: 'W05', bus: 'bus1', address: RATER }],
    windowDisplays: [{ windowId: 'W05', bus: 'bus1', address: STRIP }],
    callerKeypads: [{ windowId: 'W05', bus: 'bus1', address: CALLER }],
  });
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

describe.skipIf(toolMissing('socat (serial pty pairs)', hasSocat))('device hub over a socat pty pair (real serialport)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hall-hub-'));
  const hostLink = join(dir, 'ttyHALL0');
  const devLink = join(dir, 'ttyDEV0');
  let pty: PtyPair;
  let devicePort: SerialBusPort;
  let sim: DeviceSimulator;
  let hub: DeviceHub;
  const raw: number[] = [];
  const keys: Array<Ev<'key'>> = [];
  const ratings: Array<Ev<'rating'>> = [];
  const statuses: Array<Ev<'deviceStatus'> & { at: number }> = [];
  const extraPtys: PtyPair[] = [];
  const hubLogs: string[] = [];

  /** Waits until the keypad has no queued event and the master is back to plain polling (no EVENT_ACK retry). */
  async function settled(addr: number): Promise<void> {
    await waitFor(() => sim.view(addr).pendingEvents.length === 0, 3000, `events of ${addr} acknowledged`);
    const polls = sim.framesFor(addr, Cmd.POLL).length;
    await waitFor(
      () => sim.framesFor(addr, Cmd.POLL).length >= polls + 2 && sim.framesFor(addr).at(-1)?.cmd === Cmd.POLL,
      3000,
      `${addr} polled again`,
    );
  }

  async function startDeviceEnd(): Promise<void> {
    devicePort = new SerialBusPort({ path: devLink });
    await devicePort.opened;
    devicePort.onData((c) => raw.push(...c));
    sim = new DeviceSimulator(devicePort, [
      { addr: STRIP, kind: 'strip' },
      { addr: CALLER, kind: 'caller-keypad' },
      { addr: RATER, kind: 'rating-keypad' },
    ]);
  }

  beforeAll(async () => {
    pty = await openPtyPair({ links: [hostLink, devLink] });
    await startDeviceEnd();
    hub = createDeviceHub(config(hostLink), {
      timing: { reopenIntervalMs: 300 },
      openHid: () => new MockHidTransport(),
      log: (m) => hubLogs.push(m),
    });
    hub.on('key', (e) => keys.push(e));
    hub.on('rating', (e) => ratings.push(e));
    hub.on('deviceStatus', (e) => statuses.push({ ...e, at: Date.now() }));
    await hub.start();
    await waitFor(() => hub.status().every((s) => s.online), 3000, 'all devices online');
  });

  afterAll(async () => {
    await hub?.stop();
    await sim?.close();
    await pty?.close();
    await Promise.all(extraPtys.map((p) => p.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows GB18030 text on the strip in exact frames with a valid CRC, then blanks it', async () => {
    const t0 = Date.now();
    hub.showOnStrip('W05', 'A012 请到5号窗口');
    await waitFor(() => sim.view(STRIP).text === 'A012 请到5号窗口', 1000, 'first text');
    expect(Date.now() - t0).toBeLessThan(400); // 200 ms in the spec; pty scheduling adds jitter
    const expected = encodeFrame({ addr: STRIP, cmd: Cmd.SHOW, data: Uint8Array.from(iconv.encode('A012 请到5号窗口', 'gb18030')) });
    expect(contains(Uint8Array.from(raw), expected)).toBe(true);

    hub.showOnStrip('W05', '暂停服务');
    await waitFor(() => sim.view(STRIP).text === '暂停服务', 1000, '暂停服务');
    expect(contains(Uint8Array.from(raw), Uint8Array.of(0x02, STRIP, Cmd.SHOW, 8, 0xd4, 0xdd, 0xcd, 0xa3, 0xb7, 0xfe, 0xce, 0xf1))).toBe(
      true,
    );

    hub.showOnStrip('W05', null);
    await waitFor(() => sim.view(STRIP).text === '', 1000, 'blank');
    expect(contains(Uint8Array.from(raw), encodeFrame({ addr: STRIP, cmd: Cmd.CLEAR }))).toBe(true);
  });

  it('marks the strip offline after 3 unanswered frames and re-sends its text when it returns', async () => {
    hub.showOnStrip('W05', 'A012 请到5号窗口');
    await waitFor(() => sim.view(STRIP).text === 'A012 请到5号窗口', 1000, 'text');
    sim.setOffline(STRIP, true);
    const before = sim.framesFor(STRIP).length;
    hub.showOnStrip('W05', 'A013 请到5号窗口');
    await waitFor(() => statuses.some((s) => s.device === 'bus1:105' && !s.online), 2000, 'strip offline');
    expect(sim.framesFor(STRIP).length - before).toBe(3);
    expect(hub.status().find((s) => s.device === 'bus1:105')?.online).toBe(false);

    sim.restart(STRIP); // it lost power: blank
    sim.setOffline(STRIP, false);
    await waitFor(() => sim.view(STRIP).text === 'A013 请到5号窗口', 2500, 'text re-sent on return');
    expect(statuses.filter((s) => s.device === 'bus1:105').map((s) => s.online)).toEqual([true, false, true]);
  });

  it('emits every caller key exactly once despite a lost reply, lost EVENT_ACKs and a lost ACK', async () => {
    keys.length = 0;
    sim.dropNextReply(CALLER, Cmd.POLL); // key 1: the event reply is lost
    sim.pressKey(CALLER, 0x01);
    await waitFor(() => keys.length === 1, 2000, 'key 1');
    await settled(CALLER);
    sim.loseNextFrame(CALLER, Cmd.EVENT_ACK); // key 2: the EVENT_ACK never reaches the keypad
    sim.pressKey(CALLER, 0x02);
    await settled(CALLER);
    sim.dropNextReply(CALLER, Cmd.EVENT_ACK); // key 3: the keypad's ACK to EVENT_ACK is lost
    sim.pressKey(CALLER, 0x03);
    await settled(CALLER);
    // key 4: every EVENT_ACK attempt is lost: the keypad goes offline, and on return repeats the event on POLL
    for (let i = 0; i < 3; i++) sim.loseNextFrame(CALLER, Cmd.EVENT_ACK);
    sim.pressKey(CALLER, 0x04);
    await settled(CALLER);
    expect(hubLogs.some((l) => l.includes('duplicate event seq 3 from 205'))).toBe(true);
    for (let k = 5; k <= 8; k++) sim.pressKey(CALLER, k);
    sim.pressKey(CALLER, 0x09, 7);
    await waitFor(() => sim.view(CALLER).pendingEvents.length === 0, 3000, 'all keys acknowledged');
    await new Promise((r) => setTimeout(r, 400)); // more polls: nothing may repeat
    expect(keys.map((k) => `${k.action}:${k.arg}`)).toEqual([
      'call-next:0',
      'recall:0',
      'start:0',
      'finish:0',
      'no-show:0',
      'pause:0',
      'resume:0',
      'suspend:0',
      'transfer:7',
    ]);
    expect(keys.every((k) => k.windowId === 'W05' && k.device === 'bus1:205')).toBe(true);
    expect(sim.framesFor(CALLER, Cmd.EVENT_ACK).length).toBeGreaterThanOrEqual(9 + 1 + 1 + 3); // 9 + the repeats
  });

  it('gives exactly one rating despite a garbled frame, a lost reply and a lost EVENT_ACK', async () => {
    ratings.length = 0;
    hub.requestRating('W05', 'A012');
    await waitFor(() => sim.view(RATER).ratingRequest === 'A012', 1000, 'keypad lit');
    sim.garbleNextReply(RATER, Cmd.POLL);
    sim.dropNextReply(RATER, Cmd.POLL);
    sim.loseNextFrame(RATER, Cmd.EVENT_ACK);
    sim.dropNextReply(RATER, Cmd.EVENT_ACK);
    sim.pressRating(RATER, 5, 0);
    await waitFor(() => sim.view(RATER).pendingEvents.length === 0, 3000, 'rating acknowledged');
    await new Promise((r) => setTimeout(r, 400));
    expect(ratings).toEqual([{ windowId: 'W05', level: 5, reasons: 0, channel: 'keypad', device: 'bus1:5' }]);
    expect(sim.view(RATER).ratingRequest).toBeNull();
  });

  it('survives the adapter being unplugged: bus offline, then back with what the strip shows', async () => {
    hub.showOnStrip('W05', '暂停服务');
    await waitFor(() => sim.view(STRIP).text === '暂停服务', 1000, 'text');
    await sim.close();
    await pty.close();
    await waitFor(() => statuses.some((s) => s.device === 'bus1' && !s.online), 3000, 'bus offline');
    pty = await openPtyPair({ links: [hostLink, devLink] });
    await startDeviceEnd();
    await waitFor(() => sim.view(STRIP).text === '暂停服务', 4000, 'text re-sent after replug');
    expect(statuses.filter((s) => s.device === 'bus1').map((s) => s.online)).toEqual([true, false, true]);
  });

  it('reports a bus whose serial path cannot be opened offline without crashing, and keeps retrying', async () => {
    const logs: string[] = [];
    const lost = createDeviceHub(config(join(dir, 'ttyMISSING')), { timing: { reopenIntervalMs: 200 }, log: (m) => logs.push(m) });
    const seen: Array<Ev<'deviceStatus'>> = [];
    lost.on('deviceStatus', (e) => seen.push(e));
    await lost.start();
    await waitFor(() => seen.some((s) => s.kind === 'bus'), 1000, 'bus status');
    expect(seen[0]).toMatchObject({ device: 'bus1', kind: 'bus', windowId: null, online: false });
    lost.showOnStrip('W05', 'A001'); // does not throw
    await new Promise((r) => setTimeout(r, 700));
    expect(logs.filter((l) => l.includes('cannot open')).length).toBeGreaterThanOrEqual(1);
    expect(lost.status().every((s) => !s.online)).toBe(true);
    // The adapter appears: the hub opens it on its next retry.
    const late = await openPtyPair({ links: [join(dir, 'ttyMISSING'), join(dir, 'ttyMISSINGdev')] });
    extraPtys.push(late);
    const port = new SerialBusPort({ path: join(dir, 'ttyMISSINGdev') });
    await port.opened;
    const lateSim = new DeviceSimulator(port, [
      { addr: STRIP, kind: 'strip' },
      { addr: CALLER, kind: 'caller-keypad' },
      { addr: RATER, kind: 'rating-keypad' },
    ]);
    await waitFor(() => lateSim.view(STRIP).text === 'A001', 3000, 'text after the bus appeared');
    await lost.stop();
    await lateSim.close();
  });
});
