import { DevicesConfig } from '@hall/contract';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Cmd, decodeShowText } from './bus/frame.ts';
import { createMockPortPair, MockPort } from './bus/mock-port.ts';
import { HidDeviceNotFoundError } from './hid/hid-transport.ts';
import { MockHidTransport } from './hid/mock-hid-transport.ts';
import { createDeviceHub, type DeviceHubEvents } from './hub.ts';
import { DeviceSimulator } from './sim/device-simulator.ts';

type Ev<K extends keyof DeviceHubEvents> = Parameters<DeviceHubEvents[K]>[0];

const cfg = DevicesConfig.parse({
  buses: [{ id: 'bus1', path: '/dev/ttyHALL0', baudRate: 9600 }],
  ratingKeypads: [{ windowId: 'W05', bus: 'bus1', address: 5 }],
  windowDisplays: [{ windowId: 'W05', bus: 'bus1', address: 105 }],
  callerKeypads: [{ windowId: 'W05', bus: 'bus1', address: 205 }],
  hidRatingKeypads: [{ windowId: 'W06', vendorId: 0x0483, productId: 0x5750, levelByte: 1 }],
});

function setup(opts: { hid?: () => MockHidTransport } = {}) {
  const [host, dev] = createMockPortPair();
  const sim = new DeviceSimulator(dev, [
    { addr: 5, kind: 'rating-keypad' },
    { addr: 105, kind: 'strip' },
    { addr: 205, kind: 'caller-keypad' },
  ]);
  const hid = new MockHidTransport();
  const opened: string[] = [];
  const hub = createDeviceHub(cfg, {
    openPort: (path, baud) => {
      opened.push(`${path}@${baud}`);
      return host;
    },
    openHid: opts.hid ?? (() => hid),
  });
  const keys: Array<Ev<'key'>> = [];
  const ratings: Array<Ev<'rating'>> = [];
  const statuses: Array<Ev<'deviceStatus'>> = [];
  hub.on('key', (e) => keys.push(e));
  hub.on('rating', (e) => ratings.push(e));
  hub.on('deviceStatus', (e) => statuses.push(e));
  return { hub, sim, hid, keys, ratings, statuses, opened };
}

