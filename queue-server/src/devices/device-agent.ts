/**
 * The device agent: the server side of the hall's window hardware (docs/device-bus.md).
 *
 * - LED strips (窗口屏) follow their window through `hall.onWindowChanged`: the called number while calling or
 *   serving (`A012 请到5号窗口`), `暂停服务` while paused, blank when closed or idle. Texts are configurable.
 * - Caller keypads (呼叫器) show the current number and how many wait for the window's allocation, and their
 *   keys run `hall.windowCommand` exactly as the counter console's buttons do, as a keypad actor bound to its
 *   window. The service records the work against the staff signed in there (or the window alone).
 *   Each (device, seq) reaches us once (the bus master's rule), so each press acts once.
 * - Rating keypads (评价器, bus or USB HID) are lit when the window finishes a ticket; after `ratingTimeoutMs`
 *   without a press the request is cancelled and a `rating.not_rated` audit event is written. A press goes to
 *   the rating service (`rateLastFinished`), which rates the window's last finished ticket if it is unrated.
 * - Devices going offline raise a `device_offline` alert, coming back clears it; `GET /health` lists them.
 *
 * The hub starts only when the configuration has buses or HID keypads; without them the agent is inert.
 */
import { createDeviceHub, type DeviceHub, type DeviceHubEvents, type DeviceHubOptions, type KeyAction } from '@hall/devices';
import type { DevicesConfig, ErrorCode, HallConfig, WindowState } from '@hall/contract';
import type { HallModule } from '../modules.ts';
import type { HallService, WindowCommand } from '../hall/hall-service.ts';
import { ok, type Actor } from '../hall/actor.ts';
import type { AlertService } from '../services/alert-service.ts';
import type { RatingService } from '../ratings/rating-service.ts';
import type { TicketRecord } from '../db/ticket-repository.ts';
import { createLogger, type Logger } from '../log.ts';

/**
 * Display texts. Placeholders: `{number}` ticket number, `{window}` window number, `{name}` window name,
 * `{waiting}` tickets waiting for the window. Strip texts of `null` blank the strip. A strip or caller shows at
 * most 64 bytes of GB18030 (32 Chinese characters).
 */
export interface DeviceTexts {
  stripCalling: string;
  stripPaused: string;
  stripIdle: string | null;
  stripClosed: string | null;
  callerCurrent: string;
  callerIdle: string;
  callerPaused: string;
  callerClosed: string;
}

export const DEFAULT_DEVICE_TEXTS: DeviceTexts = {
  stripCalling: '{number} 请到{window}号窗口',
  stripPaused: '暂停服务',
  stripIdle: null,
  stripClosed: null,
  callerCurrent: '{number} 等候{waiting}人',
  callerIdle: '空闲 等候{waiting}人',
  callerPaused: '暂停 等候{waiting}人',
  callerClosed: '未登录',
};

/**
 * Short texts a caller keypad flashes when a key is refused, by failure code (then it shows its normal
 * text again). Caller displays hold a few Chinese characters, so these are the device's own words.
 */
const KEY_ERROR_TEXT: Partial<Record<ErrorCode | 'UNKNOWN_KEY', string>> = {
  NO_CURRENT_TICKET: '无当前号',
  CURRENT_NOT_STARTED: '请先开始办理',
  RECALL_LIMIT: '重呼已达上限',
  NO_SHOW_TOO_EARLY: '呼叫次数不足',
  WINDOW_PAUSED: '窗口已暂停',
  WINDOW_CLOSED: '窗口未登录',
  WINDOW_BUSY: '请先办结',
  WINDOW_STATE: '操作不允许',
  ILLEGAL_TRANSITION: '操作不允许',
  NOT_HOLDER: '非本窗口号票',
  NOT_CERTIFIED: '无此业务资质',
  TARGET_WINDOW_CLOSED: '目标窗口未开',
  TARGET_NOT_CERTIFIED: '目标窗口无资质',
  SAME_WINDOW: '不能转本窗口',
  UNKNOWN_WINDOW: '无此窗口',
  UNKNOWN_KEY: '操作无效',
  STORAGE_UNAVAILABLE: '系统故障',
};

