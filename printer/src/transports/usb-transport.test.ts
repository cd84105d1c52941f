import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeviceOfflineError, TransportClosedError } from './transport.ts';
import { findUsbPrinterNode, UsbTransport } from './usb-transport.ts';

/**
 * A fake sysfs laid out like Linux's: /sys/class/usbmisc/lpN → the usbmisc dir under the USB interface;
 * its `device` link → the interface (1-1:1.0), whose parent (1-1) holds idVendor/idProduct. The device
 * node is a plain file, so writes can be read back (this kernel has no USB stack, see hardware.md §2).
 */
async function fakeUsb(
  root: string,
  devices: Array<{ lp: string; bus: string; vid: string; pid: string }>,
): Promise<{ sys: string; dev: string }> {
  const sys = path.join(root, 'sys');
  const dev = path.join(root, 'dev');
  await mkdir(path.join(sys, 'class', 'usbmisc'), { recursive: true });
  await mkdir(path.join(dev, 'usb'), { recursive: true });
  for (const d of devices) {
    const usbDev = path.join(sys, 'devices', 'pci0000:00', 'usb1', d.bus);
    const iface = path.join(usbDev, `${d.bus}:1.0`);
    const misc = path.join(iface, 'usbmisc', d.lp);
    await mkdir(misc, { recursive: true });
    await writeFile(path.join(usbDev, 'idVendor'), `${d.vid}\n`);
    await writeFile(path.join(usbDev, 'idProduct'), `${d.pid}\n`);
    await symlink(iface, path.join(misc, 'device'));
    await symlink(misc, path.join(sys, 'class', 'usbmisc', d.lp));
    await writeFile(path.join(dev, 'usb', d.lp), '');
  }
  return { sys, dev };
}

describe('UsbTransport (fake sysfs)', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'usb-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('finds the /dev/usb/lp* node whose USB device has the configured ids', async () => {
    const { sys, dev } = await fakeUsb(root, [
      { lp: 'lp0', bus: '1-1', vid: '04b8', pid: '0e15' },
      { lp: 'lp1', bus: '1-2', vid: '0416', pid: '5011' },
    ]);
    expect(await findUsbPrinterNode(0x0416, 0x5011, { sysfsRoot: sys, devRoot: dev })).toBe(path.join(dev, 'usb', 'lp1'));
    expect(await findUsbPrinterNode(0x04b8, 0x0e15, { sysfsRoot: sys, devRoot: dev })).toBe(path.join(dev, 'usb', 'lp0'));
    expect(await findUsbPrinterNode(0x1234, 0x5678, { sysfsRoot: sys, devRoot: dev })).toBeNull();
    expect(await findUsbPrinterNode(0x0416, 0x5011, { sysfsRoot: path.join(root, 'nosys'), devRoot: dev })).toBeNull();
  });

  it('writes job bytes to the node', async () => {
    const { sys, dev } = await fakeUsb(root, [{ lp: 'lp0', bus: '1-1', vid: '0416', pid: '5011' }]);
    const t = new UsbTransport({ vendorId: 0x0416, productId: 0x5011, sysfsRoot: sys, devRoot: dev });
    await t.write(Uint8Array.of(0x1b, 0x40, 0x41, 0x0a));
    await t.write(Uint8Array.of(0x42));
    expect(Array.from(await readFile(path.join(dev, 'usb', 'lp0')))).toEqual([0x1b, 0x40, 0x41, 0x0a, 0x42]);
    await t.close();
    await expect(t.write(Uint8Array.of(1))).rejects.toBeInstanceOf(TransportClosedError);
    expect(await t.status()).toBe('offline');
  });

  it('is offline and refuses writes when no matching node exists (unplugged)', async () => {
    const { sys, dev } = await fakeUsb(root, [{ lp: 'lp0', bus: '1-1', vid: '04b8', pid: '0e15' }]);
    const t = new UsbTransport({ vendorId: 0x0416, productId: 0x5011, sysfsRoot: sys, devRoot: dev });
    expect(await t.status()).toBe('offline');
    await expect(t.write(Uint8Array.of(1))).rejects.toBeInstanceOf(DeviceOfflineError);
  });

  it("reports 'ok' within 1 s when the node exists but gives no read-back (documented limit)", async () => {
    const { sys, dev } = await fakeUsb(root, [{ lp: 'lp0', bus: '1-1', vid: '0416', pid: '5011' }]);
    const t = new UsbTransport({ vendorId: 0x0416, productId: 0x5011, sysfsRoot: sys, devRoot: dev, statusTimeoutMs: 200 });
    const t0 = Date.now();
    expect(await t.status()).toBe('ok');
    expect(Date.now() - t0).toBeLessThanOrEqual(1000);
  });
});
