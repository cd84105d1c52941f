/**
 * A receipt printer simulator for integration tests: collects job bytes and answers DLE EOT real-time
 * status requests with the bytes a real printer sends in the scripted state ('offline' = no answer,
 * like a printer that is switched off). Used behind a socat pty (serial) and a local TCP server.
 */
import net from 'node:net';
import { SIMULATED_STATUS_BYTES } from '../transports/realtime-status.ts';
import type { PrinterStatus } from '../transports/transport.ts';

export class PrinterSimulator {
  state: PrinterStatus = 'ok';
  /** Bytes that were not status requests: the jobs as a printer would print them. */
  readonly jobBytes: number[] = [];
  readonly statusRequests: number[] = [];
  private pending: number[] = [];

  constructor(private readonly reply: (bytes: Uint8Array) => void) {}

  /** Feeds bytes received from the host; chunk boundaries may fall anywhere. */
  receive(chunk: Uint8Array): void {
    for (const b of chunk) {
      this.pending.push(b);
      // Only DLE EOT n is special; anything else goes to the job as soon as it cannot start one.
      if (this.pending[0] !== 0x10) this.flushPending();
      else if (this.pending.length >= 2 && this.pending[1] !== 0x04) this.flushPending();
      else if (this.pending.length === 3) {
        const n = this.pending[2] ?? 0;
        this.pending = [];
        this.statusRequests.push(n);
        this.answer(n);
      }
    }
  }

  jobs(): Uint8Array {
    return Uint8Array.from(this.jobBytes);
  }

  reset(): void {
    this.jobBytes.length = 0;
    this.statusRequests.length = 0;
    this.pending = [];
    this.state = 'ok';
  }

  private flushPending(): void {
    for (const b of this.pending) this.jobBytes.push(b);
    this.pending = [];
  }

  private answer(n: number): void {
    if (this.state === 'offline') return;
    const s = SIMULATED_STATUS_BYTES[this.state];
    const byte = n === 1 ? s.printer : n === 2 ? s.offlineCause : n === 4 ? s.paper : 0x12;
    this.reply(Uint8Array.of(byte));
  }
}

/** A fake network printer on 127.0.0.1 (port chosen by the OS), one simulator shared by all connections. */
export async function startTcpPrinter(): Promise<{
  port: number;
  sim: PrinterSimulator;
  connections: () => number;
  close: () => Promise<void>;
}> {
  const sockets = new Set<net.Socket>();
  let current: net.Socket | null = null;
  let count = 0;
  const sim = new PrinterSimulator((bytes) => current?.write(bytes));
  const server = net.createServer((sock) => {
    count++;
    sockets.add(sock);
    current = sock;
    sock.on('data', (chunk: Buffer) => {
      current = sock;
      sim.receive(new Uint8Array(chunk));
    });
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no TCP address');
  return {
    port: addr.port,
    sim,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
