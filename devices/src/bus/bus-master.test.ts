import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeviceSimulator } from '../sim/device-simulator.ts';
import { BusMaster, type BusEvent, type BusTiming } from './bus-master.ts';
import { Cmd, encodeFrame } from './frame.ts';
import { createMockPortPair, MockPort } from './mock-port.ts';

const STRIP = 105;
const CALLER = 205;
const RATER = 5;

function setup(opts: { timing?: Partial<BusTiming>; openPort?: () => MockPort } = {}) {
  const [host, dev] = createMockPortPair();
  const sim = new DeviceSimulator(dev, [
    { addr: STRIP, kind: 'strip' },
    { addr: CALLER, kind: 'caller-keypad' },
    { addr: RATER, kind: 'rating-keypad' },
  ]);
  const logs: string[] = [];
  const master = new BusMaster({
    busId: 'bus1',
    openPort: opts.openPort ?? (() => host),
    devices: [
      { addr: STRIP, isPolled: false },
      { addr: CALLER, isPolled: true },
      { addr: RATER, isPolled: true },
    ],
    ...(opts.timing ? { timing: opts.timing } : {}),
    log: (m) => logs.push(m),
  });
  const events: BusEvent[] = [];
  const statuses: Array<{ addr: number; online: boolean; previous: string; at: number }> = [];
  const busStatuses: boolean[] = [];
  master.on('event', (e) => events.push(e));
  master.on('deviceStatus', (e) => statuses.push({ addr: e.addr, online: e.online, previous: e.previous, at: Date.now() }));
  master.on('busStatus', (e) => busStatuses.push(e.online));
  return { host, dev, sim, master, events, statuses, busStatuses, logs };
}

const keys = (events: BusEvent[]) => events.map((e) => `${e.seq}:${Array.from(e.args).join(',')}`);

