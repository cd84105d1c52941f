/**
 * Hall device bus frames (docs/device-bus.md, v1).
 *
 * `STX 0x02 | ADDR | CMD | LEN | DATA (LEN bytes, 0..250) | CRC lo | CRC hi | ETX 0x03`
 *
 * CRC-16/MODBUS over ADDR, CMD, LEN and DATA. Framing is by length (no byte stuffing). A receiver that sees
 * a bad CRC or a missing ETX drops bytes up to the next STX and carries on; it never acts on a damaged frame.
 */
import iconv from 'iconv-lite';

export const STX = 0x02;
export const ETX = 0x03;
export const MAX_DATA = 250;
export const BROADCAST_ADDR = 0;
/** Frame bytes around DATA: STX, ADDR, CMD, LEN, CRC lo, CRC hi, ETX. */
export const FRAME_OVERHEAD = 7;

/** Every CMD of protocol v1. */
export const Cmd = {
  // host → device
  POLL: 0x01,
  EVENT_ACK: 0x02,
  SHOW: 0x10,
  CLEAR: 0x11,
  BRIGHTNESS: 0x12,
  ALERT: 0x13,
  RATING_REQUEST: 0x30,
  RATING_CANCEL: 0x31,
  // device → host (only as a reply)
  ACK: 0x06,
  NAK: 0x15,
  RATING: 0xb0,
  KEY: 0xc0,
} as const;
export type CmdName = keyof typeof Cmd;

/** NAK codes (DATA[0] of a NAK). */
export const NakCode = { BAD_COMMAND: 1, BAD_DATA: 2, BUSY: 3 } as const;

/** Reply commands: the only ones a device may send. */
export function isReplyCmd(cmd: number): boolean {
  return cmd === Cmd.ACK || cmd === Cmd.NAK || cmd === Cmd.RATING || cmd === Cmd.KEY;
}

/** Event replies, which carry a `seq` in DATA[0] and stay queued on the device until EVENT_ACK. */
export function isEventCmd(cmd: number): boolean {
  return cmd === Cmd.RATING || cmd === Cmd.KEY;
}

export function cmdName(cmd: number): string {
  for (const [name, value] of Object.entries(Cmd)) if (value === cmd) return name;
  return `0x${cmd.toString(16).padStart(2, '0')}`;
}

export interface Frame {
  /** 0 (broadcast) or 1..247. */
  addr: number;
  cmd: number;
  data: Uint8Array;
}

