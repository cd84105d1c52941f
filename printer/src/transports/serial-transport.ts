/**
 * ESC/POS printer on a serial line (RS-232 or a USB-serial adapter such as /dev/ttyUSB0), through the
 * `serialport` package. Status is the DLE EOT real-time request over the same line (realtime-status.ts).
 * Integration-tested over a socat pty pair against a printer simulator (serial-printer.int.test.ts);
 * ptys ignore baud rate and modem lines, so flow control is not exercised there.
 */
import { SerialPort } from 'serialport';
import { type ByteLink, StreamTransport, type StreamTransportTimeouts } from './stream-transport.ts';

export interface SerialTransportOptions extends StreamTransportTimeouts {
  /** Device path from configuration (SerialPort.list() never shows ptys, so never guessed). */
  path: string;
  /** Default 9600, the usual factory setting of Chinese receipt printers. */
  baudRate?: number;
  /** RTS/CTS hardware flow control, if the printer is wired and configured for it. Default off. */
  rtscts?: boolean;
}

export class SerialTransport extends StreamTransport {
  readonly description: string;
  private readonly opts: SerialTransportOptions;

  constructor(opts: SerialTransportOptions) {
    super('printer:serial', opts);
    this.opts = opts;
    this.description = `serial:${opts.path}`;
  }

  /** 10 bits per byte on the wire, doubled for slack, plus 5 s for the printer to take the first bytes. */
  protected override writeTimeoutFor(bytes: number): number {
    const baud = this.opts.baudRate ?? 9600;
    return this.opts.writeTimeoutMs ?? 5000 + Math.ceil(((bytes * 10) / baud) * 1000 * 2);
  }

  protected connect(_timeoutMs: number, onData: (chunk: Uint8Array) => void, onGone: () => void): Promise<ByteLink> {
    return new Promise<ByteLink>((resolve, reject) => {
      const port = new SerialPort({
        path: this.opts.path,
        baudRate: this.opts.baudRate ?? 9600,
        rtscts: this.opts.rtscts ?? false,
        autoOpen: false,
      });
      let gone = false;
      const markGone = () => {
        if (!gone) {
          gone = true;
          onGone();
        }
      };
      port.on('data', (chunk: Buffer) => onData(new Uint8Array(chunk)));
      port.on('close', markGone);
      port.on('error', (err: Error) => {
        this.log.warn('serial port error', { transport: this.description, error: err.message });
        markGone();
      });
      port.open((err) => {
        if (err) {
          reject(err);
          return;
        }
        resolve({
          send: (bytes) =>
            new Promise<void>((res, rej) => {
              port.write(Buffer.from(bytes), (werr) => {
                if (werr) rej(werr);
                else port.drain((derr) => (derr ? rej(derr) : res()));
              });
            }),
          destroy: () =>
            new Promise<void>((res) => {
              markGone();
              if (!port.isOpen) {
                res();
                return;
              }
              const t = setTimeout(res, 1000);
              port.close(() => {
                clearTimeout(t);
                res();
              });
            }),
        });
      });
    });
  }
}
