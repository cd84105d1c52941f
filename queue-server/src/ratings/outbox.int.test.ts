import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import type { RatingsModule } from './ratings-module.ts';
import { backoffMs, outboxFromEnv, type OutboxEnvelope } from './index.ts';

async function waitFor<T>(probe: () => T, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Serves a ticket at W01 to the end and returns its QR token. */
async function servedTicket(srv: TestServer): Promise<string> {
  const kiosk = await srv.kioskToken();
  const staff = await srv.login('supervisor');
  const t = (await srv.api('POST', '/tickets', { token: kiosk, body: { serviceId: 'company-setup' } })).body.ticket;
  await srv.api('POST', '/windows/W01/call-next', { token: staff });
  await srv.api('POST', '/windows/W01/finish', { token: staff });
  return t.token as string;
}

describe('outbox backoff and configuration', () => {
  it('backoffMs() doubles from the base and stops at the cap', () => {
    expect([0, 1, 2, 3, 4].map((n) => backoffMs(n, 1000, 5000))).toEqual([0, 1000, 2000, 4000, 5000]);
    expect(backoffMs(100, 1000, 600_000)).toBe(600_000);
  });

  it('outboxFromEnv() picks the sink from the environment', () => {
    expect(outboxFromEnv({})).toEqual({ kind: 'off' });
    expect(outboxFromEnv({ HALL_RATINGS_WEBHOOK: 'http://10.0.0.5/hcp' })).toEqual({
      kind: 'http',
      url: 'http://10.0.0.5/hcp',
      token: undefined,
    });
    expect(outboxFromEnv({ HALL_RATINGS_OUTBOX: 'file', HALL_RATINGS_OUTBOX_DIR: '/srv/drop' })).toEqual({
      kind: 'file',
      dir: '/srv/drop',
    });
    expect(() => outboxFromEnv({ HALL_RATINGS_OUTBOX: 'http' })).toThrow(/HALL_RATINGS_WEBHOOK/);
    expect(() => outboxFromEnv({ HALL_RATINGS_OUTBOX: 'ftp' })).toThrow(/http, file or off/);
  });
});

describe('outbox to an HTTP receiver that fails twice, then accepts', () => {
  let receiver: Server;
  let url = '';
  const calls: Array<{ status: number; body: OutboxEnvelope; headers: IncomingHttpHeaders }> = [];
  let srv: TestServer;
  let ext: RatingsModule;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => {
        text += c;
      });
      req.on('end', () => {
        const status = calls.length < 2 ? 503 : 200;
        calls.push({ status, body: JSON.parse(text) as OutboxEnvelope, headers: req.headers });
        res.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? '{"code":0}' : '{"code":1,"msg":"busy"}');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hcp/ratings`;
    srv = await startTestServer({
      printers: new Map(),
      modules: { ratings: { outbox: { kind: 'http', url, token: 'province-secret' }, retry: { baseDelayMs: 30, maxDelayMs: 200 } } },
    });
    ext = srv.ratings;
  });
  afterAll(async () => {
    await srv.stop();
    await new Promise((r) => receiver.close(r));
  });

  it('retries with backoff until delivered, then sends the rest in order', async () => {
    const token = await servedTicket(srv);
    const rated = await srv.api('POST', '/ratings', { body: { token, level: 1, reasons: [3], comment: '告知不清' } });
    expect(rated.status).toBe(201);

    await waitFor(() => ext.outbox.stats().pending === 0, 'the outbox to drain');
    expect(calls.map((c) => [c.status, c.body.type])).toEqual([
      [503, 'rating.created'],
      [503, 'rating.created'],
      [200, 'rating.created'],
      [200, 'rectification.opened'],
    ]);
    const first = calls[2] as (typeof calls)[number];
    expect(first.headers.authorization).toBe('Bearer province-secret');
    expect(first.headers['idempotency-key']).toBe(`hall-rating-${first.body.id}`);
    expect(first.body).toMatchObject({
      type: 'rating.created',
      subject: rated.body.rating.id,
      hall: { name: srv.config.hall.name },
      data: {
        rating: {
          ticketId: rated.body.rating.ticketId,
          level: 1,
          reasons: [3],
          reasonLabels: ['一次性告知不清'],
          comment: '告知不清',
          channel: 'qr',
        },
      },
    });
    // The same record each time, and the attempts are kept on the row.
    expect(new Set(calls.slice(0, 3).map((c) => c.body.id)).size).toBe(1);
    expect(ext.outbox.get(first.body.id)).toMatchObject({ attempts: 3, lastError: null });
    expect(ext.outbox.get(first.body.id)?.deliveredAt).not.toBeNull();
    // Nothing about the phone that rated travels with it.
    expect(JSON.stringify(calls.map((c) => c.body))).not.toContain(token);

    const health = await srv.api('GET', '/health');
    expect(health.body.ratingsOutbox).toMatchObject({ sink: 'http', pending: 0 });
  });
});

describe('outbox as a file drop', () => {
  let srv: TestServer | null = null;
  afterEach(async () => {
    await srv?.stop();
    srv = null;
  });

  it('appends one JSON line per record under <dataDir>/outbox/', async () => {
    srv = await startTestServer({ printers: new Map(), modules: { ratings: { outbox: { kind: 'file' } } } });
    const ext = srv.ratings;
    const s = srv;
    const token = await servedTicket(s);
    expect((await s.api('POST', '/ratings', { body: { token, level: 5 } })).status).toBe(201);
    await waitFor(() => ext.outbox.stats().pending === 0, 'the file drop');
    const dir = join(s.dataDir, 'outbox');
    const files = readdirSync(dir);
    expect(files).toEqual([`ratings-${s.hall.today()}.jsonl`]);
    const lines = readFileSync(join(dir, files[0] as string), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as OutboxEnvelope);
    expect(lines.map((l) => [l.type, (l.data as { rating: { level: number } }).rating.level])).toEqual([['rating.created', 5]]);
  });

  it('keeps records pending with no sink, and sends them once a sink is configured (补传)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hall-outbox-'));
    srv = await startTestServer({ printers: new Map(), dataDir, modules: { ratings: { outbox: { kind: 'off' } } } });
    const off = srv.ratings;
    const token = await servedTicket(srv);
    expect((await srv.api('POST', '/ratings', { body: { token, level: 2, reasons: [1] } })).status).toBe(201);
    expect(off.outbox.stats().pending).toBe(2);
    await srv.stop();

    srv = await startTestServer({ printers: new Map(), dataDir, modules: { ratings: { outbox: { kind: 'file' } } } });
    const file = srv.ratings;
    await waitFor(() => file.outbox.stats().pending === 0, 'the backlog to go out');
    const text = readFileSync(join(dataDir, 'outbox', readdirSync(join(dataDir, 'outbox'))[0] as string), 'utf8');
    expect(
      text
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as OutboxEnvelope).type),
    ).toEqual(['rating.created', 'rectification.opened']);
    await srv.stop();
    srv = null;
    rmSync(dataDir, { recursive: true, force: true });
  });
});