describe('createDeviceHub', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('showOnStrip() sends SHOW in GB18030 within 200 ms, and null blanks the strip with CLEAR', async () => {
    const { hub, sim, opened } = setup();
    await hub.start();
    hub.showOnStrip('W05', 'A012 请到5号窗口');
    await vi.advanceTimersByTimeAsync(200);
    expect(opened).toEqual(['/dev/ttyHALL0@9600']);
    expect(sim.view(105).text).toBe('A012 请到5号窗口');
    hub.showOnStrip('W05', '暂停服务');
    hub.showOnStrip('W05', null);
    await vi.advanceTimersByTimeAsync(200);
    expect(sim.view(105).text).toBe('');
    expect(sim.framesFor(105, Cmd.SHOW).map((f) => decodeShowText(f.data))).toEqual(['A012 请到5号窗口', '暂停服务']);
    expect(sim.framesFor(105, Cmd.CLEAR)).toHaveLength(1);
    await hub.stop();
  });

  it('coalesces rapid updates: the strip ends on the newest text', async () => {
    const { hub, sim } = setup();
    await hub.start();
    await vi.advanceTimersByTimeAsync(100);
    for (let i = 0; i < 10; i++) hub.showOnStrip('W05', `A00${i}`);
    await vi.advanceTimersByTimeAsync(300);
    expect(sim.view(105).text).toBe('A009');
    expect(sim.framesFor(105, Cmd.SHOW).length).toBeLessThanOrEqual(2);
    await hub.stop();
  });

  it('re-sends what the strip and the caller display show when they come back online', async () => {
    const { hub, sim, statuses } = setup();
    await hub.start();
    hub.showOnStrip('W05', 'A012 请到5号窗口');
    hub.showOnCaller('W05', 'A012 等候3人');
    await vi.advanceTimersByTimeAsync(300);
    sim.setOffline(105, true);
    sim.setOffline(205, true);
    hub.showOnStrip('W05', 'A013 请到5号窗口');
    await vi.advanceTimersByTimeAsync(1500);
    expect(
      statuses
        .filter((s) => !s.online)
        .map((s) => `${s.device} ${s.kind} ${s.windowId}`)
        .sort(),
    ).toEqual(['bus1:105 window-display W05', 'bus1:205 caller-keypad W05']);
    sim.restart(105);
    sim.restart(205);
    expect(sim.view(105).text).toBe('');
    sim.setOffline(105, false);
    sim.setOffline(205, false);
    await vi.advanceTimersByTimeAsync(6000); // the strip is probed once a second while offline
    expect(sim.view(105).text).toBe('A013 请到5号窗口');
    expect(sim.view(205).text).toBe('A012 等候3人');
    expect(
      hub
        .status()
        .filter((s) => s.kind !== 'hid-rating-keypad')
        .every((s) => s.online),
    ).toBe(true);
    await hub.stop();
  });

  it('emits caller keypad keys as typed actions for the window, transfer with its target', async () => {
    const { hub, sim, keys } = setup();
    await hub.start();
    for (let k = 1; k <= 9; k++) sim.pressKey(205, k, k === 9 ? 7 : 0);
    sim.pressKey(205, 0x42); // unknown key: logged, acknowledged, not emitted
    await vi.advanceTimersByTimeAsync(1000);
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
    expect(sim.view(205).pendingEvents).toEqual([]);
    await hub.stop();
  });

  it('requestRating() lights the keypad with the ticket number; a press gives one rating event', async () => {
    const { hub, sim, ratings } = setup();
    await hub.start();
    hub.requestRating('W05', 'A012');
    await vi.advanceTimersByTimeAsync(200);
    expect(sim.view(5).ratingRequest).toBe('A012');
    sim.pressRating(5, 2, 0b0000_0011);
    sim.dropNextReply(5, Cmd.EVENT_ACK);
    await vi.advanceTimersByTimeAsync(1000);
    expect(ratings).toEqual([{ windowId: 'W05', level: 2, reasons: 3, channel: 'keypad', device: 'bus1:5' }]);
    hub.requestRating('W05', 'A013');
    await vi.advanceTimersByTimeAsync(200);
    hub.cancelRating('W05');
    await vi.advanceTimersByTimeAsync(200);
    expect(sim.view(5).ratingRequest).toBeNull();
    expect(sim.framesFor(5, Cmd.RATING_CANCEL)).toHaveLength(1);
    await hub.stop();
  });

  it('drops a rating level outside 1..5', async () => {
    const { hub, sim, ratings } = setup();
    await hub.start();
    sim.pressRating(5, 9);
    sim.pressRating(5, 5);
    await vi.advanceTimersByTimeAsync(500);
    expect(ratings.map((r) => r.level)).toEqual([5]);
    await hub.stop();
  });

  it('counts HID rating presses once and reports the HID keypad online', async () => {
    const { hub, hid, ratings, statuses } = setup();
    await hub.start();
    hid.emitReport('00 00 00');
    hid.emitReport('00 04 00');
    hid.emitReport('00 04 00');
    hid.emitReport('00 00 00');
    expect(ratings).toEqual([{ windowId: 'W06', level: 4, reasons: 0, channel: 'hid', device: 'hid:0483:5750' }]);
    expect(statuses).toContainEqual({ device: 'hid:0483:5750', kind: 'hid-rating-keypad', windowId: 'W06', online: true });
    hid.unplug();
    expect(statuses.at(-1)).toMatchObject({ device: 'hid:0483:5750', online: false });
    await hub.stop();
  });

  it('reports a missing HID keypad offline and retries every few seconds', async () => {
    let calls = 0;
    const hid = new MockHidTransport();
    const { hub, statuses } = setup({
      hid: () => {
        calls++;
        if (calls < 3) throw new HidDeviceNotFoundError('cannot open HID device 0483:5750');
        return hid;
      },
    });
    await hub.start();
    expect(statuses).toContainEqual({
      device: 'hid:0483:5750',
      kind: 'hid-rating-keypad',
      windowId: 'W06',
      online: false,
      detail: 'cannot open HID device 0483:5750',
    });
    await vi.advanceTimersByTimeAsync(6100);
    expect(calls).toBe(3);
    expect(statuses.filter((s) => s.device.startsWith('hid:')).map((s) => s.online)).toEqual([false, true]);
    await hub.stop();
  });

  it('survives a bus whose port cannot be opened: reports it offline and retries', async () => {
    let calls = 0;
    const [host, dev] = createMockPortPair();
    const sim = new DeviceSimulator(dev, [
      { addr: 105, kind: 'strip' },
      { addr: 5, kind: 'rating-keypad' },
      { addr: 205, kind: 'caller-keypad' },
    ]);
    const hub = createDeviceHub(cfg, {
      openPort: () => {
        calls++;
        if (calls === 1) throw new Error('ENOENT: no such file /dev/ttyHALL0');
        if (calls === 2) return new MockPort({ failOpen: 'Error: Permission denied, cannot open /dev/ttyHALL0' });
        return host;
      },
      openHid: () => new MockHidTransport(),
    });
    const statuses: Array<Ev<'deviceStatus'>> = [];
    hub.on('deviceStatus', (e) => statuses.push(e));
    await hub.start();
    hub.showOnStrip('W05', '暂停服务');
    expect(statuses[0]).toEqual({
      device: 'bus1',
      kind: 'bus',
      windowId: null,
      online: false,
      detail: 'cannot open: ENOENT: no such file /dev/ttyHALL0',
    });
    expect(hub.status().find((s) => s.device === 'bus1')).toEqual({ device: 'bus1', kind: 'bus', windowId: null, online: false });
    await vi.advanceTimersByTimeAsync(6500);
    expect(calls).toBe(3);
    expect(hub.status().every((s) => s.online)).toBe(true);
    expect(sim.view(105).text).toBe('暂停服务'); // what was asked while the bus was down
    await hub.stop();
  });

  it('status() lists the bus, every bus device and every HID keypad', async () => {
    const { hub } = setup();
    await hub.start();
    await vi.advanceTimersByTimeAsync(200);
    expect(hub.status()).toEqual([
      { device: 'bus1', kind: 'bus', windowId: null, online: true },
      { device: 'bus1:105', kind: 'window-display', windowId: 'W05', online: true },
      { device: 'bus1:205', kind: 'caller-keypad', windowId: 'W05', online: true },
      { device: 'bus1:5', kind: 'rating-keypad', windowId: 'W05', online: true },
      { device: 'hid:0483:5750', kind: 'hid-rating-keypad', windowId: 'W06', online: true },
    ]);
    await hub.stop();
  });

  it('ignores calls for a window without that device and keeps going when a listener throws', async () => {
    const { hub, sim, keys } = setup();
    hub.on('key', () => {
      throw new Error('listener bug');
    });
    await hub.start();
    hub.showOnStrip('W99', 'x');
    hub.requestRating('W06', 'A001'); // W06 has only a HID keypad
    sim.pressKey(205, 1);
    sim.pressKey(205, 2);
    await vi.advanceTimersByTimeAsync(500);
    expect(keys.map((k) => k.action)).toEqual(['call-next', 'recall']);
    await hub.stop();
  });

  it('throws for a device on an unknown bus or two devices at one address', () => {
    const bad = { ...cfg, windowDisplays: [{ windowId: 'W05', bus: 'nope', address: 105 }] };
    expect(() => createDeviceHub(bad)).toThrow(/unknown bus nope/);
    const dup = { ...cfg, windowDisplays: [{ windowId: 'W05', bus: 'bus1', address: 205 }] };
    expect(() => createDeviceHub(dup)).toThrow(/address 205 is configured twice/);
  });
});