/** CRC-16/MODBUS: poly 0xA001 (reflected 0x8005), init 0xFFFF, no final xor. `crc16("123456789") = 0x4B37`. */
export function crc16(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) {
    crc ^= bytes[i] ?? 0;
    for (let b = 0; b < 8; b++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

/** Encodes one frame. Throws RangeError for an address, command or DATA length the protocol cannot carry (a bug). */
export function encodeFrame(frame: { addr: number; cmd: number; data?: Uint8Array | readonly number[] }): Uint8Array {
  const { addr, cmd } = frame;
  const data = frame.data ?? [];
  if (!Number.isInteger(addr) || addr < 0 || addr > 247) throw new RangeError(`frame address ${addr} is not 0..247`);
  if (!Number.isInteger(cmd) || cmd < 0 || cmd > 255) throw new RangeError(`frame command ${cmd} is not a byte`);
  if (data.length > MAX_DATA) throw new RangeError(`frame DATA is ${data.length} bytes, at most ${MAX_DATA}`);
  const out = new Uint8Array(FRAME_OVERHEAD + data.length);
  out[0] = STX;
  out[1] = addr;
  out[2] = cmd;
  out[3] = data.length;
  for (let i = 0; i < data.length; i++) {
    const b = data[i] ?? 0;
    if (!Number.isInteger(b) || b < 0 || b > 255) throw new RangeError(`frame DATA[${i}] = ${b} is not a byte`);
    out[4 + i] = b;
  }
  const crc = crc16(out, 1, 4 + data.length);
  out[4 + data.length] = crc & 0xff;
  out[5 + data.length] = crc >>> 8;
  out[6 + data.length] = ETX;
  return out;
}

export type DropReason = 'noise' | 'bad-length' | 'bad-crc' | 'bad-etx' | 'stale';

/**
 * Streaming decoder: `push(chunk)` returns the complete, undamaged frames the chunk finished.
 *
 * Guarantees: never throws on any input; never returns a frame whose LEN, CRC or ETX is wrong; after a
 * damaged frame it rescans from the byte after that frame's STX, so a good frame that garbage "swallowed"
 * (a false STX with a long LEN) is still found. Dropped bytes are counted in `droppedBytes` and reported to
 * `onDrop`.
 *
 * A false STX near the end of a quiet line can claim up to 257 bytes that never come; the owner calls
 * `flush()` when the line goes quiet (the bus master does so after an inter-byte timeout), which treats the
 * partial frame as damaged and returns any good frames behind it.
 */
export class FrameDecoder {
  private buf = new Uint8Array(0);
  /** Bytes dropped since construction (noise, damaged frames, flushed partial frames). */
  droppedBytes = 0;
  /** Frames decoded since construction. */
  frameCount = 0;

  constructor(private readonly onDrop?: (count: number, reason: DropReason) => void) {}

  /** Bytes buffered and not yet decided (part of a frame, or nothing). */
  get pending(): number {
    return this.buf.length;
  }

  push(chunk: Uint8Array): Frame[] {
    if (chunk.length > 0) {
      const next = new Uint8Array(this.buf.length + chunk.length);
      next.set(this.buf, 0);
      next.set(chunk, this.buf.length);
      this.buf = next;
    }
    return this.scan(false);
  }

  /** The line went quiet: drop a partial frame at the front and return any good frames buffered behind it. */
  flush(): Frame[] {
    return this.scan(true);
  }

  /** Forget buffered bytes (counted as dropped). */
  reset(): void {
    if (this.buf.length > 0) this.drop(this.buf.length, 'stale');
    this.buf = new Uint8Array(0);
  }

  private scan(isFlushing: boolean): Frame[] {
    const frames: Frame[] = [];
    const buf = this.buf;
    let pos = 0;
    for (;;) {
      const stx = buf.indexOf(STX, pos);
      if (stx < 0) {
        if (buf.length > pos) this.drop(buf.length - pos, 'noise');
        pos = buf.length;
        break;
      }
      if (stx > pos) this.drop(stx - pos, 'noise');
      pos = stx;
      if (buf.length - pos < 4) {
        if (!isFlushing) break;
        pos = this.dropToNextStx(buf, pos, 'stale');
        continue;
      }
      const len = buf[pos + 3] ?? 0;
      if (len > MAX_DATA) {
        pos = this.dropToNextStx(buf, pos, 'bad-length');
        continue;
      }
      const total = FRAME_OVERHEAD + len;
      if (buf.length - pos < total) {
        if (!isFlushing) break;
        pos = this.dropToNextStx(buf, pos, 'stale');
        continue;
      }
      const crc = (buf[pos + 4 + len] ?? 0) | ((buf[pos + 5 + len] ?? 0) << 8);
      if (crc !== crc16(buf, pos + 1, pos + 4 + len)) {
        pos = this.dropToNextStx(buf, pos, 'bad-crc');
        continue;
      }
      if (buf[pos + 6 + len] !== ETX) {
        pos = this.dropToNextStx(buf, pos, 'bad-etx');
        continue;
      }
      frames.push({ addr: buf[pos + 1] ?? 0, cmd: buf[pos + 2] ?? 0, data: buf.slice(pos + 4, pos + 4 + len) });
      this.frameCount++;
      pos += total;
    }
    this.buf = buf.slice(pos);
    return frames;
  }

  private nextStx(buf: Uint8Array, pos: number): number {
    const next = buf.indexOf(STX, pos + 1);
    return next < 0 ? buf.length : next;
  }

  /** Drops the damaged frame's STX and everything up to (not including) the next STX; returns the new position. */
  private dropToNextStx(buf: Uint8Array, pos: number, reason: DropReason): number {
    const next = this.nextStx(buf, pos);
    this.drop(next - pos, reason);
    return next;
  }

  private drop(count: number, reason: DropReason): void {
    this.droppedBytes += count;
    this.onDrop?.(count, reason);
  }
}

// ---------------------------------------------------------------------------------------------------------
// SHOW text: GB18030, two-byte codes only, at most 64 bytes.

export const SHOW_MAX_BYTES = 64;
/**
 * Stands in for a character whose GB18030 code is four bytes (CJK Extension A/B and other rare characters,
 * emoji, `•` U+2022): `□` U+25A1 (GB18030 `A1 F5`), the mark Chinese print uses for a character it cannot set
 * (e.g. a rare character in a name: `张□`). Strips only hold the two-byte (GBK) font.
 */
export const SHOW_REPLACEMENT = '□';
const REPLACEMENT_BYTES = Uint8Array.from(iconv.encode(SHOW_REPLACEMENT, 'gb18030'));

export interface ShowText {
  bytes: Uint8Array;
  /** Characters replaced by SHOW_REPLACEMENT (four-byte codes) or by a space (control characters). */
  replaced: number;
  /** True when the text was cut at a character boundary to fit SHOW_MAX_BYTES. */
  truncated: boolean;
}

/**
 * Encodes text for SHOW: GB18030 with one- and two-byte codes only, at most `maxBytes` (64) bytes, cut on a
 * character boundary. Four-byte characters become `□`; control characters (C0, DEL, C1) become a space.
 */
export function encodeShowText(text: string, maxBytes = SHOW_MAX_BYTES): ShowText {
  const parts: Uint8Array[] = [];
  let size = 0;
  let replaced = 0;
  let truncated = false;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    let bytes: Uint8Array;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
      bytes = Uint8Array.of(0x20);
      replaced++;
    } else if (cp >= 0xd800 && cp <= 0xdfff) {
      bytes = REPLACEMENT_BYTES; // lone surrogate
      replaced++;
    } else {
      bytes = Uint8Array.from(iconv.encode(ch, 'gb18030'));
      if (bytes.length > 2 || bytes.length === 0) {
        bytes = REPLACEMENT_BYTES;
        replaced++;
      }
    }
    if (size + bytes.length > maxBytes) {
      truncated = true;
      break;
    }
    parts.push(bytes);
    size += bytes.length;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return { bytes: out, replaced, truncated };
}

/** Decodes SHOW DATA (used by the simulator and tests). */
export function decodeShowText(bytes: Uint8Array): string {
  return iconv.decode(Buffer.from(bytes), 'gb18030');
}

/** Ticket number for RATING_REQUEST: printable ASCII only (others become `?`), at most 32 bytes. */
export function encodeAsciiTicket(ticket: string): Uint8Array {
  const out: number[] = [];
  for (const ch of ticket) {
    if (out.length >= 32) break;
    const cp = ch.codePointAt(0) ?? 0;
    out.push(cp >= 0x20 && cp < 0x7f ? cp : 0x3f);
  }
  return Uint8Array.from(out);
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}
