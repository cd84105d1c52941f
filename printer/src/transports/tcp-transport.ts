/**
 * ESC/POS network printer on a raw TCP port (9100, "JetDirect"). One persistent connection, opened on
 * first use and re-opened after it drops; DLE EOT status travels over the same socket (most network
 * printers accept a single client, so a second status socket would be refused while printing).
 */
import net from 'node:net';
import { type ByteLink, StreamTransport, type StreamTransportTimeouts } from './stream-transport.ts';

export interface TcpTransportOptions extends StreamTransportTimeouts {
  host: string;
  /** Default 9100. */
  port?: number;
}

export class TcpTransport extends StreamTransport {
  readonly description: string;
  private readonly opts: TcpTransportOptions;

  constructor(opts: TcpTransportOptions) {
    super('printer:tcp', opts);
    this.opts = opts;
    this.description = `tcp:${opts.host}:${opts.port ?? 9100}`;
  }

  protected connect(timeoutMs: number, onData: (chunk: Uint8Array) => void, onGone: () => void): Promise<ByteLink> {
    return new Promise<ByteLink>((resolve, reject) => {
      const socket = net.createConnection({ host: this.opts.host, port: this.opts.port ?? 9100 });
      let settled = false;
      // The connect timeout lives here too, so an abandoned attempt does not leave a half-open socket.
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        socket.destroy();
        reject(new Error(`connect timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      socket.setNoDelay(true);
      socket.on('data', (chunk: Buffer) => onData(new Uint8Array(chunk)));
      socket.on('close', () => onGone());
      socket.on('error', (err) => {
        if (!settled) {
          settled = true;
          clearTimeout(timer);
          reject(err);
          return;
        }
        this.log.warn('socket error', { transport: this.description, error: err.message });
      });
      socket.once('connect', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        // Keep-alive detects a printer that was switched off while idle.
        socket.setKeepAlive(true, 10_000);
        resolve({
          send: (bytes) =>
            new Promise<void>((res, rej) => {
              if (socket.destroyed) {
                rej(new Error('socket closed'));
                return;
              }
              socket.write(bytes, (err) => (err ? rej(err) : res()));
            }),
          destroy: () =>
            new Promise<void>((res) => {
              if (socket.destroyed) {
                res();
                return;
              }
              socket.once('close', () => res());
              socket.destroy();
            }),
        });
      });
    });
  }
}
