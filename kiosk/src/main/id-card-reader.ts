/**
 * 二代证 (resident ID card) readers, behind one interface so the shell never cares which is attached.
 *
 * - `SamIdCardReader`: the common serial/USB-serial reader modules that speak the SAM protocol of
 *   GA 467 (frames `AA AA AA 96 69 len₂ … xor`): find card (20 01), select (20 02), read text (30 01). The
 *   256-byte text block is UCS-2LE: name 30 B, sex 2, nation 4, birth 16, address 70, number 36, … .
 * - `FakeIdCardReader`: for tests and `--id-reader fake`; `insert(card)` simulates a card.
 * - Keyboard-wedge readers ("免驱" models that type the number) need no code here: they type into the
 *   page, which catches the line in a hidden field (renderer `useWedgeInput`).
 *
 * Obligations: `start()` never rejects for a missing or failing device — it reports `connected: false`
 * through `onState` and keeps retrying; a card left on the reader is reported once; `stop()` is
 * idempotent. Card data is personal: it goes to the renderer and nowhere else (never logged).
 */
import type { IdReaderState, ScannedCard } from '../shared/ipc.ts';

export interface IdCardReader {
  readonly kind: IdReaderState['kind'];
  start(onCard: (card: ScannedCard) => void, onState: (s: IdReaderState) => void): Promise<void>;
  stop(): Promise<void>;
}

/** A byte stream (a serial port), small enough to fake in tests. */
export interface ByteLink {
  write(bytes: Uint8Array): Promise<void>;
  onData(cb: (chunk: Uint8Array) => void): void;
  close(): Promise<void>;
}

const HEADER = [0xaa, 0xaa, 0xaa, 0x96, 0x69] as const;

/** One command frame: header, length (BE, counts cmd+param+checksum), cmd, param, XOR checksum. */
export function samCommand(cmd: number, param: number): Uint8Array {
  const len = 3;
  const body = [len >> 8, len & 0xff, cmd, param];
  const chk = body.reduce((a, b) => a ^ b, 0);
  return Uint8Array.from([...HEADER, ...body, chk]);
}

export const SAM_FIND = samCommand(0x20, 0x01);
export const SAM_SELECT = samCommand(0x20, 0x02);
export const SAM_READ_TEXT = samCommand(0x30, 0x01);

export interface SamResponse {
  /** SW3: 0x90 success, 0x9F card found, 0x80 no card / failure, 0x81 select failed … */
  status: number;
  data: Uint8Array;
}

/** Reassembles response frames from arbitrary chunks; drops garbage and frames with a bad checksum. */
export class SamFrameDecoder {
  private buf: number[] = [];

  push(chunk: Uint8Array): SamResponse[] {
    this.buf.push(...chunk);
    const out: SamResponse[] = [];
    for (;;) {
      const start = this.findHeader();
      if (start < 0) {
        this.buf = this.buf.slice(-4);
        return out;
      }
      if (start > 0) this.buf = this.buf.slice(start);
      if (this.buf.length < 7) return out;
      const len = ((this.buf[5] as number) << 8) | (this.buf[6] as number);
      const total = 7 + len;
      if (this.buf.length < total) return out;
      const frame = this.buf.slice(0, total);
      this.buf = this.buf.slice(total);
      let x = 0;
      for (let i = 5; i < total - 1; i++) x ^= frame[i] as number;
      if (x !== frame[total - 1] || len < 4) continue;
      // SW1 SW2 SW3 follow the length; the data runs up to the checksum.
      out.push({ status: frame[9] as number, data: Uint8Array.from(frame.slice(10, total - 1)) });
    }
  }

  private findHeader(): number {
    outer: for (let i = 0; i + HEADER.length <= this.buf.length; i++) {
      for (let j = 0; j < HEADER.length; j++) if (this.buf[i + j] !== HEADER[j]) continue outer;
      return i;
    }
    return -1;
  }
}

function ucs2(bytes: Uint8Array, from: number, length: number): string {
  let s = '';
  for (let i = from; i + 1 < from + length && i + 1 < bytes.length; i += 2)
    s += String.fromCharCode((bytes[i] as number) | ((bytes[i + 1] as number) << 8));
  // Fields are padded with spaces (and some readers with NULs).
  return s.replaceAll(String.fromCharCode(0), '').trim();
}

/**
 * Decodes the data of a "read text" response: text length (2 B BE), photo length (2 B BE), then the
 * 256-byte UCS-2LE text block. Returns null when the block is too short or carries no ID number.
 */
export function decodeSamText(data: Uint8Array): ScannedCard | null {
  if (data.length < 4 + 256) return null;
  const text = data.subarray(4, 4 + 256);
  const name = ucs2(text, 0, 30);
  const address = ucs2(text, 52, 70);
  const idNumber = ucs2(text, 122, 36).toUpperCase();
  if (!/^\d{17}[\dX]$/.test(idNumber)) return null;
  return { name, idNumber, address };
}

/** Encodes a text block as a reader would send it (for tests and the fake device). */
export function encodeSamText(card: ScannedCard): Uint8Array {
  const text = new Uint8Array(256).fill(0x20);
  for (let i = 1; i < 256; i += 2) text[i] = 0;
  const put = (s: string, at: number, max: number) => {
    for (let i = 0; i < Math.min(s.length, max / 2); i++) {
      const c = s.charCodeAt(i);
      text[at + i * 2] = c & 0xff;
      text[at + i * 2 + 1] = c >> 8;
    }
  };
  put(card.name, 0, 30);
  put(card.address, 52, 70);
  put(card.idNumber, 122, 36);
  const out = new Uint8Array(4 + 256);
  out[0] = 0x01;
  out[1] = 0x00; // text length 256
  out.set(text, 4);
  return out;
}

