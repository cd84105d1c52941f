/**
 * ESC/POS decoder ("virtual paper"): turns the bytes a printer would receive into what it would print.
 *
 * Used by tests (round trips of every layout), by the virtual printer preview and by anyone inspecting a
 * `.escpos` file. It models the commands this workspace emits precisely and skips the other common Epson
 * commands by their documented lengths. It never throws: unknown commands, truncated data and invalid
 * GB18030 produce `warnings` and a best-effort result.
 */
import type { Align, QrErrorLevel } from './encoder.ts';
import { decodeGbPair, decodeGbQuad } from './gb18030.ts';

export interface TextSize {
  /** Width multiplier 1–8 (GS ! high nibble + 1). */
  w: number;
  /** Height multiplier 1–8 (GS ! low nibble + 1). */
  h: number;
}

export interface DecodedSegment {
  text: string;
  size: TextSize;
  bold: boolean;
  underline: boolean;
  reverse: boolean;
}

export interface DecodedLine {
  text: string;
  /** Size of the first segment with visible text (lines built by this workspace are uniform). */
  size: TextSize;
  /** Justification in effect when the line got its first character (ESC a acts at line start only). */
  align: Align;
  /** Bold state of the first segment with visible text. */
  bold: boolean;
  /** Runs of text with uniform attributes, in order. */
  segments: DecodedSegment[];
}

export interface DecodedQr {
  /** Payload decoded as UTF-8 (invalid sequences become U+FFFD). */
  data: string;
  bytes: Uint8Array;
  /** 1, 2 or 3 (micro) from fn165; 2 when never set. */
  model: number;
  /** fn167 dots per module; printers default to 3. */
  moduleSize: number;
  errorLevel: QrErrorLevel;
  align: Align;
}

export interface DecodedRaster {
  /** Width in dots (row bytes × 8; the encoder pads rows to whole bytes). */
  width: number;
  height: number;
  rowBytes: number;
  /** Packed rows, most significant bit = leftmost dot. */
  data: Uint8Array;
  /** GS v 0 m: 1 normal, 2 double. */
  scaleX: number;
  scaleY: number;
  align: Align;
}

export type PaperItem =
  | { kind: 'line'; line: DecodedLine }
  | { kind: 'qr'; qr: DecodedQr }
  | { kind: 'raster'; image: DecodedRaster }
  | { kind: 'cut'; mode: 'full' | 'partial' };

export interface VirtualPaper {
  /** Everything printed, in paper order. */
  items: PaperItem[];
  lines: DecodedLine[];
  /** Payloads of the QR codes printed (GS ( k fn180 store followed by fn181 print). */
  qrCodes: string[];
  /** GS v 0 images (the raster QR fallback lands here; see rasterDot()). */
  rasterImages: DecodedRaster[];
  cuts: number;
  /** The job began with ESC @ before printing anything, so it cannot inherit a previous job's modes. */
  initialized: boolean;
  /** Chinese mode (FS & on, FS . off; ESC @ clears it) at the end of the job. */
  chineseMode: boolean;
  /** DLE EOT n requests seen, in order. */
  statusRequests: number[];
  /** Problems found; capped at MAX_WARNINGS entries. */
  warnings: string[];
}

const MAX_WARNINGS = 50;
const EC_LEVELS: Record<number, QrErrorLevel> = { 0x30: 'L', 0x31: 'M', 0x32: 'Q', 0x33: 'H' };

/** True when the dot at (x, y) of a decoded raster image is black. */
export function rasterDot(img: DecodedRaster, x: number, y: number): boolean {
  if (x < 0 || y < 0 || x >= img.width || y >= img.height) return false;
  const byte = img.data[y * img.rowBytes + (x >> 3)] ?? 0;
  return (byte & (0x80 >> (x & 7))) !== 0;
}

/** All printed lines joined with '\n': convenient for assertions and logs of test data. */
export function paperText(paper: VirtualPaper): string {
  return paper.lines.map((l) => l.text).join('\n');
}

interface Modes {
  size: TextSize;
  bold: boolean;
  underline: boolean;
  reverse: boolean;
  align: Align;
}

const defaultModes = (): Modes => ({ size: { w: 1, h: 1 }, bold: false, underline: false, reverse: false, align: 'left' });