export interface DeviceAgentOptions {
  /** Passed to `createDeviceHub` (tests inject ports, timing, a clock). */
  hub?: DeviceHubOptions;
  /** Replaces `createDeviceHub` (tests). */
  createHub?: (cfg: DevicesConfig, opts: DeviceHubOptions) => DeviceHub;
  /** Start the hub even without buses or HID keypads (default: only when there are some). */
  forceStart?: boolean;
  /** How long a rating keypad stays lit after a finish. Default 60 s. */
  ratingTimeoutMs?: number;
  /** How long a refused key's message stays on the caller display. Default 2.5 s. */
  keyErrorMs?: number;
  /** Reason recorded when a caller keypad pauses the window (the keypad cannot choose one). */
  keypadPauseReason?: string;
  texts?: Partial<DeviceTexts>;
}

export interface DeviceAgentDeps {
  hall: HallService;
  alerts: AlertService;
  config: HallConfig;
  ratings: RatingService;
  /** False when the server was asked not to open device buses. */
  startDevices: boolean;
}

interface PendingRating {
  ticketId: string;
  number: string;
  timer: ReturnType<typeof setTimeout>;
}

export interface DeviceStatusView {
  device: string;
  kind: string;
  windowId: string | null;
  online: boolean;
}

const fill = (template: string, vars: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));

export class DeviceAgent implements HallModule {
  hub: DeviceHub | null = null;
  private ctx: DeviceAgentDeps | null = null;
  private log: Logger = createLogger('queue:devices');
  private readonly texts: DeviceTexts;
  private readonly ratingTimeoutMs: number;
  private readonly keyErrorMs: number;
  private readonly unsubscribe: Array<() => void> = [];
  private readonly pending = new Map<string, PendingRating>();
  private readonly flashTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly lastStrip = new Map<string, string | null>();
  private readonly lastCaller = new Map<string, string>();
  private stripWindows = new Set<string>();
  private callerWindows = new Set<string>();
  private busRatingWindows = new Set<string>();
  private ratingWindows = new Set<string>();
  private isClosed = false;

  constructor(
    private readonly deps: DeviceAgentDeps,
    private readonly opts: DeviceAgentOptions = {},
  ) {
    this.texts = { ...DEFAULT_DEVICE_TEXTS, ...opts.texts };
    this.ratingTimeoutMs = opts.ratingTimeoutMs ?? 60_000;
    this.keyErrorMs = opts.keyErrorMs ?? 2500;
  }

  health(): Record<string, unknown> {
    return { devices: this.status() };
  }

  async start(): Promise<void> {
    const ctx = this.deps;
    this.ctx = ctx;
    const d = ctx.config.devices;
    const hasHardware = ctx.startDevices && (d.buses.length > 0 || d.hidRatingKeypads.length > 0);
    if (!hasHardware && !this.opts.forceStart) return;

    this.stripWindows = new Set(d.windowDisplays.map((x) => x.windowId));
    this.callerWindows = new Set(d.callerKeypads.map((x) => x.windowId));
    this.busRatingWindows = new Set(d.ratingKeypads.map((x) => x.windowId));
    this.ratingWindows = new Set([...this.busRatingWindows, ...d.hidRatingKeypads.map((x) => x.windowId)]);

    const devLog = createLogger('devices');
    const hubOpts: DeviceHubOptions = { log: (msg, meta) => devLog.info(meta ?? {}, msg), ...this.opts.hub };
    const hub = (this.opts.createHub ?? createDeviceHub)(d, hubOpts);
    this.hub = hub;
    hub.on('key', (e) => this.onKey(e));
    hub.on('rating', (e) => this.onRating(e));
    hub.on('deviceStatus', (e) => this.onDeviceStatus(e));

    this.unsubscribe.push(ctx.hall.onWindowChanged((w) => this.syncWindow(w)));
    this.unsubscribe.push(
      ctx.hall.onBatch((b) => {
        if (this.callerWindows.size > 0 && b.events.some((e) => e.type === 'queues' || e.type === 'ticket')) this.syncCallers();
      }),
    );
    this.unsubscribe.push(ctx.hall.onTicketFinished((t) => this.onFinished(t)));

    await hub.start();
    for (const w of ctx.hall.windowStates()) this.syncWindow(w);
    this.log.info(
      { buses: d.buses.length, strips: this.stripWindows.size, callers: this.callerWindows.size, ratingKeypads: this.ratingWindows.size },
      'device agent started',
    );
  }

  async close(): Promise<void> {
    this.isClosed = true;
    for (const u of this.unsubscribe.splice(0)) u();
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    for (const t of this.flashTimers.values()) clearTimeout(t);
    this.flashTimers.clear();
    const hub = this.hub;
    this.hub = null;
    await hub?.stop();
  }

