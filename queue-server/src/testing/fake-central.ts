/**
 * A small, honest central server for the hall's uplink tests (node:http). It implements the protocol as the
 * contract states it: checks the hall key, stores each `(epoch, seq)` once (same hash again = duplicate,
 * another hash = conflict), acknowledges the highest contiguous seq and lists the gaps below the highest
 * received. Faults on demand: answer 500, lose a batch, answer a stale ack, delay, forget stored ranges,
 * stop and start again on the same port. `GET /api/v1/config/latest` serves `bundle` (204 when null).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { UplinkAck, UplinkBatch, UplinkEvent } from '@hall/contract';
import { UplinkBatch as UplinkBatchSchema } from '@hall/contract';

export type Fault = 'none' | 'http500' | 'lose' | 'stale-ack';

export class FakeCentral {
  readonly key: string;
  /** epoch → seq → event */
  readonly streams = new Map<string, Map<number, UplinkEvent>>();
  readonly bodies: string[] = [];
  readonly batches: UplinkBatch[] = [];
  conflicts = 0;
  duplicates = 0;
  fault: Fault = 'none';
  delayMs = 0;
  bundle: unknown = null;
  configRequests = 0;
  private lastAck: UplinkAck | null = null;
  private server: Server | null = null;
  port = 0;

  constructor(key = 'test-hall-key-0001') {
    this.key = key;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const send = (status: number, body?: unknown) => {
          res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
          res.end(body === undefined ? undefined : JSON.stringify(body));
        };
        if (req.headers.authorization !== `Bearer ${this.key}`) return send(401, { error: { code: 'UNAUTHORIZED', message: 'key' } });
        if (req.method === 'GET' && req.url === '/api/v1/config/latest') {
          this.configRequests += 1;
          return this.bundle === null ? send(204) : send(200, this.bundle);
        }
        if (req.method !== 'POST' || req.url !== '/api/v1/uplink') return send(404, { error: { code: 'NOT_FOUND', message: '' } });
        const text = Buffer.concat(chunks).toString('utf8');
        const answer = () => {
          if (this.fault === 'http500') return send(500, { error: { code: 'INTERNAL', message: 'boom' } });
          const parsed = UplinkBatchSchema.safeParse(JSON.parse(text));
          if (!parsed.success) return send(400, { error: { code: 'BAD_REQUEST', message: parsed.error.message } });
          this.bodies.push(text);
          this.batches.push(parsed.data);
          const ack = this.fault === 'lose' ? this.ackOf(parsed.data.epoch, 0, 0) : this.store(parsed.data);
          if (this.fault === 'stale-ack' && this.lastAck) return send(200, this.lastAck);
          this.lastAck = ack;
          return send(200, ack);
        };
        if (this.delayMs > 0) setTimeout(answer, this.delayMs);
        else answer();
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening and drops open connections: the hall then sees connection refused. */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private store(b: UplinkBatch): UplinkAck {
    const stream = this.streams.get(b.epoch) ?? new Map<number, UplinkEvent>();
    this.streams.set(b.epoch, stream);
    let stored = 0;
    let duplicates = 0;
    for (const e of b.events) {
      const held = stream.get(e.seq);
      if (!held) {
        stream.set(e.seq, e);
        stored += 1;
      } else if (held.hash === e.hash) duplicates += 1;
      else this.conflicts += 1;
    }
    this.duplicates += duplicates;
    return this.ackOf(b.epoch, stored, duplicates);
  }

  private ackOf(epoch: string, stored: number, duplicates: number): UplinkAck {
    const stream = this.streams.get(epoch) ?? new Map<number, UplinkEvent>();
    let ackSeq = 0;
    while (stream.has(ackSeq + 1)) ackSeq += 1;
    const top = Math.max(0, ...stream.keys());
    const missing: UplinkAck['missing'] = [];
    let from: number | null = null;
    for (let s = ackSeq + 1; s <= top; s++) {
      if (!stream.has(s)) from ??= s;
      else if (from !== null) {
        missing.push({ from, to: s - 1 });
        from = null;
      }
    }
    return { ackSeq, epoch, stored, duplicates, missing };
  }

  /** Loses stored events (a central that lost part of its data). */
  forget(epoch: string, from: number, to: number): void {
    for (let s = from; s <= to; s++) this.streams.get(epoch)?.delete(s);
  }

  /** The seqs held for an epoch, ascending. */
  seqs(epoch: string): number[] {
    return [...(this.streams.get(epoch)?.keys() ?? [])].sort((a, b) => a - b);
  }
}
