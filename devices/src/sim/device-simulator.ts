/**
 * Device simulator: window strips, caller keypads and rating keypads on the device end of a bus (the other
 * end of a socat pty pair, or of a mock port pair). It speaks protocol v1 as a conforming device would:
 * it answers only frames addressed to it (broadcast: acts, no reply), within `replyDelayMs` (< 100 ms), and
 * never speaks unprompted. Events wait in a per-device queue and are repeated on every POLL until EVENT_ACK.
 *
 * It also checks the host: SHOW text must be GB18030 with one- or two-byte codes and at most 64 bytes
 * (NAK 2 otherwise), and commands a device kind does not have get NAK 1.
 *
 * Fault hooks for tests (each one-shot, optionally limited to one command):
 * - `dropNextReply(addr)`: the device acts on the frame, but its reply is lost on the way back.
 * - `loseNextFrame(addr)`: the frame is lost on the way to the device (it neither acts nor replies), e.g. a
 *   lost EVENT_ACK.
 * - `garbleNextReply(addr)`: the reply arrives with a bad CRC.
 * - `setOffline(addr, true)`: unplugged until set back.
 */
import { type Clock, realClock } from '../clock.ts';
import { Cmd, decodeShowText, encodeFrame, FrameDecoder, type Frame, isReplyCmd, NakCode, SHOW_MAX_BYTES } from '../bus/frame.ts';
import type { BusPort } from '../bus/port.ts';
import { type Log, silentLog } from '../log.ts';

export type SimDeviceKind = 'strip' | 'caller-keypad' | 'rating-keypad';

export interface SimDeviceView {
  addr: number;
  kind: SimDeviceKind;
  /** What the display shows now ('' when blank). */
  text: string;
  /** Every text shown, in order ('' for CLEAR). */
  history: string[];
  brightness: number | null;
  alerts: number;
  /** Rating keypads: the ticket it is lit for, or null. */
  ratingRequest: string | null;
  /** Events queued and not yet acknowledged. */
  pendingEvents: Array<{ seq: number; cmd: number; data: number[] }>;
  nextSeq: number;
}

export interface ReceivedFrame {
  at: number;
  addr: number;
  cmd: number;
  data: Uint8Array;
}

interface Fault {
  cmd: number | null;
}

interface SimDevice {
  addr: number;
  kind: SimDeviceKind;
  text: string;
  history: string[];
  brightness: number | null;
  alerts: number;
  ratingRequest: string | null;
  events: Array<{ seq: number; cmd: number; data: number[] }>;
  nextSeq: number;
  isOffline: boolean;
  dropReply: Fault[];
  garbleReply: Fault[];
  loseFrame: Fault[];
}

const COMMANDS: Record<SimDeviceKind, readonly number[]> = {
  strip: [Cmd.POLL, Cmd.EVENT_ACK, Cmd.SHOW, Cmd.CLEAR, Cmd.BRIGHTNESS, Cmd.ALERT],
  'caller-keypad': [Cmd.POLL, Cmd.EVENT_ACK, Cmd.SHOW, Cmd.CLEAR, Cmd.BRIGHTNESS, Cmd.ALERT],
  'rating-keypad': [Cmd.POLL, Cmd.EVENT_ACK, Cmd.RATING_REQUEST, Cmd.RATING_CANCEL, Cmd.ALERT],
};

export class DeviceSimulator {
  /** Every undamaged frame received, to any address. */
  readonly received: ReceivedFrame[] = [];
  /** Every reply written (after faults: a garbled one as sent). */
  readonly sent: Uint8Array[] = [];
  private readonly devices = new Map<number, SimDevice>();
  private readonly decoder = new FrameDecoder();
  private readonly clock: Clock;
  private readonly log: Log;
  private readonly replyDelayMs: number;
  private isClosed = false;

  constructor(
    private readonly port: BusPort,
    devices: Array<{ addr: number; kind: SimDeviceKind }>,
    opts: { replyDelayMs?: number; clock?: Clock; log?: Log } = {},
  ) {
    this.clock = opts.clock ?? realClock;
    this.log = opts.log ?? silentLog;
    this.replyDelayMs = opts.replyDelayMs ?? 2;
    if (this.replyDelayMs >= 100) throw new RangeError('a device answers within 100 ms');
    for (const d of devices) {
      this.devices.set(d.addr, {
        addr: d.addr,
        kind: d.kind,
        text: '',
        history: [],
        brightness: null,
        alerts: 0,
        ratingRequest: null,
        events: [],
        nextSeq: 0,
        isOffline: false,
        dropReply: [],
        garbleReply: [],
        loseFrame: [],
      });
    }
    port.onData((chunk) => {
      for (const f of this.decoder.push(chunk)) this.onFrame(f);
    });
  }

  // --- test hooks -----------------------------------------------------------------------------------------

  pressKey(addr: number, key: number, arg = 0): number {
    return this.queueEvent(this.device(addr, 'caller-keypad'), Cmd.KEY, [key, arg]);
  }

  pressRating(addr: number, level: number, reasons = 0): number {
    const d = this.device(addr, 'rating-keypad');
    d.ratingRequest = null;
    return this.queueEvent(d, Cmd.RATING, [level, reasons]);
  }

  setOffline(addr: number, isOffline: boolean): void {
    this.device(addr).isOffline = isOffline;
  }

  dropNextReply(addr: number, cmd?: number): void {
    this.device(addr).dropReply.push({ cmd: cmd ?? null });
  }

  garbleNextReply(addr: number, cmd?: number): void {
    this.device(addr).garbleReply.push({ cmd: cmd ?? null });
  }