  /** Every device with its state (empty without hardware). */
  status(): DeviceStatusView[] {
    return this.hub?.status() ?? [];
  }

  /** What the window's strip should show now (null: blank). */
  stripText(w: WindowState): string | null {
    const t = this.texts;
    if (w.currentTicket && (w.currentTicket.status === 'called' || w.currentTicket.status === 'serving'))
      return fill(t.stripCalling, { number: w.currentTicket.number, window: w.number, name: w.name });
    if (w.status === 'paused') return t.stripPaused;
    return w.status === 'closed' ? t.stripClosed : t.stripIdle;
  }

  /** What the window's caller keypad should show now. */
  callerText(w: WindowState, waiting: number): string {
    const t = this.texts;
    const vars = { waiting, window: w.number, name: w.name, number: w.currentTicket?.number ?? '' };
    if (w.currentTicket) return fill(t.callerCurrent, vars);
    if (w.status === 'paused') return fill(t.callerPaused, vars);
    return fill(w.status === 'closed' ? t.callerClosed : t.callerIdle, vars);
  }

  // ───────────────────────────── window → devices ─────────────────────────────

  private syncWindow(w: WindowState): void {
    if (!this.hub || this.isClosed) return;
    if (this.stripWindows.has(w.id)) {
      const text = this.stripText(w);
      if (!this.lastStrip.has(w.id) || this.lastStrip.get(w.id) !== text) {
        this.lastStrip.set(w.id, text);
        this.hub.showOnStrip(w.id, text);
      }
    }
    if (this.callerWindows.has(w.id)) this.showCaller(w, this.waitingCounts());
  }

  private syncCallers(): void {
    const hall = this.ctx?.hall;
    if (!hall) return;
    const counts = this.waitingCounts();
    for (const id of this.callerWindows) {
      const rec = hall.queries.windowRecord(id);
      if (rec) this.showCaller(hall.windowState(rec), counts);
    }
  }

  private showCaller(w: WindowState, counts: (w: WindowState) => number): void {
    if (!this.hub || this.flashTimers.has(w.id)) return;
    const text = this.callerText(w, counts(w));
    if (this.lastCaller.get(w.id) === text) return;
    this.lastCaller.set(w.id, text);
    this.hub.showOnCaller(w.id, text);
  }

  /** Waiting tickets a window would call: those sent to it, and undirected ones of its allocated categories. */
  private waitingCounts(): (w: WindowState) => number {
    const waiting = this.ctx?.hall.queries.queuedTickets() ?? [];
    return (w) =>
      waiting.filter((t) => t.targetWindowId === w.id || (t.targetWindowId === null && w.allocation.includes(t.categoryId))).length;
  }

  private flashCaller(windowId: string, text: string): void {
    const hub = this.hub;
    if (!hub || !this.callerWindows.has(windowId)) return;
    const old = this.flashTimers.get(windowId);
    if (old) clearTimeout(old);
    hub.showOnCaller(windowId, text);
    this.lastCaller.delete(windowId);
    const timer = setTimeout(() => {
      this.flashTimers.delete(windowId);
      const hall = this.ctx?.hall;
      const rec = hall?.queries.windowRecord(windowId);
      if (hall && rec && !this.isClosed) this.showCaller(hall.windowState(rec), this.waitingCounts());
    }, this.keyErrorMs);
    timer.unref?.();
    this.flashTimers.set(windowId, timer);
  }

  // ───────────────────────────── keys → hall ─────────────────────────────

  private commandFor(action: KeyAction, arg: number): WindowCommand | { error: ErrorCode | 'UNKNOWN_KEY' } {
    switch (action) {
      case 'call-next':
        return { type: 'call-next' };
      case 'recall':
        return { type: 'recall' };
      case 'start':
        return { type: 'start' };
      case 'finish':
        return { type: 'finish' };
      case 'no-show':
        return { type: 'no-show' };
      case 'suspend':
        return { type: 'suspend' };
      case 'pause':
        return { type: 'pause', reason: this.opts.keypadPauseReason ?? '临时离开（呼叫器）' };
      case 'resume':
        return { type: 'unpause' };
      case 'transfer': {
        const target = this.ctx?.config.windows.find((w) => w.number === arg);
        return target ? { type: 'transfer', windowId: target.id } : { error: 'UNKNOWN_WINDOW' };
      }
      default: {
        const never: never = action;
        this.log.warn({ key: String(never) }, 'unknown caller key');
        return { error: 'UNKNOWN_KEY' };
      }
    }
  }

