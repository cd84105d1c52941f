import fc from 'fast-check';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { decodeEscPos, paperText, rasterDot } from './decoder.ts';
import { EscPosEncoder } from './encoder.ts';
import { REPLACEMENT_CHAR } from './gb18030.ts';

const bytes = (...parts: Array<number | string>): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'number' ? [p] : Array.from(Buffer.from(p, 'latin1')))));

describe('decodeEscPos()', () => {
  it('decodes lines with size, alignment and bold', () => {
    const job = new EscPosEncoder()
      .init()
      .chineseMode()
      .align('center')
      .size(2, 2)
      .bold(true)
      .line('政务大厅')
      .align('right')
      .size(1, 1)
      .bold(false)
      .line('A1')
      .encode();
    const paper = decodeEscPos(job);
    expect(paper.initialized).toBe(true);
    expect(paper.chineseMode).toBe(true);
    expect(paper.lines).toEqual([
      expect.objectContaining({ text: '政务大厅', size: { w: 2, h: 2 }, align: 'center', bold: true }),
      expect.objectContaining({ text: 'A1', size: { w: 1, h: 1 }, align: 'right', bold: false }),
    ]);
    expect(paper.warnings).toEqual([]);
  });

  it('takes alignment from the start of the line (ESC a mid-line does not move it)', () => {
    const paper = decodeEscPos(new EscPosEncoder().align('left').text('ab').align('center').line('cd').line('ef').encode());
    expect(paper.lines.map((l) => [l.text, l.align])).toEqual([
      ['abcd', 'left'],
      ['ef', 'center'],
    ]);
  });

  it('keeps per-segment attributes within a line', () => {
    const paper = decodeEscPos(new EscPosEncoder().text('a').bold(true).size(2, 1).text('B').line().encode());
    expect(paper.lines[0]?.segments.map((s) => [s.text, s.bold, s.size.w])).toEqual([
      ['a', false, 1],
      ['B', true, 2],
    ]);
  });

  it('records native QR payload, module size and error level', () => {
    const paper = decodeEscPos(new EscPosEncoder().align('center').qr('http://h/t/abc', { moduleSize: 6, errorLevel: 'M' }).encode());
    expect(paper.qrCodes).toEqual(['http://h/t/abc']);
    expect(paper.items[0]).toMatchObject({ kind: 'qr', qr: { model: 2, moduleSize: 6, errorLevel: 'M', align: 'center' } });
  });

  it('decodes a raster QR image dot for dot', () => {
    const paper = decodeEscPos(new EscPosEncoder().qrRaster('http://h/t/abc', { moduleSize: 3, errorLevel: 'M' }).encode());
    expect(paper.qrCodes).toEqual([]);
    const img = paper.rasterImages[0];
    if (!img) throw new Error('no raster image');
    const m = QRCode.create([{ data: new TextEncoder().encode('http://h/t/abc'), mode: 'byte' }], { errorCorrectionLevel: 'M' }).modules;
    expect(img.height).toBe(m.size * 3);
    for (let r = 0; r < m.size; r++) for (let c = 0; c < m.size; c++) expect(rasterDot(img, c * 3 + 1, r * 3 + 1)).toBe(m.get(r, c) === 1);
  });

  it('counts cuts in all GS V forms and the obsolete ESC i / ESC m', () => {
    const paper = decodeEscPos(bytes(0x1d, 0x56, 0x00, 0x1d, 0x56, 0x31, 0x1d, 0x56, 0x42, 0x05, 0x1b, 0x69, 0x1b, 0x6d));
    expect(paper.cuts).toBe(5);
    expect(paper.items.map((i) => (i.kind === 'cut' ? i.mode : i.kind))).toEqual(['full', 'partial', 'partial', 'full', 'partial']);
  });

  it('ESC d n prints the pending line then feeds the rest as blank lines', () => {
    expect(paperText(decodeEscPos(bytes('ab', 0x1b, 0x64, 3)))).toBe('ab\n\n');
    expect(decodeEscPos(bytes(0x1b, 0x64, 2)).lines).toHaveLength(2);
  });

  it('ESC @ clears Chinese mode and pending text; initialized only when it comes first', () => {
    const p1 = decodeEscPos(bytes(0x1c, 0x26, 'lost', 0x1b, 0x40, 'x', 0x0a));
    expect(p1.chineseMode).toBe(false);
    expect(p1.initialized).toBe(true); // nothing was printed before it: 'lost' was discarded
    expect(paperText(p1)).toBe('x');
    const p2 = decodeEscPos(bytes('a', 0x0a, 0x1b, 0x40));
    expect(p2.initialized).toBe(false);
  });

  it('records DLE EOT status requests', () => {
    expect(decodeEscPos(bytes(0x10, 0x04, 1, 0x10, 0x04, 4)).statusRequests).toEqual([1, 4]);
  });

  it('warns about two-byte text outside Chinese mode and about four-byte sequences', () => {
    const p = decodeEscPos(bytes(0xba, 0xc5, 0x1c, 0x26, 0x95, 0x32, 0x82, 0x36, 0x0a));
    expect(p.lines[0]?.text).toBe('号𠀀');
    expect(p.warnings.join('\n')).toMatch(/Chinese mode/);
    expect(p.warnings.join('\n')).toMatch(/four-byte/);
  });

  it('decodes what other ESC/POS libraries emit (node-thermal-printer style job)', () => {
    const job = bytes(
      0x1b,
      0x52,
      0x0f,
      0x1b,
      0x61,
      0x01,
      0xd5,
      0xfe,
      0xce,
      0xf1,
      0x0a,
      0x1d,
      0x28,
      0x6b,
      0x04,
      0x00,
      0x31,
      0x41,
      0x32,
      0x00,
      0x1d,
      0x28,
      0x6b,
      0x03,
      0x00,
      0x31,
      0x43,
      0x06,
      0x1d,
      0x28,
      0x6b,
      0x03,
      0x00,
      0x31,
      0x45,
      0x31,
      0x1d,
      0x28,
      0x6b,
      0x06,
      0x00,
      0x31,
      0x50,
      0x30,
      'abc',
      0x1d,
      0x28,
      0x6b,
      0x03,
      0x00,
      0x31,
      0x51,
      0x30,
      0x1b,
      0x64,
      0x04,
      0x1d,
      0x56,
      0x00,
      0x1b,
      0x40,
    );
    const p = decodeEscPos(job);
    expect(p.lines[0]).toMatchObject({ text: '政务', align: 'center' });
    expect(p.qrCodes).toEqual(['abc']);
    expect(p.cuts).toBe(1);
  });

  it('skips barcodes, bit images and unknown commands with warnings, and goes on', () => {
    const p = decodeEscPos(bytes(0x1d, 0x6b, 0x04, '123', 0x00, 0x1b, 0x2a, 0x00, 0x02, 0x00, 0xff, 0xff, 0x1b, 0x99, 'ok', 0x0a));
    expect(paperText(p)).toBe('ok');
    expect(p.warnings.length).toBeGreaterThanOrEqual(3);
  });

  it('reports truncated commands instead of throwing', () => {
    for (const job of [
      bytes(0x1b),
      bytes(0x1d, 0x21),
      bytes(0x1d, 0x28, 0x6b, 0x05),
      bytes(0x1d, 0x76, 0x30, 0, 10, 0, 10, 0, 1, 2),
      bytes(0x10, 0x04),
    ]) {
      const p = decodeEscPos(job);
      expect(p.warnings.join()).toMatch(/truncated/);
    }
    const cut = decodeEscPos(bytes(0x1d, 0x76, 0x30, 0, 1, 0, 3, 0, 0xff));
    expect(cut.rasterImages[0]?.height).toBe(1); // best effort: only the rows that arrived
  });

  it('never throws and always returns well-formed paper for arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (b) => {
        const p = decodeEscPos(b);
        expect(Array.isArray(p.lines)).toBe(true);
        expect(p.warnings.length).toBeLessThanOrEqual(51);
        for (const l of p.lines) expect(typeof l.text).toBe('string');
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on huge declared lengths (GS v 0 65535×65535, GS 8 L 4 GB)', () => {
    const p = decodeEscPos(bytes(0x1d, 0x76, 0x30, 0, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 0x1d, 0x38, 0x4c, 0xff, 0xff, 0xff, 0xff));
    expect(p.warnings.join()).toMatch(/truncated/);
    expect(p.rasterImages[0]?.data.length).toBe(0xffff); // one partial row, not 4 GB
  });

  it('round-trips any text: two-byte characters survive, others become □', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
        const paper = decodeEscPos(new EscPosEncoder().init().chineseMode().line(s).encode());
        const got = paper.lines[0]?.text ?? '';
        const expected = [...s]
          .map((ch) => {
            const cp = ch.codePointAt(0) ?? 0;
            if (cp === 9 || cp === 10 || cp === 11 || cp === 12 || cp === 13) return ' ';
            if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0)) return '';
            return ch;
          })
          .join('');
        expect([...got].length).toBe([...expected].length);
        [...got].forEach((ch, k) => {
          const want = [...expected][k] ?? '';
          if (ch !== want) expect(ch).toBe(REPLACEMENT_CHAR);
        });
        expect(paper.warnings).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
