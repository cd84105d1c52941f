/**
 * The one seam between ticket printing and printer hardware (style rule R12). Implementations:
 * serial-transport (RS-232/USB-serial), tcp-transport (raw port 9100), usb-transport (USB printer class
 * /dev/usb/lp*), virtual-transport (files, interfaces spec §3) and mock-transport (tests).
 * `describeTransport()` in describe-transport.ts is the executable form of the obligations below.
 */

/** What a printer can tell us. Only 'ok' and 'paper-near-end' allow printing (see canPrint). */
export type PrinterStatus = 'ok' | 'paper-near-end' | 'paper-out' | 'cover-open' | 'offline';

export const PRINTER_STATUSES: readonly PrinterStatus[] = ['ok', 'paper-near-end', 'paper-out', 'cover-open', 'offline'];

export function isPrinterStatus(s: unknown): s is PrinterStatus {
  return typeof s === 'string' && (PRINTER_STATUSES as readonly string[]).includes(s);
}

/** True when a ticket can be printed: 'ok', or 'paper-near-end' (a warning for staff, not a stop). */
export function canPrint(s: PrinterStatus): boolean {
  return s === 'ok' || s === 'paper-near-end';
}

/** Describes the job a write belongs to; only the virtual printer uses it (for its file name). */
export interface PrintJobInfo {
  /** Ticket number (e.g. 'A012') or 'guide'. */
  label: string;
}

/** The device did not take the bytes: nothing attached, connection refused, or a timeout. */
export class DeviceOfflineError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DeviceOfflineError';
  }
}

/** The transport was closed by its owner; it will not be used again. */
export class TransportClosedError extends Error {
  constructor(message = 'printer transport is closed') {
    super(message);
    this.name = 'TransportClosedError';
  }
}

export interface PrinterTransport {
  /** Short description for logs, e.g. 'serial:/dev/ttyUSB0' (never personal data). */
  readonly description: string;
  /**
   * Sends one job's bytes, unchanged and not interleaved with any other write or status request.
   * Resolves once the bytes have left this process (serial: drained; TCP: accepted by the socket;
   * USB: written to the device node; virtual: fsynced to disk). A resolved write is not a printed
   * ticket: a printer may still jam; check status() before printing.
   * Rejects with DeviceOfflineError when the device is absent or does not take the bytes within the
   * transport's write timeout, and with TransportClosedError after close(). Never rejects with anything else.
   */
  write(bytes: Uint8Array, job?: PrintJobInfo): Promise<void>;
  /**
   * The printer's state now (ESC/POS real-time status where the link is bidirectional).
   * Never rejects and always settles within 1 s: no answer, a missing device or a closed transport
   * is 'offline'. Paper low is a status value, never an error.
   */
  status(): Promise<PrinterStatus>;
  /** Releases the port, socket or file handles. Idempotent; never rejects. Later write() rejects. */
  close(): Promise<void>;
}
