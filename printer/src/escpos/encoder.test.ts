import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { EscPosEncoder, qrMatrix } from './encoder.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').replace(/(..)/g, '$1 ').trim();
const enc = () => new EscPosEncoder();

describe('EscPosEncoder golden bytes', () => {
  it('init() is ESC @ and chineseMode() is FS & / FS .', () => {
    expect(hex(enc().init().chineseMode().chineseMode(false).encode())).toBe('1b 40 1c 26 1c 2e');
  });

  it('text() encodes Chinese as two-byte GB18030 and ASCII as one byte', () => {
    expect(hex(enc().text('A012号').encode())).toBe('41 30 31 32 ba c5');
  });

  it('text() keeps rare name characters that are in GBK (堃 88 D2, 喆 86 B4)', () => {
    expect(hex(enc().text('堃喆').encode())).toBe('88 d2 86 b4');
  });

  it("text() replaces four-byte GB18030 characters (𠮷, emoji, •) with '□' (A1 F5)", () => {
    expect(hex(enc().text('𠮷😀•').encode())).toBe('a1 f5 a1 f5 a1 f5');
  });

  it('text() never lets control characters through as commands', () => {
    expect(hex(enc().text('a\x1b@b\x1dV\x00c\nd').encode())).toBe('61 40 62 56 63 20 64');
  });

  it('line() appends LF; feed(n) is ESC d n', () => {
    expect(hex(enc().line('ok').feed(4).encode())).toBe('6f 6b 0a 1b 64 04');
  });

  it('size(w, h) is GS ! ((w-1)<<4 | (h-1)), clamped to 1–8', () => {
    expect(hex(enc().size(1, 1).size(2, 2).size(8, 8).size(3, 1).size(0, 99).encode())).toBe(
      '1d 21 00 1d 21 11 1d 21 77 1d 21 20 1d 21 07',
    );
  });

  it('bold() is ESC E n; align() is ESC a 0/1/2', () => {
    expect(hex(enc().bold(true).bold(false).align('left').align('center').align('right').encode())).toBe(
      '1b 45 01 1b 45 00 1b 61 00 1b 61 01 1b 61 02',
    );
  });

  it('cut() is GS V 1 (partial) or GS V 0 (full)', () => {
    expect(hex(enc().cut('partial').cut('full').encode())).toBe('1d 56 01 1d 56 00');
  });

  it('qr() emits GS ( k model 2, module size, error level, store and print', () => {
    expect(hex(enc().qr('AB', { moduleSize: 6, errorLevel: 'M' }).encode())).toBe(
      [
        '1d 28 6b 04 00 31 41 32 00', // fn165 model 2
        '1d 28 6b 03 00 31 43 06', // fn167 module size 6
        '1d 28 6b 03 00 31 45 31', // fn169 level M
        '1d 28 6b 05 00 31 50 30 41 42', // fn180 store, pL = k + 3
        '1d 28 6b 03 00 31 51 30', // fn181 print
      ].join(' '),
    );
  });

  it('qr() store length is little-endian over 255 bytes', () => {
    const bytes = enc().qr('x'.repeat(300), { moduleSize: 3, errorLevel: 'L' }).encode();
    expect(hex(bytes.subarray(25, 33))).toBe('1d 28 6b 2f 01 31 50 30'); // 303 = 0x012f
  });

  it('qr() rejects payloads that cannot be a QR code', () => {
    expect(() => enc().qr('', { moduleSize: 3, errorLevel: 'M' })).toThrow(RangeError);
    expect(() => enc().qr('x'.repeat(3000), { moduleSize: 3, errorLevel: 'H' })).toThrow(RangeError);
  });

  it('raster() is GS v 0 with MSB-first rows padded to bytes', () => {
    // 10×2: row 0 = dots 0 and 9, row 1 = dot 8
    const img = { width: 10, height: 2, get: (x: number, y: number) => (y === 0 ? x === 0 || x === 9 : x === 8) };
    expect(hex(enc().raster(img).encode())).toBe('1d 76 30 00 02 00 02 00 80 40 00 80');
  });

  it('qrRaster() draws the qrcode matrix scaled by the module size', () => {
    const bytes = enc().qrRaster('HELLO', { moduleSize: 2, errorLevel: 'M' }).encode();
    const m = QRCode.create([{ data: new TextEncoder().encode('HELLO'), mode: 'byte' }], { errorCorrectionLevel: 'M' }).modules;
    const widthDots = m.size * 2;
    const rowBytes = Math.ceil(widthDots / 8);
    expect(hex(bytes.subarray(0, 8))).toBe(`1d 76 30 00 ${hex(Uint8Array.of(rowBytes, 0, widthDots, 0))}`);
    expect(bytes.length).toBe(8 + rowBytes * widthDots);
    const dot = (x: number, y: number) => ((bytes[8 + y * rowBytes + (x >> 3)] ?? 0) & (0x80 >> (x & 7))) !== 0;
    for (let r = 0; r < m.size; r++) for (let c = 0; c < m.size; c++) expect(dot(c * 2 + 1, r * 2 + 1)).toBe(m.get(r, c) === 1);
  });

  it('qrMatrix() uses byte mode so native and raster symbols hold the same bytes', () => {
    expect(qrMatrix('http://x/t/abc', 'M').size).toBeGreaterThanOrEqual(21);
  });
});
