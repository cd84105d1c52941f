/**
 * Virtual paper → an HTML page that looks like the printed slip, for the preview CLI and for people
 * checking a virtual printer's `.escpos` files. One CSS pixel = one printer dot (203 dpi), so an 80 mm
 * profile renders 576 px of printable width on 640 px of paper. Text uses the printer's cell grid: font A
 * is 12 × 24 dots (Chinese 24 × 24) with the default 30-dot line pitch, scaled by GS ! multipliers.
 * Needs a CJK font on the machine (Debian: fonts-wqy-microhei); without one Chinese renders as boxes.
 */
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import type { DecodedLine, DecodedRaster, PaperItem, VirtualPaper } from '../escpos/decoder.ts';
import { rasterDot } from '../escpos/decoder.ts';
import { displayWidth } from '../escpos/gb18030.ts';
import type { PrinterProfile } from '../profiles/profiles.ts';

const CELL_H = 24;
const LINE_GAP = 6;

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Each character gets the printer's fixed cell (12 × 24 dots for one-byte codes, 24 × 24 for two-byte
 * ones, times the GS ! multipliers), so the preview wraps and aligns exactly like the paper whatever the
 * font's own metrics are.
 */
function lineHtml(l: DecodedLine): string {
  const h = Math.max(1, ...l.segments.map((s) => s.size.h), l.size.h);
  const segs = l.segments
    .map((s) => {
      const style = [
        `font-size:${CELL_H * s.size.h}px`,
        `height:${CELL_H * s.size.h}px`,
        s.bold ? 'font-weight:bold' : '',
        s.underline ? 'text-decoration:underline' : '',
        s.reverse ? 'background:#111;color:#fff' : '',
      ]
        .filter(Boolean)
        .join(';');
      const stretch = s.size.w !== s.size.h ? `;transform:scaleX(${s.size.w / s.size.h})` : '';
      const cells = [...s.text]
        .map((ch) => {
          const w = (displayWidth(ch) || 2) * (CELL_H / 2) * s.size.w;
          return `<span class="c" style="width:${w}px${stretch}">${ch === ' ' ? '&nbsp;' : esc(ch)}</span>`;
        })
        .join('');
      return `<span class="seg" style="${style}">${cells}</span>`;
    })
    .join('');
  return `<div class="line" style="text-align:${l.align};height:${CELL_H * h + LINE_GAP}px">${segs}</div>`;
}

function rasterDataUrl(img: DecodedRaster): string {
  const png = new PNG({ width: img.width, height: img.height });
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const o = (y * img.width + x) * 4;
      const v = rasterDot(img, x, y) ? 0x11 : 0xff;
      png.data[o] = v;
      png.data[o + 1] = v;
      png.data[o + 2] = v;
      png.data[o + 3] = 0xff;
    }
  }
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
}

async function itemHtml(item: PaperItem): Promise<string> {
  switch (item.kind) {
    case 'line':
      return lineHtml(item.line);
    case 'qr': {
      const q = item.qr;
      let svg: string;
      try {
        svg = await QRCode.toString([{ data: q.bytes, mode: 'byte' }], { type: 'svg', margin: 0, errorCorrectionLevel: q.errorLevel });
      } catch {
        return `<div class="line" style="text-align:${q.align}">[QR: ${esc(q.data)}]</div>`;
      }
      const modules = QRCode.create([{ data: q.bytes, mode: 'byte' }], { errorCorrectionLevel: q.errorLevel }).modules.size;
      const px = modules * q.moduleSize;
      return `<div class="block" style="text-align:${q.align}"><div class="qr" style="width:${px}px;height:${px}px">${svg}</div></div>`;
    }
    case 'raster': {
      const img = item.image;
      return `<div class="block" style="text-align:${img.align}"><img alt="" src="${rasterDataUrl(img)}" style="width:${img.width * img.scaleX}px;height:${img.height * img.scaleY}px"></div>`;
    }
    case 'cut':
      return '';
  }
}

/** The slips of a job as one HTML document; each cut ends a slip (drawn with a torn edge). */
export async function renderPaperHtml(paper: VirtualPaper, profile: PrinterProfile, title = 'ESC/POS preview'): Promise<string> {
  const slips: string[][] = [[]];
  const cuts: Array<'full' | 'partial' | null> = [];
  for (const item of paper.items) {
    if (item.kind === 'cut') {
      cuts.push(item.mode);
      slips.push([]);
    } else {
      (slips[slips.length - 1] as string[]).push(await itemHtml(item));
    }
  }
  if ((slips[slips.length - 1] as string[]).length === 0 && slips.length > 1) slips.pop();
  const paperPx = profile.paperWidthMm * 8;
  const marginPx = Math.max(0, Math.round((paperPx - profile.dots) / 2));
  const body = slips.map((s, k) => `<div class="slip${cuts[k] ? ' cut' : ''}"><div class="print">${s.join('\n')}</div></div>`).join('\n');
  const warnings = paper.warnings.length > 0 ? `<ul class="warnings">${paper.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : '';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
  html, body { margin: 0; background: #d9dde3; }
  #sheet { display: inline-block; padding: 24px 32px 32px; }
  .slip { width: ${paperPx}px; background: #fffdf8; box-shadow: 0 2px 8px rgba(0,0,0,.25); margin-bottom: 28px; padding: 24px 0 20px; position: relative; }
  .slip.cut { -webkit-mask: linear-gradient(#000 0 0) top / 100% calc(100% - 8px) no-repeat, conic-gradient(from -45deg at bottom, #0000, #000 1deg 89deg, #0000 90deg) bottom / 16px 8px repeat-x; }
  .print { width: ${profile.dots}px; margin-left: ${marginPx}px; color: #1a1a1a;
    font-family: 'WenQuanYi Micro Hei Mono', 'WenQuanYi Micro Hei', 'Noto Sans Mono CJK SC', monospace;
    font-kerning: none; letter-spacing: 0; }
  .line { white-space: nowrap; overflow: hidden; display: flex; align-items: flex-end; }
  .line[style*="text-align:center"] { justify-content: center; } .line[style*="text-align:right"] { justify-content: flex-end; }
  .seg { display: inline-flex; align-items: center; line-height: 1; }
  .c { display: inline-block; text-align: center; overflow: visible; }
  .block { line-height: 0; }
  .qr { display: inline-block; } .qr svg { width: 100%; height: 100%; display: block; }
  img { image-rendering: pixelated; display: inline-block; }
  .warnings { width: ${paperPx}px; font: 12px sans-serif; color: #8a1c1c; margin: 0; padding-left: 16px; }
</style></head>
<body><div id="sheet">${body}${warnings}</div></body></html>`;
}
