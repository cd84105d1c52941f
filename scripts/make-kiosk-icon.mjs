// Draws kiosk/build/icon.png (512×512): the hall-queue mark, a slip with a queue number on 政务 blue.
// Run once after changing the design: node scripts/make-kiosk-icon.mjs
import process from 'node:process';
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

const N = 512;
const png = new PNG({ width: N, height: N });
const blue = [0x0b, 0x4f, 0x9c];
const white = [0xff, 0xff, 0xff];
const red = [0xc8, 0x1e, 0x1e];
function put(x, y, [r, g, b], a = 255) {
  const i = (y * N + x) * 4;
  png.data[i] = r;
  png.data[i + 1] = g;
  png.data[i + 2] = b;
  png.data[i + 3] = a;
}
const inRounded = (x, y, x0, y0, x1, y1, rad) => {
  const cx = Math.min(Math.max(x, x0 + rad), x1 - rad);
  const cy = Math.min(Math.max(y, y0 + rad), y1 - rad);
  return (x - cx) ** 2 + (y - cy) ** 2 <= rad * rad;
};
for (let y = 0; y < N; y++)
  for (let x = 0; x < N; x++) {
    if (!inRounded(x, y, 16, 16, N - 16, N - 16, 96)) put(x, y, white, 0);
    else if (inRounded(x, y, 136, 96, 376, 416, 24)) {
      // the slip, with three lines and a red stamp
      const line = (y0) => y >= y0 && y < y0 + 22 && x >= 176 && x <= 336;
      if (line(150) || line(200) || line(250)) put(x, y, blue);
      else if ((x - 256) ** 2 + (y - 340) ** 2 <= 40 * 40) put(x, y, red);
      else put(x, y, white);
    } else put(x, y, blue);
  }
writeFileSync('kiosk/build/icon.png', PNG.sync.write(png));
process.stdout.write('wrote kiosk/build/icon.png\n');