  loseNextFrame(addr: number, cmd?: number): void {
    this.device(addr).loseFrame.push({ cmd: cmd ?? null });
  }

  /** Power cycle: forgets queued events and what it shows; seq restarts at `firstSeq`. */
  restart(addr: number, firstSeq = 0): void {
    const d = this.device(addr);
    Object.assign(d, { text: '', brightness: null, ratingRequest: null, events: [], nextSeq: firstSeq & 0xff });
  }

  view(addr: number): SimDeviceView {
    const d = this.device(addr);
    return {
      addr: d.addr,
      kind: d.kind,
      text: d.text,
      history: [...d.history],
      brightness: d.brightness,
      alerts: d.alerts,
      ratingRequest: d.ratingRequest,
      pendingEvents: d.events.map((e) => ({ ...e, data: [...e.data] })),
      nextSeq: d.nextSeq,
    };
  }

  /** Frames received for `addr` (optionally one command). */
  framesFor(addr: number, cmd?: number): ReceivedFrame[] {
    return this.received.filter((f) => f.addr === addr && (cmd === undefined || f.cmd === cmd));
  }

  async close(): Promise<void> {
    this.isClosed = true;
    await this.port.close();
  }

  // --- protocol -------------------------------------------------------------------------------------------

  private device(addr: number, kind?: SimDeviceKind): SimDevice {
    const d = this.devices.get(addr);
    if (!d) throw new Error(`simulator has no device at ${addr}`);
    if (kind && d.kind !== kind) throw new Error(`device ${addr} is a ${d.kind}, not a ${kind}`);
    return d;
  }

  private queueEvent(d: SimDevice, cmd: number, args: number[]): number {
    const seq = d.nextSeq;
    d.nextSeq = (d.nextSeq + 1) & 0xff;
    d.events.push({ seq, cmd, data: [seq, ...args] });
    return seq;
  }

  private onFrame(f: Frame): void {
    if (this.isClosed) return;
    this.received.push({ at: this.clock.now(), addr: f.addr, cmd: f.cmd, data: f.data });
    if (isReplyCmd(f.cmd)) return; // another device's reply on the shared line
    const targets = f.addr === 0 ? [...this.devices.values()] : [this.devices.get(f.addr)].filter((d): d is SimDevice => d !== undefined);
    for (const d of targets) {
      if (d.isOffline) continue;
      if (takeFault(d.loseFrame, f.cmd)) continue;
      const reply = this.act(d, f);
      if (f.addr === 0) continue;
      if (takeFault(d.dropReply, f.cmd)) continue;
      const bytes = encodeFrame({ addr: d.addr, cmd: reply.cmd, data: reply.data });
      if (takeFault(d.garbleReply, f.cmd)) {
        const crcAt = bytes.length - 3;
        bytes[crcAt] = (bytes[crcAt] ?? 0) ^ 0x5a;
      }
      this.clock.setTimeout(() => {
        if (this.isClosed) return;
        this.sent.push(bytes);
        this.port.write(bytes).catch((err: unknown) => this.log(`simulator write failed: ${String(err)}`));
      }, this.replyDelayMs);
    }
  }

  private act(d: SimDevice, f: Frame): { cmd: number; data: number[] } {
    const ack = { cmd: Cmd.ACK, data: [] };
    const nak = (code: number) => ({ cmd: Cmd.NAK, data: [code] });
    if (!COMMANDS[d.kind].includes(f.cmd)) return nak(NakCode.BAD_COMMAND);
    switch (f.cmd) {
      case Cmd.POLL: {
        const e = d.events[0];
        return e ? { cmd: e.cmd, data: e.data } : ack;
      }
      case Cmd.EVENT_ACK: {
        const seq = f.data[0];
        if (f.data.length !== 1 || seq === undefined) return nak(NakCode.BAD_DATA);
        d.events = d.events.filter((e) => e.seq !== seq);
        return ack;
      }
      case Cmd.SHOW: {
        if (!isTwoByteGb18030(f.data) || f.data.length > SHOW_MAX_BYTES) return nak(NakCode.BAD_DATA);
        d.text = decodeShowText(f.data);
        d.history.push(d.text);
        return ack;
      }
      case Cmd.CLEAR:
        d.text = '';
        d.history.push('');
        return ack;
      case Cmd.BRIGHTNESS: {
        const level = f.data[0];
        if (f.data.length !== 1 || level === undefined || level > 15) return nak(NakCode.BAD_DATA);
        d.brightness = level;
        return ack;
      }
      case Cmd.ALERT:
        d.alerts += f.data[0] ?? 1;
        return ack;
      case Cmd.RATING_REQUEST:
        if (f.data.length === 0 || f.data.some((b) => b < 0x20 || b > 0x7e)) return nak(NakCode.BAD_DATA);
        d.ratingRequest = String.fromCharCode(...f.data);
        return ack;
      case Cmd.RATING_CANCEL:
        d.ratingRequest = null;
        return ack;
      default:
        return nak(NakCode.BAD_COMMAND);
    }
  }
}

function takeFault(faults: Fault[], cmd: number): boolean {
  const i = faults.findIndex((f) => f.cmd === null || f.cmd === cmd);
  if (i < 0) return false;
  faults.splice(i, 1);
  return true;
}

/** True when `bytes` is GB18030 made of one-byte (ASCII) and two-byte codes only. */
export function isTwoByteGb18030(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) continue;
    if (b === 0x80 || b === 0xff) return false;
    const t = bytes[i + 1];
    if (t === undefined || t < 0x40 || t === 0x7f || t === 0xff) return false; // 0x30..0x39 starts a 4-byte code
    i++;
  }
  return true;
}
