import { SerialPort } from 'serialport';
import { type Log, silentLog } from '../log.ts';
import { BusPortClosedError, BusPortError, type BusPort } from './port.ts';

export interface SerialBusPortOptions {
  path: string;
  /** Default 9600 (protocol default, 8N1). */
  baudRate?: number;
  log?: Log;
}

/**
 * `BusPort` on the real `serialport` package: 8 data bits, no parity, 1 stop bit. Works on USB serial
 * adapters, RS-232 and socat ptys (which ignore line settings). RS-485 direction must be automatic in the
 * adapter: serialport 13 ignores `rs485` options.
 */
export class SerialBusPort implements BusPort {
  readonly opened: Promise<void>;
  readonly path: string;
  private readonly port: SerialPort;
  private readonly log: Log;
  private dataCbs: Array<(chunk: Uint8Array) => void> = [];
  private closeCbs: Array<(err: Error) => void> = [];
  private isClosing = false;
  private isGone = false;

  constructor(opts: SerialBusPortOptions) {
    this.path = opts.path;
    this.log = opts.log ?? silentLog;
    this.port = new SerialPort({
      path: opts.path,
      baudRate: opts.baudRate ?? 9600,
      dataBits: 8,
      parity: 'none',
      stopBits: 1,
      autoOpen: false,
    });
    this.port.on('data', (chunk: Buffer) => {
      if (this.isClosing) return;
      const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      for (const cb of this.dataCbs) cb(bytes);
    });
    // Without an 'error' listener a stream error would crash the process.
    this.port.on('error', (err: Error) => this.log(`serial ${this.path} error: ${err.message}`));
    this.port.on('close', (err: (Error & { disconnected?: boolean }) | null) => {
      if (this.isClosing || this.isGone) return;
      this.isGone = true;
      const cause = err ?? new BusPortError(`serial port ${this.path} closed`);
      const cbs = this.closeCbs;
      this.closeCbs = [];
      for (const cb of cbs) cb(cause);
    });
    this.opened = new Promise<void>((resolve, reject) => {
      this.port.open((err) => {
        if (err) {
          this.isGone = true;
          reject(new BusPortError(`cannot open serial port ${this.path}: ${err.message}`, { cause: err }));
        } else resolve();
      });
    });
    this.opened.catch(() => {});
  }

  async write(bytes: Uint8Array): Promise<void> {
    await this.opened;
    if (this.isClosing || this.isGone || !this.port.isOpen) throw new BusPortClosedError(`serial port ${this.path} is closed`);
    await new Promise<void>((resolve, reject) => {
      this.port.write(Buffer.from(bytes), (err) => {
        if (err) reject(new BusPortError(`write to ${this.path} failed: ${err.message}`, { cause: err }));
        else resolve();
      });
    });
  }

  onData(cb: (chunk: Uint8Array) => void): void {
    this.dataCbs.push(cb);
  }

  onClose(cb: (err: Error) => void): void {
    this.closeCbs.push(cb);
  }

  async close(): Promise<void> {
    if (this.isClosing) return;
    this.isClosing = true;
    this.dataCbs = [];
    this.closeCbs = [];
    try {
      await this.opened;
    } catch {
      return;
    }
    if (!this.port.isOpen) return;
    await new Promise<void>((resolve) => this.port.close(() => resolve()));
  }
}

/** The default `OpenBusPort`. */
export function openSerialBusPort(path: string, baudRate: number, log?: Log): SerialBusPort {
  return new SerialBusPort(log ? { path, baudRate, log } : { path, baudRate });
}
