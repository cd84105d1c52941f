/**
 * The device hub: the one object the queue server uses for hall devices. It owns one `BusMaster` per serial
 * bus (window strips, caller keypads, rating keypads) and one transport per USB HID rating keypad, and turns
 * their traffic into window-level events.
 *
 * - A bus whose port cannot be opened, or is lost, is reported with `deviceStatus` (kind 'bus', online false)
 *   and its devices offline; the hub retries every `timing.reopenIntervalMs` (3 s). Nothing throws into the
 *   server. HID keypads are retried the same way.
 * - Key and rating events are emitted once per (device, seq) (see bus-master.ts); HID presses once per press
 *   (see hid-rating-keypad.ts).
 * - What strips and caller displays show, and a lit rating request, are remembered and sent again when the
 *   device comes back.
 */
import type { DevicesConfig } from '@hall/contract';
import { BusMaster, type BusTiming, DEFAULT_TIMING, type DeviceState } from './bus/bus-master.ts';
import type { BusPort } from './bus/port.ts';
import { openSerialBusPort } from './bus/serial-port.ts';
import { type Clock, realClock, type TimerHandle } from './clock.ts';
import { HidRatingKeypad } from './hid/hid-rating-keypad.ts';
import { type HidTransport, hidId } from './hid/hid-transport.ts';
import { openNodeHidTransport } from './hid/node-hid-transport.ts';
import { CallerKeypad, type KeyAction } from './keypad/caller-keypad.ts';
import { RatingKeypad, type RatingLevel } from './keypad/rating-keypad.ts';
import { Listeners } from './listeners.ts';
import { type Log, namespaced, silentLog } from './log.ts';
import { LedStrip } from './strip/led-strip.ts';

export type { KeyAction } from './keypad/caller-keypad.ts';
export type { BusTiming } from './bus/bus-master.ts';
export type { BusPort } from './bus/port.ts';
export type { HidTransport } from './hid/hid-transport.ts';

export type DeviceKind = 'rating-keypad' | 'window-display' | 'caller-keypad' | 'hid-rating-keypad' | 'bus';

export interface DeviceHubEvents {
  /** A caller keypad key, once per press. `arg` is the target window number for 'transfer'. */
  key: (e: { windowId: string; action: KeyAction; arg: number; device: string }) => void;
  /** A rating from a bus or HID keypad, once per press. */
  rating: (e: { windowId: string; level: RatingLevel; reasons: number; channel: 'keypad' | 'hid'; device: string }) => void;
  /** A device or bus changed between online and offline (also the first time its state is known). */
  deviceStatus: (e: { device: string; kind: DeviceKind; windowId: string | null; online: boolean; detail?: string }) => void;
}

/**
 * Obligations: no method throws for device trouble (offline devices, missing ports or HID devices are reported
 * through `deviceStatus` and `status()`); listeners that throw are logged, not propagated; after `stop()`
 * resolves, no event fires and every port and HID handle is closed.
 */
export interface DeviceHub {
  /** Opens ports and HID devices (failures are reported, not thrown) and starts polling. */
  start(): Promise<void>;
  stop(): Promise<void>;
  on<E extends keyof DeviceHubEvents>(e: E, cb: DeviceHubEvents[E]): void;
  /** Text for a window's LED strip; null blanks it. Sent within 200 ms; re-sent when the strip returns. */
  showOnStrip(windowId: string, text: string | null): void;
  /** Text on the caller keypad's display of a window. */
  showOnCaller(windowId: string, text: string): void;
  /** Lights the window's bus rating keypad for this ticket (HID keypads have no such command). */
  requestRating(windowId: string, ticketNumber: string): void;
  cancelRating(windowId: string): void;
  status(): Array<{ device: string; kind: string; windowId: string | null; online: boolean }>;
}

export interface DeviceHubOptions {
  openPort?: (path: string, baudRate: number) => BusPort;
  openHid?: (vendorId: number, productId: number) => HidTransport;
  timing?: Partial<BusTiming>;
  log?: (msg: string, meta?: object) => void;
  clock?: Clock;
  /** HID key debounce (see hid-rating-keypad.ts). */
  hidDebounceMs?: number;
}

type BusDriver =
  | { kind: 'window-display'; windowId: string; addr: number; driver: LedStrip }
  | { kind: 'caller-keypad'; windowId: string; addr: number; driver: CallerKeypad }
  | { kind: 'rating-keypad'; windowId: string; addr: number; driver: RatingKeypad };

interface BusEntry {
  id: string;
  master: BusMaster;
  drivers: Map<number, BusDriver>;
}

