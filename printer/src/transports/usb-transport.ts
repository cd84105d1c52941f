/**
 * ESC/POS printer on the Linux USB printer class driver (usblp): writes go to the /dev/usb/lpN node whose
 * USB device (found through sysfs) has the configured idVendor/idProduct.
 *
 * Limits, by design of usblp and Node:
 * - The node is looked up on every job and status call, so a re-plugged printer (lp0 → lp1) is found again.
 *   A missing node is 'offline'.
 * - Status: DLE EOT is written and the answer read back with non-blocking reads. Printers whose USB
 *   interface is unidirectional never answer; the status is then reported as 'ok' (the device is present,
 *   nothing more can be known) and the limitation is logged once. Node cannot issue the LPGETSTATUS ioctl.
 * - The process needs read/write permission on the node (udev rule, e.g. GROUP="lp", MODE="0660").
 * - This machine's kernel has no USB stack (hardware.md §2), so tests use a fake sysfs tree and a plain
 *   file as the device node: discovery, writes and the missing-node path are tested; read-back is not.
 */
import { constants as fsc } from 'node:fs';
import { open, readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { createLogger } from '../log.ts';
import { OpQueue, sleep } from './op-queue.ts';
import { DLE_EOT, isRealtimeStatusByte, statusFromReplies, type StatusReplies } from './realtime-status.ts';
import { DeviceOfflineError, type PrinterStatus, type PrinterTransport, type PrintJobInfo, TransportClosedError } from './transport.ts';

const log = createLogger('printer:usb');

export interface UsbTransportOptions {
  vendorId: number;
  productId: number;
  /** For tests; default '/sys'. */
  sysfsRoot?: string;
  /** For tests; default '/dev'. */
  devRoot?: string;
  /** Default 15000 (USB printers take a ticket in well under a second). */
  writeTimeoutMs?: number;
  /** At most 1000; default 900. */
  statusTimeoutMs?: number;
}

const readHex = async (file: string): Promise<number | null> => {
  try {
    const v = Number.parseInt((await readFile(file, 'utf8')).trim(), 16);
    return Number.isNaN(v) ? null : v;
  } catch {
    return null;
  }
};

/**
 * The /dev/usb/lpN node of the USB printer with these ids, or null. Walks from
 * /sys/class/usbmisc/lpN/device (the USB interface) up to the USB device directory holding idVendor/idProduct.
 */
export async function findUsbPrinterNode(
  vendorId: number,
  productId: number,
  roots: { sysfsRoot?: string; devRoot?: string } = {},
): Promise<string | null> {
  const sys = roots.sysfsRoot ?? '/sys';
  const dev = roots.devRoot ?? '/dev';
  let names: string[];
  try {
    names = (await readdir(path.join(sys, 'class', 'usbmisc'))).filter((n) => /^lp\d+$/.test(n)).sort();
  } catch {
    return null;
  }
  for (const name of names) {
    let dir: string;
    try {
      dir = await realpath(path.join(sys, 'class', 'usbmisc', name, 'device'));
    } catch {
      continue;
    }
    for (let up = 0; up < 5 && dir !== path.dirname(dir); up++, dir = path.dirname(dir)) {
      const vid = await readHex(path.join(dir, 'idVendor'));
      if (vid === null) continue;
      const pid = await readHex(path.join(dir, 'idProduct'));
      if (vid === vendorId && pid === productId) {
        const node = path.join(dev, 'usb', name);
        try {
          await stat(node);
          return node;
        } catch {
          return null;
        }
      }
      break; // the first ancestor with ids is this node's USB device; it is not ours
    }
  }
  return null;
}

export class UsbTransport implements PrinterTransport {
  readonly description: string;
  private readonly queue = new OpQueue();
  private closed = false;
  private warnedNoReadBack = false;

  constructor(private readonly opts: UsbTransportOptions) {
    const hex = (n: number) => n.toString(16).padStart(4, '0');
    this.description = `usb:${hex(opts.vendorId)}:${hex(opts.productId)}`;
  }

  private find(): Promise<string | null> {
    return findUsbPrinterNode(this.opts.vendorId, this.opts.productId, this.opts);
  }

  async write(bytes: Uint8Array, _job?: PrintJobInfo): Promise<void> {
    if (this.closed) throw new TransportClosedError();
    return this.queue.run(async () => {
      if (this.closed) throw new TransportClosedError();
      const node = await this.find();
      if (node === null) throw new DeviceOfflineError(`${this.description}: no /dev/usb/lp* device with these ids`);
      const deadline = Date.now() + (this.opts.writeTimeoutMs ?? 15_000);
      try {
        // O_NONBLOCK: a stalled printer yields EAGAIN instead of pinning a libuv thread in write(2).
        const fh = await open(node, fsc.O_WRONLY | fsc.O_NONBLOCK | fsc.O_APPEND);
        try {
          let off = 0;
          while (off < bytes.length) {
            if (this.closed) throw new TransportClosedError();
            try {
              const { bytesWritten } = await fh.write(bytes, off, bytes.length - off);
              off += bytesWritten;
            } catch (e) {
              if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
              if (Date.now() > deadline) throw new DeviceOfflineError(`${this.description}: write timed out`);
              await sleep(20);
            }
          }
        } finally {
          await fh.close();
        }
      } catch (e) {
        if (e instanceof TransportClosedError || e instanceof DeviceOfflineError) throw e;
        throw new DeviceOfflineError(`${this.description}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
    });
  }

  async status(): Promise<PrinterStatus> {
    if (this.closed) return 'offline';
    const budget = Math.min(1000, this.opts.statusTimeoutMs ?? 900);
    const deadline = Date.now() + budget;
    const op = this.queue.run(() => this.queryStatus(deadline)).catch(() => 'offline' as const);
    const timeout = new Promise<PrinterStatus>((r) => setTimeout(() => r('offline'), budget + 50));
    return Promise.race([op, timeout]);
  }

  private async queryStatus(deadline: number): Promise<PrinterStatus> {
    const node = await this.find();
    if (node === null) return 'offline';
    let fh;
    try {
      fh = await open(node, fsc.O_RDWR | fsc.O_NONBLOCK | fsc.O_APPEND);
    } catch {
      return 'offline';
    }
    try {
      const got: StatusReplies = {};
      const buf = new Uint8Array(16);
      for (const n of [1, 2, 4] as const) {
        await fh.write(DLE_EOT(n));
        let reply: number | undefined;
        while (reply === undefined && Date.now() < deadline) {
          try {
            const { bytesRead } = await fh.read(buf, 0, buf.length, null);
            if (bytesRead > 0) reply = buf[0];
            else await sleep(20);
          } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') break;
            await sleep(20);
          }
        }
        if (reply === undefined) break;
        if (!isRealtimeStatusByte(reply)) return 'offline'; // not an ESC/POS status answer
        if (n === 1) got.printer = reply;
        else if (n === 2) got.offlineCause = reply;
        else got.paper = reply;
      }
      if (got.printer === undefined) {
        if (!this.warnedNoReadBack) {
          this.warnedNoReadBack = true;
          log.warn('printer does not answer DLE EOT over USB; reporting ok while the device node exists', { transport: this.description });
        }
        return 'ok';
      }
      return statusFromReplies(got);
    } catch {
      return 'offline';
    } finally {
      await fh.close();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