/** Parameter byte counts of ESC and GS commands that are skipped without being modelled. */
const ESC_SKIP: Record<number, number> = {
  0x20: 1,
  0x24: 2,
  0x25: 1,
  0x32: 0,
  0x33: 1,
  0x3c: 0,
  0x3d: 1,
  0x3f: 1,
  0x42: 2,
  0x4b: 1,
  0x4c: 0,
  0x4d: 1,
  0x52: 1,
  0x53: 0,
  0x54: 1,
  0x55: 1,
  0x56: 1,
  0x57: 8,
  0x5c: 2,
  0x63: 2,
  0x65: 1,
  0x70: 3,
  0x72: 1,
  0x74: 1,
  0x75: 1,
  0x76: 0,
  0x7b: 1,
};
const GS_SKIP: Record<number, number> = {
  0x24: 2,
  0x2f: 1,
  0x3a: 0,
  0x48: 1,
  0x49: 1,
  0x4c: 2,
  0x50: 2,
  0x54: 1,
  0x57: 2,
  0x5c: 2,
  0x5e: 3,
  0x61: 1,
  0x62: 1,
  0x66: 1,
  0x68: 1,
  0x72: 1,
  0x77: 1,
};
const FS_SKIP: Record<number, number> = { 0x21: 1, 0x2d: 1, 0x3f: 2, 0x43: 1, 0x53: 2, 0x57: 1, 0x70: 2 };