interface HidEntry {
  device: string;
  windowId: string;
  vendorId: number;
  productId: number;
  levelByte: number;
  transport: HidTransport | null;
  online: boolean | null;
  retryTimer: TimerHandle | null;
}

export function createDeviceHub(cfg: DevicesConfig, opts: DeviceHubOptions = {}): DeviceHub {
  const rootLog: Log = opts.log ?? silentLog;
  const log = namespaced(rootLog, 'devices:hub');
  const clock = opts.clock ?? realClock;
  const timing: BusTiming = { ...DEFAULT_TIMING, ...opts.timing };
  const openPort =
    opts.openPort ??
    ((path: string, baudRate: number) => openSerialBusPort(path, baudRate, namespaced(rootLog, `devices:serial[${path}]`)));
  const openHid = opts.openHid ?? openNodeHidTransport;
  const listeners = new Listeners<DeviceHubEvents>((event, err) => log(`listener for ${event} threw`, { err: String(err) }));
  let isStopped = false;

  const buses = new Map<string, BusEntry>();
  const strips = new Map<string, LedStrip[]>();
  const callers = new Map<string, CallerKeypad[]>();
  const ratings = new Map<string, RatingKeypad[]>();
  const push = <T>(map: Map<string, T[]>, key: string, value: T): void => {
    map.set(key, [...(map.get(key) ?? []), value]);
  };

  const busDevices = [
    ...cfg.windowDisplays.map((d) => ({ ...d, kind: 'window-display' as const })),
    ...cfg.callerKeypads.map((d) => ({ ...d, kind: 'caller-keypad' as const })),
    ...cfg.ratingKeypads.map((d) => ({ ...d, kind: 'rating-keypad' as const })),
  ];

  for (const b of cfg.buses) {
    if (buses.has(b.id)) throw new Error(`devices: bus ${b.id} is configured twice`);
    const busLog = namespaced(rootLog, `devices:bus[${b.id}]`);
    const specs = busDevices.filter((d) => d.bus === b.id).map((d) => ({ addr: d.address, isPolled: d.kind !== 'window-display' }));
    const master = new BusMaster({
      busId: b.id,
      openPort: () => openPort(b.path, b.baudRate),
      devices: specs,
      baudRate: b.baudRate,
      timing,
      log: busLog,
      clock,
    });
    const entry: BusEntry = { id: b.id, master, drivers: new Map() };
    buses.set(b.id, entry);

    master.on('busStatus', (e) =>
      emitStatus({ device: b.id, kind: 'bus', windowId: null, online: e.online, ...(e.detail === undefined ? {} : { detail: e.detail }) }),
    );
    master.on('deviceStatus', (e) => {
      const d = entry.drivers.get(e.addr);
      if (!d) return;
      d.driver.onStatus(e.online, e.previous);
      emitStatus({
        device: busDeviceName(b.id, e.addr),
        kind: d.kind,
        windowId: d.windowId,
        online: e.online,
        ...(e.detail === undefined ? {} : { detail: e.detail }),
      });
    });
    master.on('event', (e) => entry.drivers.get(e.addr)?.driver.onEvent(e));
  }

  for (const d of busDevices) {
    const bus = buses.get(d.bus);
    if (!bus) throw new Error(`devices: ${d.kind} of window ${d.windowId} is on unknown bus ${d.bus}`);
    const device = busDeviceName(d.bus, d.address);
    const dlog = namespaced(rootLog, `devices:${d.kind}[${device}]`);
    switch (d.kind) {
      case 'window-display': {
        const driver = new LedStrip(bus.master, d.address, dlog);
        bus.drivers.set(d.address, { kind: d.kind, windowId: d.windowId, addr: d.address, driver });
        push(strips, d.windowId, driver);
        break;
      }
      case 'caller-keypad': {
        const driver = new CallerKeypad(
          bus.master,
          d.address,
          (k) => listeners.emit('key', { windowId: d.windowId, action: k.action, arg: k.arg, device }),
          dlog,
        );
        bus.drivers.set(d.address, { kind: d.kind, windowId: d.windowId, addr: d.address, driver });
        push(callers, d.windowId, driver);
        break;
      }
      case 'rating-keypad': {
        const driver = new RatingKeypad(
          bus.master,
          d.address,
          (r) => listeners.emit('rating', { windowId: d.windowId, level: r.level, reasons: r.reasons, channel: 'keypad', device }),
          dlog,
        );
        bus.drivers.set(d.address, { kind: d.kind, windowId: d.windowId, addr: d.address, driver });
        push(ratings, d.windowId, driver);
        break;
      }
      default:
        assertNever(d);
    }
  }

  const hids: HidEntry[] = [];
  for (const h of cfg.hidRatingKeypads) {
    const base = `hid:${hidId(h.vendorId, h.productId)}`;
    const same = hids.filter((x) => x.device === base || x.device.startsWith(`${base}#`)).length;
    hids.push({
      device: same === 0 ? base : `${base}#${same + 1}`,
      windowId: h.windowId,
      vendorId: h.vendorId,
      productId: h.productId,
      levelByte: h.levelByte,
      transport: null,
      online: null,
      retryTimer: null,
    });
  }

  function emitStatus(e: Parameters<DeviceHubEvents['deviceStatus']>[0]): void {
    if (isStopped) return;
    listeners.emit('deviceStatus', e);
  }

  function openHidEntry(h: HidEntry): void {
    h.retryTimer = null;
    if (isStopped) return;
    const hlog = namespaced(rootLog, `devices:hid-rating-keypad[${h.device}]`);
    let transport: HidTransport;
    try {
      transport = openHid(h.vendorId, h.productId);
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      if (h.online !== false) hlog(`cannot open: ${detail}`);
      setHidOnline(h, false, detail);
      h.retryTimer = clock.setTimeout(() => openHidEntry(h), timing.reopenIntervalMs);
      return;
    }
    h.transport = transport;
    new HidRatingKeypad({
      transport,
      levelByte: h.levelByte,
      clock,
      log: hlog,
      ...(opts.hidDebounceMs === undefined ? {} : { debounceMs: opts.hidDebounceMs }),
      onRating: (r) =>
        listeners.emit('rating', { windowId: h.windowId, level: r.level, reasons: r.reasons, channel: 'hid', device: h.device }),
    });
    transport.onError?.((err) => {
      if (h.transport !== transport) return;
      hlog(`lost: ${err.message}`);
      h.transport = null;
      void transport.close();
      setHidOnline(h, false, err.message);
      if (!isStopped) h.retryTimer = clock.setTimeout(() => openHidEntry(h), timing.reopenIntervalMs);
    });
    setHidOnline(h, true);
  }

  function setHidOnline(h: HidEntry, online: boolean, detail?: string): void {
    if (h.online === online) return;
    h.online = online;
    emitStatus({ device: h.device, kind: 'hid-rating-keypad', windowId: h.windowId, online, ...(detail === undefined ? {} : { detail }) });
  }

  function forWindow<T>(map: Map<string, T[]>, windowId: string, what: string, fn: (d: T) => void): void {
    const list = map.get(windowId);
    if (!list || list.length === 0) {
      log(`window ${windowId} has no ${what}; ignored`);
      return;
    }
    for (const d of list) fn(d);
  }

  return {
    async start() {
      for (const b of buses.values()) b.master.start();
      for (const h of hids) openHidEntry(h);
    },
    async stop() {
      isStopped = true;
      for (const h of hids) {
        if (h.retryTimer) clock.clearTimeout(h.retryTimer);
        h.retryTimer = null;
        const t = h.transport;
        h.transport = null;
        await t?.close();
      }
      await Promise.all([...buses.values()].map((b) => b.master.stop()));
    },
    on(e, cb) {
      listeners.on(e, cb);
    },
    showOnStrip(windowId, text) {
      forWindow(strips, windowId, 'window strip', (s) => s.show(text));
    },
    showOnCaller(windowId, text) {
      forWindow(callers, windowId, 'caller keypad', (c) => c.show(text));
    },
    requestRating(windowId, ticketNumber) {
      forWindow(ratings, windowId, 'bus rating keypad', (r) => r.request(ticketNumber));
    },
    cancelRating(windowId) {
      forWindow(ratings, windowId, 'bus rating keypad', (r) => r.cancel());
    },
    status() {
      const out: Array<{ device: string; kind: string; windowId: string | null; online: boolean }> = [];
      for (const b of buses.values()) {
        out.push({ device: b.id, kind: 'bus', windowId: null, online: b.master.isBusOnline() });
        for (const d of b.drivers.values())
          out.push({
            device: busDeviceName(b.id, d.addr),
            kind: d.kind,
            windowId: d.windowId,
            online: isOnline(b.master.deviceState(d.addr)),
          });
      }
      for (const h of hids) out.push({ device: h.device, kind: 'hid-rating-keypad', windowId: h.windowId, online: h.online === true });
      return out;
    },
  };
}

/** Device names in events and status: `<bus id>:<address>` for bus devices, `hid:<vid>:<pid>` for HID. */
export function busDeviceName(busId: string, addr: number): string {
  return `${busId}:${addr}`;
}

function isOnline(s: DeviceState): boolean {
  return s === 'online';
}

function assertNever(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
}
