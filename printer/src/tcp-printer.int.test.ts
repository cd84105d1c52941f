/** TCP (raw port 9100 protocol) to a fake network printer on 127.0.0.1 that answers DLE EOT. */
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeEscPos, encodeGuide, encodeTicket, openPrinter, type Printer, PrinterUnavailableError } from './index.ts';
import { startTcpPrinter } from './testing/printer-simulator.ts';
import { sampleGuide, sampleTicket } from './testing/samples.ts';
import { describeTransport, waitForBytes } from './transports/describe-transport.ts';
import { TcpTransport } from './transports/tcp-transport.ts';

describeTransport('tcp (local fake printer)', async () => {
  const fake = await startTcpPrinter();
  return {
    transport: new TcpTransport({ host: '127.0.0.1', port: fake.port }),
    setStatus: async (s) => {
      fake.sim.state = s;
    },
    received: (min) => waitForBytes(() => fake.sim.jobs(), min),
    dispose: () => fake.close(),
  };
});

describe('openPrinter({ type: "tcp" })', () => {
  let fake: Awaited<ReturnType<typeof startTcpPrinter>>;
  let printer: Printer;
  beforeEach(async () => {
    fake = await startTcpPrinter();
    printer = openPrinter({ id: 'N1', type: 'tcp', host: '127.0.0.1', port: fake.port }, { dataDir: '/nonexistent' });
  });
  afterEach(async () => {
    await printer.close();
    await fake.close();
  });

  it('prints a ticket and a guide over one connection', async () => {
    await printer.printTicket(sampleTicket());
    await printer.printGuide(sampleGuide());
    const expected = encodeTicket(sampleTicket(), '80mm').length + encodeGuide(sampleGuide(), '80mm').length;
    const paper = decodeEscPos(await waitForBytes(() => fake.sim.jobs(), expected));
    expect(paper.cuts).toBe(2);
    expect(paper.lines.map((l) => l.text)).toContain('A012');
    expect(paper.lines.map((l) => l.text)).toContain('办事指南');
    expect(fake.connections()).toBe(1);
  });

  it('paper-out: status is paper-out and printTicket rejects; back to ok it prints', async () => {
    fake.sim.state = 'paper-out';
    expect(await printer.status()).toBe('paper-out');
    await expect(printer.printTicket(sampleTicket())).rejects.toMatchObject({ name: 'PrinterUnavailableError', status: 'paper-out' });
    expect(fake.sim.jobBytes).toHaveLength(0);
    fake.sim.state = 'ok';
    await printer.printTicket(sampleTicket({ number: 'B007' }));
    expect(paper(await waitForBytes(() => fake.sim.jobs(), 500))).toContain('B007');
  });

  it('cover-open is reported and refused', async () => {
    fake.sim.state = 'cover-open';
    await expect(printer.printTicket(sampleTicket())).rejects.toMatchObject({ status: 'cover-open' });
  });

  it('reconnects after the printer drops the connection', async () => {
    expect(await printer.status()).toBe('ok');
    await fake.close(); // drops the socket and stops listening
    expect(await printer.status()).toBe('offline');
    await expect(printer.printTicket(sampleTicket())).rejects.toBeInstanceOf(PrinterUnavailableError);
  });

  it('a peer that is not a printer (an HTTP server on the port) is offline, not ok', async () => {
    const http = net.createServer((sock) => {
      sock.on('data', () => sock.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n'));
      sock.on('error', () => undefined);
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const port = (http.address() as net.AddressInfo).port;
    const wrong = openPrinter({ id: 'N2', type: 'tcp', host: '127.0.0.1', port }, { dataDir: '/nonexistent' });
    expect(await wrong.status()).toBe('offline');
    await expect(wrong.printTicket(sampleTicket())).rejects.toBeInstanceOf(PrinterUnavailableError);
    await wrong.close();
    await new Promise<void>((r) => http.close(() => r()));
  });

  it('a refused connection is offline', async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as net.AddressInfo).port;
    await new Promise<void>((r) => srv.close(() => r()));
    const refused = openPrinter({ id: 'N3', type: 'tcp', host: '127.0.0.1', port }, { dataDir: '/nonexistent' });
    expect(await refused.status()).toBe('offline');
    await refused.close();
  });
});

const paper = (bytes: Uint8Array): string[] => decodeEscPos(bytes).lines.map((l) => l.text);