/** A response frame as a reader sends it (for tests). */
export function samResponseFrame(status: number, data: Uint8Array = new Uint8Array()): Uint8Array {
  const len = 3 + data.length + 1;
  const body = [len >> 8, len & 0xff, 0x00, 0x00, status, ...data];
  const chk = body.reduce((a, b) => a ^ b, 0);
  return Uint8Array.from([...HEADER, ...body, chk]);
}

export interface SamReaderOptions {
  /** Opens the link; rejects when the device is missing (the reader retries). */
  open: () => Promise<ByteLink>;
  pollMs?: number;
  replyTimeoutMs?: number;
  /** Injected timers, so tests drive time. */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

export class SamIdCardReader implements IdCardReader {
  readonly kind = 'serial' as const;
  private link: ByteLink | null = null;
  private stopped = false;
  private timer: unknown = null;
  private pending: { resolve: (r: SamResponse | null) => void; timer: unknown } | null = null;
  private readonly decoder = new SamFrameDecoder();
  private lastNumber: string | null = null;
  private onCard: (c: ScannedCard) => void = () => undefined;
  private onState: (s: IdReaderState) => void = () => undefined;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (t: unknown) => void;

  constructor(private readonly opts: SamReaderOptions) {
    this.setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = opts.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  }

  async start(onCard: (c: ScannedCard) => void, onState: (s: IdReaderState) => void): Promise<void> {
    this.onCard = onCard;
    this.onState = onState;
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    const l = this.link;
    this.link = null;
    await l?.close().catch(() => undefined);
  }

  /** One poll: find → select → read. Public so tests can step it without timers. */
  async poll(): Promise<void> {
    if (!this.link) return;
    const found = await this.request(SAM_FIND);
    if (!found) return this.lost();
    if (found.status !== 0x9f) {
      this.lastNumber = null;
      return;
    }
    const selected = await this.request(SAM_SELECT);
    if (!selected || selected.status !== 0x90) return;
    const read = await this.request(SAM_READ_TEXT);
    if (!read || read.status !== 0x90) return;
    const card = decodeSamText(read.data);
    if (!card || card.idNumber === this.lastNumber) return;
    this.lastNumber = card.idNumber;
    this.onCard(card);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    try {
      const link = await this.opts.open();
      link.onData((chunk) => {
        for (const r of this.decoder.push(chunk)) {
          const p = this.pending;
          if (!p) continue;
          this.pending = null;
          this.clearTimer(p.timer);
          p.resolve(r);
        }
      });
      this.link = link;
      this.onState({ kind: 'serial', connected: true });
    } catch {
      this.onState({ kind: 'serial', connected: false });
      this.schedule(5000, () => this.connect());
      return;
    }
    this.loop();
  }

  private loop(): void {
    this.schedule(this.opts.pollMs ?? 500, async () => {
      await this.poll().catch(() => this.lost());
      if (this.link) this.loop();
    });
  }

  private schedule(ms: number, fn: () => void | Promise<void>): void {
    if (this.stopped) return;
    this.timer = this.setTimer(() => {
      void fn();
    }, ms);
  }

  private request(frame: Uint8Array): Promise<SamResponse | null> {
    const link = this.link;
    if (!link) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = this.setTimer(() => {
        this.pending = null;
        resolve(null);
      }, this.opts.replyTimeoutMs ?? 1000);
      this.pending = { resolve, timer };
      link.write(frame).catch(() => {
        this.clearTimer(timer);
        this.pending = null;
        resolve(null);
      });
    });
  }

  private async lost(): Promise<void> {
    const l = this.link;
    if (!l) return;
    this.link = null;
    this.lastNumber = null;
    await l.close().catch(() => undefined);
    this.onState({ kind: 'serial', connected: false });
    this.schedule(5000, () => this.connect());
  }
}

/** Opens a serial port as a ByteLink (serialport loads only here, in main). */
export function serialLink(path: string, baudRate: number): () => Promise<ByteLink> {
  return async () => {
    const { SerialPort } = await import('serialport');
    const port = new SerialPort({ path, baudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    return {
      write: (bytes) => new Promise<void>((resolve, reject) => port.write(Buffer.from(bytes), (err) => (err ? reject(err) : resolve()))),
      onData: (cb) => {
        port.on('data', (b: Buffer) => cb(new Uint8Array(b)));
      },
      close: () => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
    };
  };
}

/** A reader driven by the test (or `--id-reader fake` for demos): `insert(card)` reports a card. */
export class FakeIdCardReader implements IdCardReader {
  readonly kind = 'fake' as const;
  private onCard: ((c: ScannedCard) => void) | null = null;
  started = false;

  async start(onCard: (c: ScannedCard) => void, onState: (s: IdReaderState) => void): Promise<void> {
    this.onCard = onCard;
    this.started = true;
    onState({ kind: 'fake', connected: true });
  }

  insert(card: ScannedCard): void {
    this.onCard?.(card);
  }

  async stop(): Promise<void> {
    this.started = false;
    this.onCard = null;
  }
}

export class NoIdCardReader implements IdCardReader {
  readonly kind = 'none' as const;
  async start(_onCard: (c: ScannedCard) => void, onState: (s: IdReaderState) => void): Promise<void> {
    onState({ kind: 'none', connected: false });
  }
  async stop(): Promise<void> {}
}
