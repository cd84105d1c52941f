import { createRequire } from 'node:module';
import type * as NodeHid from 'node-hid';
import { type HidTransport, HidDeviceNotFoundError, HidUnavailableError, hidId } from './hid-transport.ts';

/**
 * Opens the first HID device with this vendor/product id through node-hid (hidraw or libusb backend).
 *
 * node-hid is a native addon; it is loaded here, on first use, so this module (and the whole hub) loads on
 * machines where the addon cannot. Throws `HidUnavailableError` when node-hid does not load and
 * `HidDeviceNotFoundError` when no matching device can be opened. On Linux the user needs read access to
 * `/dev/hidraw*` (udev rule: `SUBSYSTEM=="hidraw", ATTRS{idVendor}=="0483", MODE="0660", GROUP="plugdev"`).
 * Two keypads with the same ids cannot be told apart by this function: it opens the first.
 */
export function openNodeHidTransport(vendorId: number, productId: number): HidTransport {
  const id = hidId(vendorId, productId);
  let hid: typeof NodeHid;
  try {
    hid = createRequire(import.meta.url)('node-hid') as typeof NodeHid;
  } catch (err) {
    throw new HidUnavailableError(`node-hid cannot be loaded, so HID keypad ${id} is unavailable: ${errMessage(err)}`, { cause: err });
  }
  let device: NodeHid.HID;
  try {
    device = new hid.HID(vendorId, productId);
  } catch (err) {
    throw new HidDeviceNotFoundError(
      `cannot open HID device ${id}: ${errMessage(err)} (is it plugged in, and may this user read /dev/hidraw*?)`,
      { cause: err },
    );
  }
  return new NodeHidTransport(device);
}

class NodeHidTransport implements HidTransport {
  private reportCbs: Array<(report: Uint8Array) => void> = [];
  private errorCbs: Array<(err: Error) => void> = [];
  private isClosed = false;

  constructor(private readonly device: NodeHid.HID) {
    device.on('data', (data: Buffer) => {
      if (this.isClosed) return;
      const report = Uint8Array.from(data);
      for (const cb of this.reportCbs) cb(report);
    });
    device.on('error', (err: unknown) => {
      if (this.isClosed) return;
      const cbs = this.errorCbs;
      void this.close();
      const e = err instanceof Error ? err : new Error(String(err));
      for (const cb of cbs) cb(e);
    });
  }

  onReport(cb: (report: Uint8Array) => void): void {
    this.reportCbs.push(cb);
  }

  onError(cb: (err: Error) => void): void {
    this.errorCbs.push(cb);
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    this.reportCbs = [];
    this.errorCbs = [];
    try {
      this.device.close();
    } catch {
      // already gone (unplugged): nothing to release
    }
  }
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