/** Decodes ESC/POS bytes into virtual paper. Never throws. */
export function decodeEscPos(input: Uint8Array | ArrayLike<number>): VirtualPaper {
  const b = input instanceof Uint8Array ? input : Uint8Array.from(Array.from(input, (x) => x & 0xff));
  const paper: VirtualPaper = {
    items: [],
    lines: [],
    qrCodes: [],
    rasterImages: [],
    cuts: 0,
    initialized: false,
    chineseMode: false,
    statusRequests: [],
    warnings: [],
  };
  let warned = 0;
  const warn = (msg: string, at: number) => {
    warned++;
    if (warned <= MAX_WARNINGS) paper.warnings.push(`@${at}: ${msg}`);
    else if (warned === MAX_WARNINGS + 1) paper.warnings.push('… further warnings omitted');
  };

  let m = defaultModes();
  let printedAnything = false;
  let segments: DecodedSegment[] = [];
  let lineAlign: Align | null = null;
  let warnedNoChinese = false;
  const qr = { model: 2, moduleSize: 3, errorLevel: 'L' as QrErrorLevel, stored: null as Uint8Array | null };

  const addText = (s: string) => {
    if (lineAlign === null) lineAlign = m.align;
    const last = segments[segments.length - 1];
    if (
      last &&
      last.size.w === m.size.w &&
      last.size.h === m.size.h &&
      last.bold === m.bold &&
      last.underline === m.underline &&
      last.reverse === m.reverse
    ) {
      last.text += s;
    } else {
      segments.push({ text: s, size: { ...m.size }, bold: m.bold, underline: m.underline, reverse: m.reverse });
    }
  };
  const pushItem = (item: PaperItem) => {
    paper.items.push(item);
    printedAnything = true;
  };
  const endLine = (force: boolean) => {
    if (!force && segments.length === 0) return;
    const first = segments.find((s) => s.text.trim() !== '') ?? segments[0];
    const line: DecodedLine = {
      text: segments.map((s) => s.text).join(''),
      size: first ? { ...first.size } : { ...m.size },
      align: lineAlign ?? m.align,
      bold: first ? first.bold : m.bold,
      segments,
    };
    paper.lines.push(line);
    pushItem({ kind: 'line', line });
    segments = [];
    lineAlign = null;
  };
  const alignOf = (n: number, at: number): Align | null => {
    if (n === 0 || n === 0x30) return 'left';
    if (n === 1 || n === 0x31) return 'center';
    if (n === 2 || n === 0x32) return 'right';
    warn(`ESC a with invalid n=${n}`, at);
    return null;
  };
  const utf8 = new TextDecoder('utf-8', { fatal: false });

  let i = 0;
  /** True when n more bytes after position i exist; otherwise warns and ends decoding. */
  const has = (n: number, what: string): boolean => {
    if (i + n < b.length) return true;
    warn(`${what} truncated`, i);
    i = b.length;
    return false;
  };
  const at = (k: number): number => b[k] ?? 0;

  const handleQr = (start: number, len: number) => {
    // len counts cn fn and parameters (pL + pH·256)
    const cn = at(start);
    const fn = at(start + 1);
    if (cn !== 0x31) return; // PDF417 and other symbols: skipped, not modelled
    switch (fn) {
      case 0x41: {
        const n1 = at(start + 2);
        if (n1 >= 0x31 && n1 <= 0x33) qr.model = n1 - 0x30;
        else warn(`QR model n1=${n1} invalid`, start);
        break;
      }
      case 0x43: {
        const n = at(start + 2);
        if (n >= 1 && n <= 16) qr.moduleSize = n;
        else warn(`QR module size ${n} invalid`, start);
        break;
      }
      case 0x45: {
        const lvl = EC_LEVELS[at(start + 2)];
        if (lvl) qr.errorLevel = lvl;
        else warn(`QR error level ${at(start + 2)} invalid`, start);
        break;
      }
      case 0x50:
        qr.stored = b.slice(start + 3, start + len);
        break;
      case 0x51:
        if (qr.stored === null || qr.stored.length === 0) {
          warn('QR print without stored data', start);
          break;
        }
        endLine(false);
        {
          const data = utf8.decode(qr.stored);
          pushItem({
            kind: 'qr',
            qr: { data, bytes: qr.stored, model: qr.model, moduleSize: qr.moduleSize, errorLevel: qr.errorLevel, align: m.align },
          });
          paper.qrCodes.push(data);
        }
        break;
      default:
        break; // fn182 (size info) etc.: nothing printed
    }
  };

  while (i < b.length) {
    const c = at(i);
    try {
      if (c >= 0x20 && c <= 0x7e) {
        addText(String.fromCharCode(c));
        i += 1;
        continue;
      }
      if (c >= 0x80) {
        if (!paper.chineseMode && !warnedNoChinese) {
          warnedNoChinese = true;
          warn('two-byte text while Chinese mode (FS &) is off', i);
        }
        const t = at(i + 1);
        if (c >= 0x81 && c <= 0xfe && i + 1 < b.length && ((t >= 0x40 && t <= 0x7e) || (t >= 0x80 && t <= 0xfe))) {
          addText(decodeGbPair(c, t));
          i += 2;
        } else if (
          c >= 0x81 &&
          c <= 0xfe &&
          t >= 0x30 &&
          t <= 0x39 &&
          i + 3 < b.length &&
          at(i + 2) >= 0x81 &&
          at(i + 2) <= 0xfe &&
          at(i + 3) >= 0x30 &&
          at(i + 3) <= 0x39
        ) {
          warn('four-byte GB18030 sequence (printers have no glyph for it)', i);
          addText(decodeGbQuad([c, t, at(i + 2), at(i + 3)]));
          i += 4;
        } else {
          warn(`invalid GB18030 byte 0x${c.toString(16)}`, i);
          addText('\ufffd');
          i += 1;
        }
        continue;
      }
      switch (c) {
        case 0x0a: // LF
          endLine(true);
          i += 1;
          break;
        case 0x0d: // CR: ignored (auto line feed off, the ESC/POS default)
        case 0x00:
        case 0x18:
          i += 1;
          break;
        case 0x09: // HT: default tab stops every 8 columns
          addText(' ');
          i += 1;
          break;
        case 0x0c: // FF: prints the buffer (page mode); treat as end of line
          endLine(false);
          i += 1;
          break;
        case 0x10: {
          // DLE: real-time commands
          const x = at(i + 1);
          if (x === 0x04 || x === 0x05) {
            if (!has(2, 'DLE EOT/ENQ')) break;
            if (x === 0x04) paper.statusRequests.push(at(i + 2));
            i += 3;
          } else if (x === 0x14) {
            if (!has(2, 'DLE DC4')) break;
            const fn = at(i + 2);
            const len = fn === 8 ? 10 : fn === 7 ? 4 : 5;
            if (!has(len - 1, 'DLE DC4')) break;
            i += len;
          } else {
            warn('stray DLE', i);
            i += 1;
          }
          break;
        }
        case 0x1b:
          i = handleEsc(i);
          break;
        case 0x1d:
          i = handleGs(i);
          break;
        case 0x1c:
          i = handleFs(i);
          break;
        default:
          warn(`control byte 0x${c.toString(16)} ignored`, i);
          i += 1;
      }
    } catch (e) {
      // Defensive: a decoder bug must not take down a caller inspecting garbage. Skip one byte and go on.
      warn(`decoder error: ${e instanceof Error ? e.message : String(e)}`, i);
      i += 1;
    }
  }
  endLine(false);
  return paper;

  function handleEsc(start: number): number {
    i = start;
    if (!has(1, 'ESC')) return i;
    const x = at(i + 1);
    const n = at(i + 2);
    switch (x) {
      case 0x40: // ESC @
        if (!printedAnything) paper.initialized = true; // pending unprinted text is discarded by ESC @ itself
        m = defaultModes();
        paper.chineseMode = false;
        segments = [];
        lineAlign = null;
        return i + 2;
      case 0x21: // ESC ! n: print mode
        if (!has(2, 'ESC !')) return i;
        m.bold = (n & 0x08) !== 0;
        m.size = { w: n & 0x20 ? 2 : 1, h: n & 0x10 ? 2 : 1 };
        m.underline = (n & 0x80) !== 0;
        return i + 3;
      case 0x45: // ESC E
      case 0x47: // ESC G (double-strike prints like bold)
        if (!has(2, 'ESC E')) return i;
        m.bold = (n & 1) === 1;
        return i + 3;
      case 0x2d: // ESC -
        if (!has(2, 'ESC -')) return i;
        m.underline = (n & 3) !== 0 && n !== 0x30;
        return i + 3;
      case 0x61: {
        if (!has(2, 'ESC a')) return i;
        const a = alignOf(n, i);
        if (a) m.align = a;
        return i + 3;
      }
      case 0x64: // ESC d n: print and feed n lines
        if (!has(2, 'ESC d')) return i;
        if (segments.length > 0) {
          endLine(true);
          for (let k = 1; k < n; k++) endLine(true);
        } else {
          for (let k = 0; k < n; k++) endLine(true);
        }
        return i + 3;
      case 0x4a: // ESC J n: print and feed n dots
        if (!has(2, 'ESC J')) return i;
        endLine(false);
        return i + 3;
      case 0x69: // ESC i / ESC m: obsolete full / partial cut
      case 0x6d:
        endLine(false);
        paper.cuts++;
        pushItem({ kind: 'cut', mode: x === 0x69 ? 'full' : 'partial' });
        return i + 2;
      case 0x2a: {
        // ESC * m nL nH d…: column bit image (not rendered)
        if (!has(4, 'ESC *')) return i;
        const k = (at(i + 3) + at(i + 4) * 256) * (n === 0 || n === 1 ? 1 : 3);
        warn('ESC * bit image not rendered', i);
        return Math.min(b.length, i + 5 + k);
      }
      case 0x44: {
        // ESC D n1…nk NUL: tab stops
        let j = i + 2;
        while (j < b.length && at(j) !== 0 && j - i < 40) j++;
        return j + 1;
      }
      case 0x26: {
        // ESC & y c1 c2 [x d1…d(y·x)]…: user-defined characters (skipped)
        if (!has(4, 'ESC &')) return i;
        const y = at(i + 2);
        const c1 = at(i + 3);
        const c2 = at(i + 4);
        let j = i + 5;
        for (let ch = c1; ch <= c2 && j < b.length; ch++) j += 1 + y * at(j);
        return Math.min(b.length, j);
      }
      default: {
        const skip = ESC_SKIP[x];
        if (skip === undefined) {
          warn(`unknown command ESC 0x${x.toString(16)}`, i);
          return i + 2;
        }
        if (!has(1 + skip, `ESC 0x${x.toString(16)}`)) return i;
        return i + 2 + skip;
      }
    }
  }

  function handleGs(start: number): number {
    i = start;
    if (!has(1, 'GS')) return i;
    const x = at(i + 1);
    const n = at(i + 2);
    switch (x) {
      case 0x21: {
        if (!has(2, 'GS !')) return i;
        if ((n & 0x88) !== 0) warn(`GS ! n=0x${n.toString(16)} out of range`, i);
        else m.size = { w: (n >> 4) + 1, h: (n & 0x0f) + 1 };
        return i + 3;
      }
      case 0x42:
        if (!has(2, 'GS B')) return i;
        m.reverse = (n & 1) === 1;
        return i + 3;
      case 0x56: {
        // GS V m [n]
        if (!has(2, 'GS V')) return i;
        const withN = [65, 66, 97, 98, 103, 104].includes(n);
        if (withN && !has(3, 'GS V')) return i;
        const full = [0, 48, 65, 97, 103].includes(n);
        const partial = [1, 49, 66, 98, 104].includes(n);
        endLine(false);
        if (full || partial) {
          paper.cuts++;
          pushItem({ kind: 'cut', mode: full ? 'full' : 'partial' });
        } else {
          warn(`GS V with unknown mode ${n}`, i);
        }
        return i + (withN ? 4 : 3);
      }
      case 0x28: {
        // GS ( fn pL pH …
        if (!has(4, 'GS (')) return i;
        const fnLetter = n;
        const len = at(i + 3) + at(i + 4) * 256;
        const bodyStart = i + 5;
        if (bodyStart + len > b.length) {
          warn(`GS ( ${String.fromCharCode(fnLetter)} data truncated`, i);
          return b.length;
        }
        if (fnLetter === 0x6b) handleQr(bodyStart, len);
        else if (fnLetter === 0x4c) warn('GS ( L graphics not rendered', i);
        return bodyStart + len;
      }
      case 0x76: {
        // GS v 0 m xL xH yL yH d…
        if (!has(6, 'GS v 0')) return i;
        if (n !== 0x30) {
          warn(`GS v 0x${n.toString(16)} unknown`, i);
          return i + 3;
        }
        const mode = at(i + 3);
        const rowBytes = at(i + 4) + at(i + 5) * 256;
        const height = at(i + 6) + at(i + 7) * 256;
        const dataStart = i + 8;
        const want = rowBytes * height;
        const got = Math.min(want, b.length - dataStart);
        if (got < want) warn('GS v 0 image data truncated', i);
        endLine(false);
        // A truncated image keeps only the rows that arrived (partly received last row padded white), so a
        // garbage header declaring 65535×65535 never allocates gigabytes.
        const rows = got < want ? Math.ceil(got / Math.max(1, rowBytes)) : height;
        if (rowBytes > 0 && rows > 0) {
          const data = new Uint8Array(rowBytes * rows);
          data.set(b.subarray(dataStart, dataStart + got));
          const image: DecodedRaster = {
            width: rowBytes * 8,
            height: rows,
            rowBytes,
            data,
            scaleX: mode === 1 || mode === 3 || mode === 0x31 || mode === 0x33 ? 2 : 1,
            scaleY: mode === 2 || mode === 3 || mode === 0x32 || mode === 0x33 ? 2 : 1,
            align: m.align,
          };
          paper.rasterImages.push(image);
          pushItem({ kind: 'raster', image });
        }
        return dataStart + got;
      }
      case 0x38: {
        // GS 8 L p1 p2 p3 p4 …: large graphics data (4-byte length)
        if (!has(6, 'GS 8')) return i;
        const len = at(i + 3) + at(i + 4) * 0x100 + at(i + 5) * 0x10000 + at(i + 6) * 0x1000000;
        warn('GS 8 L graphics not rendered', i);
        return Math.min(b.length, i + 7 + len);
      }
      case 0x6b: {
        // GS k m …: barcode (not rendered)
        if (!has(2, 'GS k')) return i;
        warn('GS k barcode not rendered', i);
        if (n <= 6) {
          let j = i + 3;
          while (j < b.length && at(j) !== 0) j++;
          return j + 1;
        }
        if (!has(3, 'GS k')) return i;
        return Math.min(b.length, i + 4 + at(i + 3));
      }
      case 0x2a: {
        // GS * x y d…: downloaded bit image
        if (!has(3, 'GS *')) return i;
        return Math.min(b.length, i + 4 + n * at(i + 3) * 8);
      }
      case 0x67: {
        // GS g 0 m nL nH / GS g 2 m nL nH: maintenance counters
        if (!has(5, 'GS g')) return i;
        return i + 6;
      }
      default: {
        const skip = GS_SKIP[x];
        if (skip === undefined) {
          warn(`unknown command GS 0x${x.toString(16)}`, i);
          return i + 2;
        }
        if (!has(1 + skip, `GS 0x${x.toString(16)}`)) return i;
        return i + 2 + skip;
      }
    }
  }

  function handleFs(start: number): number {
    i = start;
    if (!has(1, 'FS')) return i;
    const x = at(i + 1);
    switch (x) {
      case 0x26:
        paper.chineseMode = true;
        return i + 2;
      case 0x2e:
        paper.chineseMode = false;
        return i + 2;
      case 0x32: // FS 2 c1 c2 d1…d72: user-defined Chinese character
        if (!has(75, 'FS 2')) return i;
        return i + 76;
      case 0x28: {
        if (!has(4, 'FS (')) return i;
        const len = at(i + 3) + at(i + 4) * 256;
        return Math.min(b.length, i + 5 + len);
      }
      default: {
        const skip = FS_SKIP[x];
        if (skip === undefined) {
          warn(`unknown command FS 0x${x.toString(16)}`, i);
          return i + 2;
        }
        if (!has(1 + skip, `FS 0x${x.toString(16)}`)) return i;
        return i + 2 + skip;
      }
    }
  }
}