  private onKey(e: Parameters<DeviceHubEvents['key']>[0]): void {
    const hall = this.ctx?.hall;
    if (!hall || this.isClosed) return;
    const keypad = e.device.replace(':', '/');
    const actor: Actor = { kind: 'keypad', id: `keypad:${keypad}`, role: 'staff', windowId: e.windowId, source: `keypad ${keypad}` };
    const cmd = this.commandFor(e.action, e.arg);
    if ('error' in cmd) {
      this.log.warn({ window: e.windowId, device: e.device, action: e.action, arg: e.arg }, 'caller key refused');
      this.flashCaller(e.windowId, KEY_ERROR_TEXT[cmd.error] ?? '操作无效');
      return;
    }
    const r = hall.windowCommand(actor, e.windowId, cmd);
    if (!r.ok) {
      this.log.info({ window: e.windowId, device: e.device, action: e.action, code: r.code }, 'caller key refused by the hall');
      this.flashCaller(e.windowId, KEY_ERROR_TEXT[r.code] ?? '操作不允许');
      return;
    }
    this.log.info({ window: e.windowId, device: e.device, action: e.action, ticket: r.value.ticket?.number ?? null }, 'caller key');
  }

  // ───────────────────────────── ratings ─────────────────────────────

  private onFinished(t: TicketRecord): void {
    const hub = this.hub;
    const windowId = t.windowId;
    if (!hub || this.isClosed || windowId === null || !this.ratingWindows.has(windowId)) return;
    this.expire(windowId, 'superseded');
    if (this.busRatingWindows.has(windowId)) hub.requestRating(windowId, t.number);
    const timer = setTimeout(() => this.expire(windowId, 'timeout'), this.ratingTimeoutMs);
    timer.unref?.();
    this.pending.set(windowId, { ticketId: t.id, number: t.number, timer });
  }

  /** Ends a lit request without a rating: cancels it on the keypad and records `rating.not_rated`. */
  private expire(windowId: string, reason: 'timeout' | 'superseded'): void {
    const p = this.pending.get(windowId);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(windowId);
    const ctx = this.ctx;
    if (!ctx || this.isClosed) return;
    if (reason === 'timeout' && this.busRatingWindows.has(windowId)) this.hub?.cancelRating(windowId);
    const r = ctx.hall.command((tx) => {
      tx.log({
        type: 'rating.not_rated',
        actor: 'device-agent',
        source: `device-agent ${windowId}`,
        ticketId: p.ticketId,
        windowId,
        data: { number: p.number, reason, timeoutMs: this.ratingTimeoutMs },
      });
      return ok(null);
    });
    if (!r.ok) {
      this.log.error({ code: r.code, window: windowId }, 'could not record rating.not_rated');
    }
  }

  private onRating(e: Parameters<DeviceHubEvents['rating']>[0]): void {
    const ctx = this.ctx;
    if (!ctx || this.isClosed) return;
    const p = this.pending.get(e.windowId);
    if (p) {
      clearTimeout(p.timer);
      this.pending.delete(e.windowId);
    }
    try {
      const r = ctx.ratings.rateLastFinished(e.windowId, e.level, e.reasons, e.channel, e.device);
      if (!r.ok) this.log.info({ window: e.windowId, code: r.code }, 'keypad rating refused');
    } catch (err) {
      this.log.error({ err: (err as Error).message, window: e.windowId }, 'keypad rating failed');
    }
  }

  // ───────────────────────────── health and alerts ─────────────────────────────

  private onDeviceStatus(e: Parameters<DeviceHubEvents['deviceStatus']>[0]): void {
    const ctx = this.ctx;
    if (!ctx || this.isClosed) return;
    if (e.online) {
      ctx.alerts.clear('device_offline', e.device);
      return;
    }
    const where = e.windowId ? `${ctx.hall.windowConfigs.get(e.windowId)?.name ?? e.windowId} ` : '';
    const what = {
      bus: '设备总线',
      'window-display': '窗口屏',
      'caller-keypad': '呼叫器',
      'rating-keypad': '评价器',
      'hid-rating-keypad': '评价器（USB）',
    }[e.kind];
    ctx.alerts.raise('device_offline', 'warning', e.device, `${where}${what} ${e.device} 离线${e.detail ? `（${e.detail}）` : ''}`);
    this.log.warn({ device: e.device, kind: e.kind, window: e.windowId }, 'device offline');
  }
}
