/**
 * Renders ESC/POS bytes as a PNG of the printed slip.
 *
 *   node --import tsx printer/src/cli/preview.ts [--profile 80mm] [--out ticket.png] [--html page.html] [--guide] [file.escpos]
 *
 * Without a file it renders the sample ticket (or the sample guide with --guide). The bytes are decoded
 * with decodeEscPos(), laid out as HTML (preview/render-html.ts) and screenshotted by headless Chromium
 * through playwright-core (a root devDependency, loaded only here). Chromium: $CHROMIUM_PATH or
 * /usr/bin/chromium. Writes the PNG to --out, or to a temp file, and prints its path.
 */
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { decodeEscPos } from '../escpos/decoder.ts';
import { loadProfile, type PrinterProfile } from '../profiles/profiles.ts';
import { renderPaperHtml } from '../preview/render-html.ts';
import { sampleGuide, sampleTicket } from '../testing/samples.ts';
import { encodeGuide, encodeTicket } from '../ticket-layout.ts';

export interface PreviewArgs {
  profile: string;
  out: string | null;
  html: string | null;
  guide: boolean;
  file: string | null;
}

export function parseArgs(argv: readonly string[]): PreviewArgs {
  const args: PreviewArgs = { profile: '80mm', out: null, html: null, guide: false, file: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--profile') args.profile = value();
    else if (a === '--out') args.out = value();
    else if (a === '--html') args.html = value();
    else if (a === '--guide') args.guide = true;
    else if (a === '--help' || a === '-h') throw new Error('usage');
    else if (a !== undefined && a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else if (a !== undefined) args.file = a;
  }
  return args;
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Screenshots the HTML's #sheet element to a PNG file with headless Chromium. */
export async function screenshotHtml(html: string, outPath: string, widthPx: number): Promise<void> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage({ viewport: { width: widthPx, height: 600 }, deviceScaleFactor: 1 });
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.locator('#sheet').screenshot({ path: outPath });
  } finally {
    await browser.close();
  }
}

/** Bytes → PNG file; returns the decoded paper's warnings (empty for this workspace's own jobs). */
export async function renderPreview(
  bytes: Uint8Array,
  profile: PrinterProfile,
  outPath: string,
  htmlPath: string | null = null,
): Promise<string[]> {
  const paper = decodeEscPos(bytes);
  const html = await renderPaperHtml(paper, profile);
  if (htmlPath !== null) await writeFile(htmlPath, html);
  await screenshotHtml(html, outPath, profile.paperWidthMm * 8 + 64);
  return paper.warnings;
}

async function main(): Promise<number> {
  let args: PreviewArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(
      `${e instanceof Error && e.message !== 'usage' ? `${e.message}\n` : ''}usage: preview.ts [--profile 80mm|58mm|58mm-basic] [--out file.png] [--html file.html] [--guide] [file.escpos]\n`,
    );
    return 2;
  }
  const profile = loadProfile(args.profile);
  const bytes =
    args.file !== null
      ? new Uint8Array(await readFile(args.file))
      : args.guide
        ? encodeGuide(sampleGuide(), profile)
        : encodeTicket(sampleTicket({ priorityLabel: '绿色通道', maskedId: '**************1234' }), profile);
  const out = args.out ?? path.join(os.tmpdir(), `hall-print-preview-${Date.now()}.png`);
  const warnings = await renderPreview(bytes, profile, out, args.html);
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  process.stdout.write(`${out}\n`);
  return 0;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`preview failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
