/**
 * A USB HID input device as a stream of input reports. Implementations: `node-hid-transport.ts` (real
 * hardware via node-hid) and `mock-hid-transport.ts` (replays recorded reports in tests).
 *
 * Obligations of an implementation:
 * - Opening happens in the factory (`OpenHid`), which throws `HidUnavailableError` when the HID library cannot
 *   load on this machine and `HidDeviceNotFoundError` when no device matches (or it cannot be opened, e.g.
 *   missing udev permission). It never returns a half-open transport.
 * - `onReport()` callbacks get every input report once, in arrival order, as the raw bytes the OS delivers
 *   (including the report ID byte when the device uses numbered reports). Reports carry no timestamp: the
 *   receiver stamps them with its clock on arrival.
 * - `onError()` (optional) fires once when the device is unplugged or reading fails; no reports follow.
 * - `close()` is idempotent and never rejects; no callback fires after it.
 */
export interface HidTransport {
  onReport(cb: (report: Uint8Array) => void): void;
  onError?(cb: (err: Error) => void): void;
  close(): Promise<void>;
}

export type OpenHid = (vendorId: number, productId: number) => HidTransport;

/** The HID library (node-hid) cannot be loaded here, e.g. a missing native build or libusb. */
export class HidUnavailableError extends Error {
  override readonly name = 'HidUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** No HID device with that vendor/product id is attached, or it cannot be opened (permissions). */
export class HidDeviceNotFoundError extends Error {
  override readonly name = 'HidDeviceNotFoundError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function hidId(vendorId: number, productId: number): string {
  return `${vendorId.toString(16).padStart(4, '0')}:${productId.toString(16).padStart(4, '0')}`;
}
