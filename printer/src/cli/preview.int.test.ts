/** The preview CLI end to end: headless Chromium renders a PNG. Skipped when Chromium is not installed. */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../profiles/profiles.ts';
import { sampleTicket } from '../testing/samples.ts';
import { encodeTicket } from '../ticket-layout.ts';
import { parseArgs, renderPreview } from './preview.ts';
import { toolMissing } from '../../../scripts/testing/tool-gate.ts';

const chromium = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const hasChromium = existsSync(chromium);
if (!hasChromium) process.stderr.write(`preview.int.test.ts: skipped because Chromium is not at ${chromium} (set CHROMIUM_PATH)\n`);

describe('preview CLI arguments', () => {
  it('parses profile, out, html, guide and the file', () => {
    expect(parseArgs(['--profile', '58mm', '--out', 'a.png', '--guide', 'job.escpos'])).toEqual({
      profile: '58mm',
      out: 'a.png',
      html: null,
      guide: true,
      file: 'job.escpos',
    });
    expect(() => parseArgs(['--bogus'])).toThrow(/unknown option/);
    expect(() => parseArgs(['--out'])).toThrow(/needs a value/);
  });
});

describe.skipIf(toolMissing(`Chromium at ${chromium}`, hasChromium))('preview CLI rendering', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'preview-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('renders an .escpos job to a PNG as wide as the paper, with ink on it', async () => {
    const job = path.join(dir, '000001-A012.escpos');
    await writeFile(job, encodeTicket(sampleTicket(), '80mm'));
    const out = path.join(dir, 'ticket.png');
    const warnings = await renderPreview(new Uint8Array(await readFile(job)), loadProfile('80mm'), out);
    expect(warnings).toEqual([]);
    const png = PNG.sync.read(await readFile(out));
    expect(png.width).toBe(640 + 64); // paper plus the grey margin
    expect(png.height).toBeGreaterThan(800);
    let dark = 0;
    for (let i = 0; i < png.data.length; i += 4) if ((png.data[i] ?? 255) < 64) dark++;
    expect(dark).toBeGreaterThan(10_000); // the big number and the QR code alone are far more
  });
});
