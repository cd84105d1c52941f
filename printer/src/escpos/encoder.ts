/**
 * A pure ESC/POS byte builder: no ports, no I/O (style rule R13). Command bytes follow the Epson ESC/POS
 * reference as implemented by the common Chinese kiosk printers.
 *
 * Text goes through `encodeGb2()`: GB18030 restricted to one- and two-byte codes, with '□' for anything
 * else, and control characters stripped so that text can never inject a command.
 */
import QRCode from 'qrcode';
import { encodeGb2 } from './gb18030.ts';

export type Align = 'left' | 'center' | 'right';
export type CutMode = 'partial' | 'full';
/** QR error correction: L 7 %, M 15 %, Q 25 %, H 30 % of the symbol may be damaged. */
export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H';

export interface QrOptions {
  /** Dots per module, 1–16 (GS ( k fn167 range). */
  moduleSize: number;
  errorLevel: QrErrorLevel;
}

/** A 1-bit image; `get(x, y)` is true for a black dot. */
export interface Bitmap {
  width: number;
  height: number;
  get(x: number, y: number): boolean;
}

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const LF = 0x0a;

const EC_BYTE: Record<QrErrorLevel, number> = { L: 0x30, M: 0x31, Q: 0x32, H: 0x33 };
const ALIGN_BYTE: Record<Align, number> = { left: 0, center: 1, right: 2 };

/** Largest payload GS ( k model 2 accepts (byte mode, 40-L); the store length field must also fit 16 bits. */
export const QR_MAX_BYTES = 2953;

const clamp = (n: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, Math.trunc(n)));

/** QR payload bytes: ASCII as is (URLs), anything else as UTF-8, which phone scanners assume. */
export function qrPayloadBytes(data: string): Uint8Array {
  return new TextEncoder().encode(data);
}

/**
 * Builds the module matrix for a payload exactly as the raster fallback prints it. Throws RangeError when the
 * payload does not fit a QR symbol at that error level.
 */
export function qrMatrix(data: string, errorLevel: QrErrorLevel): { size: number; get(row: number, col: number): boolean } {
  const bytes = qrPayloadBytes(data);
  if (bytes.length === 0 || bytes.length > QR_MAX_BYTES)
    throw new RangeError(`QR payload must be 1–${QR_MAX_BYTES} bytes, got ${bytes.length}`);
  let code: QRCode.QRCode;
  try {
    code = QRCode.create([{ data: bytes, mode: 'byte' }], { errorCorrectionLevel: errorLevel });
  } catch (e) {
    throw new RangeError(`QR payload does not fit at level ${errorLevel}`, { cause: e });
  }
  const m = code.modules;
  return { size: m.size, get: (row, col) => m.get(row, col) === 1 };
}

export class EscPosEncoder {
  private readonly buf: number[] = [];

  /** ESC @: clears the print buffer and resets modes, so a job never inherits the previous job's size. */
  init(): this {
    return this.push(ESC, 0x40);
  }

  /** FS & (on) / FS . (off): Chinese character mode, needed for two-byte GB18030 text. */
  chineseMode(on = true): this {
    return this.push(FS, on ? 0x26 : 0x2e);
  }

  /** Appends text (GB18030, two-byte codes only; see gb18030.ts). Line breaks are the caller's job. */
  text(s: string): this {
    const { bytes } = encodeGb2(s);
    for (const b of bytes) this.buf.push(b);
    return this;
  }

  /** Text followed by LF (print and feed one line). */
  line(s = ''): this {
    return this.text(s).push(LF);
  }

  /** ESC d n: prints the buffer and feeds n lines (0–255). */
  feed(lines: number): this {
    return this.push(ESC, 0x64, clamp(lines, 0, 255));
  }

  /** GS ! n: character width and height multipliers, 1–8 each; applies to ASCII and Chinese alike. */
  size(width: number, height: number): this {
    const w = clamp(width, 1, 8);
    const h = clamp(height, 1, 8);
    return this.push(GS, 0x21, ((w - 1) << 4) | (h - 1));
  }

  /** ESC E n: emphasized (bold). */
  bold(on: boolean): this {
    return this.push(ESC, 0x45, on ? 1 : 0);
  }

  /** ESC a n: justification. Printers apply it only at the start of a line, so set it before the text. */
  align(a: Align): this {
    return this.push(ESC, 0x61, ALIGN_BYTE[a]);
  }

  /**
   * Native QR code, model 2 (GS ( k: fn165 model, fn167 module size, fn169 error level, fn180 store,
   * fn181 print). Throws RangeError when the payload cannot be a QR code.
   */
  qr(data: string, opts: QrOptions): this {
    qrMatrix(data, opts.errorLevel); // validates size now rather than letting the printer print nothing
    const bytes = qrPayloadBytes(data);
    const storeLen = bytes.length + 3;
    this.push(GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00);
    this.push(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, clamp(opts.moduleSize, 1, 16));
    this.push(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, EC_BYTE[opts.errorLevel]);
    this.push(GS, 0x28, 0x6b, storeLen & 0xff, storeLen >> 8, 0x31, 0x50, 0x30);
    for (const b of bytes) this.buf.push(b);
    return this.push(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30);
  }

  /**
   * The same QR code as a GS v 0 raster image, for printers without GS ( k. The matrix comes from the
   * `qrcode` package; each module is moduleSize × moduleSize dots. No quiet zone is drawn: the paper
   * around it is blank and the layout feeds a line before and after.
   */
  qrRaster(data: string, opts: QrOptions): this {
    const m = qrMatrix(data, opts.errorLevel);
    const scale = clamp(opts.moduleSize, 1, 16);
    return this.raster({
      width: m.size * scale,
      height: m.size * scale,
      get: (x, y) => m.get(Math.floor(y / scale), Math.floor(x / scale)),
    });
  }

  /** GS v 0 m=0: a raster bit image, MSB = leftmost dot, rows padded to whole bytes. */
  raster(img: Bitmap): this {
    const rowBytes = Math.ceil(img.width / 8);
    if (rowBytes < 1 || rowBytes > 0xffff || img.height < 1 || img.height > 0xffff) {
      throw new RangeError(`raster image ${img.width}×${img.height} is out of range`);
    }
    this.push(GS, 0x76, 0x30, 0x00, rowBytes & 0xff, rowBytes >> 8, img.height & 0xff, img.height >> 8);
    for (let y = 0; y < img.height; y++) {
      for (let xb = 0; xb < rowBytes; xb++) {
        let byte = 0;
        for (let bit = 0; bit < 8; bit++) {
          const x = xb * 8 + bit;
          if (x < img.width && img.get(x, y)) byte |= 0x80 >> bit;
        }
        this.buf.push(byte);
      }
    }
    return this;
  }

  /**
   * GS V m (function A): full (0) or partial (1) cut at the current position. The cutter sits above the
   * print head, so callers feed a few lines first (the profile's feedLinesBeforeCut); function A is used
   * rather than GS V 66 n because every Chinese printer in hardware.md supports it.
   */
  cut(mode: CutMode): this {
    return this.push(GS, 0x56, mode === 'full' ? 0x00 : 0x01);
  }

  /** Raw bytes, for commands this builder does not name. */
  raw(bytes: ArrayLike<number>): this {
    for (let i = 0; i < bytes.length; i++) this.buf.push((bytes[i] ?? 0) & 0xff);
    return this;
  }

  encode(): Uint8Array {
    return Uint8Array.from(this.buf);
  }

  private push(...bytes: number[]): this {
    for (const b of bytes) this.buf.push(b);
    return this;
  }
}
