/** The virtual printer as interfaces spec §3 defines it, driven through openPrinter() like the server does. */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeEscPos, encodeTicket, type LogEntry, openPrinter, PrinterUnavailableError, setPrinterLogSink } from './index.ts';
import { sampleGuide, sampleTicket } from './testing/samples.ts';

describe('virtual printer (spec §3)', () => {
  let dataDir: string;
  let dir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'hall-data-'));
    dir = path.join(dataDir, 'virtual-printer', 'K1');
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  const jobs = async () => (await readdir(dir)).filter((n) => n.endsWith('.escpos')).sort();

  it('writes each job to <data>/virtual-printer/<id>/<NNNNNN>-<number>.escpos with the exact bytes', async () => {
    const printer = openPrinter({ id: 'K1', type: 'virtual' }, { dataDir });
    await printer.printTicket(sampleTicket({ number: 'A001' }));
    await printer.printTicket(sampleTicket({ number: 'B002' }));
    await printer.printGuide(sampleGuide());
    expect(await jobs()).toEqual(['000001-A001.escpos', '000002-B002.escpos', '000003-guide.escpos']);
    const bytes = new Uint8Array(await readFile(path.join(dir, '000001-A001.escpos')));
    expect(Buffer.from(bytes).equals(Buffer.from(encodeTicket(sampleTicket({ number: 'A001' }), '80mm')))).toBe(true);
    const paper = decodeEscPos(bytes);
    expect(paper.chineseMode).toBe(true);
    expect(paper.qrCodes).toEqual([sampleTicket().qrUrl]);
    expect(bytes.subarray(0, 4)).toEqual(Uint8Array.of(0x1b, 0x40, 0x1c, 0x26)); // ESC @ then FS &
    await printer.close();
  });

  it('continues the numbering after a restart by scanning the folder', async () => {
    const first = openPrinter({ id: 'K1', type: 'virtual' }, { dataDir });
    await first.printTicket(sampleTicket({ number: 'A001' }));
    await first.printTicket(sampleTicket({ number: 'A002' }));
    await first.close();
    await writeFile(path.join(dir, '000041-A041.escpos'), 'x'); // e.g. jobs kept from earlier days
    await writeFile(path.join(dir, '.000042-A042.escpos.tmp'), 'half a job'); // a crash mid-write
    const second = openPrinter({ id: 'K1', type: 'virtual' }, { dataDir });
    await second.printTicket(sampleTicket({ number: 'A003' }));
    expect((await jobs()).at(-1)).toBe('000042-A003.escpos');
    expect((await readdir(dir)).some((n) => n.endsWith('.tmp'))).toBe(false);
    await second.close();
  });

  it('numbers concurrent jobs without gaps or duplicates', async () => {
    const printer = openPrinter({ id: 'K1', type: 'virtual' }, { dataDir });
    await Promise.all(
      Array.from({ length: 12 }, (_, k) => printer.printTicket(sampleTicket({ number: `A${String(k + 1).padStart(3, '0')}` }))),
    );
    const names = await jobs();
    expect(names.map((n) => n.slice(0, 6))).toEqual(Array.from({ length: 12 }, (_, k) => String(k + 1).padStart(6, '0')));
    await printer.close();
  });

  it('honours the status file: paper-out refuses (no file written), ok prints again', async () => {
    const printer = openPrinter({ id: 'K1', type: 'virtual' }, { dataDir });
    expect(await printer.status()).toBe('ok'); // no file
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'status'), 'paper-out\n');
    expect(await printer.status()).toBe('paper-out');
    const err = await printer.printTicket(sampleTicket()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrinterUnavailableError);
    expect((err as PrinterUnavailableError).status).toBe('paper-out');
    expect(await jobs()).toEqual([]);

    for (const s of ['cover-open', 'offline'] as const) {
      await writeFile(path.join(dir, 'status'), s);
      await expect(printer.printTicket(sampleTicket())).rejects.toMatchObject({ status: s });
    }
    await writeFile(path.join(dir, 'status'), '  paper-near-end  ');
    await printer.printTicket(sampleTicket({ number: 'A100' })); // near end still prints
    await writeFile(path.join(dir, 'status'), 'ok');
    await printer.printTicket(sampleTicket({ number: 'A101' }));
    expect(await jobs()).toEqual(['000001-A100.escpos', '000002-A101.escpos']);
    await printer.close();
  });

  it('treats unknown status content as offline and says so once in the log', async () => {
    const logs: LogEntry[] = [];
    const restore = setPrinterLogSink((e) => logs.push(e));
    try {
      const printer = openPrinter({ id: 'K1', type: 'virtual' }, { dataDir });
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, 'status'), 'jammed');
      expect(await printer.status()).toBe('offline');
      expect(await printer.status()).toBe('offline');
      const warns = logs.filter((l) => l.level === 'warn' && l.ns === 'printer:virtual');
      expect(warns).toHaveLength(1);
      expect(warns[0]?.msg).toMatch(/unknown content/);
      expect(warns[0]?.fields).toMatchObject({ file: path.join(dir, 'status'), content: 'jammed' });
      await printer.close();
    } finally {
      restore();
    }
  });

  it('reports offline and refuses when the folder cannot be written', async () => {
    await writeFile(path.join(dataDir, 'virtual-printer'), 'a file where the folder should be');
    const printer = openPrinter({ id: 'K1', type: 'virtual' }, { dataDir });
    await expect(printer.printTicket(sampleTicket())).rejects.toMatchObject({ status: 'offline' });
    await printer.close();
  });

  it('keeps ticket numbers inside the folder (file names are sanitised)', async () => {
    const printer = openPrinter({ id: 'K1', type: 'virtual' }, { dataDir });
    await printer.printTicket(sampleTicket({ number: '../../A1' }));
    expect(await jobs()).toEqual(['000001-______A1.escpos']);
    await printer.close();
  });

  it('uses the configured profile (58mm)', async () => {
    const printer = openPrinter({ id: 'K1', type: 'virtual', profile: '58mm' }, { dataDir });
    await printer.printTicket(sampleTicket());
    const paper = decodeEscPos(new Uint8Array(await readFile(path.join(dir, '000001-A012.escpos'))));
    expect(paper.lines.some((l) => l.text.startsWith('-') && l.text.length === 32)).toBe(true);
    await printer.close();
  });
});
