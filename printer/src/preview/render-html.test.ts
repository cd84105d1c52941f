import { describe, expect, it } from 'vitest';
import { decodeEscPos } from '../escpos/decoder.ts';
import { EscPosEncoder } from '../escpos/encoder.ts';
import { loadProfile } from '../profiles/profiles.ts';
import { renderPaperHtml } from './render-html.ts';

describe('renderPaperHtml()', () => {
  it('draws text in printer cells (12 dots per ASCII, 24 per Chinese character, × width multiplier)', async () => {
    const html = await renderPaperHtml(decodeEscPos(new EscPosEncoder().size(2, 2).line('A号').encode()), loadProfile('80mm'));
    expect(html).toContain('<span class="c" style="width:24px">A</span>');
    expect(html).toContain('<span class="c" style="width:48px">号</span>');
    expect(html).toMatch(/width: 640px/); // 80 mm paper at 8 dots/mm
  });

  it('draws native QR codes as SVG and raster images as pixel PNGs', async () => {
    const html = await renderPaperHtml(
      decodeEscPos(
        new EscPosEncoder()
          .qr('http://h/t/a', { moduleSize: 4, errorLevel: 'M' })
          .qrRaster('x', { moduleSize: 2, errorLevel: 'L' })
          .encode(),
      ),
      loadProfile('80mm'),
    );
    expect(html).toContain('<svg');
    expect(html).toContain('data:image/png;base64,');
  });

  it('escapes text so a ticket field can never inject markup', async () => {
    const html = await renderPaperHtml(decodeEscPos(new EscPosEncoder().line('<script>x</script>').encode()), loadProfile('58mm'));
    expect(html).not.toContain('<script>x');
    expect(html).toContain('&#60;');
  });

  it('splits the job into slips at each cut and lists decoder warnings', async () => {
    const html = await renderPaperHtml(
      decodeEscPos(Uint8Array.of(0x41, 0x0a, 0x1d, 0x56, 0x01, 0x42, 0x0a, 0x1d, 0x56, 0x01, 0x1b, 0x99)),
      loadProfile('80mm'),
    );
    expect(html.match(/class="slip cut"/g)).toHaveLength(2);
    expect(html).toContain('unknown command ESC 0x99');
  });
});
