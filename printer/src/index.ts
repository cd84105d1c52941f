/**
 * Public API of @hall/printer, used by the queue server: open a printer from its `devices` config entry,
 * ask its status, print tickets and guides. Layouts and the decoder are re-exported for previews and tests.
 */
import type { PrinterConfig } from '@hall/contract';
import { createLogger } from './log.ts';
import { DEFAULT_PROFILE_ID, loadProfile, type PrinterProfile } from './profiles/profiles.ts';
import { encodeGuide, encodeTicket, type GuidePrintData, type TicketPrintData } from './ticket-layout.ts';
import { MockTransport } from './transports/mock-transport.ts';
import { OpQueue } from './transports/op-queue.ts';
import { SerialTransport } from './transports/serial-transport.ts';
import { TcpTransport } from './transports/tcp-transport.ts';
import { canPrint, DeviceOfflineError, type PrinterStatus, type PrinterTransport, TransportClosedError } from './transports/transport.ts';
import { UsbTransport } from './transports/usb-transport.ts';
import { VirtualTransport } from './transports/virtual-transport.ts';

export type { PrinterStatus, PrinterTransport, PrintJobInfo } from './transports/transport.ts';
export { canPrint, DeviceOfflineError, TransportClosedError, PRINTER_STATUSES, isPrinterStatus } from './transports/transport.ts';
export { MockTransport } from './transports/mock-transport.ts';
export { VirtualTransport, virtualPrinterDir } from './transports/virtual-transport.ts';
export { loadProfile, listProfiles, DEFAULT_PROFILE_ID, UnknownProfileError, type PrinterProfile } from './profiles/profiles.ts';
export { setPrinterLogSink, type LogEntry, type LogSink } from './log.ts';
export * from './ticket-layout.ts';
export { decodeEscPos, paperText, rasterDot, type VirtualPaper, type DecodedLine, type PaperItem } from './escpos/decoder.ts';
export { REPLACEMENT_CHAR } from './escpos/gb18030.ts';

const log = createLogger('printer');

/** A ticket printer as the queue server sees it. */
export interface Printer {
  readonly id: string;
  /** Current status; never rejects, settles within about 1 s ('offline' when the device does not answer). */
  status(): Promise<PrinterStatus>;
  /** Prints one ticket; rejects with PrinterUnavailableError (has .status) when it cannot. */
  printTicket(data: TicketPrintData): Promise<void>;
  /** Prints one 办事指南 / materials checklist; same failure contract as printTicket. */
  printGuide(data: GuidePrintData): Promise<void>;
  /** Releases the device. Idempotent. Printing afterwards rejects with PrinterUnavailableError('offline'). */
  close(): Promise<void>;
}

/**
 * The printer cannot print now. `status` says why ('paper-out', 'cover-open', 'offline'); the server maps it
 * to 503 PRINTER_UNAVAILABLE and issues no ticket.
 */
export class PrinterUnavailableError extends Error {
  readonly status: PrinterStatus;
  constructor(status: PrinterStatus, printerId?: string, options?: { cause?: unknown }) {
    super(`printer ${printerId ?? ''} cannot print: ${status}`.replace('printer  ', 'printer '), options);
    this.name = 'PrinterUnavailableError';
    this.status = status;
  }
}

export interface OpenPrinterOptions {
  /** Folder for the virtual printer's output (`<dataDir>/virtual-printer/<id>/`). */
  dataDir: string;
  /** Profile id; overrides the config's `profile`. Default '80mm'. */
  profile?: string;
}

/**
 * A Printer on any transport (tests pass a MockTransport). Jobs on one printer run one at a time: status
 * check, then write, so two kiosks sharing a printer never interleave tickets.
 */
export function createPrinter(id: string, transport: PrinterTransport, profile: PrinterProfile): Printer {
  const jobs = new OpQueue();
  let closed = false;

  const print = (bytes: () => Uint8Array, label: string): Promise<void> =>
    jobs.run(async () => {
      if (closed) throw new PrinterUnavailableError('offline', id);
      const s = await transport.status();
      if (!canPrint(s)) throw new PrinterUnavailableError(s, id);
      try {
        await transport.write(bytes(), { label });
      } catch (e) {
        if (e instanceof DeviceOfflineError || e instanceof TransportClosedError) {
          log.warn('print job failed', { printerId: id, transport: transport.description, error: e.message });
          throw new PrinterUnavailableError('offline', id, { cause: e });
        }
        throw e;
      }
    });

  return {
    id,
    status: () => transport.status(),
    printTicket: (data) => print(() => encodeTicket(data, profile), data.number),
    printGuide: (data) => print(() => encodeGuide(data, profile), 'guide'),
    close: async () => {
      closed = true;
      await transport.close();
    },
  };
}

/** The transport a `devices.printers[]` entry describes. */
export function createTransport(cfg: PrinterConfig, opts: { dataDir: string }): PrinterTransport {
  switch (cfg.type) {
    case 'virtual':
      return new VirtualTransport({ dataDir: opts.dataDir, printerId: cfg.id });
    case 'serial':
      return new SerialTransport({ path: cfg.path, baudRate: cfg.baudRate });
    case 'tcp':
      return new TcpTransport({ host: cfg.host, port: cfg.port });
    case 'usb':
      return new UsbTransport({ vendorId: cfg.vendorId, productId: cfg.productId });
  }
}

/**
 * Opens the printer a config entry describes. Connections are made lazily, so this never touches the
 * device; an unknown profile id throws UnknownProfileError at once (a configuration error).
 */
export function openPrinter(cfg: PrinterConfig, opts: OpenPrinterOptions): Printer {
  const profile = loadProfile(opts.profile ?? cfg.profile ?? DEFAULT_PROFILE_ID);
  return createPrinter(cfg.id, createTransport(cfg, opts), profile);
}

/** A printer on a MockTransport, for server tests: `const { printer, transport } = openMockPrinter('K1')`. */
export function openMockPrinter(id: string, profileId: string = DEFAULT_PROFILE_ID): { printer: Printer; transport: MockTransport } {
  const transport = new MockTransport({ description: `mock:${id}` });
  return { printer: createPrinter(id, transport, loadProfile(profileId)), transport };
}