describe('BusMaster', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('polls every keypad at least every 200 ms and never a strip that often', async () => {
    const { sim, master } = setup();
    master.start();
    await vi.advanceTimersByTimeAsync(3000);
    for (const addr of [CALLER, RATER]) {
      const at = sim.framesFor(addr, Cmd.POLL).map((f) => f.at);
      expect(at.length).toBeGreaterThan(20);
      const gaps = at.slice(1).map((t, i) => t - (at[i] ?? 0));
      expect(Math.max(...gaps)).toBeLessThanOrEqual(200);
    }
    expect(sim.framesFor(STRIP, Cmd.POLL).length).toBeLessThanOrEqual(2); // start probe (+ idle check)
    await master.stop();
  });

  it('leaves at least 5 ms between frames and has one frame outstanding at a time', async () => {
    const { sim, master } = setup();
    master.start();
    for (let i = 0; i < 20; i++) void master.request(STRIP, Cmd.SHOW, Uint8Array.of(0x41 + i), { retry: true });
    await vi.advanceTimersByTimeAsync(1500);
    const at = sim.received.map((f) => f.at);
    // The simulator answers 2 ms after a frame; the next frame may start 5 ms after the answer.
    for (let i = 1; i < at.length; i++) expect((at[i] ?? 0) - (at[i - 1] ?? 0)).toBeGreaterThanOrEqual(7);
    expect(sim.view(STRIP).history).toHaveLength(20);
    await master.stop();
  });

  it('delivers a command within 200 ms even while polling two keypads', async () => {
    const { sim, master } = setup();
    master.start();
    await vi.advanceTimersByTimeAsync(500);
    const t0 = Date.now();
    const result = master.request(STRIP, Cmd.CLEAR, undefined, { retry: true });
    await vi.advanceTimersByTimeAsync(200);
    await expect(result).resolves.toMatchObject({ ok: true, reply: { cmd: Cmd.ACK } });
    expect((sim.framesFor(STRIP, Cmd.CLEAR)[0]?.at ?? Infinity) - t0).toBeLessThan(200);
    await master.stop();
  });

  it('marks a device offline after 3 unanswered frames, polls it once a second, and online at its first answer', async () => {
    const { sim, master, statuses } = setup();
    master.start();
    await vi.advanceTimersByTimeAsync(300);
    expect(statuses.filter((s) => s.addr === CALLER)).toMatchObject([{ online: true, previous: 'unknown' }]);
    sim.setOffline(CALLER, true);
    const offAt = Date.now();
    await vi.advanceTimersByTimeAsync(1000);
    const off = statuses.filter((s) => s.addr === CALLER)[1];
    expect(off).toMatchObject({ online: false, previous: 'online' });
    const before = sim.framesFor(CALLER, Cmd.POLL).length;
    await vi.advanceTimersByTimeAsync(3000);
    expect(sim.framesFor(CALLER, Cmd.POLL).length - before).toBeLessThanOrEqual(4); // about one a second
    // Requests to an offline device fail at once.
    await expect(master.request(CALLER, Cmd.SHOW, Uint8Array.of(0x41))).resolves.toEqual({ ok: false, reason: 'offline' });
    sim.setOffline(CALLER, false);
    await vi.advanceTimersByTimeAsync(1100);
    expect(statuses.filter((s) => s.addr === CALLER).at(-1)).toMatchObject({ online: true, previous: 'offline' });
    expect(off!.at - offAt).toBeLessThan(3 * 100 + 3 * 200);
    await master.stop();
  });

  it('gives up an idempotent command after 3 attempts with the device offline', async () => {
    const { sim, master } = setup();
    master.start();
    await vi.advanceTimersByTimeAsync(100);
    sim.setOffline(STRIP, true);
    const result = master.request(STRIP, Cmd.SHOW, Uint8Array.of(0x41), { retry: true });
    await vi.advanceTimersByTimeAsync(1000);
    await expect(result).resolves.toEqual({ ok: false, reason: 'offline' });
    expect(sim.framesFor(STRIP, Cmd.SHOW)).toHaveLength(3);
    await master.stop();
  });

  describe('events exactly once', () => {
    it('emits a key press once and sends EVENT_ACK', async () => {
      const { sim, master, events } = setup();
      master.start();
      sim.pressKey(CALLER, 0x01, 0);
      await vi.advanceTimersByTimeAsync(500);
      expect(keys(events)).toEqual(['0:1,0']);
      expect(sim.framesFor(CALLER, Cmd.EVENT_ACK).map((f) => f.data[0])).toEqual([0]);
      expect(sim.view(CALLER).pendingEvents).toEqual([]);
      await master.stop();
    });

    it('emits once when the event reply to POLL is lost', async () => {
      const { sim, master, events } = setup();
      master.start();
      await vi.advanceTimersByTimeAsync(50);
      sim.pressKey(CALLER, 0x02);
      sim.dropNextReply(CALLER, Cmd.POLL);
      await vi.advanceTimersByTimeAsync(1000);
      expect(keys(events)).toEqual(['0:2,0']);
      await master.stop();
    });

    it('emits once when the event reply to POLL is garbled', async () => {
      const { sim, master, events } = setup();
      master.start();
      await vi.advanceTimersByTimeAsync(50);
      sim.pressRating(RATER, 4, 0b101);
      sim.garbleNextReply(RATER, Cmd.POLL);
      await vi.advanceTimersByTimeAsync(1000);
      expect(keys(events)).toEqual(['0:4,5']);
      await master.stop();
    });

    it('emits once when EVENT_ACK is lost on the way to the device (the device repeats the event)', async () => {
      const { sim, master, events, logs } = setup();
      master.start();
      await vi.advanceTimersByTimeAsync(50);
      sim.pressKey(CALLER, 0x03);
      sim.loseNextFrame(CALLER, Cmd.EVENT_ACK);
      sim.loseNextFrame(CALLER, Cmd.EVENT_ACK);
      sim.loseNextFrame(CALLER, Cmd.EVENT_ACK); // the retries too: the next POLL gets the event again
      await vi.advanceTimersByTimeAsync(2000);
      expect(keys(events)).toEqual(['0:3,0']);
      expect(logs.some((l) => l.includes('duplicate event seq 0'))).toBe(true);
      expect(sim.view(CALLER).pendingEvents).toEqual([]);
      await master.stop();
    });

    it('emits once when the ACK reply to EVENT_ACK is lost, and the next event still counts', async () => {
      const { sim, master, events } = setup();
      master.start();
      await vi.advanceTimersByTimeAsync(50);
      sim.pressKey(CALLER, 0x04);
      sim.dropNextReply(CALLER, Cmd.EVENT_ACK);
      await vi.advanceTimersByTimeAsync(600);
      sim.pressKey(CALLER, 0x05);
      await vi.advanceTimersByTimeAsync(600);
      expect(keys(events)).toEqual(['0:4,0', '1:5,0']);
      await master.stop();
    });

    it('emits every one of 300 presses across the seq wrap at 255', async () => {
      const { sim, master, events } = setup();
      master.start();
      const faults = [
        () => sim.dropNextReply(CALLER, Cmd.EVENT_ACK),
        () => sim.dropNextReply(CALLER, Cmd.POLL),
        () => sim.loseNextFrame(CALLER, Cmd.EVENT_ACK),
        () => sim.garbleNextReply(CALLER, Cmd.POLL),
        () => sim.garbleNextReply(CALLER, Cmd.EVENT_ACK),
      ];
      for (let i = 0; i < 300; i++) {
        sim.pressKey(CALLER, 0x01, i & 0xff);
        if (i % 3 === 0) faults[(i / 3) % faults.length]?.();
        for (let t = 0; t < 40 && sim.view(CALLER).pendingEvents.length > 0; t++) await vi.advanceTimersByTimeAsync(50);
      }
      await vi.advanceTimersByTimeAsync(1000);
      expect(events).toHaveLength(300);
      expect(events.map((e) => e.args[1])).toEqual(Array.from({ length: 300 }, (_, i) => i & 0xff));
      expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 300 }, (_, i) => i & 0xff));
      await master.stop();
    });

    it('emits a new event from a restarted device that reuses the last confirmed seq', async () => {
      const { sim, master, events } = setup();
      master.start();
      sim.pressKey(CALLER, 0x01);
      await vi.advanceTimersByTimeAsync(500);
      sim.restart(CALLER, 0);
      sim.pressKey(CALLER, 0x06);
      await vi.advanceTimersByTimeAsync(500);
      expect(keys(events)).toEqual(['0:1,0', '0:6,0']);
      await master.stop();
    });

    it('treats a repeat of the last seq as a duplicate until the device confirms EVENT_ACK', async () => {
      const host = new MockPort();
      const master = new BusMaster({ busId: 'b', openPort: () => host, devices: [{ addr: 9, isPolled: true }] });
      const events: BusEvent[] = [];
      master.on('event', (e) => events.push(e));
      // The device answers every POLL with KEY seq 7 and never ACKs an EVENT_ACK (always NAK busy... no: no reply).
      host.onWrite((bytes) => {
        if (bytes[2] === Cmd.POLL) host.emitData(encodeFrame({ addr: 9, cmd: Cmd.KEY, data: [7, 1, 0] }));
      });
      master.start();
      await vi.advanceTimersByTimeAsync(2000);
      expect(events).toHaveLength(1);
      await master.stop();
    });
  });

  it('reports the bus offline when the port cannot be opened and retries until it can', async () => {
    const [host, dev] = createMockPortPair();
    new DeviceSimulator(dev, [{ addr: CALLER, kind: 'caller-keypad' }]);
    let attempts = 0;
    const master = new BusMaster({
      busId: 'bus1',
      openPort: () => {
        attempts++;
        if (attempts === 1) throw new Error('ENOENT /dev/ttyUSB9');
        if (attempts === 2) return new MockPort({ failOpen: 'EACCES' });
        return host;
      },
      devices: [{ addr: CALLER, isPolled: true }],
      timing: { reopenIntervalMs: 1000 },
    });
    const bus: Array<{ online: boolean; detail?: string }> = [];
    master.on('busStatus', (e) => bus.push(e));
    master.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(bus).toEqual([{ online: false, detail: 'cannot open: ENOENT /dev/ttyUSB9' }]);
    await expect(master.request(CALLER, Cmd.POLL)).resolves.toEqual({ ok: false, reason: 'bus-down' });
    await vi.advanceTimersByTimeAsync(2100);
    expect(attempts).toBe(3);
    expect(bus.at(-1)).toEqual({ online: true });
    await vi.advanceTimersByTimeAsync(100);
    expect(master.deviceState(CALLER)).toBe('online');
    await master.stop();
  });

  it('takes the bus and its devices offline when the port is lost, then reopens', async () => {
    let port: MockPort | null = null;
    let sim: DeviceSimulator | null = null;
    const master = new BusMaster({
      busId: 'bus1',
      openPort: () => {
        const [host, dev] = createMockPortPair();
        sim = new DeviceSimulator(dev, [{ addr: CALLER, kind: 'caller-keypad' }]);
        port = host;
        return host;
      },
      devices: [{ addr: CALLER, isPolled: true }],
      timing: { reopenIntervalMs: 1000 },
    });
    const seen: string[] = [];
    master.on('busStatus', (e) => seen.push(`bus ${e.online}`));
    master.on('deviceStatus', (e) => seen.push(`${e.addr} ${e.online}`));
    master.start();
    await vi.advanceTimersByTimeAsync(100);
    (port as MockPort | null)?.disconnect();
    await vi.advanceTimersByTimeAsync(1200);
    expect(seen).toEqual(['bus true', '205 true', 'bus false', '205 false', 'bus true', '205 true']);
    expect(sim).not.toBeNull();
    await master.stop();
  });

  it('ignores its own frames echoed back by an RS-485 adapter', async () => {
    const [host, dev] = createMockPortPair();
    const sim = new DeviceSimulator(dev, [{ addr: CALLER, kind: 'caller-keypad' }]);
    host.onWrite((bytes) => host.emitData(bytes)); // echo
    const master = new BusMaster({ busId: 'b', openPort: () => host, devices: [{ addr: CALLER, isPolled: true }] });
    const events: BusEvent[] = [];
    master.on('event', (e) => events.push(e));
    master.start();
    sim.pressKey(CALLER, 0x09, 7);
    await vi.advanceTimersByTimeAsync(500);
    expect(keys(events)).toEqual(['0:9,7']);
    expect(master.deviceState(CALLER)).toBe('online');
    await master.stop();
  });

  it('fails queued requests with "stopped" on stop()', async () => {
    const { master } = setup();
    master.start();
    const r = master.request(STRIP, Cmd.CLEAR);
    await master.stop();
    await expect(r).resolves.toMatchObject({ ok: false });
    await expect(master.request(STRIP, Cmd.CLEAR)).resolves.toEqual({ ok: false, reason: 'stopped' });
  });
});
