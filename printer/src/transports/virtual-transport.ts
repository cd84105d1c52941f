/**
 * The virtual printer (interfaces spec §3, a stable external contract; change only by adding versions):
 *
 * - Each job's exact ESC/POS bytes go to `<dataDir>/virtual-printer/<printerId>/<NNNNNN>-<label>.escpos`,
 *   NNNNNN = job sequence number zero-padded to 6 digits, starting at 000001 and continuing after a restart
 *   from the highest number found in the folder. `label` is the ticket number (or 'guide'), reduced to
 *   [A-Za-z0-9_-] so it can never leave the folder.
 * - A job is written to a hidden temp file, fsynced, renamed into place and the folder fsynced: once
 *   write() resolves the job survives a power cut, and a folder watcher never sees half a job.
 * - status() reads `<dataDir>/virtual-printer/<printerId>/status` when it exists: `ok`, `paper-near-end`,
 *   `paper-out`, `cover-open` or `offline` (surrounding whitespace ignored, case-insensitive). Anything else
 *   is 'offline' with a warning naming the file. No file means 'ok'.
 * One process owns a virtual printer: sequence numbers are kept in memory after the first scan.
 */
import { constants as fsc } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { createLogger } from '../log.ts';
import { OpQueue } from './op-queue.ts';
import {
  DeviceOfflineError,
  isPrinterStatus,
  type PrinterStatus,
  type PrinterTransport,
  type PrintJobInfo,
  TransportClosedError,
} from './transport.ts';

const log = createLogger('printer:virtual');
const JOB_FILE = /^(\d{6,})-.*\.escpos$/;

export interface VirtualTransportOptions {
  dataDir: string;
  /** Printer id from the devices block: 1–32 of [A-Za-z0-9_-]. */
  printerId: string;
}

/** The folder a virtual printer writes to. */
export function virtualPrinterDir(dataDir: string, printerId: string): string {
  return path.join(dataDir, 'virtual-printer', printerId);
}

/** Ticket number → file-name-safe label. */
export function jobLabel(label: string | undefined): string {
  const s = (label ?? '').replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 32);
  return s === '' ? 'job' : s;
}

export class VirtualTransport implements PrinterTransport {
  readonly description: string;
  readonly dir: string;
  private readonly queue = new OpQueue();
  private nextSeq: number | null = null;
  private closed = false;
  private lastBadContent: string | null = null;

  constructor(opts: VirtualTransportOptions) {
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(opts.printerId))
      throw new TypeError(`virtual printer id must be 1–32 of [A-Za-z0-9_-], got ${JSON.stringify(opts.printerId)}`);
    this.dir = virtualPrinterDir(opts.dataDir, opts.printerId);
    this.description = `virtual:${opts.printerId}`;
  }

  /** Writes one job file; resolves with its path once it is durable. */
  async writeJob(bytes: Uint8Array, job?: PrintJobInfo): Promise<string> {
    if (this.closed) throw new TransportClosedError();
    return this.queue.run(async () => {
      if (this.closed) throw new TransportClosedError();
      try {
        await mkdir(this.dir, { recursive: true });
        const seq = this.nextSeq ?? (await this.scanNextSeq());
        const name = `${String(seq).padStart(6, '0')}-${jobLabel(job?.label)}.escpos`;
        const tmp = path.join(this.dir, `.${name}.tmp`);
        const fh = await open(tmp, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_TRUNC, 0o644);
        try {
          await fh.writeFile(bytes);
          await fh.sync();
        } finally {
          await fh.close();
        }
        const final = path.join(this.dir, name);
        await rename(tmp, final);
        await this.syncDir();
        this.nextSeq = seq + 1;
        return final;
      } catch (e) {
        this.nextSeq = null; // rescan next time rather than trust a counter after an I/O error
        throw new DeviceOfflineError(`${this.description}: cannot write job: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
    });
  }

  async write(bytes: Uint8Array, job?: PrintJobInfo): Promise<void> {
    await this.writeJob(bytes, job);
  }

  async status(): Promise<PrinterStatus> {
    if (this.closed) return 'offline';
    const file = path.join(this.dir, 'status');
    let raw: string;
    try {
      raw = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'ok';
      log.warn('cannot read virtual printer status file; reporting offline', { file, error: e instanceof Error ? e.message : String(e) });
      return 'offline';
    }
    const s = raw.trim().toLowerCase();
    if (isPrinterStatus(s)) {
      this.lastBadContent = null;
      return s;
    }
    if (this.lastBadContent !== raw) {
      // Logged once per distinct content: the server polls status and would otherwise flood the log.
      this.lastBadContent = raw;
      log.warn(
        'unknown content in virtual printer status file; reporting offline (expected ok, paper-near-end, paper-out, cover-open or offline)',
        {
          file,
          content: raw.slice(0, 40),
        },
      );
    }
    return 'offline';
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private async scanNextSeq(): Promise<number> {
    let max = 0;
    let names: string[] = [];
    try {
      names = await readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    for (const n of names) {
      const m = JOB_FILE.exec(n);
      if (m?.[1] !== undefined) max = Math.max(max, Number(m[1]));
      // Leftover temp files come from a crash mid-job: the job never completed, so remove them.
      else if (n.startsWith('.') && n.endsWith('.escpos.tmp')) await rm(path.join(this.dir, n), { force: true });
    }
    return max + 1;
  }

  private async syncDir(): Promise<void> {
    try {
      const d = await open(this.dir, fsc.O_RDONLY);
      try {
        await d.sync();
      } finally {
        await d.close();
      }
    } catch {
      // Some filesystems refuse fsync on directories; the file itself is already synced.
    }
  }
}
